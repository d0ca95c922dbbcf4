"""What the analytics API answers: figures and charts as ``charts.Figure.as_dict`` and
``charts.Chart.as_dict`` make them (these serializers document that shape)."""

from __future__ import annotations

from rest_framework import serializers

KINDS = ["line", "bar", "stacked-bar", "horizontal-bar", "doughnut"]


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable: address a figure by it.")
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="null: nothing counted yet.")
    unit = serializers.CharField(help_text='"%", "₽", "h", or empty.')


class SeriesSerializer(serializers.Serializer):
    label = serializers.CharField()
    values = serializers.ListField(
        child=serializers.FloatField(allow_null=True), help_text="One value per label."
    )


class ChartSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable: address a chart by it.")
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=KINDS)
    labels = serializers.ListField(child=serializers.CharField())
    series = SeriesSerializer(many=True)
    unit = serializers.CharField()
    note = serializers.CharField()
    empty = serializers.BooleanField(help_text="Nothing to draw: no labels or only zeros.")


class CourseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    figures = FigureSerializer(many=True)
    charts = ChartSerializer(many=True)


class ReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["attendance", "missed_deadlines", "trend_down"])
    text = serializers.CharField(help_text="In the request's language, with the figures.")
    value = serializers.FloatField(help_text="The learner's figure.")
    threshold = serializers.FloatField()


class AtRiskSerializer(serializers.Serializer):
    student = serializers.UUIDField(help_text="The learner's public id.")
    name = serializers.CharField()
    course = CourseRefSerializer()
    reasons = ReasonSerializer(many=True)


class CourseReportSerializer(ReportSerializer):
    course = CourseRefSerializer()
    at_risk = AtRiskSerializer(many=True)


class TeacherReportSerializer(ReportSerializer):
    teacher = serializers.UUIDField(help_text="The teacher's public id.")
    courses = CourseRefSerializer(many=True)
    at_risk = AtRiskSerializer(many=True)


def report_data(report) -> dict:
    return {
        "figures": [f.as_dict() for f in report.figures],
        "charts": [c.as_dict() for c in report.charts],
    }


def course_ref(course) -> dict:
    return {"id": course.pk, "title": course.title}


def at_risk_data(report) -> list[dict]:
    return [
        {
            "student": item.student.public_id,
            "name": item.student.get_full_name() or item.student.email,
            "course": course_ref(item.course),
            "reasons": [
                {
                    "code": r.code,
                    "text": r.text,
                    "value": float(r.value),
                    "threshold": float(r.threshold),
                }
                for r in item.reasons
            ],
        }
        for item in report.at_risk
    ]
