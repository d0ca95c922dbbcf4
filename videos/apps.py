from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideosConfig(AppConfig):
    name = "videos"
    verbose_name = _("Videos")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from courses.models import CourseMedia

        from . import signals
        from .services import transcode_requested

        post_save.connect(
            signals.media_saved, sender=CourseMedia, dispatch_uid="videos.transcode_new_file"
        )
        transcode_requested.connect(
            signals.transcode_requested, dispatch_uid="videos.enqueue_transcode"
        )
