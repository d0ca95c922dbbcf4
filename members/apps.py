from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from home import page_cache


def purge_page_cache_on_commit(created: bool = False, **kwargs) -> None:
    """Someone chose who sees their profile: cached anonymous pages link their name to it or
    not (the review lists), so they are stale once the choice commits. A new account's
    settings (made with its defaults at sign-up) change no page: purging then would empty
    every cached page and part at each sign-up."""
    if not created:
        transaction.on_commit(page_cache.purge)


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Member profiles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from accounts.models import ProfileSettings

        post_save.connect(
            purge_page_cache_on_commit,
            sender=ProfileSettings,
            dispatch_uid="members.visibility-cache",
        )
