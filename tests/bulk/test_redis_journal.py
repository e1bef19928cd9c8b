"""The Redis journal on a real redis-server: the SQLite journal's rules, for many workers."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from loyalty_async.bulk import BulkRunner, EntryStatus, Journal, JournalError, Status
from loyalty_async.bulk.journal import Claim
from loyalty_async.bulk.redis_journal import RedisJournal
from loyalty_async.errors import ConfigurationError, NotFoundError, OutcomeUnknownError

pytestmark = pytest.mark.redis


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


class Booker:
    """Books points; refuses or loses the answer for chosen references."""

    def __init__(self, *, refused: set[str] = set(), lost: set[str] = set()) -> None:  # noqa: B006
        self.refused, self.lost = refused, lost
        self.calls: list[str] = []

    async def __call__(self, reference: str) -> str:
        self.calls.append(reference)
        await asyncio.sleep(0)
        if reference in self.refused:
            raise NotFoundError("account not found", status=404)
        if reference in self.lost:
            raise OutcomeUnknownError(
                "bookings.create: the outcome is unknown",
                operation="bookings.create",
                context={"referenceId": reference},
            )
        return f"booking-{reference}"


JournalFactory = Callable[[], Any]


@pytest.fixture(params=["sqlite", "redis"])
def journal_factory(request: pytest.FixtureRequest, tmp_path: Path, redis: Redis) -> JournalFactory:
    """A journal of either backend: the rules must not depend on which."""
    if request.param == "sqlite":
        return lambda: tmp_path / "campaign.journal"
    return lambda: RedisJournal(redis, "campaign")


async def run(booker: Booker, items: list[str], journal: Any, **options: Any) -> dict[str, Any]:
    async with BulkRunner(booker, items, journal=journal, **options) as runner:
        return {r.key: (r.status, r.attempted) async for r in runner}


async def test_both_backends_skip_succeeded_and_never_redo_unknown(
    journal_factory: JournalFactory,
) -> None:
    refs = ["a", "b", "c", "d"]
    await run(Booker(refused={"b"}, lost={"c"}), refs, journal_factory())

    again = Booker()
    results = await run(again, [*refs, "e"], journal_factory())
    assert again.calls == ["e"]
    assert results == {
        "a": (Status.SKIPPED, False),
        "b": (Status.FAILED, False),
        "c": (Status.UNKNOWN, False),
        "d": (Status.SKIPPED, False),
        "e": (Status.SUCCEEDED, True),
    }

    retried = Booker()
    results = await run(retried, refs, journal_factory(), retry_failed=True)
    assert retried.calls == ["b"]
    assert results["b"] == (Status.SUCCEEDED, True)
    assert results["c"] == (Status.UNKNOWN, False)


async def test_the_redis_journal_keeps_what_the_sqlite_one_keeps(redis: Redis) -> None:
    journal = RedisJournal(redis, "campaign")
    await run(Booker(refused={"b"}, lost={"c"}), ["a", "b", "c"], journal, record_value=str.upper)

    a, b, c = [await journal.get(key) for key in "abc"]
    assert a is not None and (a.status, a.value, a.attempts) == (
        EntryStatus.SUCCEEDED,
        "BOOKING-A",
        1,
    )
    assert b is not None and (b.status, b.error_type) == (EntryStatus.FAILED, "NotFoundError")
    assert c is not None and c.status is EntryStatus.UNKNOWN
    assert (c.operation, c.context) == ("bookings.create", {"referenceId": "c"})
    assert c.updated_at is not None and c.updated_at.endswith("+00:00")
    assert await journal.counts() == {"succeeded": 1, "failed": 1, "unknown": 1}
    assert [entry.key async for entry in journal.unknown()] == ["c"]

    resolved = await journal.resolve("c", succeeded=False, note="not in the ledger")
    assert (resolved.status, resolved.error_type) == (EntryStatus.FAILED, "NotPerformed")
    assert await journal.counts() == {"succeeded": 1, "failed": 2}
    with pytest.raises(JournalError, match="no item"):
        await journal.resolve("zzz", succeeded=True)


async def test_workers_sharing_a_job_perform_each_item_exactly_once(redis_url: str) -> None:
    items = [f"ref-{n:04d}" for n in range(400)]
    calls: Counter[str] = Counter()

    async def book(reference: str) -> str:
        calls[reference] += 1
        await asyncio.sleep(0.001)
        return reference

    async def worker(order: list[str]) -> Counter[Status]:
        # Each worker has its own connection, as it would in its own process.
        client = Redis.from_url(redis_url)
        try:
            journal = RedisJournal(client, "shared")
            statuses: Counter[Status] = Counter()
            runner = BulkRunner(
                book, order, journal=journal, origin=lambda ref: ref, concurrency=16
            )
            async with runner:
                async for result in runner:
                    statuses[result.status] += 1
            return statuses
        finally:
            await client.aclose()

    # Three workers are handed all the items (a chunk delivered to each), in three orders.
    results = await asyncio.gather(
        worker(items), worker(items[::-1]), worker(items[200:] + items[:200])
    )

    assert calls == Counter(dict.fromkeys(items, 1))  # nothing done twice, nothing left out
    assert sum(result[Status.SUCCEEDED] for result in results) == 400
    client = Redis.from_url(redis_url)
    try:
        assert await RedisJournal(client, "shared").counts() == {"succeeded": 400}
    finally:
        await client.aclose()


async def test_a_key_at_another_origin_is_a_duplicate_at_the_same_one_a_redelivery(
    redis: Redis,
) -> None:
    journal = RedisJournal(redis, "job")
    rows = [(2, "C1"), (3, "C2"), (4, "C1")]  # line 4 repeats the card of line 2
    booker = Booker()

    async def enrol(row: tuple[int, str]) -> str:
        return await booker(row[1])

    first = BulkRunner(enrol, rows, key=lambda r: r[1], origin=lambda r: r[0], journal=journal)
    statuses = [(r.item[0], r.status) async for r in _results(first)]
    assert sorted(statuses) == [(2, Status.SUCCEEDED), (3, Status.SUCCEEDED), (4, Status.DUPLICATE)]

    # The same chunk handed out again: its rows are done, not duplicates.
    again = BulkRunner(enrol, rows[:2], key=lambda r: r[1], origin=lambda r: r[0], journal=journal)
    assert [r.status async for r in _results(again)] == [Status.SKIPPED, Status.SKIPPED]
    # Each card booked once, line 4 not at all; the two rows run concurrently, so they
    # may reach the booker in either order.
    assert sorted(booker.calls) == ["C1", "C2"]


async def _results(runner: BulkRunner[Any, Any]) -> AsyncIterator[Any]:
    async with runner:
        async for result in runner:
            yield result


async def test_a_dead_workers_started_items_become_unknown_and_reserved_ones_free(
    redis_url: str,
) -> None:
    # Leases long enough that no pause of a busy machine makes them run out on their own;
    # the test makes them run out when it wants, by moving their ends into the past.
    dead_client = Redis.from_url(redis_url)
    dead = RedisJournal(dead_client, "job", lease=60)
    await dead.begin_run()
    assert (await dead.claim("started", origin="1", retry_failed=False))[0] is Claim.PERFORM
    assert await dead.start("started")
    await dead.checkpoint("started", {"account_id": "acc-1"})
    assert (await dead.claim("reserved", origin="2", retry_failed=False))[0] is Claim.PERFORM
    await dead._stop_heartbeat()  # it stops answering: killed, frozen, cut off

    live_client = Redis.from_url(redis_url)
    try:
        live = RedisJournal(live_client, "job", lease=60)
        await live.begin_run()
        # While the lease runs, the items are the dead worker's.
        assert (await live.claim("started", origin="1", retry_failed=False))[0] is Claim.ELSEWHERE
        assert (await live.claim("reserved", origin="2", retry_failed=False))[0] is Claim.ELSEWHERE
        leases = "loyalty-async:job:job:leases"
        assert set(await live_client.zrange(leases, 0, -1)) == {b"started", b"reserved"}
        await live_client.zadd(leases, {"started": 1, "reserved": 1}, xx=True)  # a minute on
        claim, entry = await live.claim("started", origin="1", retry_failed=False)
        assert claim is Claim.UNKNOWN_BEFORE
        assert entry is not None and entry.error_type == "Interrupted"
        assert entry.value == {"account_id": "acc-1"}  # the checkpoint to resume from
        assert (await live.claim("reserved", origin="2", retry_failed=False))[0] is Claim.PERFORM
        # Only one worker can take the unknown item to go on with it.
        assert await live.reclaim("started")
        assert not await dead.reclaim("started")
        assert await live.start("started")
        # The dead worker's late outcome cannot overwrite the new owner's.
        await dead.finish("started", EntryStatus.FAILED, error_type="Late", message="late")
        await live.finish("started", EntryStatus.SUCCEEDED, value="ok")
        settled = await live.get("started")
        assert settled is not None and (settled.status, settled.value) == (
            EntryStatus.SUCCEEDED,
            "ok",
        )
        assert settled.attempts == 2
        await live.end_run({})
    finally:
        await live_client.aclose()
        await dead_client.aclose()


async def test_leases_are_renewed_while_a_worker_is_busy(redis: Redis) -> None:
    journal = RedisJournal(redis, "job", lease=3)
    rival = RedisJournal(redis, "job", lease=3)
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow(item: str) -> str:
        started.set()
        await release.wait()
        return item

    runner = BulkRunner(slow, ["x"], journal=journal)
    task = asyncio.ensure_future(runner.run())
    await started.wait()
    await rival.begin_run()
    # The heartbeat (every second) pushes the lease's end on, twice, while the item is busy.
    leases = "loyalty-async:job:job:leases"
    ends = [await redis.zscore(leases, "x")]
    for _ in range(600):  # a minute at most: without a heartbeat it would never move
        await asyncio.sleep(0.1)
        end = await redis.zscore(leases, "x")
        if end != ends[-1]:
            ends.append(end)
        if len(ends) == 3:
            break
    assert len(ends) == 3 and None not in ends and ends == sorted(ends), ends
    assert (await rival.claim("x", origin=None, retry_failed=False))[0] is Claim.ELSEWHERE
    release.set()
    summary = await task
    assert summary.succeeded == 1
    assert (await rival.claim("x", origin=None, retry_failed=False))[0] is Claim.SKIP
    await rival.end_run({})


async def test_bad_settings_are_refused(redis: Redis) -> None:
    with pytest.raises(ConfigurationError, match="job name"):
        RedisJournal(redis, "two words")
    with pytest.raises(ConfigurationError, match="lease"):
        RedisJournal(redis, "job", lease=0.1)
    journal = RedisJournal(redis, "job")
    with pytest.raises(JournalError, match="no run"):
        await journal.checkpoint("k", 1)


def test_the_sqlite_journal_still_refuses_a_second_run(tmp_path: Path) -> None:
    with Journal(tmp_path / "j") as journal:
        journal._begin_run()
        with pytest.raises(JournalError, match="already used"):
            journal._begin_run()
