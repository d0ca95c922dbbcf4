"""What the grades API answers: the gradebook (columns, rows of cells, subtotals, the final
grade), a learner's own grades, the scheme, an adjustment and the history of changes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.ids import MAX_ID

from ..computation import Category
from ..models import Adjustment, GradeChange, GradingScheme
from ..services import Gradebook, Row
from ..services.schemes import EDITABLE


class GradePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="homework:<id> or lesson:<live lesson id>.")
    category = serializers.ChoiceField(choices=[c.value for c in Category])
    title = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True, help_text="A lesson: its start.")
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)


class CellSerializer(serializers.Serializer):
    item = serializers.CharField()
    status = serializers.ChoiceField(
        choices=[
            "graded",
            "late",
            "waiting",
            "returned",
            "in_progress",
            "missing",
            "open",
            "excused",
            "present",
            "absent",
            "late_arrival",
            "not_marked",
        ]
    )
    percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="The best attempt's score."
    )
    override = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    excused = serializers.BooleanField()


class SubtotalsSerializer(serializers.Serializer):
    homework = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    tests = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    control_points = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    attendance = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class FinalSerializer(serializers.Serializer):
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    mark = serializers.IntegerField(allow_null=True, help_text="5, 4, 3 or 2.")
    passed = serializers.BooleanField(allow_null=True)
    overridden = serializers.BooleanField()


class RowSerializer(serializers.Serializer):
    student = GradePersonSerializer()
    groups = serializers.ListField(child=serializers.IntegerField())
    cells = CellSerializer(many=True)
    subtotals = SubtotalsSerializer()
    final = FinalSerializer()


class SchemeSerializer(serializers.ModelSerializer):
    # Null while the course uses the default scheme (nothing saved yet).
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = GradingScheme
        fields = [*EDITABLE, "updated_at"]
        read_only_fields = ["updated_at"]


class GradebookGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class GradebookCourseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class GradebookSerializer(serializers.Serializer):
    course = GradebookCourseSerializer()
    group = GradebookGroupSerializer(allow_null=True)
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)


class MyGradesSerializer(serializers.Serializer):
    course = GradebookCourseSerializer()
    columns = ColumnSerializer(many=True, help_text="The items that are mine.")
    row = RowSerializer()


def person(user) -> dict:
    return {"id": user.pk, "name": user.get_full_name() or user.email, "email": user.email}


def row_data(row: Row) -> dict:
    grade = row.grade
    return {
        "student": person(row.student),
        "groups": sorted(row.groups),
        "cells": [
            {
                "item": key,
                "status": cell.status,
                "percent": cell.percent,
                "override": cell.override,
                "excused": cell.excused,
            }
            for key, cell in row.cells.items()
        ],
        "subtotals": {c.value: v for c, v in grade.subtotals.items()},
        "final": {
            "percent": grade.percent,
            "mark": grade.mark,
            "passed": grade.passed,
            "overridden": grade.overridden,
        },
    }


def columns_data(book: Gradebook, keys=None) -> list[dict]:
    return [
        {
            "key": c.key,
            "category": c.category.value,
            "title": c.title,
            "due_at": c.due_at,
            "weight": c.weight,
        }
        for c in book.columns
        if keys is None or c.key in keys
    ]


def gradebook_data(book: Gradebook) -> dict:
    return {
        "course": {"id": book.course.pk, "title": book.course.title},
        "group": {"id": book.group.pk, "name": book.group.name} if book.group else None,
        "columns": columns_data(book),
        "rows": [row_data(row) for row in book.rows],
    }


class AdjustmentSerializer(serializers.ModelSerializer):
    student = serializers.IntegerField(source="student_id")

    class Meta:
        model = Adjustment
        fields = ["student", "item", "override", "excused", "reason", "updated_at"]
        read_only_fields = fields


class OverrideRequestSerializer(serializers.Serializer):
    student = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The learner's id.")
    item = serializers.CharField(max_length=40, help_text="A column's key, or final.")
    percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        allow_null=True,
        help_text="The new percentage; null lifts the override.",
    )
    reason = serializers.CharField(max_length=500)


class ExcuseRequestSerializer(serializers.Serializer):
    student = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The learner's id.")
    item = serializers.CharField(max_length=40, help_text="A column's key.")
    excused = serializers.BooleanField()
    reason = serializers.CharField(max_length=500)


class GradeChangeSerializer(serializers.ModelSerializer):
    student = serializers.SerializerMethodField()
    changed_by = serializers.SerializerMethodField()

    class Meta:
        model = GradeChange
        fields = [
            "id",
            "student",
            "item",
            "field",
            "old_value",
            "new_value",
            "reason",
            "changed_by",
            "changed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(GradePersonSerializer)
    def get_student(self, change: GradeChange) -> dict:
        return person(change.student)

    @extend_schema_field(GradePersonSerializer(allow_null=True))
    def get_changed_by(self, change: GradeChange) -> dict | None:
        return person(change.changed_by) if change.changed_by_id else None
