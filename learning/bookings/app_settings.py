"""Bookings' settings, each declared once with its default (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class BookingsSettings(AppSettings):
    BOOKINGS_CONFIRM_HOURS = Setting(
        int, 24, "Hours a tutor has to confirm a booking (never past the lesson's start)."
    )
    BOOKINGS_PAYMENT_HOLD_MINUTES = Setting(
        int, 30, "Minutes a paid booking holds its slot while the learner pays (Stripe: 30+)."
    )
    BOOKINGS_WINDOW_DAYS = Setting(int, 14, "How far ahead learners may book.")
    BOOKINGS_LESSON_MINUTES = Setting(int, 60, "The length of a booked lesson (a free slot).")


app_settings = BookingsSettings()
