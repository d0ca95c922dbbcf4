from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import signals  # noqa: F401


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app (in INSTALLED_APPS instead of "wagtail.users"), with the user
    screens of accounts.admin_views: nobody deactivates or deletes the last administrator."""

    user_viewset = "accounts.admin_views.UserViewSet"
