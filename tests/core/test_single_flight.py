"""One token fetch for every caller, and every caller released together when it ends.

A lock handed from waiter to waiter releases them one per turn of the event loop: under a
cold start at high concurrency, the last of a thousand waits a thousand turns. The token
cache hands each waiter a future of its own and completes them all at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from loyalty_async.auth.token import Token, TokenCache
from loyalty_async.errors import AuthenticationError
from tests.core.helpers import Clock

WAITERS = 1000


class Turns:
    """Counts the turns of the running event loop (one callback per iteration)."""

    def __init__(self) -> None:
        self.count = 0
        self._loop = asyncio.get_running_loop()
        self._handle = self._loop.call_soon(self._tick)

    def _tick(self) -> None:
        self.count += 1
        self._handle = self._loop.call_soon(self._tick)

    def stop(self) -> None:
        self._handle.cancel()


@pytest.fixture
async def turns() -> Iterator[Turns]:  # type: ignore[misc]
    counter = Turns()
    yield counter
    counter.stop()


async def test_a_thousand_waiters_go_on_within_one_loop_turn_of_the_fetch(turns: Turns) -> None:
    cache = TokenCache(clock=Clock(), refresh_margin=300)
    release = asyncio.Event()
    fetched_at: list[int] = []
    fetches = 0

    async def fetch() -> Token:
        nonlocal fetches
        fetches += 1
        await release.wait()
        fetched_at.append(turns.count)
        return Token("tok-1")

    resumed: list[int] = []

    async def caller() -> str:
        token = await cache.refresh(fetch)
        resumed.append(turns.count)
        return token.value

    callers = [asyncio.create_task(caller()) for _ in range(WAITERS)]
    for _ in range(5):
        await asyncio.sleep(0)  # every caller is now waiting on the one fetch
    assert fetches == 1
    release.set()
    values = await asyncio.gather(*callers)

    assert fetches == 1 and cache.fetches == 1
    assert values == ["tok-1"] * WAITERS
    (done,) = fetched_at
    # The fetching caller goes on in the turn it finished; every other one in the next.
    assert max(resumed) - done <= 1


async def test_a_failed_fetch_is_every_waiters_answer_and_the_next_call_tries_again() -> None:
    cache = TokenCache(clock=Clock(), refresh_margin=300)
    release = asyncio.Event()
    attempts = 0

    async def refused() -> Token:
        nonlocal attempts
        attempts += 1
        await release.wait()
        raise AuthenticationError("login refused", status=401)

    callers = [asyncio.create_task(cache.refresh(refused)) for _ in range(50)]
    await asyncio.sleep(0)
    release.set()
    outcomes = await asyncio.gather(*callers, return_exceptions=True)
    assert attempts == 1
    assert all(isinstance(o, AuthenticationError) for o in outcomes)

    async def accepted() -> Token:
        return Token("tok-2")

    assert (await cache.refresh(accepted)).value == "tok-2"


async def test_a_cancelled_fetcher_hands_the_fetch_to_a_waiter() -> None:
    cache = TokenCache(clock=Clock(), refresh_margin=300)
    first_started = asyncio.Event()
    fetches: list[str] = []

    async def hangs() -> Token:
        fetches.append("hangs")
        first_started.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def works() -> Token:
        fetches.append("works")
        return Token("tok-3")

    leader = asyncio.create_task(cache.refresh(hangs))
    await first_started.wait()
    waiters = [asyncio.create_task(cache.refresh(works)) for _ in range(10)]
    await asyncio.sleep(0)
    leader.cancel()
    values = await asyncio.gather(*waiters)
    with pytest.raises(asyncio.CancelledError):
        await leader
    # The waiters were not cancelled: one of them fetched, the others shared its token.
    assert [token.value for token in values] == ["tok-3"] * 10
    assert fetches == ["hangs", "works"]


async def test_a_cancelled_waiter_leaves_the_others_waiting() -> None:
    cache = TokenCache(clock=Clock(), refresh_margin=300)
    release = asyncio.Event()

    async def fetch() -> Token:
        await release.wait()
        return Token("tok-4")

    callers = [asyncio.create_task(cache.refresh(fetch)) for _ in range(5)]
    await asyncio.sleep(0)
    callers[3].cancel()
    await asyncio.sleep(0)
    release.set()
    outcomes = await asyncio.gather(*callers, return_exceptions=True)
    assert isinstance(outcomes[3], asyncio.CancelledError)
    assert [o.value for i, o in enumerate(outcomes) if i != 3] == ["tok-4"] * 4  # type: ignore[union-attr]
