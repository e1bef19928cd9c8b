"""Memberships: the OWNER rules and opt-ins replaced as a whole."""

from __future__ import annotations

from .conftest import Api

OPTINS = [{"flag": True, "type": "Post"}, {"flag": True, "type": "Newsletter"}]


async def _member(api: Api, account_id: str, user_id: str, role: str = "OWNER") -> str:
    reply = await api.post(
        f"/accounts/{account_id}/memberships",
        json={"accountId": account_id, "memberRole": role, "optins": OPTINS, "userId": user_id},
    )
    assert reply.status == 201, reply.body
    return reply.location_id


async def test_create_answers_the_nested_location_and_reads_back(api: Api) -> None:
    account_id, user_id = await api.new_account(), await api.new_user()

    reply = await api.post(
        f"/accounts/{account_id}/memberships",
        json={"memberRole": "OWNER", "optins": OPTINS, "userId": user_id},
    )

    assert reply.status == 201 and reply.body == b""
    membership_id = reply.location_id
    assert reply.headers["Location"] == (
        f"{api.sandbox.url}/accounts/{account_id}/memberships/{membership_id}"
    )
    membership = (await api.get(f"/accounts/{account_id}/memberships/{membership_id}")).json()
    assert membership == {
        "membershipId": membership_id,
        "accountId": account_id,
        "userId": user_id,
        "memberRole": "OWNER",
        "partnerId": None,
        "terminated": None,
        "createdAt": membership["createdAt"],
        "optins": OPTINS,
    }
    assert (await api.get(f"/accounts/{account_id}/memberships")).json() == [membership]


async def test_an_anonymous_account_lists_no_memberships(api: Api) -> None:
    account_id = await api.new_account()

    reply = await api.get(f"/accounts/{account_id}/memberships")

    assert reply.body == b"[]"


async def test_the_first_membership_must_be_the_owner(api: Api) -> None:
    account_id, user_id = await api.new_account(), await api.new_user()

    reply = await api.post(
        f"/accounts/{account_id}/memberships", json={"memberRole": "COOWNER", "userId": user_id}
    )

    assert (reply.status, reply.code) == (400, "FIRST_MEMBERSHIP_MUST_BE_OWNER")


async def test_an_account_has_one_owner(api: Api) -> None:
    account_id = await api.new_account()
    await _member(api, account_id, await api.new_user("a@example.com"))
    second = await api.new_user("b@example.com")

    owner_again = await api.post(
        f"/accounts/{account_id}/memberships", json={"memberRole": "OWNER", "userId": second}
    )
    collector = await api.post(
        f"/accounts/{account_id}/memberships", json={"memberRole": "COLLECTOR", "userId": second}
    )

    assert (owner_again.status, owner_again.code) == (409, "OWNER_ALREADY_EXISTS")
    assert collector.status == 201


async def test_a_user_is_a_member_of_an_account_once(api: Api) -> None:
    account_id, user_id = await api.new_account(), await api.new_user()
    await _member(api, account_id, user_id)

    reply = await api.post(
        f"/accounts/{account_id}/memberships", json={"memberRole": "COOWNER", "userId": user_id}
    )

    assert (reply.status, reply.code) == (409, "MEMBERSHIP_ALREADY_EXISTS")


async def test_a_membership_needs_an_existing_user(api: Api) -> None:
    account_id = await api.new_account()

    reply = await api.post(
        f"/accounts/{account_id}/memberships",
        json={"memberRole": "OWNER", "userId": "00000000-0000-0000-0000-000000000000"},
    )

    assert (reply.status, reply.code) == (404, "USER_NOT_FOUND")


async def test_patch_with_a_bare_array_replaces_every_optin(api: Api) -> None:
    account_id = await _account_with_card(api)
    membership_id = await _member(api, account_id, await api.new_user())
    path = f"/accounts/CARD-7/memberships/{membership_id}"

    reply = await api.send(
        "PATCH", path, json=[{"flag": False, "type": "email"}], id_type="CARDCODE"
    )

    assert reply.status == 200
    assert reply.json()["optins"] == [{"flag": False, "type": "email"}]
    stored = await api.get(f"/accounts/{account_id}/memberships/{membership_id}")
    assert stored.json()["optins"] == [{"flag": False, "type": "email"}]


async def test_an_optin_needs_a_boolean_flag(api: Api) -> None:
    account_id = await api.new_account()
    membership_id = await _member(api, account_id, await api.new_user())

    reply = await api.send(
        "PATCH",
        f"/accounts/{account_id}/memberships/{membership_id}",
        json=[{"flag": "yes", "type": "email"}],
    )

    assert reply.status == 400
    assert (await api.get(f"/accounts/{account_id}/memberships/{membership_id}")).json()[
        "optins"
    ] == OPTINS


async def test_the_owner_membership_ends_last(api: Api) -> None:
    account_id = await api.new_account()
    owner = await _member(api, account_id, await api.new_user("a@example.com"))
    coowner = await _member(api, account_id, await api.new_user("b@example.com"), "COOWNER")
    base = f"/accounts/{account_id}/memberships"

    early = await api.send("DELETE", f"{base}/{owner}")
    other = await api.send("DELETE", f"{base}/{coowner}")
    last = await api.send("DELETE", f"{base}/{owner}")

    assert (early.status, early.code) == (400, "OWNER_REQUIRED")
    assert other.status == last.status == 204
    assert (await api.get(base)).json() == []
    ended = (await api.get(f"{base}/{owner}")).json()
    assert ended["terminated"] is not None


async def _account_with_card(api: Api) -> str:
    account_id = await api.new_account()
    await api.post(
        f"/accounts/{account_id}/identifiers", json={"code": "CARD-7", "type": "CARDCODE"}
    )
    return account_id
