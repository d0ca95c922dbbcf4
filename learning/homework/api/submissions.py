"""Attempts over JSON: starting, answering, submitting, grading, the handed-in files and the
teacher's review queue.

Refusals come from the services (``core.errors``); api.exceptions answers them.
"""

import os
import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response

from core.errors import NotAllowed
from courses.models import CoursePage

from .. import permissions, services
from ..models import Answer, Homework, Question, Submission
from .assignments import HomeworkScope
from .serializers import messages_of
from .submission_serializers import (
    SUBMISSION_PATCH,
    GradeSerializer,
    ReviewItemSerializer,
    ReviewQueueFilter,
    StudentUpdateSerializer,
    SubmissionSerializer,
    SubmissionSummarySerializer,
)

Status = Submission.Status
QType = Question.Type


def _submissions(queryset=None):
    return (queryset if queryset is not None else Submission.objects).select_related(
        "student", "homework__course", "homework__lesson", "homework__owner"
    )


class SubmissionListView(HomeworkScope):
    """Attempts at one homework: the teacher sees all, a student their own."""

    serializer_class = SubmissionSummarySerializer

    @extend_schema(responses=SubmissionSummarySerializer(many=True))
    def get(self, request, assignment_id: int, **kwargs):
        """All attempts for the teacher and staff, the student's own for them; newest first."""
        homework = self._homework(assignment_id)
        user = request.user
        submissions = services.visible_submissions(
            user, homework, _submissions(homework.submissions.all())
        )
        page = self.paginate_queryset(submissions.order_by("-started_at", "-pk"))
        data = SubmissionSummarySerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(request=None, responses={201: SubmissionSerializer, 200: SubmissionSerializer})
    def post(self, request, assignment_id: int, **kwargs):
        """Start an attempt (201), or get the one in progress (200).

        400 when the attempts are used up; 403 for people who may not take the homework.
        """
        homework = self._homework(assignment_id)
        running = Submission.objects.filter(
            student=request.user, homework=homework, status=Status.IN_PROGRESS
        ).exists()
        submission = services.start_attempt(request.user, homework)
        return Response(
            _submission_data(request, submission.pk),
            status=status.HTTP_200_OK if running else status.HTTP_201_CREATED,
        )


def _submission_data(request, pk: int) -> dict:
    # 404 if the attempt went meanwhile (its homework deleted while it was in progress).
    submission = get_object_or_404(
        _submissions().prefetch_related("answers__choices", "homework__questions__choices"),
        pk=pk,
    )
    grader = permissions.can_grade(request.user, submission.homework)
    key = {submission.homework_id} if grader else ()
    return SubmissionSerializer(submission, context={"request": request, "answer_key": key}).data


ANSWER_FIELD = re.compile(r"^answers\[(\d+)\]$")

ANSWER_VALUES = ("text", "choices", "number", "file")

GRADING_VALUES = ("points", "feedback")


class SubmissionDetailView(HomeworkScope):
    """One attempt: the student works on it; the teacher grades it."""

    serializer_class = SubmissionSerializer

    def _submission(self, pk: int) -> Submission:
        if "assignment_id" in self.kwargs:
            homework = self._homework(self.kwargs["assignment_id"])
            return get_object_or_404(_submissions(homework.submissions.all()), pk=pk)
        return get_object_or_404(_submissions(), pk=pk)

    @extend_schema(responses=SubmissionSerializer)
    def get(self, request, pk: int, **kwargs):
        """The attempt with answers and results (the student, the teacher, staff)."""
        submission = self._submission(pk)
        permissions.require_view_submission(request.user, submission)
        return Response(_submission_data(request, submission.pk))

    @extend_schema(request=SUBMISSION_PATCH, responses=SubmissionSerializer)
    def patch(self, request, pk: int, **kwargs):
        """The student answers and submits; the teacher grades.

        The student (their own attempt, while in progress): ``answers`` and ``submit`` —
        see StudentUpdate. Refused answers give 400 with ``answers`` keyed by question id,
        each message naming the question; the other answers are saved and nothing is
        submitted. A closed attempt or late work the homework refuses gives 409 (the late
        attempt is closed with score 0).

        The teacher (or staff): ``answers`` with ``points`` and ``feedback``,
        ``teacher_comment`` and ``status`` — see Grade. 409 before the attempt is handed in.

        A teacher sending answers, or a student sending grades, gets 403.
        """
        submission = self._submission(pk)
        user = request.user
        if submission.student_id == user.pk:
            self._answer(request, submission)
        else:
            # Anyone else who may see the attempt grades it; services.grade checks again.
            permissions.require_view_submission(user, submission)
            self._grade(request, submission)
        return Response(_submission_data(request, submission.pk))

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int, **kwargs):
        """Discard the student's own attempt while it is in progress (409 once handed in)."""
        submission = self._submission(pk)
        services.discard_attempt(request.user, submission)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # The student's side

    def _answer(self, request, submission: Submission) -> None:
        data = _object(request)
        items = data.get("answers") if isinstance(data, dict) else None
        grading = {"status", "teacher_comment"} & set(data.keys()) or (
            isinstance(items, list)
            and any(isinstance(i, dict) and set(i) & set(GRADING_VALUES) for i in items)
        )
        if grading:
            raise NotAllowed(_("Only the teacher grades this work."))
        if hasattr(data, "getlist"):  # multipart or form data
            answers = {}
            for key in data:
                if match := ANSWER_FIELD.match(key):
                    values = data.getlist(key)
                    answers[int(match[1])] = values[0] if len(values) == 1 else values
            submit = serializers.BooleanField().to_internal_value(data.get("submit", False))
        else:
            serializer = StudentUpdateSerializer(data=data)
            serializer.is_valid(raise_exception=True)
            answers = {
                item["question"]: next(item[k] for k in ANSWER_VALUES if k in item)
                for item in serializer.validated_data.get("answers", [])
            }
            submit = serializer.validated_data["submit"]

        errors = _misplaced_files(submission.homework, answers)
        answers = {pk: value for pk, value in answers.items() if pk not in errors}
        refused = services.save_answers_by_question(submission, answers)
        errors.update({pk: messages_of(error) for pk, error in refused.items()})
        if errors:
            raise exceptions.ValidationError(
                {"answers": {str(pk): messages for pk, messages in sorted(errors.items())}}
            )
        if submit:
            services.submit(submission)

    # The teacher's side

    def _grade(self, request, submission: Submission) -> None:
        data = _object(request)
        items = data.get("answers") if isinstance(data, dict) else None
        answering = "submit" in data or any(ANSWER_FIELD.match(key) for key in data)
        if isinstance(items, list):
            answering = answering or any(
                isinstance(i, dict) and set(i) & set(ANSWER_VALUES) for i in items
            )
        if answering:
            raise NotAllowed(_("A teacher cannot change the student's answers."))
        serializer = GradeSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        per_answer = {
            item["question"]: (item.get("points"), item.get("feedback", ""))
            for item in values.get("answers", [])
        }
        try:
            services.grade(
                submission,
                request.user,
                per_answer,
                values["teacher_comment"],
                return_for_rework=values["status"] == Status.RETURNED,
            )
        except DjangoValidationError as error:  # content: points, unknown questions
            raise serializers.ValidationError({"answers": messages_of(error)}) from None


