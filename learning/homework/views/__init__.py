"""Homework pages on the site: the homework, taking an attempt, the result, the teacher's
preview, review queue and grading screen. The rules are in ../services (and who may do what
in ../permissions); these views only ask them and show the answers.

Modules: taking (the homework page and an attempt), results (the result and its files),
review (the teacher's queue and grading), mine (the learner's list of their homework),
loading (what they share).
"""

from .mine import my_homework
from .results import answer_file, submission_detail
from .review import grade_submission, review_queue
from .taking import discard, homework_detail, preview, start, take

__all__ = [
    "answer_file",
    "discard",
    "grade_submission",
    "homework_detail",
    "my_homework",
    "preview",
    "review_queue",
    "start",
    "submission_detail",
    "take",
]
