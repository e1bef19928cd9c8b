"""Memberships on the wire: create, list, get, update, opt-in replacement, remove, events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from loyalty_async import ConvercusClient, NotFoundError, Response, ValidationError
from loyalty_async.convercus import CLEAR, IdType, MemberRole, Optin
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import (
    ACCOUNT,
    CARD,
    MEMBERSHIP,
    PARTNER,
    USER,
    assert_sent,
    location,
)

MEMBERSHIPS = f"/accounts/{ACCOUNT}/memberships"
ONE = f"{MEMBERSHIPS}/{MEMBERSHIP}"

# GET one membership, as the implementation manual shows it.
MANUAL_MEMBERSHIP = {
    "membershipId": MEMBERSHIP,
    "accountId": ACCOUNT,
    "userId": USER,
    "memberRole": "OWNER",
    "partnerId": None,
    "terminated": None,
    "createdAt": None,
    "optins": [{"flag": True, "type": "email"}],
}


async def test_create_sends_the_manual_body_and_reads_location(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", MEMBERSHIPS, Response(201, headers=location(ONE)))

    membership_id = await client.memberships.create(
        ACCOUNT,
        user_id=USER,
        member_role=MemberRole.OWNER,
        optins=[Optin(type="Post", flag=True), Optin(type="Newsletter", flag=False)],
        partner_id=PARTNER,
    )

    assert membership_id == MEMBERSHIP
    assert_sent(
        wire.last,
        "POST",
        MEMBERSHIPS,
        json={
            "accountId": ACCOUNT,
            "userId": USER,
            "memberRole": "OWNER",
            "optins": [{"flag": True, "type": "Post"}, {"flag": False, "type": "Newsletter"}],
            "partnerId": PARTNER,
        },
    )


async def test_create_leaves_out_optins_and_partner_when_not_given(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", MEMBERSHIPS, Response(201, headers=location(ONE)))

    await client.memberships.create(ACCOUNT, user_id=USER, member_role="COLLECTOR")

    assert_sent(
        wire.last,
        "POST",
        MEMBERSHIPS,
        json={"accountId": ACCOUNT, "userId": USER, "memberRole": "COLLECTOR"},
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"member_role": "ADMIN"}, "member_role"),
        ({"user_id": "ann@example.com"}, "user_id"),
        ({"partner_id": "partner-1"}, "partner_id"),
        ({"optins": [Optin(type="", flag=True)]}, "optins.type"),
        ({"optins": [Optin(type="Post", flag="yes")]}, "optins.flag"),  # type: ignore[arg-type]
        ({"optins": [{"type": "Post", "flag": True}]}, "optins"),
        ({"optins": Optin(type="Post", flag=True)}, "optins"),
    ],
)
async def test_create_refuses_bad_input_before_any_request(
    client: ConvercusClient, wire: Wire, kwargs: dict[str, Any], field: str
) -> None:
    arguments: dict[str, Any] = {"user_id": USER, "member_role": MemberRole.OWNER, **kwargs}

    with pytest.raises(ValidationError) as caught:
        await client.memberships.create(ACCOUNT, **arguments)

    assert caught.value.field == field
    assert wire.calls == []


async def test_list_by_card_code(client: ConvercusClient, wire: Wire) -> None:
    body = [{**MANUAL_MEMBERSHIP, "partnerId": PARTNER, "optins": [{"flag": True, "type": "x"}]}]
    wire.on("GET", f"/accounts/{CARD}/memberships", Response(200, json=body))

    [membership] = await client.memberships.list(CARD, id_type=IdType.CARDCODE)

    assert_sent(wire.last, "GET", f"/accounts/{CARD}/memberships", id_type="CARDCODE")
    assert membership.member_role is MemberRole.OWNER
    assert membership.partner_id == PARTNER
    assert membership.optins == [Optin(type="x", flag=True)]


@pytest.mark.parametrize("answer", [Response(200, json=[]), Response(204)])
async def test_an_anonymous_account_has_no_memberships(
    client: ConvercusClient, wire: Wire, answer: Response
) -> None:
    wire.on("GET", MEMBERSHIPS, answer)

    assert await client.memberships.list(ACCOUNT) == []


async def test_get_reads_the_manual_membership(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", ONE, Response(200, json={**MANUAL_MEMBERSHIP, "channel": "APP"}))

    membership = await client.memberships.get(ACCOUNT, MEMBERSHIP)

    assert_sent(wire.last, "GET", ONE)
    assert membership.membership_id == MEMBERSHIP
    assert (membership.account_id, membership.user_id) == (ACCOUNT, USER)
    assert membership.partner_id is None and membership.terminated is None
    assert membership.created_at is None


async def test_get_reads_created_at(client: ConvercusClient, wire: Wire) -> None:
    body = {**MANUAL_MEMBERSHIP, "createdAt": "2024-05-01T08:30:00Z"}
    wire.on("GET", f"/accounts/{CARD}/memberships/{MEMBERSHIP}", Response(200, json=body))

    membership = await client.memberships.get(CARD, MEMBERSHIP, id_type=IdType.CARDCODE)

    assert_sent(wire.last, "GET", f"/accounts/{CARD}/memberships/{MEMBERSHIP}", id_type="CARDCODE")
    assert membership.created_at == dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.UTC)


async def test_get_unknown_membership_is_not_found(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", ONE, Response(404, json={"code": "MEMBERSHIP_NOT_FOUND", "message": "none"}))

    with pytest.raises(NotFoundError) as caught:
        await client.memberships.get(ACCOUNT, MEMBERSHIP)

    assert caught.value.code == "MEMBERSHIP_NOT_FOUND"


async def test_update_optins_patches_the_membership_with_a_bare_array(
    client: ConvercusClient, wire: Wire
) -> None:
    path = f"/accounts/{CARD}/memberships/{MEMBERSHIP}"
    wire.on("PATCH", path, Response(204))

    result = await client.memberships.update_optins(
        CARD,
        MEMBERSHIP,
        [Optin(type="email", flag=True), Optin(type="Post", flag=False)],
        id_type=IdType.CARDCODE,
    )

    assert result is None
    assert wire.last.extensions["operation"] == "memberships.update_optins"
    assert_sent(
        wire.last,
        "PATCH",
        path,
        id_type="CARDCODE",
        json=[{"flag": True, "type": "email"}, {"flag": False, "type": "Post"}],
    )


async def test_update_optins_with_an_empty_list_sends_one(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("PATCH", ONE, Response(200, json={**MANUAL_MEMBERSHIP, "optins": []}))

    membership = await client.memberships.update_optins(ACCOUNT, MEMBERSHIP, [])

    assert_sent(wire.last, "PATCH", ONE, json=[])
    assert membership is not None and membership.optins == []


async def test_update_optins_refuses_the_same_type_twice(
    client: ConvercusClient, wire: Wire
) -> None:
    with pytest.raises(ValidationError, match="twice"):
        await client.memberships.update_optins(
            ACCOUNT, MEMBERSHIP, [Optin(type="email", flag=True), Optin(type="email", flag=False)]
        )
    assert wire.calls == []


async def test_update_sends_only_what_is_given(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PATCH", ONE, Response(200, json={**MANUAL_MEMBERSHIP, "memberRole": "COOWNER"}))

    membership = await client.memberships.update(
        ACCOUNT, MEMBERSHIP, member_role=MemberRole.COOWNER
    )

    assert_sent(wire.last, "PATCH", ONE, json={"memberRole": "COOWNER"})
    assert membership is not None and membership.member_role is MemberRole.COOWNER


async def test_update_clears_the_partner_and_replaces_optins(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("PATCH", ONE, Response(204))

    await client.memberships.update(
        ACCOUNT, MEMBERSHIP, partner_id=CLEAR, optins=[Optin(type="email", flag=False)]
    )

    assert wire.last.extensions["operation"] == "memberships.update"
    assert_sent(
        wire.last,
        "PATCH",
        ONE,
        json={"partnerId": None, "optins": [{"flag": False, "type": "email"}]},
    )


async def test_an_empty_update_is_refused(client: ConvercusClient, wire: Wire) -> None:
    with pytest.raises(ValidationError):
        await client.memberships.update(ACCOUNT, MEMBERSHIP)
    assert wire.calls == []


async def test_remove(client: ConvercusClient, wire: Wire) -> None:
    wire.on("DELETE", ONE, Response(204))

    assert await client.memberships.remove(ACCOUNT, MEMBERSHIP) is None

    assert_sent(wire.last, "DELETE", ONE)


async def test_events_for_a_membership(client: ConvercusClient, wire: Wire) -> None:
    path = f"/accounts/{CARD}/memberships/{MEMBERSHIP}/events"
    body = [{"eventId": "e-1", "type": "OPTINS_CHANGED", "createdAt": "2024-05-01T08:30:00Z"}]
    wire.on("GET", path, Response(200, json=body))

    [event] = await client.memberships.list_events(CARD, MEMBERSHIP, id_type=IdType.CARDCODE)

    assert_sent(wire.last, "GET", path, id_type="CARDCODE")
    assert event.type == "OPTINS_CHANGED"
    assert event.raw == body[0]


async def test_membership_ids_must_be_uuids(client: ConvercusClient, wire: Wire) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.memberships.remove(ACCOUNT, "owner")

    assert caught.value.field == "membership_id"
    assert wire.calls == []
