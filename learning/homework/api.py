"""Homework ("assignments") and submissions over JSON. The rules live in services.py.

Paths (all under /api/):

- courses/{course_id}/lessons/{lesson_id}/assignments/[{id}/] — a lesson's homework;
  assignments/{id}/ is the same homework by id alone (also for homework given to groups
  without a lesson).
- …/assignments/{assignment_id}/submissions/[{id}/] — attempts; submissions/{id}/ by id alone.
- homework/review-queue/ — submitted work waiting for the teacher.

Ids are page ids of one translation: a lesson's homework belongs to that lesson, and a
course id, lesson id or assignment id that does not match the one around it is 404.
Anonymous requests get 401, signed-in people without the right get 403.
"""

import os
import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response

from api.exceptions import Conflict
from courses.api import PersonSerializer
from courses.models import CoursePage, LessonPage
from courses.services import has_course_access, is_staff, teaches

from . import services
from .models import Answer, Choice, Homework, Question, Submission

Status = Submission.Status
QType = Question.Type

# Service refusals that are about the object's state rather than the request's content.
CONFLICT_CODES = {"closed", "late", "not_submitted", "conflict", "has_submissions"}
# What only the answer key holds; students never see it in the homework itself.
KEY_FIELDS = ("correct_number", "tolerance")


def _messages(error: DjangoValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _refusal(error: DjangoValidationError, field: str = "non_field_errors") -> Exception:
    """A service's ValidationError as 409 (state) or 400 under ``field`` (content)."""
    codes = set() if hasattr(error, "error_dict") else {item.code for item in error.error_list}
    if codes & CONFLICT_CODES:
        return Conflict(" ".join(_messages(error)))
    return exceptions.ValidationError({field: _messages(error)})


# ---------------------------------------------------------------------------------------------
# Serializers: homework and its questions


class ChoiceSerializer(serializers.ModelSerializer):
    """A choice of a choice question; ``is_correct`` is shown to teachers and staff only."""

    id = serializers.IntegerField(
        required=False, help_text="On update: the choice to keep; leave out to add a choice."
    )
    is_correct = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Teachers and staff only: left out of what students see.",
    )

    class Meta:
        model = Choice
        fields = ["id", "text", "is_correct", "order"]
        read_only_fields = ["order"]


class QuestionSerializer(serializers.ModelSerializer):
    """A question; ``correct_number``, ``tolerance`` and ``is_correct`` only for teachers.

    Choices belong to single- and multiple-choice questions only.
    """

    id = serializers.IntegerField(
        required=False, help_text="On update: the question to keep; leave out to add one."
    )
    choices = ChoiceSerializer(many=True, required=False)

    class Meta:
        model = Question
        fields = ["id", "order", "text", "type", "points", "correct_number", "tolerance", "choices"]
        extra_kwargs = {
            "order": {"read_only": True, "help_text": "Position: the order of the list sent."},
            "correct_number": {"required": False, "help_text": "Teachers and staff only."},
            "tolerance": {"required": False, "help_text": "Teachers and staff only."},
        }

    def validate(self, attrs):
        kind = attrs.get("type", QType.TEXT)
        if attrs.get("choices") and kind not in Question.CHOICE_TYPES:
            raise serializers.ValidationError(
                {"choices": [_("Only single- and multiple-choice questions have choices.")]}
            )
        return attrs


