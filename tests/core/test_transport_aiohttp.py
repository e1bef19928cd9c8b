"""AiohttpTransport against a real aiohttp server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Awaitable, Callable, Iterator

import pytest
from aiohttp import web

from loyalty_async import (
    AiohttpTransport,
    ConfigurationError,
    ConnectError,
    ConnectionDropped,
    ConnectTimeout,
    ReadTimeout,
    Request,
    SessionClosedError,
    Timeout,
    WrongEventLoopError,
)
from tests.core.helpers import Loopback

Serve = Callable[[Loopback], Awaitable[Loopback]]

#: A safety net so that a leaked connection fails the test instead of hanging the suite.
NO_HANG = 5.0


async def hello(request: web.Request) -> web.Response:
    return web.json_response({"hello": "world"})


@pytest.fixture
def refused_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def unaccepting_port() -> Iterator[int]:
    """A port whose accept queue is full, so that a new connection attempt hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = int(listener.getsockname()[1])
    fillers = []
    for _ in range(8):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    yield port
    for filler in fillers:
        filler.close()
    listener.close()


# ---------------------------------------------------------------- construction


def test_constructing_outside_any_loop_creates_no_session() -> None:
    transport = AiohttpTransport(pool_size=3, per_host=2)
    # No running loop here: building must neither fail nor open anything (warnings are
    # errors, so an aiohttp session made here would fail the test).
    assert transport._session is None
    assert (transport.pool_size, transport.per_host) == (3, 2)


@pytest.mark.parametrize("kwargs", [{"pool_size": 0}, {"per_host": -1}])
def test_bad_pool_settings_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ConfigurationError):
        AiohttpTransport(**kwargs)


