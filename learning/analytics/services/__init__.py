"""Analytics: the reports the dashboards and the API show (``reports``) and the daily
rollup of course page views they read (``rollup``)."""

from .reports import (
    CourseReport,
    SchoolReport,
    TeacherReport,
    course_report,
    school_report,
    taught_courses,
    teacher_report,
)
from .rollup import prune, rollup, rollup_pending

__all__ = [
    "CourseReport",
    "SchoolReport",
    "TeacherReport",
    "course_report",
    "prune",
    "rollup",
    "rollup_pending",
    "school_report",
    "taught_courses",
    "teacher_report",
]
