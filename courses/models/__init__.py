"""Course and tutor pages and the category snippet; one module per part of the tree."""

from .catalog import CourseIndexPage, CoursePage, CourseStatus, CourseType, Currency, LessonPage
from .category import Category
from .tutors import TutorIndexPage, TutorPage, TutorVideoPage, TutorVideoTag

__all__ = [
    "Category",
    "CourseIndexPage",
    "CoursePage",
    "CourseStatus",
    "CourseType",
    "Currency",
    "LessonPage",
    "TutorIndexPage",
    "TutorPage",
    "TutorVideoPage",
    "TutorVideoTag",
]
