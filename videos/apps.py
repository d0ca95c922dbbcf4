from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideosConfig(AppConfig):
    name = "videos"
    verbose_name = _("Videos")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from courses.models import CourseMedia

        from . import signals
        from .models import Transcode
        from .services import transcode_requested

        post_save.connect(
            signals.media_saved, sender=CourseMedia, dispatch_uid="videos.transcode_new_file"
        )
        post_delete.connect(
            signals.transcode_deleted, sender=Transcode, dispatch_uid="videos.delete_outputs"
        )
        transcode_requested.connect(
            signals.transcode_requested, dispatch_uid="videos.enqueue_transcode"
        )
