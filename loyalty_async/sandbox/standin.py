"""Serving a stand-in's aiohttp app on a loopback port, in-process.

Shared by every stand-in (Convercus, Mews, Accengage, Loyalty Pass): the loopback check,
the URL a bound runner answers on, the injected faults of each request, and for the
stand-ins that keep their data in memory the whole start/stop/``async with`` lifecycle.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable
from typing import Protocol, Self

from aiohttp import web

from loyalty_async.sandbox.faults import Decision, FaultInjector, FaultKind, Faults
from loyalty_async.sandbox.stats import SandboxStats


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback name or address."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_loopback(host: str, *, allow_remote: bool, who: str) -> None:
    """Refuse a non-loopback ``host`` unless ``allow_remote``; ``who`` names the server."""
    if not allow_remote and not is_loopback(host):
        raise ValueError(
            f"{who} serves loopback only; {host!r} is not a loopback address "
            "(pass allow_remote=True if you really mean it)"
        )


def bound_url(runner: web.AppRunner) -> tuple[int, str]:
    """The port a started ``runner`` listens on and its base URL (IPv6 hosts bracketed)."""
    host, port = runner.addresses[0][:2]
    return port, f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def drop(request: web.Request) -> web.Response:
    """Close the connection at once; the response returned is never delivered."""
    transport = request.transport
    if transport is not None:
        transport.abort()
    return web.Response(status=204)


class FaultSource(Protocol):
    """Where a stand-in keeps its fault settings, their injector and its counters."""

    faults: Faults
    injector: FaultInjector

    @property
    def stats(self) -> SandboxStats:
        """What the stand-in saw."""
        ...


async def inject_fault(
    source: FaultSource,
    request: web.Request,
    refusal: Callable[[Decision, Faults], web.StreamResponse],
) -> tuple[Decision, web.StreamResponse | None]:
    """Apply latency and draw the request's fault; a response means the fault answers it.

    ``refusal`` is the platform's answer to a server-error or rate-limit fault (given the
    settings in force); a ``DROP_BEFORE`` reads the whole request, then closes the
    connection unanswered. A ``DROP_AFTER`` is left to the caller, which drops after the
    work is done.
    """
    faults = source.faults
    if faults.latency > 0:
        source.stats.faults[FaultKind.LATENCY.value] += 1
        await asyncio.sleep(faults.latency)
    decision = source.injector.decide()
    if decision.kind is None or decision.kind is FaultKind.DROP_AFTER:
        return decision, None
    source.stats.faults[decision.kind.value] += 1
    if decision.kind is FaultKind.DROP_BEFORE:
        await request.read()
        return decision, drop(request)
    return decision, refusal(decision, faults)


def answered(
    source: FaultSource,
    request: web.Request,
    decision: Decision,
    response: web.StreamResponse,
) -> web.StreamResponse:
    """What goes out after the work is done: ``response``, counted by its status.

    A ``DROP_AFTER`` fault closes the connection instead, leaving the work done and the
    answer lost.
    """
    stats = source.stats
    if decision.kind is FaultKind.DROP_AFTER and not response.prepared:
        stats.faults[FaultKind.DROP_AFTER.value] += 1
        return drop(request)
    stats.statuses[response.status] += 1
    return response


class AppStandIn:
    """Serves the app of :meth:`_build_app` on :attr:`host`/:attr:`port` until stopped.

    A subclass calls :meth:`_listen_on` from its ``__init__`` and builds its app from its
    state; the state lives in the object, so a stop and a start keep the data.
    """

    #: How errors name the server.
    _who = "the stand-in"
    #: What the error of :attr:`url` suggests while it is stopped.
    _how_to_start = "use 'async with' or start()"

    host: str
    port: int
    _runner: web.AppRunner | None
    _url: str | None

    def _listen_on(self, host: str, port: int, *, allow_remote: bool) -> None:
        require_loopback(host, allow_remote=allow_remote, who=self._who)
        self.host = host
        self.port = port
        self._runner = None
        self._url = None

    def _build_app(self) -> web.Application:
        raise NotImplementedError

    def _fault_source(self) -> FaultSource:
        """Where the running app reads its fault settings and their injector."""
        raise NotImplementedError

    @property
    def faults(self) -> Faults:
        """The fault settings in force."""
        return self._fault_source().faults

    @faults.setter
    def faults(self, faults: Faults | str) -> None:
        # New settings restart the random sequence from their seed.
        source = self._fault_source()
        source.faults = value = Faults.of(faults)
        source.injector = FaultInjector(value)

    async def start(self) -> Self:
        """Start serving."""
        if self._runner is not None:
            raise RuntimeError(f"{self._who} is already running")
        runner = web.AppRunner(self._build_app(), access_log=None, shutdown_timeout=5.0)
        try:
            await runner.setup()
            await web.TCPSite(runner, self.host, self.port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self.port, self._url = bound_url(runner)
        self._runner = runner
        return self

    async def stop(self) -> None:
        """Stop serving (the data stays, for a restart too). Safe to call twice."""
        runner, self._runner, self._url = self._runner, None, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``."""
        if self._url is None:
            raise RuntimeError(f"{self._who} is not running: {self._how_to_start}")
        return self._url
