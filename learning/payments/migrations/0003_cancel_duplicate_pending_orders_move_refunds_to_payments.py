"""Make way for "one pending order per learner and course" (0004) and move the refunds
remembered on events to the payment rows the webhooks now lock.

Duplicate pending orders (several "Buy" requests at once) keep one: the newest whose
checkout page is still open, else the newest. The others become cancelled; their pages may
still be paid, and a payment of a cancelled order is handled like any other (a second
payment for the same course is refunded automatically).
"""

from django.db import migrations
from django.db.models import Count
from django.utils import timezone


def cancel_duplicate_pending_orders(apps, schema_editor):
    Order = apps.get_model("payments", "Order")
    now = timezone.now()
    groups = (
        Order.objects.filter(status="pending", user__isnull=False, course__isnull=False)
        .values("user", "course")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    for group in groups:
        pending = list(
            Order.objects.filter(status="pending", user=group["user"], course=group["course"])
        )

        def rank(order):
            open_page = bool(order.checkout_url) and (
                order.checkout_expires_at is None or order.checkout_expires_at > now
            )
            return (open_page, order.created_at, order.pk)

        keep = max(pending, key=rank)
        Order.objects.filter(pk__in=[o.pk for o in pending if o.pk != keep.pk]).update(
            status="cancelled", cancelled_at=now
        )


def move_refunds_to_payments(apps, schema_editor):
    StripeEvent = apps.get_model("payments", "StripeEvent")
    StripePayment = apps.get_model("payments", "StripePayment")
    refunds = (
        StripeEvent.objects.filter(type="charge.refunded")
        .exclude(payment_intent="")
        .order_by("received_at")
    )
    for event in refunds:
        StripePayment.objects.get_or_create(
            payment_intent=event.payment_intent,
            defaults={"refunded_at": event.received_at, "order_id": event.order_id},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_order_cancelled_refund_reason_stripe_payment_rejected_webhook"),
    ]

    operations = [
        migrations.RunPython(cancel_duplicate_pending_orders, migrations.RunPython.noop),
        migrations.RunPython(move_refunds_to_payments, migrations.RunPython.noop),
    ]
