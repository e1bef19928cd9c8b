"""Bookings: points credited or debited directly on an account, and level (status) bookings."""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from loyalty_async.convercus.enums import BookingType, IdType
from loyalty_async.convercus.errors import TransactionRejectedError
from loyalty_async.convercus.models.earn_burn import Booking, LevelBooking
from loyalty_async.convercus.services.base import AccountRef, ConvercusService, RequestOptions, twin
from loyalty_async.errors import OutcomeUnknownError
from loyalty_async.recipes import exactly_once


class BookingsService(ConvercusService, prefix="bookings"):
    """Points bookings and level bookings.

    A booking that may have reached the server is never sent again (no de-duplication):
    the call raises ``OutcomeUnknownError``; ask :meth:`reconcile` before sending it again.
    Every booking carries a ``referenceId`` (yours, or one minted per call).
    """

    _refusals = TransactionRejectedError

    async def create(
        self, account: AccountRef, *, booking_type: BookingType | str, points: int,
        booking_type_code: str | None = None, reason: str | None = None,
        reference_id: str | None = None, partner_id: str | None = None, store_id: str | None = None,
        id_type: IdType | str | None = None, **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Credit (``EARNBOOKING``) or debit (``BURNBOOKING``) points > 0; return the booking id."""

    create_deprecated = twin(create, "bookings.create_deprecated")

    async def list(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[Booking]:  # fmt: skip
        """The account's bookings (one bare array, ``[]`` when there are none)."""

    async def list_level_bookings(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[LevelBooking]:  # fmt: skip
        """The account's level (status points) bookings."""

    async def create_level_booking(
        self, account: AccountRef, *, booking_type: BookingType | str, points: int,
        reason: str | None = None, reference_id: str | None = None,
        id_type: IdType | str | None = None, **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Book status points; return the id. Same rules as :meth:`create` (inferred body)."""

    create_level_booking_deprecated = twin(
        create_level_booking, "bookings.create_level_booking_deprecated"
    )

    async def find_by_reference(
        self, account: AccountRef, reference_id: str, *, id_type: IdType | str | None = None
    ) -> builtins.list[Booking]:
        """The account's bookings carrying ``reference_id`` (``[]``: none was booked)."""
        return await exactly_once.find_bookings(self, account, reference_id, id_type=id_type)

    async def reconcile(
        self, error: OutcomeUnknownError, *, settle: float | None = None
    ) -> builtins.list[Booking]:
        """The bookings matching the unknown booking ``error`` (same reference, type, points).

        ``[]``: not booked, send it again with the same ``reference_id``; one: it was. Waits
        out the settle window first (:mod:`loyalty_async.recipes.exactly_once`).
        """
        return await exactly_once.reconcile_booking(self, error, settle=settle)
