"""A rate limit shared by every worker of a job, kept in Redis: GCRA in one Lua script.

Why a script of our own rather than a library such as ``limits``: ``limits`` answers
"may I, now?" — a caller that is refused has to sleep and ask again, so N waiting workers
poll Redis, are served in no order, and the spacing jitters with their wake-ups. The
budget here is spent the way :class:`~loyalty_async.bulk.RateLimiter` spends it in one
process (the generic cell rate algorithm, GCRA): each caller *books* the next free slot
in one atomic step and sleeps until it comes. One round trip per request, no polling,
callers served in the order they asked, and at most ``burst`` requests at once after a
quiet spell. The slot schedule is a single number in Redis (the "theoretical arrival
time"), on the Redis server's clock, so the workers' clocks need not agree.

Needs the ``redis`` extra (``pip install "loyalty-async[redis]"``).
"""

from __future__ import annotations

import asyncio
import math
from typing import NamedTuple

from redis.asyncio import Redis

from loyalty_async.bulk.entries import _text
from loyalty_async.errors import ConfigurationError

#: ARGV: interval (µs), burst. Books the next slot; returns "now slot" (µs, Redis clock).
_RESERVE = """
local key = KEYS[1]
local interval, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local due = tonumber(redis.call('GET', key) or '0')
if due < now then due = now end
local start = due - (burst - 1) * interval
if start < now then start = now end
local next_due = due + interval
-- The key only matters while slots are booked ahead: let it go a second after that.
local keep_ms = math.ceil((next_due - now) / 1000) + 1000
redis.call('SET', key, string.format('%.0f', next_due), 'PX', keep_ms)
return string.format('%.0f %.0f', now, start)
"""


class RateSlot(NamedTuple):
    """A booked slot, in microseconds of Unix time on the Redis server's clock."""

    #: When the slot was booked.
    booked_us: int
    #: When the slot comes: its request may go then, not before.
    at_us: int

    @property
    def wait(self) -> float:
        """Seconds from the booking to the slot (``0.0``: at once)."""
        return (self.at_us - self.booked_us) / 1_000_000


class RedisRateLimiter:
    """Lets at most ``rate`` calls per second through across every process that shares it.

    Every limiter with the same Redis and ``name`` draws from one budget: N workers of a
    job together stay within ``rate``, with bursts of up to ``burst`` after a quiet spell
    (default 1: evenly spaced). A caller cancelled while it waits gives its slot up
    unused, so the rate can only come out lower. Use :meth:`on_request` as a client's
    ``on_request`` hook to pace every request, lookups and retries included.
    """

    def __init__(
        self,
        redis: Redis,
        name: str,
        rate: float,
        *,
        burst: int = 1,
        prefix: str = "loyalty-async:rate",
    ) -> None:
        if not (isinstance(rate, int | float) and math.isfinite(rate) and rate > 0):
            raise ConfigurationError(f"rate must be a positive number of calls a second: {rate!r}")
        if not isinstance(burst, int) or burst < 1:
            raise ConfigurationError(f"burst must be a whole number of at least 1: {burst!r}")
        self.redis = redis
        self.name = name
        self.rate = float(rate)
        self.burst = burst
        self.key = f"{prefix}:{name}"
        self._interval_us = 1_000_000 / self.rate
        self._reserve = redis.register_script(_RESERVE)

    async def book(self) -> RateSlot:
        """Book the next slot (without waiting for it)."""
        answer = await self._reserve(keys=[self.key], args=[repr(self._interval_us), self.burst])
        booked, at = _text(answer).split()
        return RateSlot(int(booked), int(at))

    async def reserve(self) -> float:
        """Book the next slot and return how many seconds to wait for it (``0.0``: now)."""
        return (await self.book()).wait

    async def acquire(self) -> RateSlot:
        """Book the next slot and wait for it; return it."""
        slot = await self.book()
        if slot.wait > 0:
            await asyncio.sleep(slot.wait)
        return slot

    async def on_request(self, request: object) -> None:
        """A client hook (``on_request=[limiter.on_request]``): every request waits its slot."""
        await self.acquire()

    def __repr__(self) -> str:
        return f"<RedisRateLimiter {self.name!r} {self.rate:g}/s burst {self.burst}>"
