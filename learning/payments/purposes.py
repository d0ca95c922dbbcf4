"""What an order pays for besides a course: a registry the apps above payments fill.

Payments sits below the apps that sell other things (``learning.bookings`` sells lessons) and
never imports them. Such an app registers a purpose in its ``AppConfig.ready()``:

    purposes.register("booking", on_paid=..., on_refunded=...)

- ``on_paid(order) -> bool``: called when Stripe says the order is paid, inside the
  transaction that holds the order's row lock. True: the payment bought what it was for.
  False: that is gone (declined, lapsed, cancelled before the money came), so payments gives
  the money back after the commit (``RefundReason.WITHDRAWN``).
- ``on_refunded(order)``: the money went back (the portal's refund, or one made in Stripe's
  dashboard), inside the same kind of transaction; the purpose's app tells the person.

Orders of the course purpose (``Order.COURSE``) keep their own path: the enrollment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Order


@dataclass(frozen=True)
class Purpose:
    on_paid: Callable[[Order], bool]
    on_refunded: Callable[[Order], None]


_purposes: dict[str, Purpose] = {}


def register(
    name: str, *, on_paid: Callable[[Order], bool], on_refunded: Callable[[Order], None]
) -> None:
    _purposes[name] = Purpose(on_paid, on_refunded)


def get(name: str) -> Purpose | None:
    return _purposes.get(name)
