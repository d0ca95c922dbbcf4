"""Courses, lessons, categories and tutors in the JSON API (paths relative to /api/).

``api/urls.py`` includes ``urlpatterns``; other apps' APIs reuse the serializers from here.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .courses import CourseViewSet, LessonViewSet, request_locale
from .serializers import (
    CategorySerializer,
    CourseDetailSerializer,
    CourseSerializer,
    LessonSerializer,
    LessonSummarySerializer,
    PersonSerializer,
    TutorSerializer,
)
from .tutors import CategoryViewSet, TutorViewSet

__all__ = [
    "CategorySerializer",
    "CategoryViewSet",
    "CourseDetailSerializer",
    "CourseSerializer",
    "CourseViewSet",
    "LessonSerializer",
    "LessonSummarySerializer",
    "LessonViewSet",
    "PersonSerializer",
    "TutorSerializer",
    "TutorViewSet",
    "request_locale",
    "urlpatterns",
]

# Path-style routes, so page ids use the bounded <id:> converter (core/ids.py).
router = SimpleRouter(use_regex_path=False)
router.register("courses", CourseViewSet, basename="course")
router.register("categories", CategoryViewSet, basename="category")
router.register("tutors", TutorViewSet, basename="tutor")

lesson_list = LessonViewSet.as_view({"get": "list", "post": "create"})
lesson_detail = LessonViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
)

urlpatterns = [
    path("courses/<id:course_id>/lessons/", lesson_list, name="course-lessons"),
    path("courses/<id:course_id>/lessons/<id:pk>/", lesson_detail, name="course-lesson"),
    path("lessons/<id:pk>/", lesson_detail, name="lesson"),
    *router.urls,
]
