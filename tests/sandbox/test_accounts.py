"""Accounts and identifiers: creation, id-type lookups, uniqueness, locking, deletion."""

from __future__ import annotations

import uuid

import pytest

from loyalty_async import ConvercusClient, NotFoundError

from .conftest import Api

CODES = {"APPCODE": "A1B2C3D4E5", "CARDCODE": "V1W2X3Y4Z5", "EXTERNALCODE": "123456780123"}


async def _account_with_codes(api: Api) -> str:
    account_id = await api.new_account()
    for kind, code in CODES.items():
        reply = await api.post(
            f"/accounts/{account_id}/identifiers",
            json={"code": code, "displayCode": f"display-{code}", "type": kind},
        )
        assert reply.status == 201
    return account_id


async def test_create_answers_201_with_an_absolute_location_and_no_body(api: Api) -> None:
    reply = await api.post("/accounts")

    assert reply.status == 201
    assert reply.body == b""
    assert reply.headers["Content-Length"] == "0"
    location = reply.headers["Location"]
    assert location.startswith(f"{api.sandbox.url}/accounts/")
    uuid.UUID(reply.location_id)


async def test_a_new_account_is_active_and_empty(api: Api) -> None:
    account_id = await api.new_account()

    account = await api.get(f"/accounts/{account_id}")
    balance = await api.get(f"/accounts/{account_id}/balance")

    assert account.json() == {"id": account_id, "program": "SANDBOX", "status": "ACTIVE"}
    assert balance.json() == {"points": 0, "lockedPoints": 0}


@pytest.mark.parametrize("id_type", ["ID", *CODES])
async def test_every_id_type_resolves_the_account(api: Api, id_type: str) -> None:
    account_id = await _account_with_codes(api)
    reference = account_id if id_type == "ID" else CODES[id_type]

    account = await api.get(f"/accounts/{reference}", id_type=id_type)
    balance = await api.get(f"/accounts/{reference}/balance", id_type=id_type)
    identifiers = await api.get(f"/accounts/{reference}/identifiers", id_type=id_type)
    memberships = await api.get(f"/accounts/{reference}/memberships", id_type=id_type)

    assert account.json()["id"] == account_id
    assert balance.status == 200
    assert {item["code"] for item in identifiers.json()} == set(CODES.values())
    assert memberships.json() == []


async def test_without_id_type_the_path_is_the_technical_id(api: Api) -> None:
    await _account_with_codes(api)

    reply = await api.get(f"/accounts/{CODES['CARDCODE']}")

    assert (reply.status, reply.code) == (404, "ACCOUNT_NOT_FOUND")


async def test_a_code_is_looked_up_only_among_its_own_type(api: Api) -> None:
    await _account_with_codes(api)

    reply = await api.get(f"/accounts/{CODES['CARDCODE']}", id_type="APPCODE")

    assert (reply.status, reply.code) == (404, "ACCOUNT_NOT_FOUND")


async def test_an_unknown_id_type_is_refused(api: Api) -> None:
    account_id = await api.new_account()

    reply = await api.get(f"/accounts/{account_id}", id_type="EMAIL")

    assert (reply.status, reply.code) == (400, "INVALID_ID_TYPE")


async def test_the_sdk_resolves_a_card_code_to_the_account(
    api: Api, client: ConvercusClient
) -> None:
    account_id = await _account_with_codes(api)

    account = await client.call(
        "accounts.get", path_params={"accountId": CODES["CARDCODE"]}, id_type="CARDCODE"
    )

    assert account["id"] == account_id


async def test_identifiers_are_listed_as_a_bare_array(api: Api) -> None:
    account_id = await api.new_account()
    assert (await api.get(f"/accounts/{account_id}/identifiers")).body == b"[]"
    reply = await api.post(
        f"/accounts/{account_id}/identifiers",
        json={"code": "TESTCODE", "displayCode": "AB1299CD", "type": "APPCODE"},
    )
    assert reply.status == 201 and reply.body == b""

    listed = await api.get(f"/accounts/{account_id}/identifiers")

    assert listed.json() == [
        {
            "identifierId": reply.location_id,
            "code": "TESTCODE",
            "displayCode": "AB1299CD",
            "type": "APPCODE",
            "status": "ACTIVE",
        }
    ]
    single = await api.get(f"/identifiers/{reply.location_id}")
    assert single.json()["accountId"] == account_id


