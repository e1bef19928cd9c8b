"""Points bookings: credit or debit an account directly."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from loyalty_async.sandbox.http import Call, Routes, created, json_response

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