class AssignmentSerializer(serializers.ModelSerializer):
    """A homework, test or control point with its questions.

    Written in one request: the homework's fields and ``questions`` (each with ``choices``).
    On update ``questions`` is the whole new list: questions and choices with an ``id`` are
    changed, those without one are added, those left out are removed (not when students have
    answered them: 400). Without ``questions`` the questions stay as they are. The result must
    be ready to give out (at least one question, points above zero, a correct choice or
    number for every automatically graded question), otherwise nothing is saved and the
    answer is 400 with every problem under ``questions``. Changing how an automatically
    graded question is graded regrades the work already handed in.

    Students read the same shape without the answer key (``is_correct``,
    ``correct_number``, ``tolerance``). ``attempts_used``: the requester's attempts that
    count towards ``max_attempts`` (0 = unlimited).
    """

    owner = PersonSerializer(read_only=True)
    questions = QuestionSerializer(many=True, required=False)
    attempts_used = serializers.SerializerMethodField()

    class Meta:
        model = Homework
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "lesson",
            "course",
            "owner",
            "weight",
            "due_at",
            "max_attempts",
            "time_limit_minutes",
            "pass_mark",
            "show_correct_answers",
            "late_policy",
            "is_final_test",
            "attempts_used",
            "questions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["lesson", "course", "created_at", "updated_at"]

    def get_attempts_used(self, homework) -> int:
        return self.context.get("attempts_used", {}).get(homework.pk, 0)

    def to_representation(self, homework):
        data = super().to_representation(homework)
        if homework.pk not in self.context.get("answer_key", ()):
            for question in data.get("questions", []):
                for name in KEY_FIELDS:
                    question.pop(name, None)
                for choice in question.get("choices", []):
                    choice.pop("is_correct", None)
        return data

    def validate(self, attrs):
        # Under PATCH the nested questions were checked as partial; a new list is whole.
        if self.partial and "questions" in attrs:
            whole = QuestionSerializer(data=self.initial_data.get("questions"), many=True)
            if not whole.is_valid():
                raise serializers.ValidationError({"questions": whole.errors})
            attrs["questions"] = whole.validated_data
        lesson = self.instance.lesson if self.instance else self.context.get("lesson")
        final = attrs.get("is_final_test", self.instance.is_final_test if self.instance else False)
        if final and lesson is None:
            raise serializers.ValidationError(
                {"is_final_test": [_("A final test must belong to a lesson of the course.")]}
            )
        if final:
            others = Homework.objects.filter(course=lesson.course, is_final_test=True)
            if self.instance is not None:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise serializers.ValidationError(
                    {"is_final_test": [_("The course already has a final test.")]}
                )
        return attrs

    def create(self, validated_data):
        questions = validated_data.pop("questions", [])
        try:
            return services.create_homework(
                self.context["owner"], self.context["lesson"], validated_data, questions
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"questions": _messages(error)}) from None

    def update(self, homework, validated_data):
        questions = validated_data.pop("questions", None)
        try:
            return services.update_homework(
                self.context["request"].user, homework, validated_data, questions
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"questions": _messages(error)}) from None


# ---------------------------------------------------------------------------------------------
# Serializers: submissions


class AnswerSerializer(serializers.ModelSerializer):
    """A stored answer; ``points`` and ``feedback`` once graded (automatically or by hand).

    ``file``: where to download the handed-in file (an authenticated API request), or null.
    """

    choices = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    file = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = ["question", "text", "choices", "number", "file", "points", "feedback"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, answer):
        if not answer.file:
            return None
        url = reverse(
            "api:submission-file",
            kwargs={"pk": answer.submission_id, "question_id": answer.question_id},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class CorrectAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="pk")
    choices = serializers.SerializerMethodField()
    number = serializers.DecimalField(
        source="correct_number", max_digits=18, decimal_places=6, allow_null=True
    )
    tolerance = serializers.DecimalField(max_digits=18, decimal_places=6)

    def get_choices(self, question) -> list[int]:
        return [choice.pk for choice in question.choices.all() if choice.is_correct]


class SubmissionSummarySerializer(serializers.ModelSerializer):
    """An attempt without its answers (lists)."""

    assignment = serializers.IntegerField(source="homework_id", read_only=True)
    student = PersonSerializer(read_only=True)
    deadline = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "assignment",
            "student",
            "attempt",
            "status",
            "started_at",
            "deadline",
            "submitted_at",
            "is_late",
            "score",
            "grade",
            "passed",
            "teacher_comment",
            "graded_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_deadline(self, submission):
        """When time runs out (time limit or due date, the earlier); null without either."""
        ends = services.attempt_deadline(submission)
        return serializers.DateTimeField().to_representation(ends) if ends else None


