from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published

        from accounts.models import StudentProfile

        from . import signals
        from .models import Follow, PostLike

        page_published.connect(signals.page_published, dispatch_uid="community.page_published")
        signals.connect_comments()
        # What is kept about a person (core.personal: the cabinet's feed preview) is made of
        # whom they follow, what they like and their interests.
        for model in (Follow, PostLike, StudentProfile):
            name = model.__name__
            post_save.connect(signals.person_changed, sender=model, dispatch_uid=f"c-{name}")
            post_delete.connect(signals.person_changed, sender=model, dispatch_uid=f"c-{name}-x")
