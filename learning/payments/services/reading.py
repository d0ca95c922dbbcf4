"""Reading orders: one's own list, and paid money per currency for the admin."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet, Sum

from ..models import Order


def orders_of(user) -> QuerySet[Order]:
    return Order.objects.filter(user=user).order_by("-created_at", "-pk")


def paid_totals(orders: QuerySet[Order]) -> list[dict[str, Any]]:
    """Paid money kept per currency, whatever the gateway: what paid orders took less what
    was given back in part (a whole refund makes the order refunded, out of the sum).
    [{"currency": "RUB", "total": Decimal, "count": n}, ...]."""
    return list(
        orders.filter(status=Order.Status.PAID)
        .order_by()
        .values("currency")
        .annotate(total=Sum(F("amount") - F("refunded_amount")), count=Count("pk"))
        .order_by("currency")
    )
