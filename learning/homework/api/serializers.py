"""Serializers of a homework ("assignment") with its questions and choices, written in one
request; students read it without the answer key."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from courses.api import PersonSerializer

from .. import services
from ..models import Choice, Homework, Question

QType = Question.Type

# What only the answer key holds; students never see it in the homework itself.
KEY_FIELDS = ("correct_number", "tolerance")


def messages_of(error: DjangoValidationError) -> list[str]:
    return [str(message) for message in error.messages]


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
            raise serializers.ValidationError({"questions": messages_of(error)}) from None

    def update(self, homework, validated_data):
        questions = validated_data.pop("questions", None)
        try:
            return services.update_homework(
                self.context["request"].user, homework, validated_data, questions
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"questions": messages_of(error)}) from None
