"""The one interface every payment gateway speaks (Stripe, YooKassa, PayPal).

A gateway module turns the portal's gateway-neutral order into its provider's calls and its
provider's answers back into the values below. It never touches the database: the services
(``learning.payments.services``) read and write orders, refunds and receipts, lock rows and
decide; a gateway only talks to its provider. Any failure to reach or use the provider is a
``GatewayError``; a notification that does not check out is a ``WebhookError`` (or its
``MalformedEvent``).

The words, the same for every gateway:

- **checkout id**: the provider's id of what the buyer is sent to pay (a Stripe Checkout
  session, a YooKassa payment, a PayPal order); kept on the order.
- **payment id**: the provider's id of the money taken (a Stripe payment intent, a YooKassa
  payment, a PayPal capture); refunds name it.
- **state**: pending (not paid yet), authorized (held, to be captured), paid, failed
  (cancelled, expired, declined: nothing taken). A paid payment may be refunded in part or
  in whole (``refunded``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from django.utils.functional import Promise


class PayableOrder(Protocol):
    """What a gateway reads of an order (``models.Order`` has it); gateways never import the
    models: they talk to their provider, the services keep the records."""

    pk: int
    user_id: int | None
    course_id: int | None
    purpose: str
    email: str
    course_title: str
    amount: Decimal
    currency: str
    checkout_id: str
    payment_id: str

    @property
    def amount_minor(self) -> int: ...

    @property
    def is_for_course(self) -> bool: ...


class State(StrEnum):
    PENDING = "pending"
    AUTHORIZED = "authorized"  # held on the card; capture() takes it (two-stage payments)
    PAID = "paid"
    FAILED = "failed"


class ReceiptStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    CANCELED = "canceled"


@dataclass(frozen=True)
class Receipt:
    """A fiscal receipt (54-FZ) the provider's cash register made for a payment or a refund.

    The fiscal attributes are what a printed receipt carries and what the tax service's
    check needs; ``url`` is a page showing the receipt, when the provider gives one.
    """

    receipt_id: str
    status: ReceiptStatus
    kind: str = "payment"  # or "refund"
    url: str = ""
    fiscal_document_number: str = ""
    fiscal_storage_number: str = ""
    fiscal_attribute: str = ""
    registered_at: datetime | None = None


@dataclass(frozen=True)
class Checkout:
    """Where to send the buyer to pay the order."""

    checkout_id: str
    url: str
    expires_at: datetime | None = None


@dataclass(frozen=True)
class PaymentStatus:
    """What the provider says about an order's payment, read from its API (or from a
    notification it signed, which carries the same)."""

    checkout_id: str
    state: State
    payment_id: str = ""
    amount: Decimal | None = None  # what was taken, in the order's currency
    currency: str = ""  # ISO code, upper case
    refunded: Decimal = Decimal(0)  # given back so far
    refund_ids: tuple[str, ...] = ()  # the provider's refunds of this payment, oldest first
    order_id: int | None = None  # our order's id, as the provider carries it (metadata)
    receipts: tuple[Receipt, ...] = ()

    @property
    def fully_refunded(self) -> bool:
        return self.amount is not None and self.refunded >= self.amount > 0


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    state: State  # PAID: the money went back; PENDING: on its way; FAILED: it did not
    amount: Decimal
    receipts: tuple[Receipt, ...] = ()


@dataclass(frozen=True)
class Notice:
    """A notification that checked out (its signature, or where it came from).

    ``key`` names the delivery's content (the provider's event id, or event and object):
    the services process a key once. The notice says which order's payment to look at;
    ``status`` is set only when the notification itself is proof of the state (signed and
    carrying it, as Stripe's); otherwise the services fetch the status from the API and act
    only on that.
    """

    key: str
    event: str
    checkout_id: str = ""
    payment_id: str = ""
    refund_id: str = ""
    order_id: int | None = None
    status: PaymentStatus | None = None
    extra: Mapping[str, object] = field(default_factory=dict)


class Gateway(ABC):
    """One payment provider. Instances are stateless; configuration is read on each call
    (tests change settings)."""

    name: ClassVar[str]  # "stripe", "yookassa", "paypal": stored on the order
    label: ClassVar[str | Promise]  # what the buyer sees on the button
    currencies: ClassVar[frozenset[str]]  # ISO codes it can take
    partial_refunds: ClassVar[bool] = True
    # The success page's query naming what was paid: our order by default; a gateway that
    # fills in its own id on its side says so (Stripe's {CHECKOUT_SESSION_ID}).
    return_query: ClassVar[str] = "order={ORDER_ID}"

    @abstractmethod
    def is_configured(self) -> bool:
        """Keys are set: it can take payments and hear their outcome."""

    def takes(self, currency: str) -> bool:
        return currency.upper() in self.currencies

    @abstractmethod
    def create_checkout(
        self,
        order: PayableOrder,
        *,
        return_url: str,
        cancel_url: str,
        locale: str,
        expires_at: datetime | None = None,
    ) -> Checkout:
        """Ask the provider for a payment of the order's amount, idempotently (a repeated
        call for one order and the same parameters gets the same checkout)."""

    @abstractmethod
    def fetch(self, order: PayableOrder) -> PaymentStatus:
        """The order's payment as the provider sees it now (by ``order.checkout_id``)."""

    def confirm(self, order: PayableOrder) -> PaymentStatus:
        """The buyer came back from the provider's page: what happened. A gateway whose
        payments must be captured on return (PayPal) captures here, idempotently."""
        return self.fetch(order)

    def capture(self, order: PayableOrder) -> PaymentStatus:
        """Take a held (authorized) payment; idempotent."""
        return self.fetch(order)

    @abstractmethod
    def refund(self, order: PayableOrder, amount: Decimal, *, key: str) -> RefundResult:
        """Give ``amount`` of the order's payment back; ``key`` makes the request
        idempotent (the same key never refunds twice)."""

    def close_checkout(self, order: PayableOrder) -> None:  # noqa: B027 (optional for a gateway)
        """Best effort: make the order's payment page unpayable (a newer checkout replaced
        it). Providers whose pages expire by themselves need nothing."""

    @abstractmethod
    def read_notification(
        self, body: bytes, headers: Mapping[str, str], remote_addr: str
    ) -> Notice:
        """Check a notification (signature or sender address) and say what it is about.
        Raises WebhookError for one that does not check out, MalformedEvent for a
        genuine one the services cannot use."""
