"""Course and tutor pages, the category snippet and the documents/media library models."""

from .catalog import CourseIndexPage, CoursePage, CourseStatus, CourseType, Currency, LessonPage
from .category import Category
from .library import CourseDocument, CourseMedia
from .tutors import TutorIndexPage, TutorLanguage, TutorPage, TutorVideoPage, TutorVideoTag

__all__ = [
    "Category",
    "CourseDocument",
    "CourseIndexPage",
    "CourseMedia",
    "CoursePage",
    "CourseStatus",
    "CourseType",
    "Currency",
    "LessonPage",
    "TutorIndexPage",
    "TutorLanguage",
    "TutorPage",
    "TutorVideoPage",
    "TutorVideoTag",
]
