"""Enrolling, own enrollments and lesson progress over JSON.

Mounted by api/urls.py at /api/. Refusals (``errors.EnrollmentError``: 400 naming "course";
``errors.NotEnrolled``: 403) propagate to the API's one exception handler.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.models import CoursePage, LessonPage

from . import services
from .models import Enrollment, LessonProgress


class EnrollmentSerializer(serializers.ModelSerializer):
    course_title = serializers.CharField(source="course.title", read_only=True)
    # As it stands now: past its end date an enrollment is "expired" before the task says so.
    status = serializers.ChoiceField(
        choices=Enrollment.Status.choices, source="current_status", read_only=True
    )
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "course",
            "course_title",
            "status",
            "source",
            "enrolled_at",
            "completed_at",
            "expires_at",
            "progress",
        ]

    def get_progress(self, enrollment) -> int:
        return self.context.get("progress", {}).get(enrollment.course_id, 0)


class EnrollAPIView(APIView):
    """Enrol in a free course. Paid courses are bought through checkout."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={201: EnrollmentSerializer, 200: EnrollmentSerializer})
    def post(self, request, course_id: int):
        course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
        enrollment, created = services.enroll_free(request.user, course)
        return Response(
            EnrollmentSerializer(enrollment).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class EnrollmentListAPIView(generics.ListAPIView):
    """The signed-in person's enrollments, with progress."""

    serializer_class = EnrollmentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return Enrollment.objects.filter(user=self.request.user).select_related("course")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        courses = [e.course for e in self.get_queryset()]
        context["progress"] = services.progress_for_courses(self.request.user, courses)
        return context


class ProgressSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(min_value=0, max_value=100, required=False, default=100)

    class Meta:
        model = LessonProgress
        fields = ["lesson", "status", "percent", "started_at", "completed_at"]
        read_only_fields = ["lesson", "status", "started_at", "completed_at"]


class LessonProgressAPIView(APIView):
    """GET the learner's progress on a lesson; POST {"percent": n} (100 completes it)."""

    permission_classes = [permissions.IsAuthenticated]

    def _lesson(self, lesson_id: int) -> LessonPage:
        return get_object_or_404(LessonPage.objects.live(), pk=lesson_id)

    @extend_schema(responses=ProgressSerializer)
    def get(self, request, lesson_id: int):
        lesson = self._lesson(lesson_id)
        progress = LessonProgress.objects.filter(user=request.user, lesson=lesson).first()
        if progress is None:
            progress = LessonProgress(user=request.user, lesson=lesson)
        return Response(ProgressSerializer(progress).data)

    @extend_schema(request=ProgressSerializer, responses=ProgressSerializer)
    def post(self, request, lesson_id: int):
        lesson = self._lesson(lesson_id)
        serializer = ProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        progress = services.complete_lesson(
            request.user, lesson, serializer.validated_data["percent"]
        )
        return Response(ProgressSerializer(progress).data)


urlpatterns = [
    path("courses/<id:course_id>/enroll/", EnrollAPIView.as_view(), name="enroll"),
    path("enrollments/", EnrollmentListAPIView.as_view(), name="enrollments"),
    path(
        "lessons/<id:lesson_id>/progress/",
        LessonProgressAPIView.as_view(),
        name="lesson-progress",
    ),
]
