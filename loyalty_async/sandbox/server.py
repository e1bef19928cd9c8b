"""Running a sandbox on a loopback port, in-process."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aiohttp import web

from loyalty_async.convercus.client import ConvercusClient
from loyalty_async.sandbox.app import build_app
from loyalty_async.sandbox.connections import ConnectionWatch, WatchedSite
from loyalty_async.sandbox.core import (
    DEFAULT_LEVELS,
    REQUEST_TIMEOUT,
    Credentials,
    SandboxCore,
    check_request_timeout,
)
from loyalty_async.sandbox.faults import Faults
from loyalty_async.sandbox.receipts import EarnRule
from loyalty_async.sandbox.seed import Seeder
from loyalty_async.sandbox.standin import bound_url, is_loopback, require_loopback
from loyalty_async.sandbox.stats import SandboxStats

__all__ = ["Sandbox", "is_loopback"]

#: aiohttp's default time to drain an unread request body before closing.
_LINGERING = 10.0


class Sandbox:
    """A stateful, offline Convercus sandbox served over HTTP on loopback.

    ::

        async with Sandbox() as sandbox:
            async with sandbox.client() as client:
                account_id = await client.call("accounts.create")

    ``port=0`` (the default) picks a free port; read the address from :attr:`url`. The
    data lives in SQLite: ``db=":memory:"`` (the default) or a file, which keeps members,
    points and coupons across a stop and a start. Log in with :attr:`credentials`; seed
    data from Python with :attr:`seed`; read counters from :attr:`stats`; change
    :attr:`faults` at any time.

    :param host: a loopback address (others are refused unless ``allow_remote``).
    :param port: the TCP port, 0 for any free one.
    :param db: SQLite file path, or ``":memory:"``.
    :param credentials: the login the sandbox accepts and the interaction point to use.
    :param program: the program name accounts belong to.
    :param earn_rule: how receipts turn into points.
    :param levels: status levels as ``(name, status points needed)``.
    :param faults: fault settings, or their command-line string.
    :param routes: path overrides, as given to ``ConvercusClient(routes=...)``.
    :param secret: HMAC key for tokens (by default a random one kept in the database).
    :param clock: wall clock in epoch seconds (tests move it to expire tokens).
    :param allow_remote: allow a non-loopback ``host`` (the credentials are public!).
    :param request_timeout: seconds a client may take to send a whole request (a slower
        body is answered ``408``; a half-sent request line or header block is closed) and
        an idle keep-alive connection is kept open.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str | os.PathLike[str] = ":memory:",
        credentials: Credentials | None = None,
        program: str = "SANDBOX",
        earn_rule: EarnRule | None = None,
        levels: Sequence[tuple[str, int]] = DEFAULT_LEVELS,
        faults: Faults | str | None = None,
        routes: Mapping[str, str] | None = None,
        secret: bytes | None = None,
        clock: Callable[[], float] = time.time,
        allow_remote: bool = False,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        require_loopback(host, allow_remote=allow_remote, who="the sandbox")
        self.host = host
        self.port = port
        self.credentials = credentials or Credentials()
        self._options: dict[str, Any] = {
            "db": db,
            "credentials": self.credentials,
            "program": program,
            "earn_rule": earn_rule,
            "levels": levels,
            "routes": routes,
            "secret": secret,
            "clock": clock,
            "request_timeout": check_request_timeout(request_timeout),
        }
        self._faults = Faults.of(faults)
        self._stats = SandboxStats()
        self._core: SandboxCore | None = None
        self._runner: web.AppRunner | None = None
        self._watching: asyncio.Task[None] | None = None
        self._url: str | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> Sandbox:
        """Open the database and start serving."""
        if self._runner is not None:
            raise RuntimeError("the sandbox is already running")
        core = SandboxCore(faults=self._faults, stats=self._stats, **self._options)
        # A connection silent for request_timeout with no request in hand (half a request
        # head, or idle) is closed by the watch. After a refusal (408, 413) the unread rest
        # of a body is drained for at most the same time, so the client can read the answer
        # before the connection closes.
        core.connections = watch = ConnectionWatch(core.request_timeout)
        runner = web.AppRunner(
            build_app(core),
            access_log=None,
            shutdown_timeout=5.0,
            keepalive_timeout=core.request_timeout,
            lingering_time=min(_LINGERING, core.request_timeout),
        )
        try:
            await runner.setup()
            site = WatchedSite(runner, self.host, self.port, watch)
            await site.start()
        except BaseException:
            await runner.cleanup()
            core.close()
            raise
        self.port, self._url = bound_url(runner)
        self._core, self._runner = core, runner
        self._watching = asyncio.create_task(watch.run(), name="sandbox connection watch")
        return self

    async def stop(self) -> None:
        """Stop serving and close the database. Safe to call twice."""
        runner, core, watching = self._runner, self._core, self._watching
        self._runner = self._core = self._watching = None
        self._url = None
        if watching is not None:
            watching.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watching
        if runner is not None:
            await runner.cleanup()
        if core is not None:
            self._faults = core.faults
            core.close()

    async def __aenter__(self) -> Sandbox:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ access

    @property
    def core(self) -> SandboxCore:
        """The running sandbox's state (database, domains, tokens)."""
        if self._core is None:
            raise RuntimeError("the sandbox is not running: use 'async with Sandbox()' or start()")
        return self._core

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``."""
        if self._url is None:
            raise RuntimeError("the sandbox is not running: use 'async with Sandbox()' or start()")
        return self._url

    @property
    def stats(self) -> SandboxStats:
        """What the sandbox saw and did (still readable after it stopped; a restart adds on)."""
        return self._stats

    @property
    def seed(self) -> Seeder:
        """Helpers that put accounts, users, coupons and bookings in from Python."""
        return Seeder(self.core)

    @property
    def faults(self) -> Faults:
        """The fault settings in force."""
        return self._core.faults if self._core is not None else self._faults

    @faults.setter
    def faults(self, faults: Faults | str) -> None:
        value = Faults.of(faults)
        self._faults = value
        if self._core is not None:
            self._core.faults = value

    def client(self, **overrides: Any) -> ConvercusClient:
        """A :class:`~loyalty_async.ConvercusClient` pointed at this sandbox (close it)."""
        settings: dict[str, Any] = {"base_url": self.url, **self.credentials.client_kwargs()}
        settings.update(overrides)
        return ConvercusClient(**settings)
