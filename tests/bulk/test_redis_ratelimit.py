"""The shared Redis rate limit (GCRA), on a real redis-server."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from loyalty_async.bulk.redis_ratelimit import RateSlot, RedisRateLimiter
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
    # 0.5 s after the one before, whoever asks (or at the booking itself, should the
    # booking come later than that: a caller held up never makes the next one wait).
    limiters = [RedisRateLimiter(client, "job", 2) for client in clients]
    slots = [await limiters[n % 3].book() for n in range(6)]
    assert slots[0].at_us == slots[0].booked_us  # the first goes at once
    for earlier, later in itertools.pairwise(slots):
        assert later.at_us == max(earlier.at_us + 500_000, later.booked_us), slots
    assert [slot.wait for slot in slots] == [
        (slot.at_us - slot.booked_us) / 1_000_000 for slot in slots
    ]


async def test_a_burst_goes_at_once_then_the_rate_holds(clients: list[Redis]) -> None:
    limiter = RedisRateLimiter(clients[0], "job", 5, burst=4)
    other = RedisRateLimiter(clients[1], "job", 5, burst=4)
    slots = [await limiter.book(), await other.book(), await limiter.book()]
    slots.append(await other.book())
    assert [slot.wait for slot in slots] == [0.0, 0.0, 0.0, 0.0]  # the bucket starts full
    fifth = await limiter.book()
    # Then one every 0.2 s: the fifth no sooner than 0.2 s after the first.
    assert fifth.at_us == max(slots[0].at_us + 200_000, fifth.booked_us)
    assert await limiter.reserve() > 0  # the sixth, booked at once after it, must wait


async def test_different_jobs_have_different_budgets(clients: list[Redis]) -> None:
    first = RedisRateLimiter(clients[0], "job-a", 1)
    second = RedisRateLimiter(clients[0], "job-b", 1)
    one = await first.book()
    assert one.wait == 0.0
    assert await second.reserve() == 0.0  # job-b's budget is untouched by job-a's booking
    again = await first.book()
    assert again.at_us == max(one.at_us + 1_000_000, again.booked_us)


async def test_concurrent_callers_stay_within_the_rate(clients: list[Redis]) -> None:
    rate = 10.0
    limiters = [RedisRateLimiter(client, "job", rate) for client in clients]
    slots: list[RateSlot] = []

    async def worker(limiter: RedisRateLimiter) -> None:
        for _ in range(6):
            before = time.monotonic()
            slot = await limiter.acquire()
            # The caller went no sooner than its slot (its wait began after the booking).
            assert time.monotonic() - before >= slot.wait
            slots.append(slot)

    await asyncio.gather(*(worker(limiter) for limiter in limiters))
    slots.sort(key=lambda slot: slot.at_us)
    # 18 slots on one budget, booked by three callers at once: each 100 ms or more after
    # the one before, so no second holds more than its 10 (without the shared budget the
    # three would book the same moments).
    assert len(slots) == 18
    assert all(
        later.at_us - earlier.at_us >= 100_000 for earlier, later in itertools.pairwise(slots)
    )


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="rate"):
        RedisRateLimiter(Redis(), "job", 0)
    with pytest.raises(ConfigurationError, match="burst"):
        RedisRateLimiter(Redis(), "job", 1, burst=0)
