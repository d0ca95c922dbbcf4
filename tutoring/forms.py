"""The site's forms (input only; the services hold the rules)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from courses.choices import Currency
from courses.models import Category
from learning.schedule.forms import parse_ranges, timezone_choices
from learning.schedule.models import RecurringLesson

from .models import Format, Level
from .services import WeeklyTime

RANGES_HINT = "18:00-21:00"


def weekday_fields(form: forms.Form, prefix: str) -> None:
    """One line of ranges per weekday ("18:00-21:00, …"), as on "My availability"."""
    for value, label in RecurringLesson.Weekday.choices:
        form.fields[f"{prefix}{value}"] = forms.CharField(
            label=label,
            required=False,
            widget=forms.TextInput(attrs={"placeholder": RANGES_HINT}),
        )


def weekly_times(form: forms.Form, data: dict, prefix: str) -> list[WeeklyTime]:
    times = []
    for value, _label in RecurringLesson.Weekday.choices:
        try:
            pairs = parse_ranges(data.get(f"{prefix}{value}", ""))
        except forms.ValidationError as error:
            form.add_error(f"{prefix}{value}", error)
            continue
        times += [WeeklyTime(value, a, b) for a, b in pairs]
    return times


class RequestForm(forms.Form):
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=Category.objects.none())
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    goal = forms.CharField(
        label=_("Goal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What do you want to achieve, and by when?"),
    )
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    budget = forms.DecimalField(
        label=_("Budget per hour"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    language = forms.ChoiceField(label=_("Language of lessons"), choices=settings.LANGUAGES)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    def __init__(self, *args, locale=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.order_by("sort_order", "name")
        if locale is not None:
            categories = categories.filter(locale=locale)
        self.fields["subject"].queryset = categories
        weekday_fields(self, "day_")

    def clean(self) -> dict:
        data = super().clean()
        data["windows"] = weekly_times(self, data, "day_")
        return data


class OfferForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the learner"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    price = forms.DecimalField(
        label=_("Price per hour"), min_value=0, max_digits=10, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        weekday_fields(self, "time_")
        for name in (f"time_{v}" for v, _label in RecurringLesson.Weekday.choices):
            self.fields[name].help_text = ""
        self.fields["time_0"].help_text = _(
            "Weekly times within your hours on “My availability”, in your time zone."
        )

    def clean(self) -> dict:
        data = super().clean()
        data["times"] = weekly_times(self, data, "time_")
        return data
