"""Login, tokens and the headers every business call needs."""

from __future__ import annotations

import base64

import orjson
import pytest

from loyalty_async import AuthenticationError
from loyalty_async.auth.token import jwt_expiry
from loyalty_async.sandbox import Credentials, Sandbox

from .conftest import Api, Clock


def _claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    return dict(orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


async def test_login_answers_a_plain_text_jwt_that_lives_24_hours(api: Api, clock: Clock) -> None:
    reply = await api.login()

    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/plain")
    token = reply.body.decode()
    assert token.count(".") == 2 and not token.startswith('"')
    claims = _claims(token)
    assert claims["org"] == "SANDBOX" and claims["sub"] == "sandbox"
    assert jwt_expiry(token) == pytest.approx(clock() + 24 * 3600)


@pytest.mark.parametrize("field", ["org", "userName", "password"])
async def test_wrong_credentials_are_refused_with_401(api: Api, field: str) -> None:
    reply = await api.login(**{field: "wrong"})

    assert reply.status == 401
    assert reply.json() == {
        "code": "BAD_CREDENTIALS",
        "message": "wrong org, user name or password",
        "detail": [],
    }
    assert api.sandbox.stats.auth_failures["BAD_CREDENTIALS"] == 1


async def test_login_without_a_password_is_a_validation_error(api: Api) -> None:
    reply = await api.send(
        "POST", "/auth/login", json={"org": "SANDBOX", "userName": "sandbox"}, auth=False
    )

    assert reply.status == 400
    assert reply.json()["code"] == "VALIDATION_ERROR"
    assert reply.json()["detail"] == ["password"]


async def test_configured_credentials_are_the_ones_accepted(clock: Clock) -> None:
    credentials = Credentials(org="ACME", username="pos", password="s3cret", interaction_id="t1")
    async with Sandbox(credentials=credentials, clock=clock) as sandbox:
        async with sandbox.client() as client:
            account_id = await client.call("accounts.create")
        async with sandbox.client(password="sandbox") as client:
            with pytest.raises(AuthenticationError):
                await client.call("accounts.create")
    assert len(account_id) == 36


async def test_a_call_without_token_is_refused(api: Api) -> None:
    reply = await api.post("/accounts", auth=False)

    assert reply.status == 401
    assert reply.code == "TOKEN_MISSING"


async def test_an_expired_token_is_refused(api: Api, clock: Clock) -> None:
    assert (await api.post("/accounts")).status == 201
    clock.advance(24 * 3600 + 1)

    reply = await api.post("/accounts")

    assert reply.status == 401
    assert reply.code == "TOKEN_EXPIRED"
    assert api.sandbox.stats.writes["accounts"] == 1


async def test_a_token_with_a_tampered_payload_is_refused(api: Api) -> None:
    header, _, signature = api.token.split(".")
    claims = _claims(api.token)
    claims["exp"] = float(claims["exp"]) + 3600  # type: ignore[arg-type]
    payload = base64.urlsafe_b64encode(orjson.dumps(claims)).rstrip(b"=").decode()
    api.token = f"{header}.{payload}.{signature}"

    reply = await api.post("/accounts")

    assert reply.status == 401
    assert reply.code == "TOKEN_INVALID"


async def test_a_token_signed_by_another_sandbox_is_refused(api: Api, clock: Clock) -> None:
    async with Sandbox(clock=clock) as other:
        foreign = other.core.tokens.issue("sandbox", 3600)
    api.token = foreign

    reply = await api.get("/accounts/00000000-0000-0000-0000-000000000000")

    assert reply.status == 401
    assert reply.code == "TOKEN_INVALID"


async def test_a_token_that_is_not_a_jwt_is_refused(api: Api) -> None:
    api.token = "not-a-token"

    reply = await api.post("/accounts")

    assert (reply.status, reply.code) == (401, "TOKEN_INVALID")


async def test_the_bearer_form_of_the_header_is_accepted(api: Api) -> None:
    reply = await api.post("/accounts", headers={"Authorization": f"Bearer {api.token}"})

    assert reply.status == 201


async def test_business_calls_need_an_interaction_id(api: Api) -> None:
    reply = await api.post("/accounts", interaction=False)

    assert reply.status == 400
    assert reply.code == "INTERACTION_ID_MISSING"
    assert api.sandbox.stats.writes["accounts"] == 0


async def test_a_blank_interaction_id_counts_as_missing(api: Api) -> None:
    reply = await api.post("/accounts", headers={"interaction-id": "  "})

    assert (reply.status, reply.code) == (400, "INTERACTION_ID_MISSING")


async def test_logout_revokes_the_token(api: Api) -> None:
    assert (await api.send("DELETE", "/auth/logout", interaction=False)).status == 204

    reply = await api.post("/accounts")

    assert (reply.status, reply.code) == (401, "TOKEN_INVALID")


async def test_the_sdk_logs_in_again_when_its_token_expires(sandbox: Sandbox, clock: Clock) -> None:
    async with sandbox.client(clock=clock, token_refresh_margin=0) as client:
        await client.call("accounts.create")
        clock.advance(24 * 3600 + 1)
        await client.call("accounts.create")

    assert sandbox.stats.logins == 2
    assert sandbox.stats.writes["accounts"] == 2
