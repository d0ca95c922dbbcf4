from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.bookings"
    label = "bookings"
    verbose_name = _("Bookings")

    def ready(self) -> None:
        # Bookings sit above payments and the timetable: they plug into payments' purposes
        # (a paid booking's order) and the timetable's busy time (a held slot is not free).
        from learning.payments import purposes
        from learning.schedule import extensions

        from . import services

        purposes.register(
            services.PURPOSE, on_paid=services.booking_paid, on_refunded=services.booking_refunded
        )
        extensions.register_busy_time(services.held_spans)
