"""The shared Redis rate limit (GCRA), on a real redis-server."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from loyalty_async.bulk.redis_ratelimit import RedisRateLimiter
from loyalty_async.errors import ConfigurationError

pytestmark = pytest.mark.redis


@pytest.fixture
async def clients(redis_url: str) -> AsyncIterator[list[Redis]]:
    made = [Redis.from_url(redis_url) for _ in range(3)]
    try:
        yield made
    finally:
        for client in made:
            await client.aclose()


async def test_slots_are_booked_in_order_across_limiters(clients: list[Redis]) -> None:
    # Three workers' limiters on one budget of 2/s: the slots they book interleave, each
    # 0.5 s after the one before, whoever asks.
    limiters = [RedisRateLimiter(client, "job", 2) for client in clients]
    began = time.monotonic()
    waits = [await limiters[n % 3].reserve() for n in range(6)]
    took = time.monotonic() - began
    assert waits[0] == 0.0
    steps = [later - earlier for earlier, later in itertools.pairwise(waits)]
    # The time between two bookings (a round trip to Redis) comes off the wait.
    assert all(0.5 - took <= step <= 0.5 for step in steps), (steps, took)
    assert 2.5 - took <= waits[-1] <= 2.5


async def test_a_burst_goes_at_once_then_the_rate_holds(clients: list[Redis]) -> None:
    limiter = RedisRateLimiter(clients[0], "job", 5, burst=4)
    other = RedisRateLimiter(clients[1], "job", 5, burst=4)
    waits = [await limiter.reserve(), await other.reserve(), await limiter.reserve()]
    waits.append(await other.reserve())
    assert waits == [0.0, 0.0, 0.0, 0.0]  # the bucket starts full
    assert 0.1 < await limiter.reserve() <= 0.2  # then one every 0.2 s


async def test_different_jobs_have_different_budgets(clients: list[Redis]) -> None:
    first = RedisRateLimiter(clients[0], "job-a", 1)
    second = RedisRateLimiter(clients[0], "job-b", 1)
    assert await first.reserve() == 0.0
    assert await second.reserve() == 0.0
    assert await first.reserve() > 0.9


async def test_concurrent_callers_stay_within_the_rate(clients: list[Redis]) -> None:
    rate = 40.0
    limiters = [RedisRateLimiter(client, "job", rate) for client in clients]
    stamps: list[float] = []

    async def worker(limiter: RedisRateLimiter) -> None:
        for _ in range(20):
            await limiter.acquire()
            stamps.append(time.monotonic())

    await asyncio.gather(*(worker(limiter) for limiter in limiters))
    stamps.sort()
    # 60 slots booked 25 ms apart: without the limit they would all go within a few
    # milliseconds; with it no second holds more than its share (one more for a window
    # that starts on a slot).
    assert stamps[-1] - stamps[0] > 1.0
    in_any_second = max(
        sum(1 for stamp in stamps if start <= stamp < start + 1) for start in stamps
    )
    assert in_any_second <= rate + 1


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="rate"):
        RedisRateLimiter(Redis(), "job", 0)
    with pytest.raises(ConfigurationError, match="burst"):
        RedisRateLimiter(Redis(), "job", 1, burst=0)
