from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZoomPoolConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.zoompool"
    label = "zoompool"
    verbose_name = _("Zoom accounts")

    def ready(self) -> None:
        # The pool sits above the timetable: it plugs its capacity check and its video room
        # into the timetable's registry (the timetable imports nothing of the pool).
        from learning.schedule import extensions

        from .services import check_capacity
        from .video_room import ZoomVideoRoom

        extensions.register_capacity_check(check_capacity)
        extensions.register_video_room(ZoomVideoRoom())
