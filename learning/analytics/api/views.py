"""Analytics over JSON. Who may read which report is the services' rule; a refusal reaches
the API's one exception handler (403, or 404 for what does not exist)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFound
from courses.models import CoursePage

from .. import services
from . import serializers as s

User = get_user_model()


class _Signed(APIView):
    permission_classes = [permissions.IsAuthenticated]


class CourseReportView(_Signed):
    """A course's report (all its translations together): enrollments and completions per
    month, grades, attendance by group and lesson, homework waiting, the views →
    enrollments → completions funnel, learners at risk and why. For the course's teacher and
    staff."""

    @extend_schema(responses=s.CourseReportSerializer, summary="A course's analytics")
    def get(self, request, course_id: int):
        course = CoursePage.objects.select_related("teacher", "owner").filter(pk=course_id).first()
        if course is None:
            raise NotFound
        report = services.course_report(request.user, course)
        return Response(
            {
                **s.report_data(report),
                "course": s.course_ref(course),
                "at_risk": s.at_risk_data(report),
            }
        )


class TeacherReportView(_Signed):
    """A teacher's report over their courses and groups. For the teacher and staff."""

    @extend_schema(responses=s.TeacherReportSerializer, summary="A teacher's analytics")
    def get(self, request, teacher_id):
        teacher = User.objects.filter(public_id=teacher_id).first()
        if teacher is None:
            raise NotFound
        report = services.teacher_report(request.user, teacher)
        return Response(
            {
                **s.report_data(report),
                "teacher": teacher.public_id,
                "courses": [s.course_ref(c) for c in report.courses],
                "at_risk": s.at_risk_data(report),
            }
        )


class SchoolReportView(_Signed):
    """The school's report: revenue per currency by month and course (refunds subtracted),
    new and active learners, top courses, tutors' load, the Zoom pool's use. Staff only."""

    @extend_schema(responses=s.ReportSerializer, summary="The school's analytics")
    def get(self, request):
        return Response(s.report_data(services.school_report(request.user)))
