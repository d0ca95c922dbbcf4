from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0003_cancel_duplicate_pending_orders_move_refunds_to_payments"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="order",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending")),
                fields=("user", "course"),
                name="one_pending_order_per_learner_and_course",
            ),
        ),
        # Refunds seen by payment intent live on StripePayment now (0003 moved them).
        migrations.RemoveField(model_name="stripeevent", name="payment_intent"),
    ]
