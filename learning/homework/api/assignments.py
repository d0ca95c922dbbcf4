"""A lesson's homework over JSON: listing, adding, reading, changing, deleting.

Refusals come from the services (``core.errors``); api.exceptions answers them.
"""

from typing import Any

from django.db.models import Count
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response

from courses.models import CoursePage, LessonPage
from courses.services import is_staff

from .. import permissions, services
from ..models import Homework, Submission
from .serializers import AssignmentSerializer

Status = Submission.Status


class HomeworkScope(generics.GenericAPIView):
    """Resolves course → lesson → assignment → submission from the URL; a mismatch is 404."""

    queryset = Homework.objects.none()  # objects come from the helpers below

    def _course(self) -> CoursePage:
        course = get_object_or_404(
            CoursePage.objects.select_related("teacher"), pk=self.kwargs["course_id"]
        )
        user = self.request.user
        if not course.live and not permissions.can_see_unpublished(user, course):
            raise exceptions.NotFound()
        return course

    def _lesson(self) -> LessonPage:
        course = self._course()
        lesson = get_object_or_404(LessonPage.objects.child_of(course), pk=self.kwargs["lesson_id"])
        lesson.__dict__["course"] = course  # the cached property, without another query
        user = self.request.user
        if not lesson.live and not permissions.can_see_unpublished(user, course):
            raise exceptions.NotFound()
        return lesson

    def _homework(self, pk: int, queryset=None) -> Homework:
        homework = get_object_or_404(
            (queryset if queryset is not None else Homework.objects).select_related(
                "lesson", "course", "owner"
            ),
            pk=pk,
        )
        if "lesson_id" in self.kwargs:
            if homework.lesson_id != self._lesson().pk:
                raise exceptions.NotFound()
        elif (
            homework.lesson is not None
            and not homework.lesson.live
            and not permissions.can_grade(self.request.user, homework)
        ):
            raise exceptions.NotFound()  # by id alone, the lesson's publishing still counts
        return homework

    def _context(self, homeworks: list[Homework], **extra) -> dict[str, Any]:
        """Whose answer key the requester sees, and their own attempts per homework."""
        user = self.request.user
        ids = [homework.pk for homework in homeworks]
        if is_staff(user):
            key = set(ids)
        else:
            key = set(
                permissions.manageable_homework(user)
                .filter(pk__in=ids)
                .values_list("pk", flat=True)
            )
        used = dict(
            Submission.objects.filter(student=user, homework_id__in=ids)
            .exclude(status=Status.RETURNED)
            .order_by()
            .values_list("homework_id")
            .annotate(n=Count("pk"))
        )
        return {"request": self.request, "answer_key": key, "attempts_used": used, **extra}


def _with_questions(queryset):
    return queryset.select_related("lesson", "course", "owner").prefetch_related(
        "questions__choices"
    )


class AssignmentListView(HomeworkScope):
    """A lesson's homework: people who may open it list it; its teacher and staff add."""

    serializer_class = AssignmentSerializer

    @extend_schema(responses=AssignmentSerializer(many=True))
    def get(self, request, course_id: int, lesson_id: int):
        """The lesson's homework the requester may open, oldest first (403 without any)."""
        lesson = self._lesson()
        homeworks = services.lesson_homework(request.user, lesson)
        page = self.paginate_queryset(_with_questions(homeworks).order_by("created_at", "pk"))
        data = AssignmentSerializer(page, many=True, context=self._context(page)).data
        return self.get_paginated_response(data)

    @extend_schema(request=AssignmentSerializer, responses={201: AssignmentSerializer})
    def post(self, request, course_id: int, lesson_id: int):
        """Add a homework with its questions (the course's teacher and staff)."""
        lesson = self._lesson()
        # The service checks again; checked first so outsiders learn nothing from a 400.
        permissions.require_add(request.user, lesson)
        serializer = AssignmentSerializer(
            data=request.data, context={"lesson": lesson, "owner": request.user}
        )
        serializer.is_valid(raise_exception=True)
        homework = serializer.save()
        homework = _with_questions(Homework.objects).get(pk=homework.pk)
        data = AssignmentSerializer(homework, context=self._context([homework])).data
        return Response(data, status=status.HTTP_201_CREATED)


class AssignmentDetailView(HomeworkScope):
    """One homework: read by people who may open it; changed and deleted by its teacher."""

    serializer_class = AssignmentSerializer

    def _readable(self, pk) -> Homework:
        homework = self._homework(pk, _with_questions(Homework.objects))
        permissions.require_view(self.request.user, homework)
        return homework

    def _respond(self, homework: Homework) -> Response:
        return Response(AssignmentSerializer(homework, context=self._context([homework])).data)

    def get(self, request, pk: int, **kwargs):
        return self._respond(self._readable(pk))

    def _change(self, request, pk: int, partial: bool) -> Response:
        homework = self._homework(pk)
        # The service checks again; checked first so outsiders learn nothing from a 400.
        permissions.require_change(request.user, homework)
        serializer = AssignmentSerializer(
            homework, data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return self._respond(_with_questions(Homework.objects).get(pk=homework.pk))

    def put(self, request, pk: int, **kwargs):
        """Replace the homework's fields (and its questions, when ``questions`` is sent)."""
        return self._change(request, pk, partial=False)

    def patch(self, request, pk: int, **kwargs):
        """Change some fields; ``questions``, when sent, is the whole new list."""
        return self._change(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int, **kwargs):
        """Delete the homework; 409 once students have handed work in."""
        homework = self._homework(pk)
        services.delete_homework(request.user, homework)
        return Response(status=status.HTTP_204_NO_CONTENT)
