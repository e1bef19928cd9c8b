"""Exactly once under faults: tell whether a Convercus write whose outcome is unknown happened.

A booking, a coupon redemption or a coupon assignation has no de-duplication key on the
server, so the SDK never sends one again once it may have landed: the call raises
:class:`~loyalty_async.errors.OutcomeUnknownError`, whose ``context`` names what was
written. These recipes read the server to answer "did it happen?" before you send it
again (the services offer each one as a method: ``client.bookings.reconcile(error)``)::

    try:
        await client.bookings.create(card, booking_type="EARNBOOKING", points=50,
                                     reference_id="order-7", id_type="CARDCODE")
    except OutcomeUnknownError as error:
        if not await client.bookings.reconcile(error):
            ...  # not booked: send it again, same reference_id

**Settle rule.** A server may still be working on the last attempt when the call gives
up; looking at once could answer "not done" about a write that is about to land. So each
``reconcile_*`` first waits until ``settle`` seconds (default: the client's
``reconcile_settle``, 2 s) have passed since the write gave up (``gave_up_at``, stamped
by :func:`stamped`); only then is "not found" an answer.

These are multi-call workflows built on the typed methods, so they live here rather
than in the per-operation service modules (``docs/convercus-earn-burn.md``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from loyalty_async.convercus.enums import CouponIdType, IdType
from loyalty_async.convercus.validation import check_aware
from loyalty_async.errors import NotFoundError, OutcomeUnknownError, ValidationError
from loyalty_async.operations.checks import check_id
from loyalty_async.operations.derive import stamped
from loyalty_async.operations.service import DEFAULT_PAGE_SIZE
from loyalty_async.transport.base import positive_seconds

if TYPE_CHECKING:
    from loyalty_async.convercus.models.coupons import CouponAssignment, CouponRedemption
    from loyalty_async.convercus.models.earn_burn import Booking, Transaction
    from loyalty_async.convercus.services.account_coupons import AccountCouponsService
    from loyalty_async.convercus.services.base import AccountRef, ConvercusService
    from loyalty_async.convercus.services.bookings import BookingsService
    from loyalty_async.convercus.services.coupons import CouponAssignmentsService
    from loyalty_async.convercus.services.transactions import TransactionsService

__all__ = [
    "DEFAULT_CLOCK_SKEW",
    "DEFAULT_SETTLE",
    "find_assignment",
    "find_bookings",
    "find_redemptions",
    "find_transaction",
    "reconcile_assignment",
    "reconcile_booking",
    "reconcile_redemption",
    "stamped",
]

#: Seconds a reconcile waits after a write gave up, by default (``reconcile_settle``).
DEFAULT_SETTLE = 2.0

#: How far the server's clock may be behind ours when matching a redemption by time.
DEFAULT_CLOCK_SKEW = dt.timedelta(seconds=30)

#: The operations each reconcile answers for.
BOOKING_CREATES = frozenset({"bookings.create", "bookings.create_deprecated"})
REDEEMS = frozenset(
    {
        "account_coupons.redeem",
        "account_coupons.redeem_v2",
        "account_coupons.redeem_deprecated",
        "account_coupons.redeem_put_deprecated",
        "account_coupons.redeem_put_deprecated_2",
    }
)
ASSIGNS = frozenset({"coupons.assignments.assign"})


# ---------------------------------------------------------------------- bookings


async def find_bookings(
    bookings: BookingsService,
    account: AccountRef,
    reference_id: str,
    *,
    id_type: IdType | str | None = None,
) -> list[Booking]:
    """The account's bookings carrying ``reference_id`` (``[]``: none was booked)."""
    wanted = check_id(reference_id, "reference_id")
    return [b for b in await bookings.list(account, id_type=id_type) if b.reference_id == wanted]


async def reconcile_booking(
    bookings: BookingsService, error: OutcomeUnknownError, *, settle: float | None = None
) -> list[Booking]:
    """The bookings matching the unknown booking ``error`` (same reference, type, points).

    ``[]``: it was not booked and may be sent again with the same ``reference_id``; one
    booking: it was. Waits out the settle window first.
    """
    context = _unknown(error, BOOKING_CREATES, "a points booking").context
    if not context.get("reference_id"):
        raise ValidationError("the booking names no reference_id", field="error")
    await _settled(bookings, error, settle)
    found = await find_bookings(
        bookings, context["account"], context["reference_id"], id_type=context.get("id_type")
    )
    return [
        b
        for b in found
        if b.points in (None, context["points"])
        and (b.booking_type is None or b.booking_type == context["booking_type"])
    ]


# ---------------------------------------------------------------------- transactions