class SubmissionSerializer(SubmissionSummarySerializer):
    """An attempt with its answers.

    ``correct_answers`` (per automatically graded question: the correct choice ids or the
    number and its tolerance) is shown to teachers, and to the student once the attempt is
    handed in if the homework shows correct answers; otherwise null. ``grade`` is a
    percentage; ``max_score`` the sum of the questions' points.
    """

    answers = AnswerSerializer(many=True, read_only=True)
    max_score = serializers.SerializerMethodField()
    correct_answers = serializers.SerializerMethodField()

    class Meta(SubmissionSummarySerializer.Meta):
        fields = [
            *SubmissionSummarySerializer.Meta.fields,
            "max_score",
            "answers",
            "correct_answers",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_max_score(self, submission) -> str:
        total = sum((q.points for q in submission.homework.questions.all()), services.ZERO)
        return f"{total:.2f}"

    @extend_schema_field(CorrectAnswerSerializer(many=True, allow_null=True))
    def get_correct_answers(self, submission):
        homework = submission.homework
        shown = homework.pk in self.context.get("answer_key", ()) or (
            homework.show_correct_answers and submission.status != Status.IN_PROGRESS
        )
        if not shown:
            return None
        questions = [q for q in homework.questions.all() if q.type in Question.AUTO_TYPES]
        return CorrectAnswerSerializer(questions, many=True).data


class ReviewItemSerializer(SubmissionSummarySerializer):
    """A submission in the review queue, with where it comes from."""

    assignment_title = serializers.CharField(source="homework.title", read_only=True)
    course = serializers.IntegerField(source="homework.course_id", read_only=True, allow_null=True)
    course_title = serializers.CharField(
        source="homework.course.title", read_only=True, allow_null=True
    )
    lesson = serializers.IntegerField(source="homework.lesson_id", read_only=True, allow_null=True)

    class Meta(SubmissionSummarySerializer.Meta):
        fields = [
            *SubmissionSummarySerializer.Meta.fields,
            "assignment_title",
            "course",
            "course_title",
            "lesson",
        ]
        read_only_fields = fields


class AnswerInputSerializer(serializers.Serializer):
    """One answer: ``text`` (free text), ``choices`` (choice ids) or ``number``."""

    question = serializers.IntegerField()
    text = serializers.CharField(required=False, allow_blank=True)
    choices = serializers.ListField(child=serializers.IntegerField(), required=False)
    number = serializers.DecimalField(
        max_digits=18, decimal_places=6, required=False, allow_null=True
    )

    def validate(self, attrs):
        given = [name for name in ("text", "choices", "number") if name in attrs]
        if len(given) != 1:
            raise serializers.ValidationError(_("Give one of text, choices or number."))
        return attrs


class StudentUpdateSerializer(serializers.Serializer):
    """The student saves answers and, with ``"submit": true``, hands the attempt in.

    JSON: ``{"answers": [{"question": 1, "text": "…"}, {"question": 2, "choices": [5]},
    {"question": 3, "number": 9.8}], "submit": false}``. Files go as multipart/form-data:
    ``answers[<question id>]`` holds the file (any answer may be sent this way; repeat the
    key for several choices), ``submit=true`` hands in.
    """

    answers = AnswerInputSerializer(many=True, required=False)
    submit = serializers.BooleanField(required=False, default=False)


class GradeAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    points = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


# Only two of Submission.Status; the schema names it GradeStatusEnum.
@extend_schema_field({"type": "string", "enum": [Status.GRADED.value, Status.RETURNED.value]})
class GradeStatusField(serializers.ChoiceField):
    pass


class GradeSerializer(serializers.Serializer):
    """The teacher grades: points and feedback per question, a comment, the outcome.

    ``status``: "graded" (every free-text and file answer needs points) or "returned"
    (for rework; the attempt then does not count towards the limit). Points above the
    question's are capped. The student is notified once.
    """

    answers = GradeAnswerSerializer(many=True, required=False)
    teacher_comment = serializers.CharField(required=False, allow_blank=True, default="")
    status = GradeStatusField(
        choices=[Status.GRADED.value, Status.RETURNED.value], default=Status.GRADED.value
    )


class ReviewQueueFilter(serializers.Serializer):
    course = serializers.IntegerField(required=False, help_text="course id (any translation)")
    assignment = serializers.IntegerField(required=False, help_text="homework id")
    homework = serializers.IntegerField(required=False, help_text="the same as assignment")
    status = serializers.ChoiceField(
        choices=Status.choices, required=False, help_text="default: needs_review"
    )


SUBMISSION_PATCH = PolymorphicProxySerializer(
    component_name="SubmissionPatch",
    serializers=[StudentUpdateSerializer, GradeSerializer],
    resource_type_field_name=None,
)


# ---------------------------------------------------------------------------------------------
# Views


class HomeworkScope(generics.GenericAPIView):
    """Resolves course → lesson → assignment → submission from the URL; a mismatch is 404."""

    queryset = Homework.objects.none()  # objects come from the helpers below

    def _course(self) -> CoursePage:
        course = get_object_or_404(
            CoursePage.objects.select_related("teacher"), pk=self.kwargs["course_id"]
        )
        user = self.request.user
        if not course.live and not (is_staff(user) or teaches(user, course)):
            raise exceptions.NotFound()
        return course

    def _lesson(self) -> LessonPage:
        course = self._course()
        lesson = get_object_or_404(LessonPage.objects.child_of(course), pk=self.kwargs["lesson_id"])
        lesson.__dict__["course"] = course  # the cached property, without another query
        user = self.request.user
        if not lesson.live and not (is_staff(user) or teaches(user, course)):
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
            and not services.can_grade(self.request.user, homework)
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
                services.manageable_homework(user).filter(pk__in=ids).values_list("pk", flat=True)
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
        if not homeworks.exists() and not has_course_access(request.user, lesson.course):
            raise exceptions.PermissionDenied(_("Enrol in the course to see its homework."))
        page = self.paginate_queryset(_with_questions(homeworks).order_by("created_at", "pk"))
        data = AssignmentSerializer(page, many=True, context=self._context(page)).data
        return self.get_paginated_response(data)

    @extend_schema(request=AssignmentSerializer, responses={201: AssignmentSerializer})
    def post(self, request, course_id: int, lesson_id: int):
        """Add a homework with its questions (the course's teacher and staff)."""
        lesson = self._lesson()
        if not services.can_add_homework(request.user, lesson):
            raise exceptions.PermissionDenied(_("Only the course's teacher can add homework."))
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
        if not services.can_view_homework(self.request.user, homework):
            raise exceptions.PermissionDenied(_("Enrol in the course to see this homework."))
        return homework

    def _respond(self, homework: Homework) -> Response:
        return Response(AssignmentSerializer(homework, context=self._context([homework])).data)

    def get(self, request, pk: int, **kwargs):
        return self._respond(self._readable(pk))

    def _change(self, request, pk: int, partial: bool) -> Response:
        homework = self._homework(pk)
        if not services.can_grade(request.user, homework):
            raise exceptions.PermissionDenied(_("Only the course's teacher can change homework."))
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
        try:
            services.delete_homework(request.user, homework)
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


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
        submissions = _submissions(homework.submissions.all())
        if not services.can_grade(user, homework):
            if not services.can_take(user, homework):
                raise exceptions.PermissionDenied(_("Enrol in the course to see this homework."))
            submissions = submissions.filter(student=user)
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
        try:
            submission = services.start_attempt(request.user, homework)
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return Response(
            _submission_data(request, submission.pk),
            status=status.HTTP_200_OK if running else status.HTTP_201_CREATED,
        )


def _submission_data(request, pk: int) -> dict:
    submission = (
        _submissions()
        .prefetch_related("answers__choices", "homework__questions__choices")
        .get(pk=pk)
    )
    key = {submission.homework_id} if services.can_grade(request.user, submission.homework) else ()
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
        if not services.can_view_submission(request.user, submission):
            raise exceptions.PermissionDenied(_("This is not your attempt."))
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
        elif services.can_grade(user, submission.homework):
            self._grade(request, submission)
        else:
            raise exceptions.PermissionDenied(_("This is not your attempt."))
        return Response(_submission_data(request, submission.pk))

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int, **kwargs):
        """Discard the student's own attempt while it is in progress (409 once handed in)."""
        submission = self._submission(pk)
        try:
            services.discard_attempt(request.user, submission)
        except DjangoValidationError as error:
            raise _refusal(error) from None
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
            raise exceptions.PermissionDenied(_("Only the teacher grades this work."))
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
        try:
            refused = services.save_answers_by_question(submission, answers)
        except DjangoValidationError as error:
            raise _refusal(error, "answers") from None
        errors.update({pk: _messages(error) for pk, error in refused.items()})
        if errors:
            raise exceptions.ValidationError(
                {"answers": {str(pk): messages for pk, messages in sorted(errors.items())}}
            )
        if submit:
            try:
                services.submit(submission)
            except DjangoValidationError as error:
                raise _refusal(error) from None

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
            raise exceptions.PermissionDenied(_("A teacher cannot change the student's answers."))
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
        except DjangoValidationError as error:
            raise _refusal(error, "answers") from None


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
        if not services.can_view_submission(request.user, submission):
            raise exceptions.PermissionDenied(_("This is not your attempt."))
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
        if not services.can_use_review_queue(request.user):
            raise exceptions.PermissionDenied(_("The review queue is for teachers."))
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
            request.user, course=course, homework=homework, status=values.get("status")
        )
        page = self.paginate_queryset(queue)
        data = ReviewItemSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)


