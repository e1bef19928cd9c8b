"""A typed read's first attempt straight to the transport, and everything after it.

Once a token is at hand, a bodiless typed call goes straight from its method to the
transport's exchange when nothing needs to watch it. These tests run such
calls against a real server on loopback: what arrives must be what the full path sends,
and every failure must end as it does on the full path (retried, replayed after a refused
token, cancelled, timed out, refused before sending).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web

from loyalty_async import AiohttpTransport, ConvercusClient, Request, Response, Timeout
from loyalty_async.auth.base import AuthStrategy
from loyalty_async.convercus import IdType
from loyalty_async.convercus.models import Balance
from loyalty_async.errors import DecodeError, ReadTimeout, ValidationError
from loyalty_async.session.express import express
from tests.core.helpers import NO_WAIT, Loopback, client_of, make_jwt

Serve = Callable[[Loopback], Awaitable[Loopback]]
Warm = Callable[..., Awaitable[ConvercusClient]]

CARD = "V1W2X3Y4Z5"
BALANCE = f"/accounts/{CARD}/balance"


def logins(server: Loopback) -> Loopback:
    """Answer every login with a fresh token (each one a different JWT)."""
    count = 0

    async def login(request: web.Request) -> web.Response:
        nonlocal count
        count += 1
        return web.Response(text=make_jwt(exp=4e9, n=count))

    server.route("POST", "/auth/login", login)
    return server


def answers(
    *replies: Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A handler answering with each of ``replies`` in turn, then with the last one."""
    queue = list(replies)

    async def handler(request: web.Request) -> web.StreamResponse:
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        return await reply(request)

    return handler


async def balance(request: web.Request) -> web.Response:
    return web.json_response({"points": 530, "lockedPoints": 20})


def status(code: int) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def reply(request: web.Request) -> web.Response:
        return web.json_response({"message": "no"}, status=code)

    return reply


@pytest.fixture(autouse=True)
def no_debug_log(caplog: pytest.LogCaptureFixture) -> None:
    """The core suite logs at DEBUG, which takes every call the full path: not here."""
    caplog.set_level(logging.INFO, logger="loyalty_async")


@pytest.fixture
async def warm(serve: Serve) -> AsyncIterator[Warm]:
    """A client that has sent one balance read, so its next one may go express."""
    made: list[ConvercusClient] = []

    async def start(server: Loopback, **kwargs: object) -> ConvercusClient:
        await serve(server)
        client = client_of(server, **kwargs)
        made.append(client)
        assert await read(client) == Balance(points=530, locked_points=20)
        return client

    yield start
    for client in made:
        await client.aclose()


async def read(client: ConvercusClient) -> Balance:
    return await client.accounts.get_balance(CARD, id_type=IdType.CARDCODE)


def goes_express(client: ConvercusClient, account: str = CARD) -> bool:
    """Whether the next balance read of ``account`` would take the express path."""
    accounts = client.accounts
    headers = accounts._account_ref(account, IdType.CARDCODE)[1]
    attempt = express(
        client.session, accounts._ops["accounts.get_balance"], {"accountId": account}, None, headers
    )
    if attempt is None:
        return False
    attempt.close()  # type: ignore[attr-defined]
    return True


async def test_the_second_read_goes_express_and_sends_what_the_first_sent(warm: Warm) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, balance)
    client = await warm(server)
    assert goes_express(client)

    assert await read(client) == Balance(points=530, locked_points=20)

    first, second = [seen for seen in server.seen if seen.path == BALANCE]
    assert (second.method, second.raw_path, second.body) == ("GET", BALANCE, b"")
    assert second.headers == first.headers
    assert second.headers["Authorization"].startswith("eyJ")
    assert second.headers["id-type"] == "CARDCODE"
    assert second.headers["interaction-id"] == "till-7"
    assert server.hits("/auth/login") == 1


async def test_a_busy_answer_on_the_express_path_is_retried(warm: Warm) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, answers(balance, status(503), balance))
    client = await warm(server)
    assert goes_express(client)

    assert await read(client) == Balance(points=530, locked_points=20)
    assert server.hits(BALANCE) == 3


async def test_a_refused_token_on_the_express_path_logs_in_again_and_replays_once(
    warm: Warm,
) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, answers(balance, status(401), balance))
    client = await warm(server)
    assert goes_express(client)

    assert await read(client) == Balance(points=530, locked_points=20)
    reads = [seen for seen in server.seen if seen.path == BALANCE]
    assert len(reads) == 3 and server.hits("/auth/login") == 2
    # The replay carries the new token, not the refused one.
    assert reads[2].headers["Authorization"] != reads[1].headers["Authorization"]


async def test_a_dropped_connection_on_the_express_path_is_retried(warm: Warm) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, answers(balance, Loopback.hang_up, balance))
    client = await warm(server)
    assert goes_express(client)

    assert await read(client) == Balance(points=530, locked_points=20)
    assert server.hits(BALANCE) == 3


async def test_a_silent_server_on_the_express_path_is_a_read_timeout(warm: Warm) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, answers(balance, server.stall))
    client = await warm(server, timeout=Timeout(read=0.2))
    assert goes_express(client)

    with pytest.raises(ReadTimeout) as caught:
        await read(client)
    assert server.hits(BALANCE) == 1 + NO_WAIT.max_attempts
    request = caught.value.request
    assert request is not None and request.describe() == "GET /accounts/V1***/balance"
    assert "Authorization" not in request.headers


