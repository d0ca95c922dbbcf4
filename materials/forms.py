"""The cabinet's material form (input only; the rules are in services.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MaterialPage

QUIZ_HELP = _(
    "One question per block: “?” starts a question, “*” a correct choice, “-” a wrong one, "
    "“=” the number that answers it. Leave an empty line between questions."
)
QUIZ_PLACEHOLDER = _("? 2 + 2 =\n* 4\n- 5\n\n? Which are prime numbers?\n* 2\n* 3\n- 4")


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you publishing?"),
        choices=MaterialPage.Kind.choices,
        widget=forms.RadioSelect,
        initial=MaterialPage.Kind.ARTICLE,
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=500,
        help_text=_("One or two sentences for the list of materials."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=50_000,
        help_text=_("Plain text; an empty line starts a new paragraph."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    questions = forms.CharField(
        label=_("Questions of the test"),
        required=False,
        max_length=20_000,
        help_text=QUIZ_HELP,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": QUIZ_PLACEHOLDER}),
    )
    # Filled by the uploader once the file is complete (the library video's id).
    video = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**63 - 1
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # a material keeps its kind
            self.fields["kind"].disabled = True
