"""Bookings on the wire: create (current and deprecated), list, level bookings, reconcile."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from loyalty_async import ConvercusClient, OutcomeUnknownError, Request, Response, ValidationError
from loyalty_async.convercus import (
    BookingPartner,
    BookingStore,
    BookingType,
    TransactionBadRequestError,
    TransactionErrorCode,
)
from loyalty_async.errors import DecodeError
from tests.convercus.conftest import BASE_URL, Wire, assert_convercus_headers

ACCOUNT = "7d123457-bfa1-4a83-8213-123456789763"
BOOKING_ID = "5f0c4a1e-8f7e-4c2b-9d0a-3b1e2f4a5c6d"

SG_BOOKING = {
    "bookingId": BOOKING_ID,
    "bookingTime": "2020-07-14T09:12:44.123Z",
    "valueTime": "2020-07-14T09:12:44.123Z",
    "bookingType": "EARNBOOKING",
    "bookingTypeCode": "COU",
    "points": 500,
    "reason": "Welcome bonus",
    "referenceId": "order-1001",
    "interactionId": "webshop-1",
    "locked": False,
    "partner": {"partnerId": "p-1", "name": "Shop"},
    "store": {"storeId": "s-1", "name": "Berlin"},
}


def location(path: str) -> Response:
    return Response(201, headers={"Location": f"{BASE_URL}{path}"})


def body_of(request: Request) -> Any:
    assert isinstance(request.content, bytes)
    return json.loads(request.content)


async def test_create_sends_every_field_and_reads_the_location(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "POST",
        f"/v2/accounts/{ACCOUNT}/bookings",
        location(f"/accounts/{ACCOUNT}/bookings/{BOOKING_ID}"),
    )

    booking_id = await client.bookings.create(
        ACCOUNT,
        booking_type=BookingType.EARNBOOKING,
        points=500,
        booking_type_code="COU",
        reason="Welcome bonus",
        reference_id="order-1001",
        partner_id="p-1",
        store_id="s-1",
    )

    assert booking_id == BOOKING_ID
    assert (wire.last.method, wire.last.url) == (
        "POST",
        f"{BASE_URL}/v2/accounts/{ACCOUNT}/bookings",
    )
    assert_convercus_headers(wire.last)
    assert body_of(wire.last) == {
        "bookingType": "EARNBOOKING",
        "points": 500,
        "bookingTypeCode": "COU",
        "reason": "Welcome bonus",
        "referenceId": "order-1001",
        "partnerId": "p-1",
        "storeId": "s-1",
    }


async def test_create_mints_a_reference_id_when_none_is_given(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", "/v2/accounts/V1W2/bookings", location("/accounts/x/bookings/b-1"))

    await client.bookings.create("V1W2", booking_type="BURNBOOKING", points=20, id_type="CARDCODE")

    sent = body_of(wire.last)
    assert sent == {"bookingType": "BURNBOOKING", "points": 20, "referenceId": sent["referenceId"]}
    assert uuid.UUID(sent["referenceId"]).version == 4
    assert_convercus_headers(wire.last, id_type="CARDCODE")


async def test_create_deprecated_path(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", f"/accounts/{ACCOUNT}/bookings", location(f"/accounts/{ACCOUNT}/bookings/b-2"))

    booking_id = await client.bookings.create_deprecated(
        ACCOUNT, booking_type="EARNBOOKING", points=1, reference_id="r"
    )

    assert booking_id == "b-2"
    assert wire.last.url == f"{BASE_URL}/accounts/{ACCOUNT}/bookings"
    assert body_of(wire.last) == {"bookingType": "EARNBOOKING", "points": 1, "referenceId": "r"}


async def test_a_create_answer_without_location_reads_the_body(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", f"/v2/accounts/{ACCOUNT}/bookings", Response(201, json={"bookingId": "b-9"}))
    assert await client.bookings.create(ACCOUNT, booking_type="EARNBOOKING", points=3) == "b-9"

    wire.on("POST", f"/v2/accounts/{ACCOUNT}/bookings", Response(201))
    with pytest.raises(DecodeError, match="Location"):
        await client.bookings.create(ACCOUNT, booking_type="EARNBOOKING", points=3)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"points": 0}, "points"),
        ({"points": -5}, "points"),
        ({"points": 2.5}, "points"),
        ({"points": True}, "points"),
        ({"booking_type": "GIFTBOOKING"}, "booking_type"),
        ({"reference_id": ""}, "reference_id"),
        ({"reason": 42}, "reason"),
    ],
)
async def test_bad_bookings_are_refused_before_any_request(
    client: ConvercusClient, wire: Wire, changes: dict[str, Any], field: str
) -> None:
    arguments: dict[str, Any] = {"booking_type": "EARNBOOKING", "points": 10}
    arguments.update(changes)
    with pytest.raises(ValidationError) as caught:
        await client.bookings.create(ACCOUNT, **arguments)
    assert caught.value.field == field
    assert wire.calls == []


async def test_burn_over_the_balance_is_a_typed_refusal(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "POST",
        f"/v2/accounts/{ACCOUNT}/bookings",
        Response(400, json={"code": "INSUFFICIENT_POINTS", "message": "not enough points"}),
    )
    with pytest.raises(TransactionBadRequestError) as caught:
        await client.bookings.create(ACCOUNT, booking_type="BURNBOOKING", points=10_000)
    assert caught.value.code is TransactionErrorCode.INSUFFICIENT_POINTS


async def test_list_parses_the_booking_model(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}/bookings", Response(200, json=[SG_BOOKING]))

    (booking,) = await client.bookings.list(ACCOUNT)

    assert wire.last.method == "GET" and wire.last.params == []
    assert_convercus_headers(wire.last)
    assert booking.booking_id == BOOKING_ID
    assert booking.booking_type is BookingType.EARNBOOKING
    assert booking.points == 500 and booking.locked is False
    assert booking.partner == BookingPartner(partner_id="p-1", name="Shop")
    assert booking.store == BookingStore(store_id="s-1", name="Berlin")
    assert booking.booking_time is not None and booking.booking_time.microsecond == 123000


async def test_list_empty(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", "/accounts/EXT-9/bookings", Response(200, json=[]))
    assert await client.bookings.list("EXT-9", id_type="EXTERNALCODE") == []
    assert_convercus_headers(wire.last, id_type="EXTERNALCODE")


async def test_level_bookings(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "GET",
        f"/accounts/{ACCOUNT}/levelbookings",
        Response(
            200, json=[{"levelBookingId": "lb-1", "points": 40, "bookingType": "EARNBOOKING"}]
        ),
    )
    wire.on(
        "POST",
        f"/v2/accounts/{ACCOUNT}/levelbookings",
        location(f"/accounts/{ACCOUNT}/levelbookings/lb-2"),
    )
    wire.on(
        "POST",
        f"/accounts/{ACCOUNT}/levelbookings",
        location(f"/accounts/{ACCOUNT}/levelbookings/lb-3"),
    )

    (listed,) = await client.bookings.list_level_bookings(ACCOUNT)
    created = await client.bookings.create_level_booking(
        ACCOUNT, booking_type="EARNBOOKING", points=40, reason="status", reference_id="s-1"
    )
    old = await client.bookings.create_level_booking_deprecated(
        ACCOUNT, booking_type="BURNBOOKING", points=5, reference_id="s-2"
    )

    assert listed.level_booking_id == "lb-1" and listed.points == 40
    assert (created, old) == ("lb-2", "lb-3")
    get, new_post, old_post = wire.calls
    assert get.url == f"{BASE_URL}/accounts/{ACCOUNT}/levelbookings"
    assert body_of(new_post) == {
        "bookingType": "EARNBOOKING",
        "points": 40,
        "reason": "status",
        "referenceId": "s-1",
    }
    assert old_post.url == f"{BASE_URL}/accounts/{ACCOUNT}/levelbookings"
    assert body_of(old_post) == {"bookingType": "BURNBOOKING", "points": 5, "referenceId": "s-2"}
    with pytest.raises(ValidationError):
        await client.bookings.create_level_booking(ACCOUNT, booking_type="EARNBOOKING", points=0)


async def test_find_by_reference(client: ConvercusClient, wire: Wire) -> None:
    other = {**SG_BOOKING, "bookingId": "b-other", "referenceId": "order-9"}
    wire.on("GET", f"/accounts/{ACCOUNT}/bookings", Response(200, json=[other, SG_BOOKING]))

    found = await client.bookings.find_by_reference(ACCOUNT, "order-1001")

    assert [b.booking_id for b in found] == [BOOKING_ID]
    assert await client.bookings.find_by_reference(ACCOUNT, "order-404") == []


async def test_reconcile_matches_reference_type_and_points(
    client: ConvercusClient, wire: Wire
) -> None:
    same_ref_other_points = {**SG_BOOKING, "bookingId": "b-2", "points": 7}
    wire.on(
        "GET",
        f"/accounts/{ACCOUNT}/bookings",
        Response(200, json=[SG_BOOKING, same_ref_other_points]),
    )
    error = OutcomeUnknownError(
        "lost",
        operation="bookings.create",
        context={
            "account": ACCOUNT,
            "id_type": None,
            "reference_id": "order-1001",
            "booking_type": "EARNBOOKING",
            "points": 500,
        },
    )

    matches = await client.bookings.reconcile(error)

    assert [b.booking_id for b in matches] == [BOOKING_ID]
    with pytest.raises(ValidationError):
        await client.bookings.reconcile(OutcomeUnknownError("x", operation="coupons.create"))
