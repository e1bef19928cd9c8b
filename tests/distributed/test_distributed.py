"""Member imports on taskiq workers over a real Redis, against the sandbox.

The in-process test runs chunks as the task does; the others start the sandbox in a
process of its own and ``taskiq worker`` processes, as a deployment would.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from loyalty_async import ConvercusClient
from loyalty_async.bulk.distributed import (
    counts_of,
    follow,
    job_status,
    kicker,
    make_broker,
    run_chunk,
    submit_members,
)
from loyalty_async.bulk.job_store import JobStore
from loyalty_async.recipes.member_file import MemberFile
from loyalty_async.sandbox import Sandbox
from tests.cli.batch_helpers import HEADER, member, members_file, state, write_csv
from tests.distributed.processes import Workers, held, sandbox_process, worker_environment

pytestmark = pytest.mark.redis

LIMIT = 900  # seconds a whole distributed run may take before the test gives up


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


async def test_chunks_run_by_two_workers_settle_every_row_once(
    tmp_path: Path, redis: Redis
) -> None:
    rows = [member(n) for n in range(1, 41)]
    rows[4] = member(5, email="not-an-email")  # line 6: invalid
    rows[30] = member(2)  # line 32: the card of line 3 again
    source = write_csv(tmp_path / "members.csv", HEADER, rows)
    enqueued: list[tuple[str, int]] = []

    async def enqueue(job: str, chunk: int) -> None:
        enqueued.append((job, chunk))

    members = MemberFile(source)
    job = await submit_members(redis, members, enqueue, chunk_size=8, concurrency=4)
    assert job.startswith("members-")
    assert enqueued == [(job, n) for n in range(5)]
    # The same file again: the chunks are known, nothing is enqueued twice.
    assert await submit_members(redis, members, enqueue, chunk_size=8) == job
    assert len(enqueued) == 5

    async with Sandbox() as sandbox:
        kwargs = sandbox.credentials.client_kwargs()
        async with (
            ConvercusClient(base_url=sandbox.url, **kwargs) as one,
            ConvercusClient(base_url=sandbox.url, **kwargs) as two,
        ):
            # Two workers take the chunks; the first chunk is handed to both (delivered twice).
            verdicts = await asyncio.gather(
                run_chunk(redis, one, job, 0),
                run_chunk(redis, two, job, 0),
                *(run_chunk(redis, (one, two)[n % 2], job, n) for n in range(1, 5)),
            )
            again = await run_chunk(redis, one, job, 3)
        held_now = state(sandbox)

    assert sorted(verdicts) == ["busy", "done", "done", "done", "done", "done"]
    assert again == "done"
    status = await job_status(redis, job)
    assert status.finished and status.rows == status.settled == 40
    assert status.tally == {"created": 38, "invalid": 1, "duplicate": 1}
    assert status.chunks == {"queued": 0, "running": 0, "done": 5}
    counts = counts_of(status)
    assert (counts.created, counts.failed, counts.invalid, counts.duplicates) == (38, 2, 1, 1)
    reported = await JobStore(redis, job).reported_rows()
    assert [(row.line, row.outcome) for row in reported] == [(6, "invalid"), (32, "duplicate")]
    assert len(held_now.owners) == held_now.accounts == 38


async def test_a_worker_killed_mid_run_loses_and_doubles_nothing(
    tmp_path: Path, redis: Redis, redis_url: str
) -> None:
    rows = 10_000
    source = members_file(tmp_path / "members.csv", rows)
    producer = make_broker(redis_url)
    await producer.startup()
    with sandbox_process(tmp_path) as sandbox:
        workers = Workers(worker_environment(sandbox.url, redis_url), tmp_path)
        try:
            enqueue = kicker(producer)
            job = await submit_members(
                redis, MemberFile(source), enqueue, chunk_size=500, concurrency=8
            )
            first, _second = workers.start(), workers.start()

            async def settled(at_least: int) -> int:
                # The workers are other processes: look at the job now and then.
                while (done := (await job_status(redis, job)).settled) < at_least:  # noqa: ASYNC110
                    await asyncio.sleep(0.2)
                return done

            before_kill = await asyncio.wait_for(settled(1500), LIMIT)
            workers.kill(first)  # kill -9, mid-chunk
            workers.start()  # its replacement
            status = await asyncio.wait_for(follow(redis, job, enqueue), LIMIT)
        finally:
            workers.stop_all()
            await producer.shutdown()
        sandbox.stop()

    assert 0 < before_kill < rows
    assert status.finished and status.settled == rows
    assert set(status.tally) <= {"created", "resumed", "skipped", "unknown"}
    assert "started" not in status.items and "pending" not in status.items
    store = JobStore(redis, job)
    unknown = {row.line for row in await store.reported_rows("unknown")}
    assert len(unknown) == status.tally.get("unknown", 0)

    # Checked in the sandbox's database, not in the job's own counts.
    members = held(sandbox.db)
    imported = 0
    for n in range(1, rows + 1):
        card, email, line = f"CARD{n:04d}", f"member{n}@example.com", n + 1
        assert members.users_by_email.get(email, 0) <= 1, f"{card} has two users"
        assert members.cards_per_account.get(card, 0) <= 1, f"{card} is on two accounts"
        if line in unknown:
            continue  # listed for reconciliation; nothing of it was doubled
        assert members.owners.get(card) == email, f"{card} was not imported"
        imported += 1
    assert imported == rows - len(unknown)
    assert len(members.owners) >= imported
    assert set(members.owners) <= {f"CARD{n:04d}" for n in range(1, rows + 1)}


async def test_three_workers_share_one_rate_budget(
    tmp_path: Path, redis: Redis, redis_url: str
) -> None:
    rate = 10.0
    members = 30
    source = members_file(tmp_path / "members.csv", members)  # 6 requests a member: ~18 s
    producer = make_broker(redis_url)
    await producer.startup()
    with sandbox_process(tmp_path) as sandbox:
        workers = Workers(worker_environment(sandbox.url, redis_url), tmp_path)
        try:
            enqueue = kicker(producer)
            job = await submit_members(
                redis, MemberFile(source), enqueue, chunk_size=5, concurrency=4, rate=rate
            )
            # No slot can be booked before the workers start (wall clock, as the sandbox's
            # arrival times and the Redis clock the slots are booked on).
            began = time.time()
            for _ in range(3):
                workers.start()
            status = await asyncio.wait_for(follow(redis, job, enqueue), LIMIT)
        finally:
            workers.stop_all()
            await producer.shutdown()
        arrivals = sorted(sandbox.arrivals())

    assert status.tally == {"created": members}
    assert len(arrivals) >= members * 6
    # One budget for the three workers: the slots it hands out are 100 ms apart, and a
    # request reaches the sandbox at its slot or later (a worker held up by a busy machine
    # only comes later). So the k-th request to arrive came no sooner than k slots after
    # the start, however the requests were spread over the workers; three workers with a
    # budget each would have gone three times as fast. (1 ms for the wall clock against
    # the monotonic one the workers sleep on.)
    early = [
        (k, moment - began)
        for k, moment in enumerate(arrivals)
        if moment < began + k / rate - 0.001
    ]
    assert not early, early[:5]
    connection = sqlite3.connect(sandbox.db)
    try:
        assert connection.execute("SELECT COUNT(*) FROM accounts").fetchone()[0] == members
    finally:
        connection.close()
