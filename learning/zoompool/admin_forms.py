"""The pool account's admin form: secrets are typed, never shown."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from .models import ZoomAccount

SECRET_FIELDS = ("client_secret", "webhook_secret_token")


class ZoomAccountForm(WagtailAdminModelForm):
    """Secrets are typed, never shown: a blank field keeps what is stored."""

    client_secret = forms.CharField(
        label=gettext_lazy("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    webhook_secret_token = forms.CharField(
        label=gettext_lazy("Webhook secret token"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = ZoomAccount
        fields = [
            "label",
            "account_id",
            "client_id",
            "client_secret",
            "webhook_secret_token",
            "zoom_user_id",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SECRET_FIELDS:
            self.initial.pop(name, None)  # never sent to the browser
            stored = bool(self.instance.pk and getattr(self.instance, name))
            self.fields[name].help_text = (
                _("Stored encrypted and never shown. Leave blank to keep the current one.")
                if stored
                else _("Stored encrypted and never shown.")
            )
        self.fields["client_secret"].required = not self.instance.pk

    def _keep_or_take(self, name: str) -> str:
        value = self.cleaned_data.get(name) or ""
        return value or (getattr(self.instance, name) if self.instance.pk else "")

    def clean_client_secret(self) -> str:
        value = self._keep_or_take("client_secret")
        if not value:
            raise forms.ValidationError(_("Enter the app's client secret."))
        return value

    def clean_webhook_secret_token(self) -> str:
        return self._keep_or_take("webhook_secret_token")
