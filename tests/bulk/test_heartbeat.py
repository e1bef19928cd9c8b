"""The heartbeat that renews leases: it beats until stopped, and stopping always ends it."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from loyalty_async.bulk.heartbeat import Heartbeat


async def _spin(turns: int = 20) -> None:
    for _ in range(turns):
        await asyncio.sleep(0)


async def test_it_beats_until_stopped() -> None:
    beats: list[int] = []

    async def beat() -> None:
        beats.append(len(beats))

    heartbeat = Heartbeat(beat, 0)
    await _spin()
    await heartbeat.stop()
    after = len(beats)
    await _spin()
    assert after > 3 and len(beats) == after


async def test_stop_ends_it_even_when_a_beat_swallows_the_cancellation() -> None:
    # Python 3.11's asyncio.wait_for drops a cancellation that arrives as the write it
    # waits for completes (redis-py writes through it): the beat then simply returns.
    beating = asyncio.Event()
    beats = 0

    async def beat() -> None:
        nonlocal beats
        beats += 1
        beating.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(3600)

    heartbeat = Heartbeat(beat, 0)
    await beating.wait()
    stopping = asyncio.ensure_future(heartbeat.stop())
    await _spin()
    # Not beating again, nor sleeping until the next beat: the heartbeat has ended.
    assert stopping.done() and stopping.exception() is None
    assert beats == 1


async def test_a_failing_beat_ends_it_and_stop_raises_the_error() -> None:
    async def beat() -> None:
        raise ConnectionError("redis is gone")

    heartbeat = Heartbeat(beat, 0)
    await _spin()
    with pytest.raises(ConnectionError, match="redis is gone"):
        await heartbeat.stop()


async def test_the_callers_own_cancellation_is_not_swallowed() -> None:
    started = asyncio.Event()

    async def beat() -> None:
        started.set()
        await asyncio.sleep(3600)

    heartbeat = Heartbeat(beat, 0)
    await started.wait()

    async def stop_then_continue() -> str:
        await heartbeat.stop()
        await asyncio.sleep(3600)
        return "went on"

    caller = asyncio.ensure_future(stop_then_continue())
    await asyncio.sleep(0)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
