"""The Python-side seed helpers follow the API's rules and keep the ledger consistent."""

from __future__ import annotations

import uuid

import pytest

from loyalty_async.sandbox import Sandbox
from loyalty_async.sandbox.db import new_ids
from loyalty_async.sandbox.problems import Problem

from .conftest import Api


def test_bulk_ids_are_distinct_version_4_uuids() -> None:
    ids = new_ids(2000)

    assert len(set(ids)) == 2000
    for text in ids:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)


async def test_a_seeded_member_reads_back_over_http(api: Api) -> None:
    member = api.sandbox.seed.member(
        "grace@example.com",
        identifiers={"APPCODE": "APP-1"},
        points=30,
        given_name="Grace",
        country_code="GB",
    )

    user = (await api.get(f"/users/{member.user_id}")).json()
    (membership,) = (await api.get("/accounts/APP-1/memberships", id_type="APPCODE")).json()

    assert (user["givenName"], user["countryCode"]) == ("Grace", "GB")
    assert membership["membershipId"] == member.membership_id
    assert (await api.get(f"/accounts/{member.account_id}/balance")).json()["points"] == 30


def test_seeding_follows_the_api_rules(sandbox: Sandbox) -> None:
    seed = sandbox.seed
    seed.account(identifiers={"CARDCODE": "TAKEN"})
    account_id = seed.account()

    with pytest.raises(Problem) as taken:
        seed.account(identifiers={"CARDCODE": "TAKEN"})
    with pytest.raises(Problem) as not_owner:
        seed.membership(account_id, seed.user("x@example.com"), role="COLLECTOR")
    with pytest.raises(ValueError, match="fewer than"):
        seed.bookings(account_id, 2, points=5, booking_type="BURNBOOKING")

    assert taken.value.code == "IDENTIFIER_ALREADY_EXISTS"
    assert sandbox.stats.writes["accounts"] == 2  # the refused account was rolled back
    assert not_owner.value.code == "FIRST_MEMBERSHIP_MUST_BE_OWNER"


async def test_bulk_transactions_book_points_and_appear_in_exports(api: Api) -> None:
    seed = api.sandbox.seed
    (account_id,) = seed.accounts(1)
    seed.transactions(account_id, 250, amount="4.99")
    seed.transactions(None, 50)

    balance = (await api.get(f"/accounts/{account_id}/balance")).json()
    bookings = await api.get("/reports/v3/account-booking/export")
    transactions = await api.get("/reports/v3/transaction/export")

    assert balance["points"] == 250 * 4
    assert len(bookings.body.decode().splitlines()) == 1 + 250
    assert len(transactions.body.decode().splitlines()) == 1 + 300
    assert api.sandbox.stats.writes["transactions"] == 300


async def test_a_misspelt_user_field_is_refused_not_ignored(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="lockedPoints"):
        sandbox.seed.member("ada@example.com", points=5, locked_points=7)
    with pytest.raises(ValueError, match="givenname"):
        sandbox.seed.user("ada@example.com", givenname="Ada")

    assert sandbox.stats.writes["users"] == 0
