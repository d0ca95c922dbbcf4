"""What payments tell the learner: the receipt of a payment and its refund.

Through ``accounts.services.notify`` under the "payments" switch, keyed by the order, so the
webhook and the success page (or a retried refund) tell the learner once. A purchase's
receipt is also its enrolment notice: the enrollment app leaves purchases to it.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.services import notify

from .models import Order

KIND = "payments"


def _language(order: Order) -> str:
    course = order.course
    return course.locale.language_code if course is not None else settings.LANGUAGE_CODE


def receipt(order: Order) -> None:
    """The payment went through and the course is open."""
    if order.user is None:
        return
    with translation.override(_language(order)):
        context = {"course": order.course_title, "amount": order.amount_display}
        title = _("Payment received: you are enrolled in “%(course)s”") % context
        body = (
            _(
                "We received %(amount)s for “%(course)s”. The course is in My courses; the "
                "receipt is in your orders."
            )
            % context
        )
        url = reverse("cabinet:receipt", kwargs={"order_id": order.pk})
    notify(order.user, KIND, title, body=body, url=url, key=f"order:{order.pk}:paid")


def refunded(order: Order) -> None:
    """The money goes back: a second payment for a course the learner had, or a refund."""
    if order.user is None:
        return
    with translation.override(_language(order)):
        context = {"course": order.course_title, "amount": order.amount_display}
        if order.is_duplicate_payment:
            title = _("Your second payment for “%(course)s” is refunded") % context
            body = (
                _(
                    "You already had this course, so the payment of %(amount)s goes back to "
                    "your card and your access stays as it is. Banks usually take 5–10 days "
                    "to show it."
                )
                % context
            )
        else:
            title = _("Your payment for “%(course)s” is refunded") % context
            body = (
                _(
                    "%(amount)s goes back to your card; banks usually take 5–10 days to show "
                    "it. The course's lessons are closed to you now."
                )
                % context
            )
        url = reverse("cabinet:receipt", kwargs={"order_id": order.pk})
    # Keyed: the webhook and the portal's own refund may both get here; one notice.
    notify(order.user, KIND, title, body=body, url=url, key=f"order:{order.pk}:refunded")
