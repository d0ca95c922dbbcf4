# The homework tests' course, lesson, enrolled learner and homework: comments hang on them.
from ..homework.conftest import course, homework, learner, lesson  # noqa: F401

# The video post tests' tutor, post and readers (videos.py).
from .videos import (  # noqa: F401, E402
    moderator,
    other_tutor,
    other_video,
    reader,
    second_reader,
    staff,
    tutor,
    tutor_page,
    video,
)
