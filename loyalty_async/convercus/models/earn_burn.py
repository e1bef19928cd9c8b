"""Earn and burn: transactions (receipts), their items, and direct points bookings.

Money is ``Decimal`` end to end and points are ``int``. :class:`TransactionRequest` is what
you send; :class:`Transaction` is what the server answers and lists. Fields a response
leaves out stay ``None``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from loyalty_async.convercus.enums import BookingType, TransactionType
from loyalty_async.modeling import OpenEnum


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
