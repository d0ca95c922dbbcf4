"""The gradebook's site forms: a change to one learner's item (override or excuse) and the
course's grading scheme. Input only; the rules are the services'."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from core.ids import MAX_ID

from .models import GradingScheme
from .services.schemes import EDITABLE, WEIGHTS

OVERRIDE, LIFT, EXCUSE, UNEXCUSE = "override", "lift", "excuse", "unexcuse"


class AdjustForm(forms.Form):
    student = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    item = forms.ChoiceField(label=_("Item"))
    action = forms.ChoiceField(
        label=_("Change"),
        widget=forms.RadioSelect,
        choices=[
            (OVERRIDE, _("Set the percentage")),
            (LIFT, _("Lift the override (back to the computed grade)")),
            (EXCUSE, _("Excuse the learner from this item")),
            (UNEXCUSE, _("Take the excuse back")),
        ],
        initial=OVERRIDE,
    )
    percent = forms.DecimalField(
        label=_("Percentage"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Kept in the history with your name and the time."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, items: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = items

    def clean(self):
        data = super().clean()
        if data.get("action") == OVERRIDE and data.get("percent") is None:
            self.add_error("percent", _("Give the percentage, from 0 to 100."))
        return data


class SchemeForm(forms.Form):
    """The scheme's fields as the model declares them (labels, limits, choices); a plain form,
    not a ModelForm, so a wrong sum is said once in words and the service saves."""

    def clean(self):
        data = super().clean()
        weights = [data.get(name) for name in WEIGHTS]
        if None not in weights and sum(weights) != 100:
            self.add_error(
                None,
                _("The category weights must add up to 100 %%; now they add up to %(sum)s %%.")
                % {"sum": sum(weights)},
            )
        return data


# The model's fields (labels, limits, choices), set after the class: the form's metaclass
# would replace a ``base_fields`` declared in its body.
SchemeForm.base_fields = fields_for_model(
    GradingScheme,
    fields=list(EDITABLE),
    widgets={
        name: forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"})
        for name in (*WEIGHTS, "pass_mark", "mark_5_from", "mark_4_from", "mark_3_from")
    },
)
