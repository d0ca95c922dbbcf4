"""Reading orders: one's own list, and paid money per currency for the admin."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from ..models import Order


def orders_of(user) -> QuerySet[Order]:
    return Order.objects.filter(user=user).order_by("-created_at", "-pk")


def paid_totals(orders: QuerySet[Order]) -> list[dict[str, Any]]:
    """Paid money per currency: [{"currency": "RUB", "total": Decimal, "count": n}, ...]."""
    return list(
        orders.filter(status=Order.Status.PAID)
        .order_by()
        .values("currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("currency")
    )
