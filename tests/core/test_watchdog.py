"""The transport's read and total limits, enforced by one watchdog instead of a timer per request.

The read limit keeps aiohttp's meaning: it bounds the wait for the answer once the request
has a connection, and each wait for more of the body; a request queued for a pooled
connection is not timed out for it, and a body still arriving is not cut off. The total
limit bounds the whole attempt.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web

from loyalty_async import AiohttpTransport, ReadTimeout, Request, Timeout
from loyalty_async.transport.watchdog import Watch, Watchdog, expired
from tests.core.helpers import Loopback

Serve = Callable[[Loopback], Awaitable[Loopback]]


def trickle(chunks: int, every: float) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A handler that answers at once, then sends its body a chunk at a time."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": str(chunks)})
        await response.prepare(request)
        for _ in range(chunks):
            await asyncio.sleep(every)
            await response.write(b"x")
        await response.write_eof()
        return response

    return handler


async def test_waiting_for_a_pooled_connection_does_not_count_as_reading(serve: Serve) -> None:
    server = Loopback()

    async def busy(request: web.Request) -> web.Response:
        await asyncio.sleep(0.4)
        return web.Response(text="ok")

    server.route("GET", "/busy", busy)
    await serve(server)
    # A read limit far above each answer's 0.4 s, so that a busy machine's pauses cannot
    # make one answer late; the ninth request still waits longer than it for the connection.
    limits = Timeout(connect=5.0, read=3.0)
    async with AiohttpTransport(pool_size=1) as transport:
        # One connection: the ninth request waits about 3.2 s for it, longer than the read
        # limit, then gets its answer 0.4 s after it was sent.
        sends = [
            transport.send(Request("GET", server.url("/busy"), timeout=limits)) for _ in range(9)
        ]
        responses = await asyncio.gather(*sends)
    assert [r.content for r in responses] == [b"ok"] * 9
    assert server.hits("/busy") == 9


async def test_a_body_still_arriving_is_not_cut_off_by_the_read_limit(serve: Serve) -> None:
    server = Loopback()
    # 2 s of body in all, well past the read limit; each gap (0.25 s) far below it.
    server.route("GET", "/slow", trickle(chunks=8, every=0.25))
    await serve(server)
    async with AiohttpTransport() as transport:
        request = Request("GET", server.url("/slow"), timeout=Timeout(read=1.5))
        response = await transport.send(request)
    assert response.content == b"x" * 8


async def test_a_body_that_stops_arriving_is_a_read_timeout(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/stalls", server.part_then_stall(b"half", length=100))
    await serve(server)
    async with AiohttpTransport() as transport:
        with pytest.raises(ReadTimeout):
            await transport.send(Request("GET", server.url("/stalls"), timeout=Timeout(read=0.2)))


async def test_the_total_limit_is_not_extended_by_progress(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/slow", trickle(chunks=40, every=0.05))
    await serve(server)
    async with AiohttpTransport() as transport:
        request = Request("GET", server.url("/slow"), timeout=Timeout(read=1.0, total=0.5))
        with pytest.raises(ReadTimeout):
            await transport.send(request)


async def test_a_timed_out_request_leaves_the_task_usable(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/stall", server.stall)
    server.route("GET", "/ok", ok)
    await serve(server)
    async with AiohttpTransport() as transport:
        with pytest.raises(ReadTimeout):
            await transport.send(Request("GET", server.url("/stall"), timeout=Timeout(read=0.1)))
        # The watchdog's cancellation was taken back: the task goes on undisturbed.
        await asyncio.sleep(0.05)
        response = await transport.send(Request("GET", server.url("/ok")))
    assert response.content == b"fine"


async def ok(request: web.Request) -> web.Response:
    return web.Response(text="fine")


async def test_a_watch_released_twice_is_handed_out_once_and_each_task_keeps_its_own() -> None:
    watchdog = Watchdog()
    spare = watchdog.watch(30.0)
    watchdog.release(spare)
    watchdog.release(spare)  # again: changes nothing

    async def nap(limit: float) -> tuple[Watch, bool]:
        watch = watchdog.watch(limit)
        try:
            await asyncio.sleep(0.3)
        except asyncio.CancelledError:
            watchdog.release(watch)
            return watch, expired(watch)
        watchdog.release(watch)
        return watch, False

    (slow, slow_expired), (quick, quick_expired) = await asyncio.gather(nap(30.0), nap(0.05))

    assert slow is not quick  # the one spare went to one of them only
    assert (slow_expired, quick_expired) == (False, True)
    watchdog.close()


async def test_a_watch_that_fired_is_not_handed_out_again() -> None:
    watchdog = Watchdog()

    async def nap() -> Watch:
        watch = watchdog.watch(0.05)
        with pytest.raises(asyncio.CancelledError):
            await asyncio.sleep(1.0)
        return watch

    fired = await asyncio.ensure_future(nap())
    watchdog.release(fired)
    assert fired.fired
    fresh = watchdog.watch(30.0)
    assert fresh is not fired and not fresh.fired
    assert expired(fired)  # still says so after the release and a new watch
    watchdog.release(fresh)
    watchdog.close()
