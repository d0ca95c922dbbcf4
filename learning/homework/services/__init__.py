"""Homework rules: building a homework, attempts, answers, submission, auto-grading, grading,
the review queue, the final test. Views and the API call these; nothing here knows about
requests. Who may do what is in ../permissions.py; every service checks it.

The modules, one concern each: building, attempts, answers, grading, review, final_test,
notifications, reading. Callers import from the package.
"""

from ..errors import LateSubmissionRefused
from ..permissions import (
    can_add_homework,
    can_grade,
    can_take,
    can_use_review_queue,
    can_view_homework,
    can_view_submission,
    manageable_homework,
)
from .answers import (
    check_file,
    max_upload_size,
    save_answers,
    save_answers_by_question,
    sniff_file,
)
from .attempts import (
    TIME_LIMIT_GRACE,
    attempt_deadline,
    attempts_left,
    attempts_used,
    discard_attempt,
    is_late,
    refuses_new_work,
    start_attempt,
)
from .building import (
    create_homework,
    delete_homework,
    ensure_valid,
    grading_keys,
    regrade_changed,
    save_questions,
    update_homework,
    validate_homework,
)
from .final_test import final_test_passed, final_tests
from .grading import GRADABLE, ZERO, auto_points, grade, regrade_question, submit
from .notifications import notify_graded
from .reading import learner_homework, lesson_homework, upcoming_deadlines, visible_submissions
from .review import review_queue
from .self_check import create_self_check, replace_self_check_questions, set_self_check_open

__all__ = [
    "create_self_check",
    "replace_self_check_questions",
    "set_self_check_open",
    "GRADABLE",
    "TIME_LIMIT_GRACE",
    "ZERO",
    "LateSubmissionRefused",
    "attempt_deadline",
    "attempts_left",
    "attempts_used",
    "auto_points",
    "can_add_homework",
    "can_grade",
    "can_take",
    "can_use_review_queue",
    "can_view_homework",
    "can_view_submission",
    "check_file",
    "create_homework",
    "delete_homework",
    "discard_attempt",
    "ensure_valid",
    "final_test_passed",
    "final_tests",
    "grade",
    "grading_keys",
    "is_late",
    "learner_homework",
    "lesson_homework",
    "manageable_homework",
    "max_upload_size",
    "notify_graded",
    "refuses_new_work",
    "regrade_changed",
    "regrade_question",
    "review_queue",
    "save_answers",
    "save_answers_by_question",
    "save_questions",
    "sniff_file",
    "start_attempt",
    "upcoming_deadlines",
    "submit",
    "update_homework",
    "validate_homework",
    "visible_submissions",
]
