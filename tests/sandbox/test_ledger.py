"""Points: bookings, balance, the earn rule, externalId de-duplication, burns over balance."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from loyalty_async import BadRequestError, ConvercusClient
from loyalty_async.sandbox import EarnRule

from .conftest import Api


def _receipt(amount: Any, external_id: str | None = None, **extra: Any) -> dict[str, Any]:
    body = {
        "transactionType": "EARNTRANSACTION",
        "amount": amount,
        "currencyCode": "EUR",
        "transactionTime": "2025-03-01T10:15:00+01:00",
        **extra,
    }
    if external_id is not None:
        body["externalId"] = external_id
    return body


async def test_a_booking_answers_location_without_body_and_moves_the_balance(api: Api) -> None:
    account_id = await api.new_account()

    reply = await api.post(
        f"/v2/accounts/{account_id}/bookings",
        json={
            "bookingType": "EARNBOOKING",
            "points": 150,
            "bookingTypeCode": "COU",
            "reason": "welcome",
            "referenceId": "ref-1",
            "partnerId": "p-1",
        },
    )

    assert reply.status == 201 and reply.body == b""
    booking_id = reply.location_id
    assert reply.headers["Location"] == (
        f"{api.sandbox.url}/accounts/{account_id}/bookings/{booking_id}"
    )
    assert (await api.get(f"/accounts/{account_id}/balance")).json() == {
        "points": 150,
        "lockedPoints": 0,
    }
    (booking,) = (await api.get(f"/accounts/{account_id}/bookings")).json()
    assert booking == {
        "bookingId": booking_id,
        "bookingTime": booking["bookingTime"],
        "valueTime": booking["bookingTime"],
        "bookingType": "EARNBOOKING",
        "bookingTypeCode": "COU",
        "points": 150,
        "reason": "welcome",
        "referenceId": "ref-1",
        "interactionId": "sandbox-pos",
        "locked": False,
        "partner": {"partnerId": "p-1", "name": None},
        "store": None,
    }


async def test_bookings_of_an_account_without_any_are_an_empty_array(api: Api) -> None:
    account_id = await api.new_account()

    assert (await api.get(f"/accounts/{account_id}/bookings")).body == b"[]"


@pytest.mark.parametrize("points", [0, -5, 1.5, "10"])
async def test_a_booking_needs_whole_positive_points(api: Api, points: Any) -> None:
    account_id = await api.new_account()

    reply = await api.post(
        f"/accounts/{account_id}/bookings", json={"bookingType": "EARNBOOKING", "points": points}
    )

    assert reply.status == 400 and reply.json()["detail"] == ["points"]


async def test_a_burn_booking_over_the_balance_is_refused(api: Api) -> None:
    account_id = await api.new_account()
    api.sandbox.seed.bookings(account_id, 1, points=20)

    reply = await api.post(
        f"/v2/accounts/{account_id}/bookings", json={"bookingType": "BURNBOOKING", "points": 21}
    )

    assert (reply.status, reply.code) == (400, "INSUFFICIENT_POINTS")
    assert (await api.get(f"/accounts/{account_id}/balance")).json()["points"] == 20
    assert len((await api.get(f"/accounts/{account_id}/bookings")).json()) == 1


async def test_the_earn_rule_rounds_down(api: Api) -> None:
    account_id = await api.new_account()

    reply = await api.post(f"/accounts/{account_id}/transactions", json=_receipt(12.99, "R-1"))

    assert reply.status == 201
    body = reply.json()
    assert body == {
        "transactionId": reply.location_id,
        "externalId": "R-1",
        "accountId": account_id,
        "transactionType": "EARNTRANSACTION",
        "amount": 12.99,
        "currencyCode": "EUR",
        "points": 12,
        "transactionTime": "2025-03-01T10:15:00+01:00",
    }
    assert reply.headers["Location"] == f"{api.sandbox.url}/transactions/{reply.location_id}"
    assert (await api.get(f"/accounts/{account_id}/balance")).json()["points"] == 12


@pytest.mark.parametrize("sandbox_options", [{"earn_rule": EarnRule(points_per_unit="2.5")}])
async def test_a_configured_earn_rule_applies(api: Api) -> None:
    account_id = await api.new_account()

    reply = await api.post(f"/accounts/{account_id}/transactions", json=_receipt(10.75))

    assert reply.json()["points"] == 26  # 26.875 rounded down


async def test_a_repeated_external_id_returns_the_first_transaction(
    api: Api, client: ConvercusClient
) -> None:
    account_id = await api.new_account()
    path = f"/accounts/{account_id}/transactions"

    first = await api.post(path, json=_receipt(40, "BON-4711"))
    second = await api.post(path, json=_receipt(99, "BON-4711"))
    via_sdk = await client.call(
        "transactions.create_for_account",
        path_params={"accountId": account_id},
        json=_receipt(40, "BON-4711"),
    )

    assert (first.status, second.status) == (201, 200)
    assert second.json() == first.json() == via_sdk
    assert "Location" not in second.headers
    assert (await api.get(f"/accounts/{account_id}/balance")).json()["points"] == 40
    assert api.sandbox.stats.writes["transactions"] == 1


async def test_paying_with_points_takes_the_points_the_amount_is_worth(api: Api) -> None:
    account_id = await api.new_account()
    api.sandbox.seed.bookings(account_id, 1, points=1000)

    reply = await api.post(
        f"/accounts/{account_id}/transactions",
        json=_receipt(Decimal("2.505"), "PAY-1", transactionType="PAYWITHPOINTS"),
    )

    assert reply.status == 201
    assert reply.json()["points"] == 251  # 250.5 points, rounded up
    assert (await api.get(f"/accounts/{account_id}/balance")).json()["points"] == 749
    burn = (await api.get(f"/accounts/{account_id}/bookings")).json()[0]
    assert (burn["bookingType"], burn["referenceId"]) == ("BURNBOOKING", reply.location_id)


async def test_paying_more_than_the_balance_is_refused_and_books_nothing(
    api: Api, client: ConvercusClient
) -> None:
    account_id = await api.new_account()
    api.sandbox.seed.bookings(account_id, 1, points=100)

    with pytest.raises(BadRequestError) as caught:
        await client.call(
            "transactions.create_for_account",
            path_params={"accountId": account_id},
            json=_receipt(5, "PAY-2", transactionType="PAYWITHPOINTS"),
        )

    assert caught.value.code == "INSUFFICIENT_POINTS"
    assert (await api.get(f"/accounts/{account_id}/balance")).json()["points"] == 100
    assert api.sandbox.stats.writes["transactions"] == 0
    retry = await api.post(
        f"/accounts/{account_id}/transactions",
        json=_receipt(1, "PAY-2", transactionType="PAYWITHPOINTS"),
    )
    assert retry.status == 201  # the refused receipt id was not used up


async def test_locked_points_cannot_be_spent(api: Api) -> None:
    account_id = api.sandbox.seed.account(points=10, locked_points=500)

    reply = await api.post(
        f"/accounts/{account_id}/bookings", json={"bookingType": "BURNBOOKING", "points": 11}
    )

    assert reply.code == "INSUFFICIENT_POINTS"
    assert (await api.get(f"/accounts/{account_id}/balance")).json() == {
        "points": 10,
        "lockedPoints": 500,
    }


async def test_line_items_must_add_up_to_the_amount(api: Api) -> None:
    account_id = await api.new_account()
    items = [
        {"itemId": "1", "quantity": 1, "unitPrice": 5, "extendedAmount": 5, "type": "SALE"},
        {"itemId": "2", "quantity": 2, "unitPrice": 2.5, "extendedAmount": 5, "type": "SALE"},
    ]
    path = f"/accounts/{account_id}/transactions"

    wrong = await api.post(path, json=_receipt(11, "L-1", lineItems=items))
    right = await api.post(path, json=_receipt(10, "L-1", lineItems=items))

    assert wrong.status == 400 and wrong.json()["detail"] == ["amount", "lineItems"]
    assert right.status == 201


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("transactionType", "REFUND"),
        ("amount", "12.50"),
        ("amount", -1),
        ("currencyCode", "EURO"),
        ("transactionTime", "2025-03-01T10:15:00"),
    ],
)
async def test_bad_receipts_are_refused_by_field(api: Api, field: str, value: Any) -> None:
    account_id = await api.new_account()

    reply = await api.post(
        f"/accounts/{account_id}/transactions", json={**_receipt(10, "X"), field: value}
    )

    assert reply.status == 400 and reply.json()["detail"] == [field]


async def test_a_preview_computes_points_and_books_nothing(api: Api) -> None:
    account_id = await api.new_account()

    reply = await api.post(f"/accounts/{account_id}/transactions/preview", json=_receipt(30, "P-1"))

    assert reply.status == 200
    assert "transactionId" not in reply.json()
    assert reply.json()["points"] == 30
    assert (await api.get(f"/accounts/{account_id}/balance")).json()["points"] == 0
    booked = await api.post(f"/accounts/{account_id}/transactions", json=_receipt(30, "P-1"))
    assert booked.status == 201


async def test_a_revenue_transaction_has_no_account_and_no_points(api: Api) -> None:
    reply = await api.post("/transactions", json=_receipt(25, "REV-1"))

    assert reply.status == 201
    assert reply.json()["accountId"] is None and reply.json()["points"] == 0
    fetched = await api.get(f"/transactions/{reply.location_id}")
    assert fetched.json() == reply.json()
    burn = await api.post("/transactions", json=_receipt(5, transactionType="PAYWITHPOINTS"))
    assert burn.status == 400


async def test_transactions_are_listed_in_pages_newest_first(api: Api) -> None:
    account_id = await api.new_account()
    for index in range(5):
        await api.post(
            f"/accounts/{account_id}/transactions", json=_receipt(index + 1, f"T{index}")
        )
    path = f"/v2/accounts/{account_id}/transactions"

    pages = [
        (await api.get(path, params={"page": str(page), "size": "2"})).json() for page in range(4)
    ]

    assert [[t["externalId"] for t in page] for page in pages] == [
        ["T4", "T3"],
        ["T2", "T1"],
        ["T0"],
        [],
    ]
    assert (await api.get(path, params={"size": "1001"})).status == 400


async def test_an_unknown_transaction_is_404(api: Api) -> None:
    reply = await api.get("/transactions/00000000-0000-0000-0000-000000000000")

    assert (reply.status, reply.code) == (404, "TRANSACTION_NOT_FOUND")


async def test_details_aggregate_balance_level_identifiers_members_and_coupons(
    api: Api,
) -> None:
    seed = api.sandbox.seed
    member = seed.member(
        "ada@example.com",
        identifiers={"CARDCODE": "CARD-1"},
        points=1200,
        given_name="Ada",
        optins=[{"flag": True, "type": "email"}],
    )
    coupon_id = seed.coupon(title="10% off")
    account_coupon_id = seed.assign_coupon(coupon_id, member.account_id)

    details = (await api.get("/v3/accountdetails/CARD-1", id_type="CARDCODE")).json()

    assert details["accountId"] == member.account_id
    assert details["status"] == "ACTIVE"
    assert details["accountBalance"] == {"points": 1200, "lockedPoints": 0}
    assert details["level"] == {
        "name": "SILVER",
        "currentStatePoints": 1200,
        "neededStatePoints": 1000,
        "neededStatePointsNextLevel": 3800,
        "validTo": None,
    }
    assert [i["code"] for i in details["identifiers"]] == ["CARD-1"]
    (membership,) = details["memberships"]
    assert membership["memberRole"] == "OWNER" and membership["givenName"] == "Ada"
    assert membership["optins"] == [{"flag": True, "type": "email"}]
    (coupon,) = details["accountCoupons"]
    assert coupon["accountCouponId"] == account_coupon_id
    level = await api.get(f"/accounts/{member.account_id}/level")
    assert level.json() == details["level"]
    value = await api.get(f"/accounts/{member.account_id}/balance/EUR")
    assert value.json() == {"amount": 12.0, "currencyCode": "EUR", "points": 1200}


async def test_retail_transactions_are_listed_across_accounts(api: Api) -> None:
    first, second = await api.new_account(), await api.new_account()
    await api.post(f"/accounts/{first}/transactions", json=_receipt(3, "A"))
    await api.post(f"/accounts/{second}/transactions", json=_receipt(4, "B"))
    await api.post("/transactions", json=_receipt(5, "C"))

    listed = (await api.get("/transactions", params={"size": "2"})).json()
    rest = (await api.get("/transactions", params={"size": "2", "page": "1"})).json()

    assert [t["externalId"] for t in listed + rest] == ["C", "B", "A"]


async def test_bookings_are_paged_only_when_asked(api: Api) -> None:
    account_id = await api.new_account()
    api.sandbox.seed.bookings(account_id, 30)
    path = f"/accounts/{account_id}/bookings"

    everything = (await api.get(path)).json()
    page = (await api.get(path, params={"page": "1", "size": "25"})).json()

    assert len(everything) == 30
    assert page == everything[25:]