async def test_an_identifier_without_code_gets_one(api: Api) -> None:
    account_id = await api.new_account()

    await api.post(f"/accounts/{account_id}/identifiers", json={"type": "CARDCODE"})

    (identifier,) = (await api.get(f"/accounts/{account_id}/identifiers")).json()
    assert len(identifier["code"]) == 10 and identifier["displayCode"] == identifier["code"]
    by_code = await api.get(f"/accounts/{identifier['code']}", id_type="CARDCODE")
    assert by_code.json()["id"] == account_id


async def test_an_identifier_needs_a_known_type(api: Api) -> None:
    account_id = await api.new_account()

    reply = await api.post(f"/accounts/{account_id}/identifiers", json={"code": "X"})

    assert reply.status == 400
    assert reply.json()["detail"] == ["type"]


async def test_a_code_is_unique_per_type(api: Api) -> None:
    first, second = await api.new_account(), await api.new_account()
    body = {"code": "SHARED", "type": "CARDCODE"}
    assert (await api.post(f"/accounts/{first}/identifiers", json=body)).status == 201

    again = await api.post(f"/accounts/{second}/identifiers", json=body)
    other_type = await api.post(
        f"/accounts/{second}/identifiers", json={"code": "SHARED", "type": "APPCODE"}
    )

    assert (again.status, again.code) == (409, "IDENTIFIER_ALREADY_EXISTS")
    assert other_type.status == 201
    owner = await api.get("/accounts/SHARED", id_type="CARDCODE")
    assert owner.json()["id"] == first


async def test_a_terminated_identifier_frees_its_code(api: Api) -> None:
    first, second = await api.new_account(), await api.new_account()
    body = {"code": "REUSED", "type": "CARDCODE"}
    created = await api.post(f"/accounts/{first}/identifiers", json=body)

    assert (await api.send("DELETE", f"/identifiers/{created.location_id}")).status == 204

    assert (await api.get("/accounts/REUSED", id_type="CARDCODE")).status == 404
    assert (await api.post(f"/accounts/{second}/identifiers", json=body)).status == 201
    assert (await api.get("/accounts/REUSED", id_type="CARDCODE")).json()["id"] == second


async def test_fraud_locks_the_account_until_removed(api: Api) -> None:
    account_id = await api.new_account()
    earn = {"transactionType": "EARNTRANSACTION", "amount": 10}

    locked = await api.post(f"/accounts/{account_id}/fraud", json={"reason": "card skimming"})
    refused = await api.post(f"/accounts/{account_id}/transactions", json=earn)
    twice = await api.post(f"/accounts/{account_id}/fraud", json={})
    status_while_locked = (await api.get(f"/accounts/{account_id}")).json()["status"]
    unlocked = await api.send("DELETE", f"/accounts/{account_id}/fraud")
    accepted = await api.post(f"/accounts/{account_id}/transactions", json=earn)

    assert locked.status == 200
    assert locked.json()["reason"] == "card skimming"
    assert (refused.status, refused.code) == (400, "ACCOUNT_LOCKED")
    assert (twice.status, twice.code) == (409, "ACCOUNT_ALREADY_LOCKED")
    assert status_while_locked == "LOCKED"
    assert unlocked.status == 204
    assert accepted.status == 201
    assert (await api.get(f"/accounts/{account_id}/fraud")).code == "FRAUD_NOT_FOUND"


async def test_an_anonymous_account_can_be_deleted_and_is_then_gone(
    api: Api, client: ConvercusClient
) -> None:
    account_id = await _account_with_codes(api)

    deleted = await api.send("DELETE", f"/accounts/{account_id}")

    assert deleted.status == 204
    with pytest.raises(NotFoundError):
        await client.call("accounts.get", path_params={"accountId": account_id})
    assert (await api.get(f"/accounts/{CODES['CARDCODE']}", id_type="CARDCODE")).status == 404


async def test_an_account_with_a_member_cannot_be_deleted(api: Api) -> None:
    account_id = await api.new_account()
    user_id = await api.new_user()
    await api.post(
        f"/accounts/{account_id}/memberships", json={"memberRole": "OWNER", "userId": user_id}
    )

    reply = await api.send("DELETE", f"/accounts/{account_id}")

    assert (reply.status, reply.code) == (400, "ACCOUNT_NOT_ANONYMOUS")
