from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from . import signals

        page_published.connect(signals.page_published, dispatch_uid="community.page_published")
        signals.connect_comments()
