"""Bookings: points credited or debited directly on an account, and level (status) bookings."""

from __future__ import annotations

import builtins
from typing import Any

from loyalty_async.convercus.enums import BookingType, IdType
from loyalty_async.convercus.errors import TransactionRejectedError
from loyalty_async.convercus.models.earn_burn import Booking, LevelBooking
from loyalty_async.convercus.services.base import ConvercusService, mint_id, sends, twin
from loyalty_async.convercus.validation import (
    check_enum,
    check_optional_text,
    check_points,
    check_text,
)
from loyalty_async.errors import OutcomeUnknownError, ValidationError

_BOOKING_CREATES = frozenset({"bookings.create", "bookings.create_deprecated"})


class BookingsService(ConvercusService):
    """Create and list points bookings and level bookings.

    Convercus does not de-duplicate bookings, so a booking that may have reached the
    server is never sent again by the SDK: the call raises
    :class:`~loyalty_async.errors.OutcomeUnknownError` whose ``context`` holds the account,
    ``reference_id``, type and points. Ask :meth:`reconcile` (or :meth:`find_by_reference`)
    whether it was booked before you send it again. Every booking carries a
    ``referenceId``: yours, or one minted once per call, so a lost answer can be looked up.
    """

    _refusals = TransactionRejectedError

    @sends("bookings.create")
    async def create(
        self,
        account: str,
        *,
        booking_type: BookingType | str,
        points: int,
        booking_type_code: str | None = None,
        reason: str | None = None,
        reference_id: str | None = None,
        partner_id: str | None = None,
        store_id: str | None = None,
        id_type: IdType | str | None = None,
    ) -> str:
        """Book points on an account (``POST /v2/accounts/{id}/bookings``); returns the booking id.

        ``points`` is a whole number greater than zero; ``booking_type`` says whether it is
        credited (``EARNBOOKING``) or debited (``BURNBOOKING``).
        """
        return await self._create(
            "bookings.create", account, id_type, booking_type, points,
            booking_type_code=booking_type_code, reason=reason, reference_id=reference_id,
            partner_id=partner_id, store_id=store_id,
        )  # fmt: skip

    create_deprecated = twin(create, "bookings.create_deprecated")

    @sends("bookings.list")
    async def list(self, account: str, *, id_type: IdType | str | None = None) -> list[Booking]:
        """The account's bookings (one bare array, ``[]`` when there are none)."""
        ref, header = self._account(account, id_type)
        response = await self._send("bookings.list", path={"accountId": ref}, id_type=header)
        return self._structure_list(response, Booking)

    @sends("bookings.list_level_bookings")
    async def list_level_bookings(
        self, account: str, *, id_type: IdType | str | None = None
    ) -> builtins.list[LevelBooking]:
        """The account's level (status points) bookings."""
        ref, header = self._account(account, id_type)
        response = await self._send(
            "bookings.list_level_bookings",
            path={"accountId": ref},
            id_type=header,
        )
        return self._structure_list(response, LevelBooking)

    @sends("bookings.create_level_booking")
    async def create_level_booking(
        self,
        account: str,
        *,
        booking_type: BookingType | str,
        points: int,
        reason: str | None = None,
        reference_id: str | None = None,
        id_type: IdType | str | None = None,
    ) -> str:
        """Book status points (``POST /v2/accounts/{id}/levelbookings``); returns the id.

        Same rules as :meth:`create` (positive points, never resent); the body shape is
        inferred from points bookings.
        """
        return await self._create(
            "bookings.create_level_booking", account, id_type, booking_type, points,
            reason=reason, reference_id=reference_id,
        )  # fmt: skip

    create_level_booking_deprecated = twin(
        create_level_booking, "bookings.create_level_booking_deprecated"
    )

    # ------------------------------------------------------------------ reconciliation

    async def find_by_reference(
        self, account: str, reference_id: str, *, id_type: IdType | str | None = None
    ) -> builtins.list[Booking]:
        """The account's bookings carrying ``reference_id`` (``[]``: none was booked)."""
        wanted = check_text(reference_id, "reference_id")
        return [b for b in await self.list(account, id_type=id_type) if b.reference_id == wanted]

    async def reconcile(self, error: OutcomeUnknownError) -> builtins.list[Booking]:
        """Tell whether a booking whose outcome is unknown was made.

        Takes the error :meth:`create` raised and returns the bookings that match it
        (same reference id, type and points): ``[]`` means it was not booked and may be
        sent again with the same ``reference_id``; one booking means it was.
        """
        context = error.context
        if error.operation not in _BOOKING_CREATES or not context.get("reference_id"):
            raise ValidationError(
                f"only a points booking can be reconciled here, not {error.operation!r}",
                field="error",
            )
        found = await self.find_by_reference(
            context["account"], context["reference_id"], id_type=context.get("id_type")
        )
        return [
            b
            for b in found
            if b.points in (None, context["points"])
            and (b.booking_type is None or b.booking_type == context["booking_type"])
        ]

    async def _create(
        self,
        name: str,
        account: str,
        id_type: IdType | str | None,
        booking_type: BookingType | str,
        points: int,
        **fields: str | None,
    ) -> str:
        ref, header = self._account(account, id_type)
        body: dict[str, Any] = {
            "bookingType": check_enum(booking_type, BookingType, "booking_type").value,
            "points": check_points(points, "points", positive=True),
        }
        fields["reference_id"] = check_optional_text(fields["reference_id"], "reference_id")
        if fields["reference_id"] is None:
            fields["reference_id"] = mint_id()
        for field, key in (
            ("booking_type_code", "bookingTypeCode"),
            ("reason", "reason"),
            ("reference_id", "referenceId"),
            ("partner_id", "partnerId"),
            ("store_id", "storeId"),
        ):
            value = check_optional_text(fields.get(field), field)
            if value is not None:
                body[key] = value
        response = await self._send(
            name,
            path={"accountId": ref},
            id_type=header,
            json=body,
            context={
                "account": ref,
                "id_type": header,
                "reference_id": body["referenceId"],
                "booking_type": body["bookingType"],
                "points": body["points"],
            },
        )
        return self._created_id(response, "bookingId", "levelBookingId", "id")
