"""Pacing below Mews's limit, and 429s: honoured, resent, never doubling a write.

The stand-in enforces the documented 200 requests per ``AccessToken`` in any window,
scaled down in time (200 per second instead of per 30 s); the client paces itself with
the same headroom it uses against Mews (180 per window).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from loyalty_async import RetryPolicy
from loyalty_async.mews import (
    LoyaltyMembershipUpdate,
    MewsClient,
    NewLoyaltyMembership,
    NewLoyaltyProgram,
    SlidingWindowLimiter,
)
from loyalty_async.sandbox.mews import MewsSandbox
from tests.core.helpers import Clock


class FakeTime:
    """A monotonic clock whose sleeps only move it forward, and record what was asked."""

    def __init__(self) -> None:
        self.clock = Clock(0.0)
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds)
        await asyncio.sleep(0)

    def limiter(self, limit: int, window: float) -> SlidingWindowLimiter:
        return SlidingWindowLimiter(limit, window, clock=self.clock, sleep=self.sleep)


async def test_a_burst_goes_at_once_then_slots_age_out_a_window_after_their_answer() -> None:
    time = FakeTime()
    limiter = time.limiter(3, 30.0)
    slots = [await limiter.acquire() for _ in range(3)]
    assert time.sleeps == [] and limiter.counted == 3
    time.clock.advance(2)
    for slot in slots:
        limiter.release(slot)  # answered at t=2: each counts until t=32
    limiter.release(slots[0])  # twice, or an unknown slot, changes nothing
    limiter.release(None)
    assert limiter.delay() == 30.0
    late = await limiter.acquire()
    assert time.clock.now == 32.0
    two_more = [await limiter.acquire(), await limiter.acquire()]
    assert time.clock.now == 32.0 and limiter.counted == 3
    # Nobody answers: open slots count until two windows after their start, then no more.
    assert limiter.delay() == 60.0
    limiter.release(two_more[0])  # an answer brings the room forward: 30 s from now
    assert limiter.delay() == 30.0
    await limiter.acquire()
    assert time.clock.now == 62.0 and limiter.counted == 3
    time.clock.advance(30)
    assert limiter.counted == 1  # the two started at 32 and never released have aged out
    assert late and (limiter.acquired, limiter.delayed, limiter.waited) == (7, 2, 60.0)


async def test_waiters_are_served_in_order_and_hold_stops_everyone() -> None:
    time = FakeTime()
    limiter = time.limiter(2, 10.0)
    order: list[tuple[int, float]] = []

    async def call(n: int) -> None:
        slot = await limiter.acquire()
        order.append((n, time.clock.now))
        limiter.release(slot)

    limiter.hold(5.0)
    await asyncio.gather(*(call(n) for n in range(5)))
    # Nobody went before the hold ended; then two per 10 s, in the order they asked.
    assert order == [(0, 5.0), (1, 5.0), (2, 15.0), (3, 15.0), (4, 25.0)]
    limiter.hold(-1)  # nonsense is ignored
    limiter.hold(float("nan"))
    assert limiter.delay() == 0.0


async def test_a_cancelled_waiter_takes_no_slot() -> None:
    limiter = SlidingWindowLimiter(1, 60.0)
    limiter.release(await limiter.acquire())
    waiter = asyncio.create_task(limiter.acquire())
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert limiter.acquired == 1


def test_for_mews_keeps_a_tenth_below_the_documented_limit() -> None:
    assert (SlidingWindowLimiter.for_mews().limit, SlidingWindowLimiter.for_mews().window) == (
        180,
        30.0,
    )
    assert SlidingWindowLimiter.for_mews(0.5, window=1.0).limit == 100
    assert repr(SlidingWindowLimiter(5, 2)) == "SlidingWindowLimiter(limit=5, window=2)"


async def test_1000_calls_through_one_client_see_no_429() -> None:
    # The client's usual pacing, scaled to the stand-in's window: 180 per second.
    async with MewsSandbox(rate_limit=(200, 1.0)) as sandbox, sandbox.client() as client:
        limiter = client.rate_limiter
        assert limiter is not None and (limiter.limit, limiter.window) == (180, 1.0)
        [program] = await client.loyalty_programs.add(
            [NewLoyaltyProgram("Club", "CLUB", "Hotel", "Free")]
        )

        async def enrol(n: int) -> Any:
            member = NewLoyaltyMembership(
                uuid.uuid4(), program.id, True, membership_number=f"M{n:04d}"
            )
            return await client.loyalty_memberships.add([member])

        async def first_page(n: int) -> Any:
            pager = client.loyalty_memberships.get_all(page_size=1)
            async for page in pager.pages():
                return page

        calls: list[Callable[[int], Awaitable[Any]]] = [enrol, first_page]
        await asyncio.gather(*(calls[n % 2](n) for n in range(999)))
    assert sandbox.stats.requests == 1000
    assert sandbox.stats.statuses == {200: 1000}  # not one 429
    assert sandbox.stats.writes["LoyaltyMemberships"] == 500
    assert limiter.acquired == 1000
    assert limiter.delayed > 0  # the pacing did hold calls back


async def test_forced_429s_are_resent_and_no_write_is_doubled() -> None:
    # The stand-in allows 20 requests a second; the client does not pace itself at all,
    # so a burst of 120 calls meets 429s and must wait for Retry-After each time.
    async with MewsSandbox(rate_limit=(20, 1.0)) as sandbox:
        setup = sandbox.client()
        async with setup:
            [program] = await setup.loyalty_programs.add(
                [NewLoyaltyProgram("Club", "CLUB", "Hotel", "Free")]
            )
            existing = await setup.loyalty_memberships.add(
                [NewLoyaltyMembership(uuid.uuid4(), program.id, True, points=0) for _ in range(30)]
            )
        policy = RetryPolicy(max_attempts=30, retry_after_cap=5.0)
        async with sandbox.client(rate_limiter=None, retry=policy) as client:
            numbers = [f"N{n:03d}" for n in range(60)]

            async def enrol(number: str) -> Any:
                member = NewLoyaltyMembership(
                    uuid.uuid4(), program.id, False, membership_number=number
                )
                return await client.loyalty_memberships.add([member])

            async def credit(membership_id: str) -> Any:
                update = LoyaltyMembershipUpdate(membership_id, points=100)
                return await client.loyalty_memberships.update([update])

            async def read(_: int) -> Any:
                return await client.loyalty_programs.get_all(page_size=1).collect()

            await asyncio.gather(
                *(enrol(number) for number in numbers),
                *(credit(m.id) for m in existing),
                *(read(n) for n in range(30)),
            )
            stored = await client.loyalty_memberships.get_all(page_size=1000).collect()
    assert sandbox.stats.statuses[429] > 0  # the limit really was hit
    added = sorted(m.membership_number for m in stored if m.membership_number)
    assert added == numbers  # every enrolment landed exactly once
    assert len(stored) == 90
    assert all(m.points == 100 for m in stored if m.membership_number is None)
    # Each of the 60 adds and 30 updates was applied once (a 429 writes nothing).
    assert sandbox.stats.writes["LoyaltyMemberships"] == 30 + 60 + 30


async def test_a_429_holds_the_other_calls_of_the_client() -> None:
    limited = asyncio.Event()

    def seen(response: Any) -> None:
        if response.status == 429:
            limited.set()

    policy = RetryPolicy(max_attempts=2)
    sandbox = MewsSandbox(rate_limit=None, faults="429=1,retry_after=1")
    async with sandbox, sandbox.client(retry=policy, on_response=[seen]) as client:
        limiter = client.rate_limiter
        assert limiter is not None
        task = asyncio.create_task(client.loyalty_programs.get_all().collect())
        await limited.wait()
        assert limiter.delay() > 0.5  # every call of the client waits for Retry-After now
        sandbox.faults = ""
        assert await task == []
    assert sandbox.stats.statuses == {429: 1, 200: 1}


@pytest.mark.parametrize("retry_after", ["1", None])
async def test_429_is_resent_for_writes_with_or_without_retry_after(
    retry_after: str | None,
) -> None:
    from loyalty_async import MockTransport, Response

    answers = iter([429, 429, 200])
    sent = []

    def handler(request: Any) -> Response:
        sent.append(request.decoded_json())
        status = next(answers)
        headers = {"Request-Id": f"r{len(sent)}"}
        if status == 429 and retry_after is not None:
            headers["Retry-After"] = retry_after
        return Response(
            status, json={"Message": "slow down"} if status == 429 else {}, headers=headers
        )

    policy = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02)
    async with MewsClient(
        base_url="https://api.mews-demo.test",
        client_token="CT-1",
        access_token="AT-1",
        transport=MockTransport(handler),
        retry=policy,
    ) as client:
        await client.loyalty_tiers.delete(["3ed9e2f3-4bba-4df6-8d41-ab1b009b6425"])
    assert len(sent) == 3 and sent[0] == sent[2]


async def test_a_deadline_spent_waiting_for_pacing_is_not_an_unknown_outcome() -> None:
    from loyalty_async import DeadlineExceeded, OutcomeUnknownError

    async with MewsSandbox(rate_limit=None) as sandbox:
        limiter = SlidingWindowLimiter(1, 30.0)
        async with sandbox.client(rate_limiter=limiter) as client:
            [program] = await client.loyalty_programs.add(
                [NewLoyaltyProgram("Club", "CLUB", "Hotel", "Free")]
            )
            # The window is full for 30 s: this write waits, and its deadline runs out first.
            with pytest.raises(DeadlineExceeded) as caught:
                await client.loyalty_memberships.add(
                    [NewLoyaltyMembership(uuid.uuid4(), program.id, True)], deadline=0.05
                )
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert "ran out before attempt 1" in str(caught.value)
    assert sandbox.stats.operations["loyalty_memberships.add"] == 0  # nothing was sent
    # The wait was cut short at the deadline, and took no slot of the window.
    assert (limiter.acquired, limiter.counted) == (1, 1)
