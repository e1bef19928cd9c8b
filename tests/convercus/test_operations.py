"""The operation table rows of the customer profile, and a typed method for every one of them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from loyalty_async import ConvercusClient, Response
from loyalty_async.convercus import (
    OPERATIONS,
    IdentifierType,
    IdType,
    MemberRole,
    NewUser,
    Optin,
    UserUpdate,
)
from tests.convercus.conftest import BASE_URL, Wire, assert_convercus_headers
from tests.convercus.wire_asserts import (
    ACCOUNT,
    CARD,
    IDENTIFIER,
    MEMBERSHIP,
    TARGET,
    USER,
)

DOMAINS = (
    "accounts",
    "identifiers",
    "identifier_batches",
    "users",
    "memberships",
    "events",
    "auth",
)

# Creates take the technical id (ACCOUNT); every other account call uses a card code.
# What each path parameter is filled with in the calls below.
VALUES = {
    "accountId": CARD,
    "targetAccountId": TARGET,
    "identifierId": IDENTIFIER,
    "membershipId": MEMBERSHIP,
    "userId": USER,
    "batchId": "b-1",
    "name": "shoeSize",
}

Call = Callable[[ConvercusClient], Awaitable[Any]]
CARD_REF = {"id_type": IdType.CARDCODE}
ANN = NewUser(email_address="ann@example.com")

# operation name → (the typed call, an answer the server might give)
CALLS: dict[str, tuple[Call, Response]] = {
    "accounts.get": (
        lambda c: c.accounts.get(CARD, **CARD_REF),
        Response(200, json={"id": ACCOUNT}),
    ),
    "accounts.create": (
        lambda c: c.accounts.create(),
        Response(201, headers={"Location": f"/accounts/{ACCOUNT}"}),
    ),
    "accounts.delete_anonymous": (
        lambda c: c.accounts.delete_anonymous(CARD, **CARD_REF),
        Response(204),
    ),
    "accounts.get_details": (
        lambda c: c.accounts.get_details(CARD, **CARD_REF),
        Response(200, json={}),
    ),
    "accounts.merge": (lambda c: c.accounts.merge(CARD, TARGET, **CARD_REF), Response(204)),
    "accounts.get_balance": (
        lambda c: c.accounts.get_balance(CARD, **CARD_REF),
        Response(200, json={"points": 1}),
    ),
    "accounts.get_balance_eur": (
        lambda c: c.accounts.get_balance_eur(CARD, **CARD_REF),
        Response(200, json={"amount": 1}),
    ),
    "accounts.get_level": (
        lambda c: c.accounts.get_level(CARD, **CARD_REF),
        Response(200, json={}),
    ),
    "accounts.get_rating_level": (
        lambda c: c.accounts.get_rating_level(CARD, **CARD_REF),
        Response(200, json={}),
    ),
    "accounts.update_rating_level": (
        lambda c: c.accounts.update_rating_level(CARD, "r", **CARD_REF),
        Response(204),
    ),
    "accounts.delete_rating_level": (
        lambda c: c.accounts.delete_rating_level(CARD, **CARD_REF),
        Response(204),
    ),
    "accounts.get_fraud_info": (
        lambda c: c.accounts.get_fraud_info(CARD, **CARD_REF),
        Response(200, json={}),
    ),
    "accounts.create_fraud": (lambda c: c.accounts.create_fraud(CARD, **CARD_REF), Response(201)),
    "accounts.remove_fraud": (lambda c: c.accounts.remove_fraud(CARD, **CARD_REF), Response(204)),
    "identifiers.list_for_account": (
        lambda c: c.identifiers.list_for_account(CARD, **CARD_REF),
        Response(200, json=[]),
    ),
    "identifiers.create": (
        lambda c: c.identifiers.create(ACCOUNT, IdentifierType.CARDCODE),
        Response(201),
    ),
    "identifiers.lock": (lambda c: c.identifiers.lock(CARD, IDENTIFIER, **CARD_REF), Response(204)),
    "identifiers.unlock": (
        lambda c: c.identifiers.unlock(CARD, IDENTIFIER, **CARD_REF),
        Response(204),
    ),
    "identifiers.get": (lambda c: c.identifiers.get(IDENTIFIER), Response(200, json={})),
    "identifiers.terminate": (lambda c: c.identifiers.terminate(IDENTIFIER), Response(204)),
    "identifier_batches.list": (lambda c: c.identifiers.list_batches(), Response(200, json=[])),
    "identifier_batches.create": (
        lambda c: c.identifiers.create_batch("APPCODE", 1),
        Response(201, json={}),
    ),
    "identifier_batches.create_deprecated": (
        lambda c: c.identifiers.create_batch_deprecated("APPCODE", 1),
        Response(201, json={}),
    ),
    "identifier_batches.get": (lambda c: c.identifiers.get_batch("b-1"), Response(200, json={})),
    "identifier_batches.list_identifiers": (
        lambda c: c.identifiers.list_batch_identifiers("b-1").collect(),
        Response(200, json=[]),
    ),
    "memberships.get": (
        lambda c: c.memberships.get(CARD, MEMBERSHIP, **CARD_REF),
        Response(200, json={}),
    ),
    "memberships.create": (
        lambda c: c.memberships.create(ACCOUNT, user_id=USER, member_role=MemberRole.OWNER),
        Response(201, headers={"Location": f"/x/{MEMBERSHIP}"}),
    ),
    "memberships.update": (
        lambda c: c.memberships.update(CARD, MEMBERSHIP, member_role="COOWNER", **CARD_REF),
        Response(204),
    ),
    "memberships.remove": (
        lambda c: c.memberships.remove(CARD, MEMBERSHIP, **CARD_REF),
        Response(204),
    ),
    "memberships.list": (lambda c: c.memberships.list(CARD, **CARD_REF), Response(200, json=[])),
    "memberships.update_optins": (
        lambda c: c.memberships.update_optins(CARD, MEMBERSHIP, [Optin("a", True)], **CARD_REF),
        Response(204),
    ),
    "events.list_for_membership": (
        lambda c: c.memberships.list_events(CARD, MEMBERSHIP, **CARD_REF),
        Response(200, json=[]),
    ),
    "users.get": (lambda c: c.users.get(USER), Response(200, json={})),
    "users.create": (
        lambda c: c.users.create(ANN),
        Response(201, headers={"Location": f"/users/{USER}"}),
    ),
    "users.replace": (lambda c: c.users.replace(USER, ANN), Response(204)),
    "users.update": (lambda c: c.users.update(USER, UserUpdate(city="Bonn")), Response(204)),
    "users.delete": (lambda c: c.users.delete(USER), Response(204)),
    "users.request_password_reset": (
        lambda c: c.users.request_password_reset("ann@example.com"),
        Response(202),
    ),
    "users.update_password": (lambda c: c.users.update_password(USER, "pw"), Response(204)),
    "users.get_registration": (lambda c: c.users.get_registration(USER), Response(200, json={})),
    "users.delete_registration": (lambda c: c.users.delete_registration(USER), Response(204)),
    "users.resend_notification": (lambda c: c.users.resend_notification(USER), Response(204)),
    "users.add_custom_property": (
        lambda c: c.users.add_custom_property(USER, "shoeSize", "42"),
        Response(201),
    ),
    "users.update_custom_property": (
        lambda c: c.users.update_custom_property(USER, "shoeSize", "43"),
        Response(204),
    ),
    "users.delete_custom_property": (
        lambda c: c.users.delete_custom_property(USER, "shoeSize"),
        Response(204),
    ),
    "users.create_deprecated": (
        lambda c: c.users.create_deprecated(ANN),
        Response(201, headers={"Location": f"/users/{USER}"}),
    ),
    "users.update_deprecated": (
        lambda c: c.users.update_deprecated(USER, UserUpdate(city="Bonn")),
        Response(204),
    ),
    "users.replace_deprecated": (lambda c: c.users.replace_deprecated(USER, ANN), Response(204)),
    "users.get_registration_deprecated": (
        lambda c: c.users.get_registration_deprecated(USER),
        Response(200, json={}),
    ),
    "events.list_for_user": (lambda c: c.users.list_events(USER), Response(200, json=[])),
    "auth.login": (lambda c: c.auth.login(), Response(200)),
    "auth.logout": (lambda c: _login_then_logout(c), Response(204)),
}


async def _login_then_logout(client: ConvercusClient) -> None:
    await client.auth.login()
    await client.auth.logout()


def _profile_operations() -> list[str]:
    return [op.name for op in OPERATIONS if op.name.split(".")[0] in DOMAINS]


def test_every_profile_operation_has_a_typed_call() -> None:
    assert sorted(CALLS) == sorted(_profile_operations())


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_each_typed_call_sends_its_declared_operation(
    client: ConvercusClient, wire: Wire, name: str
) -> None:
    operation = OPERATIONS[name]
    values = {**VALUES, "accountId": ACCOUNT if name.endswith(".create") else CARD}
    path = operation.path.format_map(values)
    call, answer = CALLS[name]
    wire.on(operation.method, path, answer)

    await call(client)

    if name == "auth.login":
        assert wire.logins == 1 and wire.calls == []
        return
    request = wire.last
    if name != "auth.logout":  # the strategy sends logout itself, as a token request
        assert request.extensions["operation"] == name
    assert request.method == operation.method
    assert request.url == BASE_URL + path
    assert_convercus_headers(
        request,
        id_type="CARDCODE" if "{accountId}" in operation.path and operation.id_type else None,
    )


def test_update_optins_uses_the_path_the_manual_confirms() -> None:
    optins = OPERATIONS["memberships.update_optins"]

    assert (optins.method, optins.path) == (
        "PATCH",
        "/accounts/{accountId}/memberships/{membershipId}",
    )
    assert optins.confirmed and optins.id_type


def test_batch_identifiers_are_declared_paged() -> None:
    assert OPERATIONS["identifier_batches.list_identifiers"].paged


@pytest.mark.parametrize(
    "name",
    ["users.update", "users.update_deprecated", "memberships.update", "memberships.update_optins"],
)
def test_patches_with_absolute_values_may_be_resent(name: str) -> None:
    assert OPERATIONS[name].resend_safe


@pytest.mark.parametrize(
    "name", ["accounts.create", "users.create", "memberships.create", "identifiers.create"]
)
def test_creates_are_never_resent_blindly(name: str) -> None:
    assert not OPERATIONS[name].resend_safe