async def test_cancelling_an_express_read_frees_its_connection(warm: Warm) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, answers(balance, server.stall, balance))
    client = await warm(server, transport=AiohttpTransport(pool_size=1))
    assert goes_express(client)

    with pytest.raises(TimeoutError):
        await asyncio.wait_for(read(client), 0.2)
    # The only pooled connection was given back: the next read gets it.
    assert await asyncio.wait_for(read(client), 5) == Balance(points=530, locked_points=20)


async def test_a_body_that_does_not_fit_names_the_request_it_answered(warm: Warm) -> None:
    async def not_a_balance(request: web.Request) -> web.Response:
        return web.json_response({"points": "many"})

    server = logins(Loopback())
    server.route("GET", BALANCE, answers(balance, not_a_balance))
    client = await warm(server)
    assert goes_express(client)

    with pytest.raises(DecodeError) as caught:
        await read(client)
    response = caught.value.response
    assert response is not None and response.request is not None
    assert response.request.describe() == "GET /accounts/V1***/balance"
    assert "Authorization" not in response.request.headers


async def test_a_path_value_that_cannot_be_sent_is_refused_before_anything_leaves(
    warm: Warm,
) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, balance)
    client = await warm(server)
    sent = len(server.seen)

    with pytest.raises(ValidationError):
        await client.accounts.get_balance("..", id_type=IdType.CARDCODE)
    assert len(server.seen) == sent


async def test_a_path_value_that_needs_quoting_is_sent_quoted_as_one_segment(
    warm: Warm,
) -> None:
    async def echo(request: web.Request) -> web.Response:
        return web.json_response({"points": len(request.match_info["card"]), "lockedPoints": 0})

    server = logins(Loopback())
    server.route("GET", BALANCE, balance)
    server.route("GET", "/accounts/{card}/balance", echo)
    client = await warm(server)
    assert not goes_express(client, "CARD/7 ü")  # the full path quotes it

    balance_of = await client.accounts.get_balance("CARD/7 ü", id_type=IdType.CARDCODE)

    assert server.seen[-1].raw_path == "/accounts/CARD%2F7%20%C3%BC/balance"
    assert balance_of == Balance(points=len("CARD/7 ü"), locked_points=0)
    assert goes_express(client)  # a plain value still goes express


async def test_a_new_token_or_base_url_reaches_the_wire_on_the_next_express_read(
    warm: Warm,
) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, balance)
    server.route("GET", "/v2" + BALANCE, balance)
    client = await warm(server)
    session = client.session
    auth = session.auth
    assert auth is not None

    auth.tokens.forget(auth.tokens.current())  # type: ignore[attr-defined]
    await read(client)  # logs in again on the full path
    assert goes_express(client)
    await read(client)
    first, relogged, express_read = [seen for seen in server.seen if seen.path == BALANCE]
    assert express_read.headers["Authorization"] == relogged.headers["Authorization"]
    assert express_read.headers["Authorization"] != first.headers["Authorization"]

    session.base_url = server.url("/v2")
    assert goes_express(client)
    await read(client)
    assert server.seen[-1].raw_path == "/v2" + BALANCE
    assert server.seen[-1].headers["Authorization"] == relogged.headers["Authorization"]


async def test_headers_changed_between_calls_reach_the_wire(warm: Warm) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, balance)
    client = await warm(server)

    client.session.headers["interaction-id"] = "till-9"
    client.session.headers["x-trace"] = "t-1"
    await read(client)
    del client.session.headers["x-trace"]
    await read(client)

    reads = [seen for seen in server.seen if seen.path == BALANCE]
    assert [seen.headers["interaction-id"] for seen in reads] == ["till-7", "till-9", "till-9"]
    assert ["x-trace" in seen.headers for seen in reads] == [False, True, False]


async def test_a_hook_a_deadline_or_a_debug_log_takes_the_full_path(
    warm: Warm, caplog: pytest.LogCaptureFixture
) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, balance)
    client = await warm(server)
    session = client.session
    assert goes_express(client)

    seen: list[str] = []

    def hook(request: Request) -> None:
        seen.append(request.describe())

    session.on_request.append(hook)
    assert not goes_express(client)
    await read(client)
    assert seen == ["GET /accounts/V1***/balance"]
    session.on_request.clear()

    session.deadline = 5.0
    assert not goes_express(client)
    session.deadline = None

    with caplog.at_level(logging.DEBUG, logger="loyalty_async"):
        assert not goes_express(client)
        await read(client)
    assert any("/accounts/V1***/balance" in record.getMessage() for record in caplog.records)
    assert goes_express(client)


async def test_a_signing_strategy_or_a_stale_token_takes_the_full_path(warm: Warm) -> None:
    server = logins(Loopback())
    server.route("GET", BALANCE, balance)
    client = await warm(server)
    session = client.session
    auth = session.auth
    assert auth is not None and goes_express(client)

    class Signing(AuthStrategy):
        def sign(self, request: Request) -> None:
            request.headers["X-Signature"] = "s"

    session.auth = Signing()
    assert not goes_express(client)
    session.auth = auth

    auth.tokens.forget(auth.tokens.current())  # type: ignore[attr-defined]
    assert not goes_express(client)
    await read(client)  # logs in again on the full path
    assert server.hits("/auth/login") == 2
    assert goes_express(client)


async def test_a_transport_whose_send_is_its_own_is_always_called_through_send(
    serve: Serve,
) -> None:
    sent: list[str] = []

    class Recording(AiohttpTransport):
        async def send(self, request: Request) -> Response:
            sent.append(request.describe())
            return await super().send(request)

    server = logins(Loopback())
    server.route("GET", BALANCE, balance)
    await serve(server)
    async with client_of(server, transport=Recording()) as client:
        for _ in range(3):
            await read(client)
        assert not goes_express(client)
    assert sent.count("GET /accounts/V1***/balance") == 3
