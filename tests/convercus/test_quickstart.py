"""The README's customer-profile journey, against a small stateful stand-in for Convercus."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from loyalty_async import ConvercusClient, MockTransport, Request, Response
from loyalty_async.convercus import IdentifierType, IdType, MemberRole, NewUser, Optin

HOST = "https://staging.convercus.io"
README = Path(__file__).resolve().parents[2] / "README.md"


class Profiles:
    """Accounts, identifiers, users and memberships kept in memory, checked like the server.

    Every business call must carry the token and the interaction point; an account is
    found by its id, or by an identifier code when ``id-type`` names the code's type.
    """

    def __init__(self) -> None:
        self.token = f"jwt-{uuid.uuid4().hex}"
        self.accounts: dict[str, dict[str, Any]] = {}
        self.identifiers: list[dict[str, Any]] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.memberships: list[dict[str, Any]] = []
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        url = urlsplit(request.url)
        assert f"{url.scheme}://{url.netloc}" == HOST
        parts = url.path.strip("/").split("/")
        if parts == ["auth", "login"]:
            body = request.decoded_json()
            if body != {"org": "ORG", "userName": "api-user", "password": "secret"}:
                return Response(401, json={"message": "Bad credentials"})
            return Response(200, text=self.token)
        if request.headers.get("Authorization") != self.token:
            return Response(401, json={"message": "Unauthorized"})
        if request.headers.get("interaction-id") != "webshop-1":
            return Response(400, json={"code": "UNKNOWN_INTERACTION_POINT"})
        return self._route(request, parts)

    def _route(self, request: Request, parts: list[str]) -> Response:
        method = request.method
        if (method, parts) == ("POST", ["accounts"]):
            account_id = str(uuid.uuid4())
            self.accounts[account_id] = {"id": account_id, "program": "PGM", "status": "ACTIVE"}
            return Response(201, headers={"Location": f"{HOST}/accounts/{account_id}"})
        if (method, parts) == ("POST", ["users"]):
            body = request.decoded_json()
            if "@" not in body.get("emailAddress", ""):
                return Response(400, json={"code": "INVALID_EMAIL"})
            user_id = str(uuid.uuid4())
            self.users[user_id] = {"userId": user_id, **body}
            return Response(201, headers={"Location": f"{HOST}/users/{user_id}"})
        if parts[0] != "accounts":
            return Response(404, json={"code": "NOT_FOUND"})
        account_id = self._resolve(parts[1], request.headers.get("id-type"))
        if account_id is None:
            return Response(404, json={"code": "ACCOUNT_NOT_FOUND"})
        rest = parts[2:]
        if (method, rest) == ("GET", []):
            return Response(200, json=self.accounts[account_id])
        if (method, rest) == ("GET", ["balance"]):
            return Response(200, json={"points": 0, "lockedPoints": 0})
        if (method, rest) == ("POST", ["identifiers"]):
            identifier = {"identifierId": str(uuid.uuid4()), "status": "ACTIVE"}
            identifier.update(request.decoded_json(), accountId=account_id)
            self.identifiers.append(identifier)
            return Response(201)  # no Location: the manual does not promise one here
        if (method, rest) == ("POST", ["memberships"]):
            body = request.decoded_json()
            if body["userId"] not in self.users or body["accountId"] != account_id:
                return Response(400, json={"code": "INVALID_MEMBERSHIP"})
            membership = {"membershipId": str(uuid.uuid4()), "partnerId": None, **body}
            self.memberships.append(membership)
            location = f"{HOST}/accounts/{account_id}/memberships/{membership['membershipId']}"
            return Response(201, headers={"Location": location})
        if (method, rest) == ("GET", ["memberships"]):
            return Response(200, json=[m for m in self.memberships if m["accountId"] == account_id])
        return Response(404, json={"code": "NOT_FOUND"})

    def _resolve(self, ref: str, id_type: str | None) -> str | None:
        if id_type in (None, "ID"):
            return ref if ref in self.accounts else None
        for identifier in self.identifiers:
            if identifier["type"] == id_type and identifier.get("code") == ref:
                return str(identifier["accountId"])
        return None


async def test_the_quickstart_journey_as_written() -> None:
    profiles = Profiles()

    async with ConvercusClient(
        environment="staging",
        org="ORG",
        username="api-user",
        password="secret",
        interaction_id="webshop-1",
        transport=MockTransport(profiles),
    ) as client:
        account_id = await client.accounts.create()
        await client.identifiers.create(account_id, IdentifierType.CARDCODE, code="V1W2X3Y4Z5")
        account = await client.accounts.get("V1W2X3Y4Z5", id_type=IdType.CARDCODE)
        balance = await client.accounts.get_balance(account.id)
        user_id = await client.users.create(
            NewUser(email_address="ann@example.com", given_name="Ann")
        )
        membership_id = await client.memberships.create(
            account_id,
            user_id=user_id,
            member_role=MemberRole.OWNER,
            optins=[Optin(type="Newsletter", flag=True)],
        )
        memberships = await client.memberships.list("V1W2X3Y4Z5", id_type=IdType.CARDCODE)

    assert account.id == account_id
    assert (balance.points, balance.locked_points) == (0, 0)
    assert profiles.users[user_id]["givenName"] == "Ann"
    [membership] = memberships
    assert membership.membership_id == membership_id
    assert (membership.user_id, membership.member_role) == (user_id, MemberRole.OWNER)
    assert membership.optins == [Optin(type="Newsletter", flag=True)]
    assert [r.headers.get("id-type") for r in profiles.requests] == [
        None,  # login
        None,  # POST /accounts
        None,  # POST identifiers: by technical id
        "CARDCODE",
        None,  # balance by the UUID the card code resolved to
        None,  # POST /users
        None,  # POST memberships: by technical id
        "CARDCODE",
    ]


def _readme_quickstart() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quickstart", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "the Quickstart has no python block"
    return match.group(1)


async def test_the_readme_quickstart_runs_unchanged(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = Profiles()
    # The README builds its client without a transport: give it the stand-in instead.
    monkeypatch.setattr(
        "loyalty_async.transport.aiohttp_transport.AiohttpTransport",
        lambda: MockTransport(profiles),
    )
    source = _readme_quickstart()
    runner = "asyncio.run(main())\n"
    assert source.endswith(runner)
    namespace: dict[str, Any] = {}

    exec(compile(source.removesuffix(runner), str(README), "exec"), namespace)
    await namespace["main"]()

    [account_id] = profiles.accounts
    [membership] = profiles.memberships
    assert capsys.readouterr().out == (
        f"account {account_id}: 0 points, membership {membership['membershipId']}, 1 member(s)\n"
    )
