from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import signals
        from .models import Comment

        post_save.connect(signals.thread_changed, sender=Comment, dispatch_uid="thread-kept")
        post_delete.connect(signals.thread_changed, sender=Comment, dispatch_uid="thread-kept-x")
