"""Serializers of attempts: what the student and the teacher read, what the student sends
(answers, submit) and what the teacher sends (grades), and the review queue's filters."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.ids import MAX_ID
from courses.api import PersonSerializer

from .. import services
from ..models import Answer, Question, Submission

Status = Submission.Status


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

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
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

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
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

    @extend_schema_field({"type": "string", "format": "decimal", "pattern": r"^\d+\.\d{2}$"})
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
    # Bounded: a course (page) id past the range crashed the lookup (core/ids.py).
    course = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_ID, help_text="course id (any translation)"
    )
    assignment = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_ID, help_text="homework id"
    )
    homework = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_ID, help_text="the same as assignment"
    )
    status = serializers.ChoiceField(
        choices=Status.choices,
        required=False,
        allow_blank=True,
        help_text="default: needs_review",
    )


class AnswerPatchSerializer(serializers.Serializer):
    """One entry of ``answers``: the student's value (one of text, choices, number) or the
    teacher's points and feedback."""

    question = serializers.IntegerField()
    text = serializers.CharField(required=False, allow_blank=True)
    choices = serializers.ListField(child=serializers.IntegerField(), required=False)
    number = serializers.DecimalField(
        max_digits=18, decimal_places=6, required=False, allow_null=True
    )
    points = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    feedback = serializers.CharField(required=False, allow_blank=True)


class SubmissionPatchSerializer(serializers.Serializer):
    """The student's answers (``answers`` with values, ``submit``; see StudentUpdate) or the
    teacher's grading (``answers`` with points and feedback, ``teacher_comment``,
    ``status``; see Grade). Either side sending the other's fields gets 403."""

    answers = AnswerPatchSerializer(many=True, required=False)
    submit = serializers.BooleanField(required=False)
    teacher_comment = serializers.CharField(required=False, allow_blank=True)
    status = GradeStatusField(choices=[Status.GRADED.value, Status.RETURNED.value], required=False)


# What PATCH takes, documented as one object: both sides' fields are optional, so a "one of
# the two" schema matched every body twice and no body at all.
SUBMISSION_PATCH = SubmissionPatchSerializer