async def find_transaction(
    transactions: TransactionsService,
    account: AccountRef,
    external_id: str,
    *,
    id_type: IdType | str | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Transaction | None:
    """The account's transaction with this receipt id (``None``: never booked).

    Walks the account's transactions until it finds the receipt.
    """
    wanted = check_id(external_id, "external_id")
    async for transaction in transactions.list_for_account(
        account, id_type=id_type, page_size=page_size
    ):
        if transaction.external_id == wanted:
            return transaction
    return None


# ---------------------------------------------------------------------- coupon redemptions


async def find_redemptions(
    account_coupons: AccountCouponsService,
    account: str,
    *,
    account_coupon_id: str | None = None,
    transaction_external_id: str | None = None,
    redeemed_since: dt.datetime | None = None,
    id_type: IdType | str | None = None,
) -> list[CouponRedemption]:
    """The account's redemptions that match every criterion given.

    A redemption that does not say its coupon, receipt or time is not excluded by that
    criterion (absence of evidence is not evidence).
    """
    account_coupon_id = _optional_id(account_coupon_id, "account_coupon_id")
    transaction_external_id = _optional_id(transaction_external_id, "transaction_external_id")
    if redeemed_since is not None:
        check_aware(redeemed_since, "redeemed_since")
    redemptions = await account_coupons.list_redemptions_for_account(account, id_type=id_type)
    return [
        r
        for r in redemptions
        if _matches(r.account_coupon_id, account_coupon_id)
        and _matches(r.transaction_external_id, transaction_external_id)
        and (redeemed_since is None or r.redeemed_at is None or r.redeemed_at >= redeemed_since)
    ]


async def reconcile_redemption(
    account_coupons: AccountCouponsService,
    error: OutcomeUnknownError,
    *,
    clock_skew: dt.timedelta = DEFAULT_CLOCK_SKEW,
    settle: float | None = None,
) -> list[CouponRedemption]:
    """The redemptions matching the unknown redemption ``error``.

    Same account coupon (for a coupon id), same ``transaction_external_id`` when one was
    given, redeemed no earlier than the call started (less ``clock_skew``). ``[]``: it did
    not happen and may be sent again; a match: it did. When the redeem named no account,
    the account coupon is read to find it. Waits out the settle window first.
    """
    context = _unknown(error, REDEEMS, "a coupon redemption").context
    if not isinstance(clock_skew, dt.timedelta):
        raise ValidationError(
            f"clock_skew must be a timedelta, got {clock_skew!r}", field="clock_skew"
        )
    await _settled(account_coupons, error, settle)
    account = context.get("account")
    coupon_id = context["coupon"] if context["id_type"] == CouponIdType.ID.value else None
    if account is None:
        if coupon_id is None:
            raise ValidationError("the redemption names no account", field="error")
        account = (await account_coupons.get(coupon_id)).account_id
        if account is None:
            raise ValidationError(
                f"account coupon {coupon_id} does not say its account", field="error"
            )
    started: dt.datetime = context["started_at"]
    return await find_redemptions(
        account_coupons,
        account,
        account_coupon_id=coupon_id,
        transaction_external_id=context.get("transaction_external_id"),
        redeemed_since=started - clock_skew,
    )


# ---------------------------------------------------------------------- coupon assignations


async def find_assignment(
    assignments: CouponAssignmentsService, coupon_id: str, account: str
) -> CouponAssignment | None:
    """The account's assignation to the coupon, or ``None`` if it has none."""
    try:
        return await assignments.get(coupon_id, account)
    except NotFoundError:
        return None


async def reconcile_assignment(
    assignments: CouponAssignmentsService,
    error: OutcomeUnknownError,
    *,
    settle: float | None = None,
) -> CouponAssignment | None:
    """The assignation if the unknown assignation ``error`` happened (``None``: it did not).

    An account that held the coupon before the call also returns its assignation. Waits
    out the settle window first.
    """
    _unknown(error, ASSIGNS, "a coupon assignation")
    await _settled(assignments, error, settle)
    return await find_assignment(assignments, error.context["coupon_id"], error.context["account"])


# ---------------------------------------------------------------------- shared


def _unknown(error: Any, operations: Collection[str], what: str) -> OutcomeUnknownError:
    """``error`` if it is the unknown outcome of one of ``operations`` (else refused)."""
    if not isinstance(error, OutcomeUnknownError):
        raise ValidationError(
            f"error must be the OutcomeUnknownError a call raised, got {type(error).__name__}",
            field="error",
        )
    if error.operation not in operations:
        raise ValidationError(
            f"only {what} can be reconciled here, not {error.operation!r}", field="error"
        )
    return error


async def _settled(
    service: ConvercusService, error: OutcomeUnknownError, settle: float | None
) -> None:
    """Wait until ``settle`` seconds (default: the client's) have passed since the give-up."""
    given = service.reconcile_settle if settle is None else settle
    seconds = positive_seconds(given, or_zero=True)
    if seconds is None:
        raise ValidationError(
            f"settle must be a finite number of seconds >= 0, got {given!r}", field="settle"
        )
    if not seconds:
        return
    gave_up = error.context.get("gave_up_at")
    if not isinstance(gave_up, dt.datetime):
        # Not stamped by a service (raised by client.call, or built by hand): when it
        # gave up is unknown, so the whole window is waited for.
        await asyncio.sleep(seconds)
        return
    remaining = seconds - (dt.datetime.now(dt.UTC) - gave_up).total_seconds()
    if remaining > 0:
        await asyncio.sleep(remaining)


def _optional_id(value: Any, field: str) -> str | None:
    return None if value is None else check_id(value, field)


def _matches(value: str | None, wanted: str | None) -> bool:
    return wanted is None or value is None or value == wanted
