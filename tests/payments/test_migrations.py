"""The migration to "one pending order per learner and course" resolves the duplicates that
simultaneous checkouts left, and moves refunds remembered on events to the payment rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ..courses.factories import CoursePageFactory
from ..factories import StudentFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("payments", "0002_order_cancelled_refund_reason_stripe_payment_rejected_webhook")]
AFTER = [("payments", "0004_one_pending_order_per_learner_and_course")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_duplicate_pending_orders_are_cancelled_and_refunds_moved(catalog):
    learner, other = StudentFactory(verified=True), StudentFactory(verified=True)
    course = CoursePageFactory(parent=catalog, price=Decimal("990"))
    apps = migrate(BEFORE)
    try:
        Order = apps.get_model("payments", "Order")
        StripeEvent = apps.get_model("payments", "StripeEvent")
        now = timezone.now()

        def order(user, **extra):
            return Order.objects.create(
                user_id=user.pk,
                course_id=course.pk,
                email=user.email,
                course_title="Алгебра",
                amount=Decimal("990"),
                currency="RUB",
                **extra,
            )

        # Three "Buy" clicks at once left three pending orders; only one page is still open.
        live = order(
            learner, checkout_url="https://x/1", checkout_expires_at=now + timedelta(hours=1)
        )
        newest_no_page = order(learner)
        expired = order(
            learner, checkout_url="https://x/3", checkout_expires_at=now - timedelta(hours=1)
        )
        single = order(other)
        StripeEvent.objects.create(
            event_id="evt_old", type="charge.refunded", payment_intent="pi_old", order_id=single.pk
        )
    finally:
        apps = migrate(AFTER)

    Order = apps.get_model("payments", "Order")
    status = dict(Order.objects.values_list("pk", "status"))
    assert status == {
        live.pk: "pending",
        newest_no_page.pk: "cancelled",
        expired.pk: "cancelled",
        single.pk: "pending",
    }
    assert Order.objects.get(pk=expired.pk).cancelled_at is not None
    payment = apps.get_model("payments", "StripePayment").objects.get()
    assert (payment.payment_intent, payment.order_id) == ("pi_old", single.pk)
    assert payment.refunded_at is not None
    # The guarantee now holds in the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=expired.pk).update(status="pending")
