"""The Messages pages' form: input only; the rules (length, file kind and size, who may
write) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .app_settings import app_settings


class SendForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": app_settings.MESSAGING_MAX_LENGTH}),
    )
    attachment = forms.FileField(label=_("Attach a file"), required=False)
