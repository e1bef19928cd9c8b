"""Running the Mews stand-in on a loopback port, in-process."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import web

from loyalty_async.sandbox.faults import Faults
from loyalty_async.sandbox.mews.app import MewsCore, MewsCredentials, SlidingWindow, build_app
from loyalty_async.sandbox.mews.state import MewsState
from loyalty_async.sandbox.standin import AppStandIn, FaultSource
from loyalty_async.sandbox.stats import SandboxStats

if TYPE_CHECKING:
    from loyalty_async.mews.client import MewsClient

#: Mews's documented limit: 200 requests per ``AccessToken`` in any 30 seconds.
MEWS_RATE_LIMIT = (200, 30.0)


class MewsSandbox(AppStandIn):
    """An offline stand-in for the Mews Connector API's loyalty operations, on loopback.

    ::

        async with MewsSandbox() as sandbox:
            async with sandbox.client() as client:
                programs = await client.loyalty_programs.get_all().collect()

    It keeps programs, memberships and tiers in memory, checks the tokens in every body
    (401 with a Mews error body otherwise), pages newest first by cursor, enforces the
    sliding-window limit per ``AccessToken`` (429 with ``Retry-After``), and puts a
    ``Request-Id`` on every answer. ``port=0`` (the default) picks a free port.

    :param host: a loopback address (others are refused unless ``allow_remote``).
    :param port: the TCP port, 0 for any free one.
    :param credentials: the token pairs accepted (by default Mews's public demo pair).
    :param rate_limit: ``(requests, seconds)`` per ``AccessToken``, or ``None`` for none;
        tests scale the documented ``(200, 30.0)`` down in time, e.g. ``(200, 1.0)``.
    :param faults: fault settings, or their command-line string
        (``"5xx=0.05,429=0.02,drop_after=0.01,seed=7"``).
    :param clock: wall clock stamping ``CreatedUtc``/``UpdatedUtc`` (epoch seconds).
    :param monotonic: the clock the rate limit measures windows with.
    :param allow_remote: allow a non-loopback ``host`` (the demo tokens are public!).
    """

    _who = "the Mews sandbox"
    _how_to_start = "use 'async with MewsSandbox()'"

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        credentials: Sequence[MewsCredentials] | None = None,
        rate_limit: tuple[int, float] | None = MEWS_RATE_LIMIT,
        faults: Faults | str | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        allow_remote: bool = False,
    ) -> None:
        self._listen_on(host, port, allow_remote=allow_remote)
        self.credentials = tuple(credentials or (MewsCredentials(),))
        if not self.credentials:
            raise ValueError("the Mews sandbox needs at least one token pair")
        window = None if rate_limit is None else SlidingWindow(*rate_limit, clock=monotonic)
        self._core = MewsCore(
            MewsState(clock),
            self.credentials,
            window,
            Faults.of(faults),
        )

    def _fault_source(self) -> FaultSource:
        return self._core

    def _build_app(self) -> web.Application:
        return build_app(self._core)

    @property
    def state(self) -> MewsState:
        """The data: programs, memberships and tiers, as records."""
        return self._core.state

    @property
    def stats(self) -> SandboxStats:
        """What the stand-in saw and did: requests, statuses, faults, writes by kind."""
        return self._core.stats

    @property
    def rate_limit(self) -> tuple[int, float] | None:
        """The enforced limit, ``(requests, seconds)`` per ``AccessToken``."""
        window = self._core.window
        return None if window is None else (window.limit, window.seconds)

    def client(self, **overrides: Any) -> MewsClient:
        """A :class:`~loyalty_async.mews.MewsClient` on this stand-in, with its first token pair.

        The client paces itself to the stand-in's rate limit (with the usual headroom).
        """
        from loyalty_async.mews.client import MewsClient
        from loyalty_async.mews.ratelimit import SlidingWindowLimiter

        settings: dict[str, Any] = {"base_url": self.url, **self.credentials[0].client_kwargs()}
        limit = self.rate_limit
        if limit is not None:
            settings["rate_limiter"] = SlidingWindowLimiter.for_mews(window=limit[1])
        settings.update(overrides)
        return MewsClient(**settings)
