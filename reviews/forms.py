"""The site's review forms: what a person types (validated here); the rules are services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_TEXT, Review

RATING_CHOICES = [
    (5, _("5 stars: excellent")),
    (4, _("4 stars: good")),
    (3, _("3 stars: all right")),
    (2, _("2 stars: poor")),
    (1, _("1 star: bad")),
]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your review"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was good, what could be better: it helps others choose."),
    )

    @classmethod
    def for_review(cls, review: Review, data=None) -> "ReviewForm":
        return cls(data, initial={"rating": review.rating, "text": review.text})


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Shown in public under the review; moderators check replies as they check reviews."
        ),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this review?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: insults, advertising, or it is not about this course."),
    )
