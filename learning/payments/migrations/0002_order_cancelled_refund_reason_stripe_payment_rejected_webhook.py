# New tables and fields only; the data is moved in 0003 and the old column and the new
# constraint come in 0004 (on PostgreSQL each migration is its own transaction).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="cancelled at"),
        ),
        migrations.AddField(
            model_name="order",
            name="refund_reason",
            field=models.CharField(
                blank=True,
                choices=[("duplicate", "Paid twice: the learner already had the course")],
                help_text=(
                    "Set when the portal gives this payment back by itself; a paid order with a "
                    "reason is waiting for its refund."
                ),
                max_length=16,
                verbose_name="automatic refund",
            ),
        ),
        migrations.AlterField(
            model_name="order",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("paid", "Paid"),
                    ("failed", "Failed"),
                    ("refunded", "Refunded"),
                    ("cancelled", "Cancelled"),
                ],
                default="pending",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.CreateModel(
            name="StripePayment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "payment_intent",
                    models.CharField(max_length=255, unique=True, verbose_name="payment intent"),
                ),
                (
                    "refunded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="refunded at"),
                ),
                (
                    "refund_id",
                    models.CharField(blank=True, max_length=255, verbose_name="Stripe refund"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "order",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="payments",
                        to="payments.order",
                        verbose_name="order",
                    ),
                ),
            ],
            options={
                "verbose_name": "Stripe payment",
                "verbose_name_plural": "Stripe payments",
            },
        ),
        migrations.CreateModel(
            name="RejectedWebhook",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "body_sha256",
                    models.CharField(max_length=64, unique=True, verbose_name="body SHA-256"),
                ),
                (
                    "body",
                    models.TextField(
                        help_text="As received (NUL bytes written as \\u0000; long bodies cut).",
                        verbose_name="body",
                    ),
                ),
                ("reason", models.CharField(max_length=255, verbose_name="reason")),
                (
                    "event_id",
                    models.CharField(blank=True, max_length=255, verbose_name="event id"),
                ),
                (
                    "event_type",
                    models.CharField(blank=True, max_length=100, verbose_name="event type"),
                ),
                ("deliveries", models.PositiveIntegerField(default=1, verbose_name="deliveries")),
                (
                    "received_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="first received at"),
                ),
                (
                    "last_received_at",
                    models.DateTimeField(auto_now=True, verbose_name="last received at"),
                ),
            ],
            options={
                "verbose_name": "rejected Stripe webhook",
                "verbose_name_plural": "rejected Stripe webhooks",
                "ordering": ["-last_received_at", "-pk"],
            },
        ),
    ]
