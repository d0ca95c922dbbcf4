"""The cabinet's "New video" form (input only; the rules are in videos.uploads.pages)."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_TAGS = 10


class NewVideoForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas."),
    )
    # Filled by the uploader once the file is complete (the library video's id).
    video = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**63 - 1,
        error_messages={"required": _("Upload the video first.")},
    )

    def clean_tags(self) -> list[str]:
        tags = []
        for tag in self.cleaned_data["tags"].split(","):
            tag = " ".join(tag.split())[:100]
            if tag and tag.lower() not in {existing.lower() for existing in tags}:
                tags.append(tag)
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(count)d tags.") % {"count": MAX_TAGS})
        return tags
