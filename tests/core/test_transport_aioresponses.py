"""The default aiohttp transport under aioresponses, the mock most aiohttp users know.

aioresponses replaces aiohttp's request machinery, so these tests drive the real
``AiohttpTransport`` code path (request building, body reading, error translation) with
no server, and show that an SDK user's existing aioresponses tests keep working.
"""

from __future__ import annotations

import inspect
import json
import types
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from loyalty_async import (
    AiohttpTransport,
    ConnectError,
    ConvercusAuth,
    NotFoundError,
    OutcomeUnknownError,
    RetryPolicy,
    Session,
)

BASE = "https://convercus.test"
FAST = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0)


class _Response(aiohttp.ClientResponse):
    """A response aioresponses can build on aiohttp 3.14.

    aioresponses 0.7.9 predates the ``stream_writer`` argument aiohttp 3.14 made required
    (aioresponses issue 289, open); aiohttp 3.14 is a security release, so it stays. Older
    aiohttp releases, down to the floor, do not take the argument.
    """

    def __init__(self, method: str, url: URL, **kwargs: Any) -> None:
        if _TAKES_STREAM_WRITER:
            kwargs.setdefault("stream_writer", types.SimpleNamespace(output_size=0))
        super().__init__(method, url, **kwargs)


_TAKES_STREAM_WRITER = "stream_writer" in inspect.signature(aiohttp.ClientResponse).parameters


