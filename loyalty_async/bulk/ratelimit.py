"""A rate limit shared by every task of a run: a token bucket, scheduled ahead of time."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable

from loyalty_async.errors import ConfigurationError


class RateLimiter:
    """Lets at most ``rate`` calls per second through, with bursts of up to ``burst``.

    It behaves as a token bucket holding ``burst`` tokens that refills at ``rate`` tokens
    per second and starts full: after a quiet spell, ``burst`` calls go at once, then one
    every ``1 / rate`` seconds. With the default ``burst=1`` calls are evenly spaced, so
    no window of any length sees more than its share (the safe choice against a server
    that counts requests per second).

    Each :meth:`acquire` books the next free slot at once and then sleeps until it comes,
    so waiting callers are served in order and slow wake-ups do not add up to drift. A
    caller cancelled while waiting gives its slot up unused: the rate can only come out
    lower, never higher. Share one limiter between runs to give them one common budget.
    """

    def __init__(
        self,
        rate: float,
        *,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if not (isinstance(rate, int | float) and math.isfinite(rate) and rate > 0):
            raise ConfigurationError(f"rate must be a positive number of calls a second: {rate!r}")
        if not isinstance(burst, int) or burst < 1:
            raise ConfigurationError(f"burst must be a whole number of at least 1: {burst!r}")
        self.rate = float(rate)
        self.burst = burst
        self._interval = 1.0 / self.rate
        self._clock = clock
        self._sleep = sleep
        # When the bucket would next be empty-but-one (the "theoretical arrival time").
        self._due = -math.inf

    def reserve(self) -> float:
        """Book the next slot and return how many seconds to wait for it (``0.0``: now)."""
        now = self._clock()
        due = max(self._due, now)
        start = max(now, due - (self.burst - 1) * self._interval)
        self._due = due + self._interval
        return start - now

    async def acquire(self) -> None:
        """Wait for the next slot."""
        delay = self.reserve()
        if delay > 0:
            await self._sleep(delay)
