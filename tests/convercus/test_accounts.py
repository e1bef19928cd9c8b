"""Accounts on the wire: create, read, details, balances, level, rating level, fraud, merge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from decimal import Decimal

import pytest

from loyalty_async import (
    APIError,
    BadRequestError,
    ConflictError,
    ConvercusClient,
    DecodeError,
    NotFoundError,
    Response,
    ValidationError,
)
from loyalty_async.convercus import (
    AccountStatus,
    IdentifierStatus,
    IdentifierType,
    IdType,
    MemberRole,
)
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import ACCOUNT, CARD, TARGET, assert_sent, location

ACCOUNT_BODY = {"id": ACCOUNT, "program": "Pgr-A", "status": "ACTIVE"}


async def test_create_returns_the_id_from_location_with_no_body(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", "/accounts", Response(201, headers=location(f"/accounts/{ACCOUNT}")))

    assert await client.accounts.create() == ACCOUNT

    assert_sent(wire.last, "POST", "/accounts")


async def test_create_without_location_is_a_decode_error(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", "/accounts", Response(201))

    with pytest.raises(DecodeError, match="Location"):
        await client.accounts.create()


async def test_get_by_card_code_resolves_the_technical_id(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", f"/accounts/{CARD}", Response(200, json=ACCOUNT_BODY))

    account = await client.accounts.get(CARD, id_type=IdType.CARDCODE)

    assert_sent(wire.last, "GET", f"/accounts/{CARD}", id_type="CARDCODE")
    assert account.id == ACCOUNT
    assert account.program == "Pgr-A"
    assert account.status is AccountStatus.ACTIVE


async def test_get_by_uuid_sends_no_id_type_and_id_type_id_sends_ID(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}", Response(200, json=ACCOUNT_BODY))

    await client.accounts.get(ACCOUNT)
    assert_sent(wire.last, "GET", f"/accounts/{ACCOUNT}")

    await client.accounts.get(ACCOUNT, id_type="ID")
    assert_sent(wire.last, "GET", f"/accounts/{ACCOUNT}", id_type="ID")


async def test_get_keeps_unknown_status_and_ignores_unknown_fields(
    client: ConvercusClient, wire: Wire
) -> None:
    body = {**ACCOUNT_BODY, "status": "BLOCKED_BY_PARTNER", "createdAt": "2024-01-01", "x": [1]}
    wire.on("GET", f"/accounts/{ACCOUNT}", Response(200, json=body))

    account = await client.accounts.get(ACCOUNT)

    assert account.status == "BLOCKED_BY_PARTNER"
    assert account.status is not None and not account.status.is_known()


async def test_unknown_or_deleted_account_is_not_found(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "GET",
        f"/accounts/{CARD}",
        Response(404, json={"code": "ACCOUNT_NOT_FOUND", "message": "account not found"}),
    )

    with pytest.raises(NotFoundError) as caught:
        await client.accounts.get(CARD, id_type=IdType.CARDCODE)

    assert caught.value.code == "ACCOUNT_NOT_FOUND"
    assert caught.value.status == 404
    assert len(wire.calls) == 1  # a 4xx is never resent


async def test_get_details_reads_every_part(client: ConvercusClient, wire: Wire) -> None:
    body = {
        "accountId": ACCOUNT,
        "status": "ACTIVE",
        "accountBalance": {"lockedPoints": 120, "points": 150},
        "level": {
            "currentStatePoints": 3250,
            "name": "Gold",
            "neededStatePoints": 1000,
            "neededStatePointsNextLevel": 5000,
            "validTo": "2026-12-31T23:59:59Z",
        },
        "ratingLevel": {"ratingLevelId": "rl-1", "name": "A", "score": 7},
        "identifiers": [
            {
                "code": CARD,
                "displayCode": "CARD_12345",
                "identifierId": "550e8400-e29b-11d4-a716-446655440000",
                "status": "ACTIVE",
                "type": "CARDCODE",
            }
        ],
        "memberships": [
            {
                "birthDate": "1980-05-17",
                "city": "München",
                "countryCode": "DE",
                "customProperties": [{"name": "favouriteStore", "value": "S1"}],
                "emailAddress": "member1@example.com",
                "familyName": "Mustermann",
                "genderCode": "MALE",
                "givenName": "Max",
                "memberRole": "OWNER",
                "optins": [{"flag": True, "type": "email"}],
                "streetHouseNo": "Bahnhofstraße 1",
                "userId": "24632823-71ca-47d3-8e20-6f9c7d727ef5",
                "zipCode": 80469,
            }
        ],
        "accountCoupons": [
            {
                "accountCouponId": "ac-1",
                "couponId": "c-1",
                "i18nFields": {"de": {"title": "Titel"}, "en": {"title": "Title"}},
                "usageType": "INCENTIVE",
                "validFrom": "2020-07-10T00:00:00Z",
            }
        ],
        "customProperties": [{"name": "segment", "value": "vip"}],
    }
    wire.on("GET", f"/v3/accountdetails/{CARD}", Response(200, json=body))

    details = await client.accounts.get_details(CARD, id_type=IdType.CARDCODE)

    assert_sent(wire.last, "GET", f"/v3/accountdetails/{CARD}", id_type="CARDCODE")
    assert details.account_id == ACCOUNT
    assert details.balance is not None
    assert (details.balance.points, details.balance.locked_points) == (150, 120)
    assert details.level is not None and details.level.name == "Gold"
    assert details.level.valid_to == dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    assert details.rating_level is not None and details.rating_level.raw["score"] == 7
    [identifier] = details.identifiers
    assert identifier.type is IdentifierType.CARDCODE
    assert identifier.status is IdentifierStatus.ACTIVE
    [member] = details.memberships
    assert member.member_role is MemberRole.OWNER
    assert member.zip_code == "80469"  # sent as a number, read as the text it is
    assert member.birth_date == dt.date(1980, 5, 17)
    assert member.optins[0].type == "email" and member.optins[0].flag is True
    assert details.account_coupons[0].i18n_fields["en"]["title"] == "Title"
    assert details.custom_properties[0].value == "vip"


async def test_get_details_tolerates_missing_parts(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/v3/accountdetails/{ACCOUNT}", Response(200, json={"status": "ACTIVE"}))

    details = await client.accounts.get_details(ACCOUNT)

    assert details.balance is None and details.level is None
    assert details.identifiers == [] and details.memberships == []
    assert details.account_coupons == []


async def test_get_balance(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "GET",
        f"/accounts/{CARD}/balance",
        Response(200, json={"points": 100, "lockedPoints": 5, "pointsHistory": []}),
    )

    balance = await client.accounts.get_balance(CARD, id_type=IdType.CARDCODE)

    assert_sent(wire.last, "GET", f"/accounts/{CARD}/balance", id_type="CARDCODE")
    assert (balance.points, balance.locked_points) == (100, 5)


@pytest.mark.parametrize(
    ("body", "amount", "locked"),
    [
        ({"amount": 12.34}, Decimal("12.34"), None),
        ({"points": 1.5, "lockedPoints": 0.25}, Decimal("1.5"), Decimal("0.25")),
        (7.1, Decimal("7.1"), None),
    ],
)
async def test_get_balance_eur_reads_an_exact_amount(
    client: ConvercusClient, wire: Wire, body: object, amount: Decimal, locked: Decimal | None
) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}/balance/EUR", Response(200, json=body))

    balance = await client.accounts.get_balance_eur(ACCOUNT)

    assert_sent(wire.last, "GET", f"/accounts/{ACCOUNT}/balance/EUR")
    assert balance.amount == amount
    assert isinstance(balance.amount, Decimal)
    assert balance.locked_amount == locked
    assert balance.currency == "EUR"


async def test_get_balance_eur_without_an_amount_is_a_decode_error(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}/balance/EUR", Response(200, json={"currency": "EUR"}))

    with pytest.raises(DecodeError):
        await client.accounts.get_balance_eur(ACCOUNT)


async def test_get_level(client: ConvercusClient, wire: Wire) -> None:
    body = {"name": "Silver", "currentStatePoints": 120, "neededStatePoints": 100}
    wire.on("GET", f"/accounts/{CARD}/level", Response(200, json=body))

    level = await client.accounts.get_level(CARD, id_type=IdType.APPCODE)

    assert_sent(wire.last, "GET", f"/accounts/{CARD}/level", id_type="APPCODE")
    assert (level.name, level.current_state_points, level.needed_state_points) == (
        "Silver",
        120,
        100,
    )
    assert level.needed_state_points_next_level is None


async def test_delete_anonymous(client: ConvercusClient, wire: Wire) -> None:
    wire.on("DELETE", f"/accounts/{ACCOUNT}", Response(204))

    assert await client.accounts.delete_anonymous(ACCOUNT) is None

    assert_sent(wire.last, "DELETE", f"/accounts/{ACCOUNT}")


async def test_merge_puts_both_ids_in_the_path(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PUT", f"/accounts/{CARD}/merge/{TARGET}", Response(200))

    assert await client.accounts.merge(CARD, TARGET, id_type=IdType.CARDCODE) is None

    assert_sent(wire.last, "PUT", f"/accounts/{CARD}/merge/{TARGET}", id_type="CARDCODE")


async def test_merge_into_a_code_is_refused_before_any_request(
    client: ConvercusClient, wire: Wire
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.accounts.merge(ACCOUNT, "V9")

    assert caught.value.field == "target_account_id"
    assert wire.calls == []


async def test_rating_level_get_update_delete(client: ConvercusClient, wire: Wire) -> None:
    path = f"/accounts/{ACCOUNT}/ratinglevel"
    wire.on("GET", path, Response(200, json={"ratingLevelId": "rl-2", "name": "B", "rank": 2}))
    wire.on("PUT", path, Response(204))
    wire.on("DELETE", path, Response(204))

    level = await client.accounts.get_rating_level(ACCOUNT)
    assert_sent(wire.last, "GET", path)
    assert (level.rating_level_id, level.name) == ("rl-2", "B")
    assert level.raw == {"ratingLevelId": "rl-2", "name": "B", "rank": 2}

    assert await client.accounts.update_rating_level(ACCOUNT, "rl-3") is None
    assert_sent(wire.last, "PUT", path, json={"ratingLevelId": "rl-3"})

    assert await client.accounts.delete_rating_level(ACCOUNT) is None
    assert_sent(wire.last, "DELETE", path)


async def test_update_rating_level_returns_the_level_when_sent_back(
    client: ConvercusClient, wire: Wire
) -> None:
    path = f"/accounts/{CARD}/ratinglevel"
    wire.on("PUT", path, Response(200, json={"ratingLevelId": "rl-3", "name": "C"}))

    level = await client.accounts.update_rating_level(CARD, "rl-3", id_type=IdType.EXTERNALCODE)

    assert_sent(wire.last, "PUT", path, id_type="EXTERNALCODE", json={"ratingLevelId": "rl-3"})
    assert level is not None and level.name == "C"


async def test_fraud_lock_read_and_unlock(client: ConvercusClient, wire: Wire) -> None:
    path = f"/accounts/{ACCOUNT}/fraud"
    wire.on("POST", path, Response(201))
    wire.on(
        "GET",
        path,
        Response(200, json={"fraud": True, "reason": "chargebacks", "createdAt": 1700000000000}),
    )
    wire.on("DELETE", path, Response(204))

    assert await client.accounts.create_fraud(ACCOUNT, reason="chargebacks") is None
    assert_sent(wire.last, "POST", path, json={"reason": "chargebacks"})

    info = await client.accounts.get_fraud_info(ACCOUNT)
    assert_sent(wire.last, "GET", path)
    assert info.fraud is True and info.reason == "chargebacks"
    assert info.created_at == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)

    assert await client.accounts.remove_fraud(ACCOUNT) is None
    assert_sent(wire.last, "DELETE", path)


async def test_create_fraud_without_reason_sends_an_empty_object(
    client: ConvercusClient, wire: Wire
) -> None:
    path = f"/accounts/{CARD}/fraud"
    wire.on("POST", path, Response(200, json={"fraud": True, "locked": True}))

    info = await client.accounts.create_fraud(CARD, id_type=IdType.CARDCODE)

    assert_sent(wire.last, "POST", path, id_type="CARDCODE", json={})
    assert info is not None and info.locked is True


@pytest.mark.parametrize(
    ("method", "path", "call", "status", "code", "error"),
    [
        (
            "DELETE",
            f"/accounts/{ACCOUNT}",
            lambda c: c.accounts.delete_anonymous(ACCOUNT),
            400,
            "ACCOUNT_NOT_ANONYMOUS",  # it has memberships
            BadRequestError,
        ),
        (
            "POST",
            f"/accounts/{ACCOUNT}/fraud",
            lambda c: c.accounts.create_fraud(ACCOUNT),
            409,
            "ACCOUNT_LOCKED",
            ConflictError,
        ),
    ],
)
async def test_refusals_become_typed_errors_and_are_not_resent(
    client: ConvercusClient,
    wire: Wire,
    method: str,
    path: str,
    call: Callable[[ConvercusClient], Awaitable[object]],
    status: int,
    code: str,
    error: type[APIError],
) -> None:
    wire.on(method, path, Response(status, json={"code": code, "message": "refused"}))

    with pytest.raises(error) as caught:
        await call(client)

    assert (caught.value.status, caught.value.code) == (status, code)
    assert len(wire.calls) == 1


@pytest.mark.parametrize(
    ("account", "id_type", "field"),
    [
        (CARD, None, "id_type"),  # a code without saying which kind
        (CARD, IdType.ID, "account"),  # ID promises a UUID
        (CARD, "PHONE", "id_type"),  # not an id-type at all
        ("", IdType.CARDCODE, "account"),
        ("   ", None, "account"),
    ],
)
async def test_bad_account_references_fail_before_any_request(
    client: ConvercusClient, wire: Wire, account: str, id_type: str | None, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.accounts.get_balance(account, id_type=id_type)

    assert caught.value.field == field
    assert wire.calls == []
    assert wire.logins == 0