async def test_session_is_created_on_first_send_with_the_pool_settings(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/hello", hello)
    await serve(server)
    transport = AiohttpTransport(pool_size=7, per_host=3, keepalive=12.0)
    assert transport._session is None
    response = await transport.send(Request("GET", server.url("/hello")))
    assert response.status == 200
    assert response.json() == {"hello": "world"}
    assert response.headers["content-type"].startswith("application/json")
    session = transport._session
    assert session is not None
    assert session.connector is not None
    assert (session.connector.limit, session.connector.limit_per_host) == (7, 3)
    await transport.aclose()
    assert session.closed


async def test_per_host_limit_bounds_concurrent_connections(serve: Serve) -> None:
    in_flight = 0
    peak = 0

    async def slow(request: web.Request) -> web.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return web.Response(text="done")

    server = Loopback()
    server.route("GET", "/slow", slow)
    await serve(server)
    async with AiohttpTransport(pool_size=10, per_host=1) as transport:
        url = server.url("/slow")
        responses = await asyncio.gather(*(transport.send(Request("GET", url)) for _ in range(5)))
    assert [r.text for r in responses] == ["done"] * 5
    assert peak == 1


async def test_pool_allows_as_many_concurrent_connections_as_configured(serve: Serve) -> None:
    arrived = 0
    all_here = asyncio.Event()

    async def barrier(request: web.Request) -> web.Response:
        nonlocal arrived
        arrived += 1
        if arrived == 4:
            all_here.set()
        # Only answers once four requests are open at the same time.
        await asyncio.wait_for(all_here.wait(), NO_HANG)
        return web.Response(text="together")

    server = Loopback()
    server.route("GET", "/barrier", barrier)
    await serve(server)
    async with AiohttpTransport(pool_size=4) as transport:
        url = server.url("/barrier")
        responses = await asyncio.gather(*(transport.send(Request("GET", url)) for _ in range(4)))
    assert {r.text for r in responses} == {"together"}
    assert len({seen.peer_port for seen in server.seen}) == 4


async def test_exact_method_url_headers_and_body_reach_the_server(serve: Serve) -> None:
    async def echo(request: web.Request) -> web.Response:
        return web.Response(status=201, headers={"Location": "/things/42"})

    server = Loopback()
    server.route("POST", "/things/{name}", echo)
    await serve(server)
    async with AiohttpTransport() as transport:
        request = Request(
            "POST",
            server.url("/things/a%2Fb%20c"),
            params=[("tag", "x y"), ("tag", "z")],
            headers={"interaction-id": "till-1", "Content-Type": "application/json"},
            content=b'{"amount":12.30}',
        )
        response = await transport.send(request)
    assert response.status == 201
    assert response.headers["Location"] == "/things/42"
    assert response.content == b""
    seen = server.seen[0]
    assert seen.method == "POST"
    # Already percent-encoded by the session: the slash and space stay encoded.
    assert seen.raw_path == "/things/a%2Fb%20c?tag=x+y&tag=z"
    assert seen.headers["interaction-id"] == "till-1"
    assert seen.body == b'{"amount":12.30}'


async def test_path_stays_encoded_on_the_wire(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/{tail:.*}", hello)
    await serve(server)
    async with AiohttpTransport() as transport:
        await transport.send(Request("GET", server.url("/accounts/V1%2FW2%20X3/balance")))
    assert server.seen[0].raw_path == "/accounts/V1%2FW2%20X3/balance"


async def test_a_request_built_by_hand_with_json_is_encoded(serve: Serve) -> None:
    server = Loopback()
    server.route("POST", "/hello", hello)
    await serve(server)
    async with AiohttpTransport() as transport:
        await transport.send(Request("POST", server.url("/hello"), json={"a": [1, 2]}))
    assert server.seen[0].body == b'{"a":[1,2]}'
    assert server.seen[0].headers["Content-Type"] == "application/json"


# ---------------------------------------------------------------- failures


async def test_refused_port_is_a_connect_error_that_never_reached_the_server(
    refused_port: int,
) -> None:
    async with AiohttpTransport() as transport:
        with pytest.raises(ConnectError) as caught:
            await transport.send(Request("POST", f"http://127.0.0.1:{refused_port}/x"))
    assert type(caught.value) is ConnectError
    assert caught.value.may_have_reached_server is False
    assert caught.value.request is not None


async def test_connect_timeout_maps_to_connect_timeout(unaccepting_port: int) -> None:
    async with AiohttpTransport(timeout=Timeout(connect=0.2, read=5.0)) as transport:
        with pytest.raises(ConnectTimeout) as caught:
            await transport.send(Request("GET", f"http://127.0.0.1:{unaccepting_port}/x"))
    assert caught.value.may_have_reached_server is False
    assert isinstance(caught.value, ConnectError)


async def test_read_timeout_maps_to_read_timeout(serve: Serve) -> None:
    server = Loopback()
    server.route("POST", "/stall", server.stall)
    await serve(server)
    async with AiohttpTransport() as transport:
        request = Request("POST", server.url("/stall"), timeout=Timeout(connect=1.0, read=0.1))
        with pytest.raises(ReadTimeout) as caught:
            await transport.send(request)
    assert caught.value.may_have_reached_server is True
    assert server.hits("/stall") == 1


async def test_a_dropped_connection_is_connection_dropped(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/drop", Loopback.hang_up)
    await serve(server)
    async with AiohttpTransport() as transport:
        with pytest.raises(ConnectionDropped) as caught:
            await transport.send(Request("GET", server.url("/drop")))
    assert caught.value.may_have_reached_server is True
    # aiohttp's own silent resend of idempotent requests is off: the session's retry
    # policy alone decides how often a request goes out.
    assert server.hits("/drop") == 1


async def test_an_invalid_url_is_a_connect_error() -> None:
    async with AiohttpTransport() as transport:
        with pytest.raises(ConnectError) as caught:
            await transport.send(Request("GET", "http:///no-host"))
    assert caught.value.may_have_reached_server is False


# ---------------------------------------------------------------- streaming


async def chunks(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "text/csv"})
    await response.prepare(request)
    for piece in (b"id;name\r\n1;Ann", b"a\n2;B", "ø\n3;Cé".encode(), b"cile\n"):
        await response.write(piece)
        await asyncio.sleep(0)
    await response.write_eof()
    return response


async def test_streamed_body_as_lines(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/export", chunks)
    await serve(server)
    async with AiohttpTransport(chunk_size=4) as transport:
        response = await transport.send(Request("GET", server.url("/export"), stream=True))
        assert response.is_streamed
        async with response:
            lines = [line async for line in response.aiter_lines()]
    assert lines == ["id;name", "1;Anna", "2;Bø", "3;Cécile"]


async def test_streamed_body_as_bytes_and_aread(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/export", chunks)
    await serve(server)
    async with AiohttpTransport(chunk_size=5) as transport:
        first = await transport.send(Request("GET", server.url("/export"), stream=True))
        pieces = [piece async for piece in first.aiter_bytes()]
        assert all(0 < len(piece) <= 5 for piece in pieces)
        second = await transport.send(Request("GET", server.url("/export"), stream=True))
        body = await second.aread()
        assert body == b"".join(pieces)
        assert second.text.endswith("3;C\u00e9cile\n")
        assert not second.is_streamed


async def test_fully_read_stream_gives_its_connection_back_for_reuse(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/export", chunks)
    server.route("GET", "/hello", hello)
    await serve(server)
    async with AiohttpTransport(pool_size=1) as transport:
        async with await transport.send(
            Request("GET", server.url("/export"), stream=True)
        ) as response:
            await response.aread()
        await asyncio.wait_for(transport.send(Request("GET", server.url("/hello"))), NO_HANG)
    assert server.seen[0].peer_port == server.seen[1].peer_port


async def test_closing_a_half_read_stream_releases_the_pool_slot(serve: Serve) -> None:
    server = Loopback()

    server.route("GET", "/endless", server.part_then_stall(b"x" * 1024))
    server.route("GET", "/hello", hello)
    await serve(server)
    async with AiohttpTransport(pool_size=1) as transport:
        response = await transport.send(Request("GET", server.url("/endless"), stream=True))
        async with response:
            async for _ in response.aiter_bytes():
                break
        after = await asyncio.wait_for(
            transport.send(Request("GET", server.url("/hello"))), NO_HANG
        )
    assert after.json() == {"hello": "world"}
    # The half-read connection cannot be reused: the second request opened a new one.
    assert server.seen[0].peer_port != server.seen[1].peer_port


async def test_a_stalled_stream_raises_read_timeout(serve: Serve) -> None:
    server = Loopback()

    server.route("GET", "/stalls", server.part_then_stall(b"first"))
    await serve(server)
    async with AiohttpTransport() as transport:
        request = Request("GET", server.url("/stalls"), stream=True, timeout=Timeout(read=0.1))
        response = await transport.send(request)
        received = []
        with pytest.raises(ReadTimeout):
            async for piece in response.aiter_bytes():
                received.append(piece)
    assert received == [b"first"]


async def test_a_stream_cut_mid_body_raises_connection_dropped(serve: Serve) -> None:
    async def cut(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": "100"})
        await response.prepare(request)
        await response.write(b"only part")
        assert request.transport is not None
        request.transport.close()
        return response

    server = Loopback()
    server.route("GET", "/cut", cut)
    await serve(server)
    async with AiohttpTransport() as transport:
        response = await transport.send(Request("GET", server.url("/cut"), stream=True))
        with pytest.raises(ConnectionDropped):
            await response.aread()


# ---------------------------------------------------------------- cancellation


async def test_cancelling_while_waiting_for_headers_releases_the_connection(
    serve: Serve,
) -> None:
    server = Loopback()
    entered = asyncio.Event()

    async def stuck(request: web.Request) -> web.Response:
        entered.set()
        await server.release.wait()
        return web.Response()

    server.route("GET", "/stuck", stuck)
    server.route("GET", "/hello", hello)
    await serve(server)
    async with AiohttpTransport(pool_size=1) as transport:
        task = asyncio.create_task(transport.send(Request("GET", server.url("/stuck"))))
        await asyncio.wait_for(entered.wait(), NO_HANG)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # With one connection in the pool, this only completes if the slot came back.
        response = await asyncio.wait_for(
            transport.send(Request("GET", server.url("/hello"))), NO_HANG
        )
    assert response.json() == {"hello": "world"}


@pytest.mark.parametrize("stream", [False, True])
async def test_cancelling_mid_body_releases_the_connection(serve: Serve, stream: bool) -> None:
    server = Loopback()
    first_chunk_sent = asyncio.Event()

    half = server.part_then_stall(b"y" * 100, length=1_000_000, sent=first_chunk_sent)
    server.route("GET", "/half", half)
    server.route("GET", "/hello", hello)
    await serve(server)
    async with AiohttpTransport(pool_size=1) as transport:

        async def read_all() -> bytes:
            response = await transport.send(Request("GET", server.url("/half"), stream=stream))
            return await response.aread()

        task = asyncio.create_task(read_all())
        await asyncio.wait_for(first_chunk_sent.wait(), NO_HANG)
        await asyncio.sleep(0.01)  # let the client start reading the body
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        response = await asyncio.wait_for(
            transport.send(Request("GET", server.url("/hello"))), NO_HANG
        )
    assert response.status == 200


# ---------------------------------------------------------------- lifecycle


async def test_aclose_before_any_send_and_twice() -> None:
    transport = AiohttpTransport()
    await transport.aclose()
    await transport.aclose()
    with pytest.raises(SessionClosedError):
        await transport.send(Request("GET", "http://127.0.0.1:1/x"))
    assert transport._session is None


async def test_send_after_aclose_is_refused(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/hello", hello)
    await serve(server)
    transport = AiohttpTransport()
    await transport.send(Request("GET", server.url("/hello")))
    await transport.aclose()
    await transport.aclose()
    with pytest.raises(SessionClosedError):
        await transport.send(Request("GET", server.url("/hello")))
    assert server.hits("/hello") == 1


def test_use_from_a_second_event_loop_is_refused() -> None:
    transport = AiohttpTransport()
    first = asyncio.new_event_loop()
    second = asyncio.new_event_loop()
    try:
        # A send to a refused port still creates the session on the first loop.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}/x"
        with pytest.raises(ConnectError):
            first.run_until_complete(transport.send(Request("GET", url)))
        with pytest.raises(WrongEventLoopError, match="another event loop"):
            second.run_until_complete(
                asyncio.wait_for(transport.send(Request("GET", url)), NO_HANG)
            )
        with pytest.raises(WrongEventLoopError):
            second.run_until_complete(transport.aclose())
        first.run_until_complete(transport.aclose())
    finally:
        second.close()
        first.close()
