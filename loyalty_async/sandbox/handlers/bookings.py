"""Points bookings: credit or debit an account directly."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from loyalty_async.convercus.enums import BookingType
from loyalty_async.sandbox import values
from loyalty_async.sandbox.handlers.generic import location
from loyalty_async.sandbox.http import Call, Routes, created, json_response
from loyalty_async.sandbox.ledger import CODE_LEVEL, EARN, require_active

routes = Routes()


@routes.handles("bookings.create", "bookings.create_deprecated")
async def _create_booking(call: Call) -> web.StreamResponse:
    body = await call.fields()
    account = call.account()
    booking_id = call.core.ledger.book_from_body(account, body, call.interaction_id)
    # No operation reads one booking: the new one sits under the account's list.
    listed = call.location_of("bookings.list", accountId=account["id"])
    return created(f"{listed}/{quote(booking_id, safe='')}")


@routes.handles("bookings.list")
async def _list_bookings(call: Call) -> web.StreamResponse:
    account = call.account()
    return json_response(call.core.ledger.bookings(account["id"], *call.optional_page()))


@routes.handles("bookings.create_level_booking", "bookings.create_level_booking_deprecated")
async def _create_level_booking(call: Call) -> web.StreamResponse:
    """Book status points: they move the account's level, not its balance."""
    body = dict(await call.fields())
    account = call.account()
    require_active(account)
    kind = values.choice(body, "bookingType", BookingType, required=True)
    points = values.integer(body, "points", required=True, minimum=1)
    assert points is not None
    with call.core.db.write():
        after = call.core.ledger.move_status(account["id"], points if kind == EARN else -points)
        booking = {
            **body,
            "bookingTypeCode": values.text(body, "bookingTypeCode") or CODE_LEVEL,
            "bookingTime": call.core.db.now(),
            "statusPoints": after,
            "interactionId": call.interaction_id,
        }
        shape = call.core.catalog["bookings.list_level_bookings"]
        record = call.core.resources.create(shape.kind, {"accountId": account["id"]}, booking)
    return created(location(call, record))
