"""Earn and burn: transactions (receipts), their items, and direct points bookings.

Money is ``Decimal`` end to end and points are ``int``. :class:`TransactionRequest` is what
you send; :class:`Transaction` is what the server answers and lists. Fields a response
leaves out stay ``None``.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from loyalty_async.convercus.enums import BookingType, TransactionType
from loyalty_async.convercus.validation import (
    check_amount,
    check_aware,
    check_currency,
    check_enum,
    check_optional_text,
    check_points,
    check_text,
)
from loyalty_async.errors import ValidationError
from loyalty_async.modeling import OpenEnum, camel
from loyalty_async.operations.checks import field_check


class LineItemType(OpenEnum):
    """A receipt line: a sale, or a returned article (returns are their own lines)."""

    SALE = "SALE"
    RETURN = "RETURN"


@attrs.define
class LineItem:
    """One line of a receipt. ``extended_amount`` is the line total that earns points.

    The transaction ``amount`` must equal the sum of its lines' ``extended_amount``.
    """

    extended_amount: Decimal | None = None
    item_id: str | None = None
    description: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    type: LineItemType | None = None


@attrs.define
class TenderItem:
    """How (part of) a receipt was paid: ``type`` (e.g. ``CASH``, ``CARD``) and ``amount``."""

    type: str | None = None
    amount: Decimal | None = None


@attrs.define
class LinkedTransaction:
    """The earlier transaction a receipt refers to (a return): by external or technical id."""

    external_id: str | None = None
    transaction_id: str | None = None


@attrs.define
class TransactionRequest:
    """A receipt to book, preview or send without an account.

    ``external_id`` is the receipt's unique id across the program (the "Bon ID"): the
    server books a receipt once per external id, which is what makes resending safe.
    Leave it ``None`` and the SDK mints one (a UUID) per call, reused by every attempt.
    ``transaction_time`` must carry a UTC offset; ``None`` means now (taken once per call).
    ``receipt_image`` is sent base64-encoded as ``receiptImageData``.
    """

    transaction_type: TransactionType | str
    amount: Decimal
    currency_code: str
    external_id: str | None = None
    transaction_time: dt.datetime | None = None
    value_time: dt.datetime | None = None
    reason: str | None = None
    line_items: list[LineItem] = attrs.Factory(list)
    tender_items: list[TenderItem] = attrs.Factory(list)
    linked_transaction: LinkedTransaction | None = None
    receipt_image: bytes | None = None
    receipt_image_url: str | None = None

    def checked(self, *, mint: bool) -> TransactionRequest:
        """The receipt validated and completed for sending (refused before any request).

        ``mint`` gives a receipt without ``external_id`` a fresh one and a missing
        ``transaction_time`` the current time (a preview books nothing and needs
        neither). Refused: an unknown type, a float or non-finite amount, a bad currency,
        a naive time, and an ``amount`` that differs from the sum of the line items'
        ``extended_amount``.
        """
        kind = check_enum(self.transaction_type, TransactionType, "transaction_type")
        amount = check_amount(self.amount, "amount")
        external_id = check_optional_text(self.external_id, "external_id")
        if external_id is None and mint:
            external_id = str(uuid.uuid4())
        when = self.transaction_time
        if when is None and mint:
            when = dt.datetime.now(dt.UTC)
        image, url = self.receipt_image, self.receipt_image_url
        if image is not None and url is not None:
            raise ValidationError(
                "give receipt_image or receipt_image_url, not both", field="receipt_image"
            )
        if image is not None and (not isinstance(image, bytes | bytearray) or not image):
            raise ValidationError("receipt_image must be non-empty bytes", field="receipt_image")
        return TransactionRequest(
            transaction_type=kind,
            amount=amount,
            currency_code=check_currency(self.currency_code, "currency_code"),
            external_id=external_id,
            transaction_time=None if when is None else check_aware(when, "transaction_time"),
            value_time=_optional(self.value_time, check_aware, "value_time"),
            reason=check_optional_text(self.reason, "reason"),
            line_items=_line_items(self.line_items, amount),
            tender_items=[
                _tender_item(item, f"tender_items[{i}]") for i, item in enumerate(self.tender_items)
            ],
            linked_transaction=_linked(self.linked_transaction),
            receipt_image=None if image is None else bytes(image),
            receipt_image_url=_optional(url, check_text, "receipt_image_url"),
        )


@attrs.define
class Transaction:
    """A booked (or previewed) transaction.

    ``points`` is how many points it earned, or for ``PAYWITHPOINTS`` how many it took
    (a positive number either way). A preview has no ``transaction_id``.
    """

    transaction_id: str | None = None
    external_id: str | None = None
    account_id: str | None = None
    transaction_type: TransactionType | None = None
    amount: Decimal | None = None
    currency_code: str | None = None
    points: int | None = None
    transaction_time: dt.datetime | None = None
    value_time: dt.datetime | None = None
    reason: str | None = None
    line_items: list[LineItem] = attrs.Factory(list)
    tender_items: list[TenderItem] = attrs.Factory(list)
    linked_transaction: LinkedTransaction | None = None


@attrs.define
class BookingPartner:
    """The partner a booking was made for."""

    partner_id: str | None = None
    name: str | None = None


@attrs.define
class BookingStore:
    """The store a booking was made in."""

    store_id: str | None = None
    name: str | None = None


@attrs.define
class Booking:
    """A points booking on an account (earn or burn), as listed by the server."""

    booking_id: str | None = None
    booking_time: dt.datetime | None = None
    value_time: dt.datetime | None = None
    booking_type: BookingType | None = None
    booking_type_code: str | None = None
    points: int | None = None
    reason: str | None = None
    reference_id: str | None = None
    interaction_id: str | None = None
    locked: bool | None = None
    partner: BookingPartner | None = None
    store: BookingStore | None = None


@attrs.define
class LevelBooking:
    """A booking of status (level) points on an account.

    No source shows its shape; the fields mirror :class:`Booking`, and a response that
    names the id ``levelBookingId`` fills ``level_booking_id`` instead of ``booking_id``.
    """

    booking_id: str | None = None
    level_booking_id: str | None = None
    booking_time: dt.datetime | None = None
    value_time: dt.datetime | None = None
    booking_type: BookingType | None = None
    points: int | None = None
    reason: str | None = None
    reference_id: str | None = None


def _optional(value: Any, check: Callable[[Any, str], Any], field: str) -> Any:
    return None if value is None else check(value, field)


def _line_items(items: Sequence[LineItem], amount: Decimal) -> list[LineItem]:
    lines: list[LineItem] = []
    total = Decimal(0)
    for i, item in enumerate(items):
        where = f"line_items[{i}]"
        if not isinstance(item, LineItem):
            raise ValidationError(f"{where} must be a LineItem", field=where)
        if item.extended_amount is None:
            raise ValidationError(f"{where}.extended_amount is required", field=where)
        extended = check_amount(item.extended_amount, f"{where}.extended_amount")
        total += extended
        lines.append(
            LineItem(
                extended_amount=extended,
                item_id=_optional(item.item_id, check_text, f"{where}.item_id"),
                description=item.description,
                quantity=_optional(item.quantity, check_amount, f"{where}.quantity"),
                unit_price=_optional(item.unit_price, check_amount, f"{where}.unit_price"),
                type=None
                if item.type is None
                else check_enum(item.type, LineItemType, f"{where}.type"),
            )
        )
    if total != amount and lines:
        raise ValidationError(
            f"amount {amount} differs from the sum of the line items' extended_amount "
            f"({total}); the receipt total must equal its lines",
            field="amount",
        )
    return lines


def _tender_item(item: TenderItem, where: str) -> TenderItem:
    if not isinstance(item, TenderItem):
        raise ValidationError(f"{where} must be a TenderItem", field=where)
    kind = check_text(item.type, f"{where}.type")
    if item.amount is None:
        raise ValidationError(f"{where}.amount is required", field=where)
    return TenderItem(type=kind, amount=check_amount(item.amount, f"{where}.amount"))


def _linked(linked: LinkedTransaction | None) -> LinkedTransaction | None:
    if linked is None:
        return None
    if not isinstance(linked, LinkedTransaction):
        raise ValidationError(
            "linked_transaction must be a LinkedTransaction", field="linked_transaction"
        )
    if (linked.external_id is None) == (linked.transaction_id is None):
        raise ValidationError(
            "linked_transaction needs exactly one of external_id and transaction_id",
            field="linked_transaction",
        )
    if linked.external_id is not None:
        return LinkedTransaction(
            external_id=check_text(linked.external_id, "linked_transaction.external_id")
        )
    return LinkedTransaction(
        transaction_id=check_text(linked.transaction_id, "linked_transaction.transaction_id")
    )


def _write_transaction_request() -> None:
    """Empty item lists are left out; a receipt image goes base64 as ``receiptImageData``."""
    base: Callable[[Any], dict[str, Any]] = camel.get_unstructure_hook(TransactionRequest)

    def unstructure(request: TransactionRequest) -> dict[str, Any]:
        body = base(request)
        for key in ("lineItems", "tenderItems"):
            if not body.get(key):
                body.pop(key, None)
        image = body.pop("receiptImage", None)
        if image is not None:
            body["receiptImageData"] = base64.b64encode(image).decode("ascii")
        return body

    camel.register_unstructure_hook(TransactionRequest, unstructure)


_write_transaction_request()


def _booking_type(value: Any) -> BookingType:
    return check_enum(value, BookingType, "booking_type")


def _positive_points(instance: Any, attribute: Any, value: Any) -> None:
    check_points(value, attribute.name, positive=True)


_text = field_check(check_text, optional=True)


def _minted(value: Any) -> Any:
    return str(uuid.uuid4()) if value is None else value


@attrs.define
class NewBooking:
    """A points booking to make: credit (``EARNBOOKING``) or debit (``BURNBOOKING``).

    ``points`` is a whole number above zero. ``reference_id`` is what finds the booking
    again after a lost answer: left ``None``, a fresh one (a UUID) is minted when the
    booking is built, so every attempt of one call carries the same.
    """

    #: What identifies a booking whose outcome is unknown (its error's ``context``; what
    #: ``bookings.reconcile`` matches).
    outcome_keys: ClassVar[tuple[str, ...]] = ("reference_id", "booking_type", "points")

    booking_type: BookingType = attrs.field(converter=_booking_type)
    points: int = attrs.field(validator=_positive_points)
    booking_type_code: str | None = attrs.field(default=None, validator=_text)
    reason: str | None = attrs.field(default=None, validator=_text)
    reference_id: str = attrs.field(default=None, converter=_minted, validator=_text)
    partner_id: str | None = attrs.field(default=None, validator=_text)
    store_id: str | None = attrs.field(default=None, validator=_text)
