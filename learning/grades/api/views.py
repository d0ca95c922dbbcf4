"""Grades over JSON. Every rule (who may read or change what) is the services'; a refusal
reaches the API's one exception handler."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFound
from core.ids import parse_id
from courses.models import CoursePage
from learning.schedule.models import Group

from .. import services
from ..export import to_csv, to_xlsx
from ..models import GradeChange
from . import serializers as s


def _course(pk: int) -> CoursePage:
    course = CoursePage.objects.select_related("teacher", "owner").filter(pk=pk).first()
    if course is None:
        raise NotFound
    return course


def _group(pk: int) -> Group:
    group = Group.objects.select_related("course").filter(pk=pk).first()
    if group is None:
        raise NotFound
    return group


class _Signed(APIView):
    permission_classes = [permissions.IsAuthenticated]


class CourseGradebookView(_Signed):
    """The course's gradebook: every learner × every graded item (homework, tests, control
    points, lessons held), each cell's score and status, subtotals and the final grade.
    For the course's teacher and staff."""

    @extend_schema(responses=s.GradebookSerializer, summary="A course's gradebook")
    def get(self, request, course_id: int):
        book = services.read_course(request.user, _course(course_id))
        return Response(s.GradebookSerializer(s.gradebook_data(book)).data)


class GroupGradebookView(_Signed):
    """The group's gradebook (its members; the course's items and the group's own). For the
    group's teacher, the course's teacher and staff."""

    @extend_schema(
        responses={
            200: s.GradebookSerializer,
            400: OpenApiResponse(description="The group is not tied to a course: no gradebook."),
        },
        summary="A group's gradebook",
    )
    def get(self, request, group_id: int):
        book = services.read_group(request.user, _group(group_id))
        return Response(s.GradebookSerializer(s.gradebook_data(book)).data)


FILE_FORMAT = OpenApiParameter(
    "file_format", OpenApiTypes.STR, enum=["csv", "xlsx"], description="csv (the default) or xlsx."
)
FILE_RESPONSES = {
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The gradebook."),
    (
        200,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ): OpenApiResponse(OpenApiTypes.BINARY, description="The gradebook."),
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _file(request, book, name: str) -> HttpResponse:
    kind = request.query_params.get("file_format", "csv")
    if kind not in CONTENT_TYPES:
        raise exceptions.ValidationError({"file_format": ["Give csv or xlsx."]})
    body = to_csv(book) if kind == "csv" else to_xlsx(book)
    response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{kind}"'
    return response


class CourseExportView(_Signed):
    """The course's gradebook as a file: a row per learner, a column per item, subtotals,
    the final grade and mark."""

    @extend_schema(
        parameters=[FILE_FORMAT], responses=FILE_RESPONSES, summary="Export a course gradebook"
    )
    def get(self, request, course_id: int):
        book = services.read_course(request.user, _course(course_id))
        return _file(request, book, f"gradebook-course-{course_id}")


class GroupExportView(_Signed):
    @extend_schema(
        parameters=[FILE_FORMAT], responses=FILE_RESPONSES, summary="Export a group gradebook"
    )
    def get(self, request, group_id: int):
        book = services.read_group(request.user, _group(group_id))
        return _file(request, book, f"gradebook-group-{group_id}")


class OverrideView(_Signed):
    """Set a learner's percentage for an item (a column's key) or for ``final``, with a
    reason; a null percentage lifts it. The change goes into the history."""

    @extend_schema(
        request=s.OverrideRequestSerializer,
        responses=s.AdjustmentSerializer,
        summary="Override a grade",
    )
    def post(self, request, course_id: int):
        data = s.OverrideRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        adjustment = services.override(
            request.user, _course(course_id), v["student"], v["item"], v["percent"], v["reason"]
        )
        return Response(s.AdjustmentSerializer(adjustment).data)


class ExcuseView(_Signed):
    """Excuse a learner from an item (it leaves their average), or take the excuse back."""

    @extend_schema(
        request=s.ExcuseRequestSerializer,
        responses=s.AdjustmentSerializer,
        summary="Excuse an item",
    )
    def post(self, request, course_id: int):
        data = s.ExcuseRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        adjustment = services.excuse(
            request.user, _course(course_id), v["student"], v["item"], v["excused"], v["reason"]
        )
        return Response(s.AdjustmentSerializer(adjustment).data)


STUDENT = OpenApiParameter("student", OpenApiTypes.INT, description="Only this learner's.")


class CourseHistoryView(generics.ListAPIView):
    """Every change to the course's grades (overrides, excuses), latest first: who, when,
    from, to and why."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.GradeChangeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return GradeChange.objects.none()
        raw = self.request.query_params.get("student")
        student_id = None
        if raw not in (None, ""):
            student_id = parse_id(raw)
            if student_id is None:
                raise exceptions.ValidationError({"student": ["Give a learner's id."]})
        course = _course(self.kwargs["course_id"])
        return services.history(self.request.user, course, student_id=student_id)

    @extend_schema(parameters=[STUDENT], summary="A course's grade history")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class GroupHistoryView(generics.ListAPIView):
    """Changes to the grades of the group's members, latest first."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.GradeChangeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return GradeChange.objects.none()
        return services.group_history(self.request.user, _group(self.kwargs["group_id"]))

    @extend_schema(summary="A group's grade history")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SchemeView(_Signed):
    """The course's grading scheme (the defaults until its teacher changes them). PUT: the
    teacher changes it; weights add up to 100, cut-offs go down from "5" to "3"."""

    @extend_schema(responses=s.SchemeSerializer, summary="A course's grading scheme")
    def get(self, request, course_id: int):
        scheme = services.read_scheme(request.user, _course(course_id))
        return Response(s.SchemeSerializer(scheme).data)

    @extend_schema(
        request=s.SchemeSerializer, responses=s.SchemeSerializer, summary="Change the scheme"
    )
    def put(self, request, course_id: int):
        course = _course(course_id)
        data = s.SchemeSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        scheme = services.save_scheme(request.user, course, data.validated_data)
        return Response(s.SchemeSerializer(scheme).data)


class MyGradesView(_Signed):
    """My grades in a course: my items with score and status, subtotals, the final grade."""

    @extend_schema(responses=s.MyGradesSerializer, summary="My grades in a course")
    def get(self, request, course_id: int):
        course = _course(course_id)
        book = services.my_grades(request.user, course)
        row = book.rows[0]
        return Response(
            s.MyGradesSerializer(
                {
                    "course": {"id": course.pk, "title": course.title},
                    "columns": s.columns_data(book, keys=row.cells),
                    "row": s.row_data(row),
                }
            ).data
        )
