"""A call's deadline bounds getting a streamed response, not reading its body afterwards."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web

from loyalty_async import AiohttpTransport, DeadlineExceeded, Session, Timeout
from tests.core.helpers import Loopback

Serve = Callable[[Loopback], Awaitable[Loopback]]
CHUNKS = [f"chunk {n}\n".encode() for n in range(6)]


async def slow_body(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse()
    await response.prepare(request)
    for chunk in CHUNKS:
        await response.write(chunk)
        await asyncio.sleep(0.1)  # 0.6 s in all, three times the deadline below
    await response.write_eof()
    return response


async def test_a_streamed_body_may_take_longer_than_the_deadline(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/export", slow_body)
    await serve(server)
    async with (
        Session(server.url(), transport=AiohttpTransport(), deadline=0.2) as session,
        session.stream("GET", "/export") as response,
    ):
        received = [chunk async for chunk in response.aiter_bytes()]

    assert b"".join(received) == b"".join(CHUNKS)


async def test_a_body_read_with_the_call_still_ends_at_the_deadline(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/export", slow_body)
    await serve(server)
    async with Session(
        server.url(), transport=AiohttpTransport(), timeout=Timeout(read=30.0)
    ) as session:
        with pytest.raises(DeadlineExceeded):
            await session.request("GET", "/export", deadline=0.2)


async def test_a_stream_whose_headers_are_late_still_ends_at_the_deadline(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/stall", server.stall)
    await serve(server)
    async with Session(server.url(), transport=AiohttpTransport(), deadline=0.2) as session:
        with pytest.raises(DeadlineExceeded):
            async with session.stream("GET", "/stall"):
                pass
