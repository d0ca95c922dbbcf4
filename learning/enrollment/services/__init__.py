"""Enrollment, access and progress: the rules the web views, the API and payments all use.

One module per concern (access, progress, expiry, cabinet, course_views); callers import
from here.
"""

from ..errors import EnrollmentError as EnrollmentError  # callers catch it from here
from ..errors import NotEnrolled as NotEnrolled
from ..permissions import is_enrolled as is_enrolled  # other apps ask it here
from ..permissions import lapsed_enrollment as lapsed_enrollment  # the lesson gate asks it
from ..permissions import open_enrollments as open_enrollments  # homework lists by it
from .access import enroll_free, grant, recount_students, revoke, staff_enrolled
from .cabinet import cabinet_enrollments, learner_ids, teacher_courses
from .course_views import course_page_state, device_class, record_view, view_source
from .expiry import (
    ARCHIVE_AFTER,
    EXPIRY_NOTICE_BEFORE,
    access_ended,
    archive_completed,
    expire_due,
    remind_expiring,
)
from .progress import (
    check_completion,
    complete_lesson,
    completed_lesson_ids,
    continue_where_left_off,
    course_progress,
    enrollment_completed,
    progress_for_courses,
    start_lesson,
)

__all__ = [
    "ARCHIVE_AFTER",
    "EXPIRY_NOTICE_BEFORE",
    "EnrollmentError",
    "NotEnrolled",
    "access_ended",
    "archive_completed",
    "cabinet_enrollments",
    "check_completion",
    "complete_lesson",
    "completed_lesson_ids",
    "continue_where_left_off",
    "course_page_state",
    "course_progress",
    "device_class",
    "enroll_free",
    "enrollment_completed",
    "expire_due",
    "grant",
    "is_enrolled",
    "lapsed_enrollment",
    "learner_ids",
    "open_enrollments",
    "progress_for_courses",
    "record_view",
    "recount_students",
    "remind_expiring",
    "revoke",
    "staff_enrolled",
    "start_lesson",
    "teacher_courses",
    "view_source",
]