def _object(request) -> dict:
    if not isinstance(request.data, dict):  # QueryDict is a dict too
        raise exceptions.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    return request.data


def _misplaced_files(homework: Homework, answers: dict[int, Any]) -> dict[int, list[str]]:
    """Files only for file questions, and file questions only through multipart."""
    errors: dict[int, list[str]] = {}
    for number, question in enumerate(homework.questions.all(), start=1):
        if question.pk not in answers:
            continue
        value = answers[question.pk]
        is_file = isinstance(value, UploadedFile)
        label = _("Question %(number)s") % {"number": number}
        if question.type == QType.FILE and not is_file and value not in (None, "", []):
            errors[question.pk] = [
                _("%(question)s: send the file as multipart/form-data in answers[%(id)s].")
                % {"question": label, "id": question.pk}
            ]
        elif question.type != QType.FILE and (
            is_file or (isinstance(value, list) and any(isinstance(v, UploadedFile) for v in value))
        ):
            errors[question.pk] = [
                _("%(question)s: this question does not take a file.") % {"question": label}
            ]
    return errors


class AnswerFileView(HomeworkScope):
    """Download a file handed in as an answer (the student, the teacher, staff).

    Always an attachment, never shown inline: the file comes from a student.
    """

    serializer_class = None

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int, question_id: int):
        submission = get_object_or_404(_submissions(), pk=pk)
        permissions.require_view_submission(request.user, submission)
        answer = get_object_or_404(Answer, submission=submission, question_id=question_id)
        if not answer.file:
            raise exceptions.NotFound()
        try:
            handle = answer.file.open("rb")
        except FileNotFoundError:
            raise exceptions.NotFound() from None
        return FileResponse(handle, as_attachment=True, filename=os.path.basename(answer.file.name))


class ReviewQueueView(generics.GenericAPIView):
    """Submitted work waiting for the teacher, oldest first (all teachers' work for staff).

    Filters: ``course``, ``assignment`` (or ``homework``), ``status`` (default needs_review).
    Students get 403.
    """

    serializer_class = ReviewItemSerializer
    queryset = Submission.objects.none()

    @extend_schema(parameters=[ReviewQueueFilter], responses=ReviewItemSerializer(many=True))
    def get(self, request):
        permissions.require_review_queue(request.user)
        params = ReviewQueueFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        values = params.validated_data
        course = homework = None
        if "course" in values:
            course = CoursePage.objects.filter(pk=values["course"]).first()
            if course is None:
                raise exceptions.ValidationError({"course": [_("There is no such course.")]})
        homework_id = values.get("assignment", values.get("homework"))
        if homework_id is not None:
            homework = Homework.objects.filter(pk=homework_id).first()
            if homework is None:
                field = "assignment" if "assignment" in values else "homework"
                raise exceptions.ValidationError({field: [_("There is no such homework.")]})
        queue = services.review_queue(
            request.user, course=course, homework=homework, status=values.get("status") or None
        )
        page = self.paginate_queryset(queue)
        data = ReviewItemSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)
