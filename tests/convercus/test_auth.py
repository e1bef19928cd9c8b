"""Explicit login and logout, and how they share the session's token."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import pytest

from loyalty_async import (
    AuthenticationError,
    ConfigurationError,
    ConvercusClient,
    MockTransport,
    Request,
    Response,
)
from loyalty_async.auth.base import AuthStrategy
from loyalty_async.convercus.services import AuthService
from loyalty_async.session import Session
from tests.convercus.conftest import BASE_URL, TOKEN, Wire
from tests.convercus.wire_asserts import ACCOUNT, assert_sent, make_client

BALANCE = f"/accounts/{ACCOUNT}/balance"


def _balance(wire: Wire) -> None:
    wire.on("GET", BALANCE, Response(200, json={"points": 1, "lockedPoints": 0}))


async def test_login_returns_the_token_and_later_calls_reuse_it(
    client: ConvercusClient, wire: Wire
) -> None:
    _balance(wire)

    assert await client.auth.login() == TOKEN
    assert wire.logins == 1

    await client.accounts.get_balance(ACCOUNT)
    await client.accounts.get_balance(ACCOUNT)

    assert wire.logins == 1
    assert_sent(wire.last, "GET", BALANCE)  # carries the raw token from the explicit login


async def test_login_always_logs_in_afresh(client: ConvercusClient, wire: Wire) -> None:
    await client.auth.login()
    await client.auth.login()

    assert wire.logins == 2


async def test_calls_during_a_login_wait_for_it_instead_of_logging_in_again(
    client: ConvercusClient, wire: Wire
) -> None:
    _balance(wire)

    token, *_ = await asyncio.gather(
        client.auth.login(), *(client.accounts.get_balance(ACCOUNT) for _ in range(5))
    )

    assert token == TOKEN
    assert wire.logins == 1
    assert len(wire.calls) == 5


async def test_login_sends_the_credentials_and_refusal_is_an_authentication_error() -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(401, json={"message": "Bad credentials"})

    async with make_client(handler, password="wrong") as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.auth.login()

    [login] = seen
    assert (login.method, urlsplit(login.url).path) == ("POST", "/auth/login")
    assert login.decoded_json() == {"org": "ORG", "userName": "api-user", "password": "wrong"}
    assert "Authorization" not in login.headers
    assert caught.value.status == 401
    assert "wrong" not in str(caught.value)


async def test_logout_sends_the_token_then_forgets_it(client: ConvercusClient, wire: Wire) -> None:
    _balance(wire)
    wire.on("DELETE", "/auth/logout", Response(204))
    await client.auth.login()

    await client.auth.logout()

    assert_sent(wire.last, "DELETE", "/auth/logout")
    await client.accounts.get_balance(ACCOUNT)
    assert wire.logins == 2  # the next call needed a new token


async def test_logout_without_a_token_sends_nothing(client: ConvercusClient, wire: Wire) -> None:
    await client.auth.logout()

    assert wire.calls == []
    assert wire.logins == 0


async def test_a_refused_logout_still_forgets_the_token(
    client: ConvercusClient, wire: Wire
) -> None:
    _balance(wire)
    wire.on("DELETE", "/auth/logout", Response(401, json={"message": "token expired"}))
    await client.auth.login()

    with pytest.raises(AuthenticationError):
        await client.auth.logout()

    await client.accounts.get_balance(ACCOUNT)
    assert wire.logins == 2


async def test_logout_follows_a_route_override(wire: Wire) -> None:
    wire.on("DELETE", "/v2/auth/logout", Response(204))
    async with make_client(wire, routes={"auth.logout": "/v2/auth/logout"}) as client:
        await client.auth.login()
        await client.auth.logout()

    assert_sent(wire.last, "DELETE", "/v2/auth/logout")


async def test_login_needs_the_convercus_strategy() -> None:
    session = Session(
        BASE_URL, transport=MockTransport(lambda r: Response(200)), auth=AuthStrategy()
    )
    async with session:
        with pytest.raises(ConfigurationError, match="AuthStrategy"):
            await AuthService(session).login()
