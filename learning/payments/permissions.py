"""Who may refund orders: the predicate the admin shows buttons by, the check services call.

A buyer's own orders are simply theirs: the cabinet's views select them by ``user``.
"""

from __future__ import annotations

from core.permissions import is_signed_in

from .errors import RefundNotAllowed

REFUND_PERMISSION = "payments.refund_order"


def can_refund(user) -> bool:
    """Staff with the "Can refund orders" permission (superusers have it)."""
    return bool(is_signed_in(user) and user.is_active and user.has_perm(REFUND_PERMISSION))


def require_refund(user) -> None:
    if not can_refund(user):
        raise RefundNotAllowed