assignment_list = AssignmentListView.as_view()
assignment_detail = AssignmentDetailView.as_view()
submission_list = SubmissionListView.as_view()
submission_detail = SubmissionDetailView.as_view()

nested = "courses/<int:course_id>/lessons/<int:lesson_id>/assignments/"

urlpatterns: list = [
    path(nested, assignment_list, name="lesson-assignments"),
    path(f"{nested}<int:pk>/", assignment_detail, name="lesson-assignment"),
    path(f"{nested}<int:assignment_id>/submissions/", submission_list, name="lesson-submissions"),
    path(
        f"{nested}<int:assignment_id>/submissions/<int:pk>/",
        submission_detail,
        name="lesson-submission",
    ),
    path("assignments/<int:pk>/", assignment_detail, name="assignment"),
    path(
        "assignments/<int:assignment_id>/submissions/",
        submission_list,
        name="assignment-submissions",
    ),
    path(
        "assignments/<int:assignment_id>/submissions/<int:pk>/",
        submission_detail,
        name="assignment-submission",
    ),
    path("submissions/<int:pk>/", submission_detail, name="submission"),
    path(
        "submissions/<int:pk>/files/<int:question_id>/",
        AnswerFileView.as_view(),
        name="submission-file",
    ),
    path("homework/review-queue/", ReviewQueueView.as_view(), name="review-queue"),
    path("", include("learning.homework.comment_api")),
]
