# The homework tests' course, lesson, enrolled learner and homework: comments hang on them.
from ..homework.conftest import course, homework, learner, lesson  # noqa: F401