class _Mocked(aioresponses):
    def add(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("response_class", _Response)
        super().add(*args, **kwargs)


@pytest.fixture
def mocked() -> AsyncIterator[aioresponses]:
    with _Mocked() as mock:
        yield mock


@pytest.fixture
async def session() -> AsyncIterator[Session]:
    async with Session(
        BASE,
        transport=AiohttpTransport(),
        auth=ConvercusAuth("ORG", "api-user", "secret"),
        headers={"interaction-id": "webshop-1"},
        retry=FAST,
    ) as opened:
        yield opened


def refused() -> aiohttp.ClientConnectorError:
    """What aiohttp raises when nothing listens: the request provably never left."""
    key = aiohttp.client_reqrep.ConnectionKey("convercus.test", 443, True, True, None, None, None)
    return aiohttp.ClientConnectorError(key, OSError(111, "Connection refused"))


def sent(mocked: aioresponses, method: str, url: str) -> list[dict[str, object]]:
    """The keyword arguments aiohttp received for each call to ``method url``."""
    return [call.kwargs for call in mocked.requests.get((method, URL(url)), [])]


async def test_login_token_in_plain_text_then_the_call_carries_it(
    mocked: aioresponses, session: Session
) -> None:
    mocked.post(f"{BASE}/auth/login", body='"jwt-1"\n', content_type="text/plain")
    mocked.get(f"{BASE}/accounts/V1W2X3/balance", payload={"points": 5, "lockedPoints": 1})

    response = await session.request(
        "GET",
        "/accounts/{accountId}/balance",
        path_params={"accountId": "V1W2X3"},
        headers={"id-type": "CARDCODE"},
    )

    assert session.decode_json(response) == {"points": 5, "lockedPoints": 1}
    [login] = sent(mocked, "POST", f"{BASE}/auth/login")
    assert json.loads(login["data"]) == {"org": "ORG", "userName": "api-user", "password": "secret"}
    [balance] = sent(mocked, "GET", f"{BASE}/accounts/V1W2X3/balance")
    headers = dict(balance["headers"])
    assert headers["Authorization"] == "jwt-1"
    assert headers["interaction-id"] == "webshop-1"
    assert headers["id-type"] == "CARDCODE"


async def test_a_created_resource_is_read_from_location_with_an_empty_body(
    mocked: aioresponses, session: Session
) -> None:
    mocked.post(f"{BASE}/auth/login", body="jwt-1", content_type="text/plain")
    mocked.post(
        f"{BASE}/accounts",
        status=201,
        body="",
        headers={"Location": f"{BASE}/accounts/7d123457-bfa1-4a83-8213-123456789763"},
    )

    response = await session.request("POST", "/accounts")

    assert response.status == 201
    assert response.content == b""
    assert response.headers["Location"].endswith("/7d123457-bfa1-4a83-8213-123456789763")


async def test_an_error_body_becomes_a_typed_error(mocked: aioresponses, session: Session) -> None:
    mocked.post(f"{BASE}/auth/login", body="jwt-1", content_type="text/plain")
    mocked.get(
        f"{BASE}/accounts/7d123457-bfa1-4a83-8213-123456789763",
        status=404,
        payload={"code": "ACCOUNT_NOT_FOUND", "message": "no such account", "detail": []},
    )

    with pytest.raises(NotFoundError) as raised:
        await session.request("GET", "/accounts/7d123457-bfa1-4a83-8213-123456789763")

    assert (raised.value.code, raised.value.message) == ("ACCOUNT_NOT_FOUND", "no such account")


async def test_a_refused_connection_is_retried_even_for_a_post(
    mocked: aioresponses, session: Session
) -> None:
    mocked.post(f"{BASE}/auth/login", body="jwt-1", content_type="text/plain")
    mocked.post(f"{BASE}/v2/accounts/a/bookings", exception=refused())
    mocked.post(f"{BASE}/v2/accounts/a/bookings", status=201, body="")

    response = await session.request("POST", "/v2/accounts/a/bookings", json={"points": 5})

    assert response.status == 201
    assert len(sent(mocked, "POST", f"{BASE}/v2/accounts/a/bookings")) == 2


async def test_a_post_whose_connection_dropped_is_not_resent(
    mocked: aioresponses, session: Session
) -> None:
    mocked.post(f"{BASE}/auth/login", body="jwt-1", content_type="text/plain")
    mocked.post(
        f"{BASE}/v2/accounts/a/bookings",
        exception=aiohttp.ServerDisconnectedError(),
        repeat=True,
    )

    with pytest.raises(OutcomeUnknownError) as raised:
        await session.request(
            "POST",
            "/v2/accounts/a/bookings",
            json={"points": 5},
            operation="bookings.create",
            context={"reference_id": "order-1"},
        )

    assert len(sent(mocked, "POST", f"{BASE}/v2/accounts/a/bookings")) == 1
    assert raised.value.context == {"reference_id": "order-1"}


async def test_every_attempt_refused_ends_with_the_connect_error(
    mocked: aioresponses, session: Session
) -> None:
    mocked.post(f"{BASE}/auth/login", body="jwt-1", content_type="text/plain")
    mocked.get(f"{BASE}/accounts", exception=refused(), repeat=True)

    with pytest.raises(ConnectError):
        await session.request("GET", "/accounts")

    assert len(sent(mocked, "GET", f"{BASE}/accounts")) == FAST.max_attempts


async def test_a_rejected_token_is_replaced_once_and_the_call_replayed(
    mocked: aioresponses, session: Session
) -> None:
    logins = iter(["jwt-old", "jwt-new"])

    def login(url: URL, **kwargs: object) -> CallbackResult:
        return CallbackResult(
            body=next(logins), content_type="text/plain", response_class=_Response
        )

    def balance(url: URL, **kwargs: object) -> CallbackResult:
        headers = dict(kwargs["headers"])  # type: ignore[call-overload]
        if headers["Authorization"] == "jwt-old":
            return CallbackResult(
                status=401, payload={"message": "expired"}, response_class=_Response
            )
        return CallbackResult(payload={"points": 9, "lockedPoints": 0}, response_class=_Response)

    mocked.post(f"{BASE}/auth/login", callback=login, repeat=True)
    mocked.get(f"{BASE}/accounts/a/balance", callback=balance, repeat=True)

    response = await session.request("GET", "/accounts/a/balance")

    assert session.decode_json(response) == {"points": 9, "lockedPoints": 0}
    assert len(sent(mocked, "POST", f"{BASE}/auth/login")) == 2
    assert len(sent(mocked, "GET", f"{BASE}/accounts/a/balance")) == 2
