"""The token bucket: how bursts and steady rates come out, on a fake clock and for real."""

from __future__ import annotations

import asyncio
import time

import pytest

from loyalty_async.bulk import BulkRunner, RateLimiter
from loyalty_async.errors import ConfigurationError


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def test_default_burst_of_one_spaces_calls_evenly() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock)
    assert [limiter.reserve() for _ in range(4)] == pytest.approx([0.0, 0.1, 0.2, 0.3])


def test_a_full_bucket_lets_a_burst_through_then_one_per_interval() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10, burst=3, clock=clock)
    assert [limiter.reserve() for _ in range(5)] == pytest.approx([0, 0, 0, 0.1, 0.2])


def test_a_quiet_spell_refills_the_bucket_but_never_beyond_burst() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10, burst=3, clock=clock)
    for _ in range(3):
        limiter.reserve()
    clock.now = 0.15  # one and a half tokens back
    assert [limiter.reserve() for _ in range(2)] == pytest.approx([0.0, 0.05])
    clock.now = 100.0  # long idle: still only three at once
    assert [limiter.reserve() for _ in range(4)] == pytest.approx([0, 0, 0, 0.1])


async def test_acquire_sleeps_for_the_reserved_slot() -> None:
    clock = FakeClock()
    limiter = RateLimiter(4, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        await limiter.acquire()
    assert clock.slept == pytest.approx([0.25, 0.5])  # the first call goes at once


@pytest.mark.parametrize(
    ("rate", "burst"), [(0, 1), (-5, 1), (float("inf"), 1), (float("nan"), 1), (10, 0)]
)
def test_nonsense_settings_are_refused(rate: float, burst: int) -> None:
    with pytest.raises(ConfigurationError):
        RateLimiter(rate, burst=burst)


async def test_a_run_never_goes_faster_than_its_rate() -> None:
    # 200 items at 100/s: the limiter's slots are 10 ms apart from the first, which comes
    # no sooner than the run begins; an item starts at its slot or later (a busy machine
    # only makes it later). So the k-th start is no sooner than k slots after the start,
    # whatever the scheduler does; without the limit the 200 would start within
    # milliseconds. (How the slots are spaced is checked exactly on a fake clock above.)
    starts: list[float] = []

    async def op(item: int) -> int:
        starts.append(time.monotonic())
        await asyncio.sleep(0)
        return item

    began = time.monotonic()
    summary = await BulkRunner(op, range(200), concurrency=20, rate=100).run()

    assert summary.succeeded == 200
    early = [
        (k, start - began)
        for k, start in enumerate(sorted(starts))
        if start < began + k / 100 - 1e-6
    ]
    assert not early, early[:5]


async def test_one_limiter_is_shared_by_every_task_of_a_run() -> None:
    clock = FakeClock()
    limiter = RateLimiter(50, clock=clock, sleep=clock.sleep)

    async def op(item: int) -> int:
        return item

    await BulkRunner(op, range(5), concurrency=5, rate=limiter).run()

    # Five tasks at once, one bucket: each waits one more interval than the one before.
    assert clock.slept == pytest.approx([0.02, 0.04, 0.06, 0.08])
