"""Closing connections whose client stopped sending.

A client that sends half a request line or header block and then nothing, or that keeps an
idle connection open, would hold a connection of the sandbox for as long as the server
lets it (aiohttp before 3.14.4 waits forever for a request head). The sandbox watches
every connection itself: one that has received nothing for ``timeout`` seconds while no
request of it is being handled is closed. A request being handled is bounded elsewhere
(its body must arrive within the same time, see :mod:`loyalty_async.sandbox.app`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from aiohttp import web


class _Watched(asyncio.Protocol):
    """aiohttp's protocol for one connection, with the time data last arrived."""

    def __init__(self, inner: asyncio.Protocol, watch: ConnectionWatch) -> None:
        self._inner = inner
        self._watch = watch
        self.transport: asyncio.BaseTransport | None = None
        self.last = watch.now()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.last = self._watch.now()
        self._watch.connections.add(self)
        self._inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self._watch.connections.discard(self)
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self.last = self._watch.now()
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()


class ConnectionWatch:
    """Every open connection of one server, and which of them a request is using."""

    def __init__(self, timeout: float, now: Callable[[], float] | None = None) -> None:
        self.timeout = timeout
        self.now = now or asyncio.get_running_loop().time
        self.connections: set[_Watched] = set()
        self._busy: Counter[int] = Counter()

    def protocol(self, factory: Callable[[], Any]) -> Callable[[], asyncio.Protocol]:
        """A protocol factory for ``loop.create_server`` that watches what ``factory`` makes."""
        return lambda: _Watched(factory(), self)

    @contextlib.contextmanager
    def handling(self, request: web.BaseRequest) -> Iterator[None]:
        """Mark the request's connection as in use while the block runs."""
        key = id(request.transport)
        self._busy[key] += 1
        try:
            yield
        finally:
            self._busy[key] -= 1
            if not self._busy[key]:
                del self._busy[key]

    def close_silent(self) -> int:
        """Close the connections silent for ``timeout`` seconds with no request; how many."""
        now = self.now()
        closed = 0
        for connection in list(self.connections):
            transport = connection.transport
            silent = now - connection.last >= self.timeout
            if transport is not None and silent and id(transport) not in self._busy:
                transport.close()
                closed += 1
        return closed

    async def run(self) -> None:
        """Look for silent connections a few times per ``timeout``, until cancelled."""
        while True:
            await asyncio.sleep(self.timeout / 4)
            self.close_silent()


class WatchedSite(web.BaseSite):
    """A TCP site whose connections a :class:`ConnectionWatch` closes when they fall silent."""

    def __init__(self, runner: web.BaseRunner, host: str, port: int, watch: ConnectionWatch):
        super().__init__(runner)
        self._host = host
        self._port = port
        self._watch = watch

    @property
    def name(self) -> str:
        """The URL this site serves."""
        return f"http://{self._host}:{self._port}"

    async def start(self) -> None:
        """Bind and serve."""
        await super().start()
        server = self._runner.server
        assert server is not None
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._watch.protocol(server), self._host, self._port, reuse_address=True
        )
