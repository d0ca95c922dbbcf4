from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZoomPoolConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.zoompool"
    label = "zoompool"
    verbose_name = _("Zoom accounts")
