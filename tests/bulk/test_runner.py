"""The bulk runner: results as items finish, bounds, errors, duplicates, progress, stopping."""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from loyalty_async.bulk import (
    BulkRunner,
    EntryStatus,
    ItemResult,
    Journal,
    Progress,
    Status,
)
from loyalty_async.errors import (
    BadRequestError,
    ConfigurationError,
    OutcomeUnknownError,
    ValidationError,
)


async def double(item: int) -> int:
    return item * 2


async def collect(runner: BulkRunner[Any, Any]) -> list[ItemResult[Any, Any]]:
    async with runner:
        return [result async for result in runner]


def other_tasks() -> set[asyncio.Task[Any]]:
    return asyncio.all_tasks() - {asyncio.current_task()}  # type: ignore[operator]


# ---------------------------------------------------------------------- input and results


async def test_a_sync_iterable_gives_one_result_per_item() -> None:
    results = await collect(BulkRunner(double, [1, 2, 3], concurrency=2))

    assert sorted((r.key, r.status, r.value, r.attempted) for r in results) == [
        ("1", Status.SUCCEEDED, 2, True),
        ("2", Status.SUCCEEDED, 4, True),
        ("3", Status.SUCCEEDED, 6, True),
    ]
    assert all(r.ok and r.error is None for r in results)


async def test_an_async_iterable_is_read_as_well() -> None:
    async def members() -> AsyncIterator[dict[str, str]]:
        for number in range(5):
            await asyncio.sleep(0)
            yield {"externalId": f"M-{number}", "email": f"m{number}@example.org"}

    async def enrol(member: dict[str, str]) -> str:
        return "account-" + member["externalId"]

    runner = BulkRunner(enrol, members(), key=lambda m: m["externalId"], concurrency=3)
    results = await collect(runner)

    assert sorted(r.key for r in results) == [f"M-{n}" for n in range(5)]
    assert {r.value for r in results} == {f"account-M-{n}" for n in range(5)}
    assert runner.summary.succeeded == 5
    assert runner.total is None  # a generator has no length


async def test_results_come_as_items_finish_not_in_input_order() -> None:
    slow_may_finish = asyncio.Event()

    async def op(item: str) -> str:
        if item == "slow":
            await slow_may_finish.wait()
        return item

    order = []
    async with BulkRunner(op, ["slow", "fast"], concurrency=2) as runner:
        async for result in runner:
            order.append(result.key)
            slow_may_finish.set()

    assert order == ["fast", "slow"]


async def test_the_concurrency_bound_is_reached_and_never_exceeded() -> None:
    active = peak = 0

    async def op(item: int) -> int:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        for _ in range(1 + item % 5):
            await asyncio.sleep(0)
        active -= 1
        return item

    summary = await BulkRunner(op, range(300), concurrency=7).run()

    assert summary.succeeded == 300
    assert peak == 7


async def test_memory_stays_flat_over_two_hundred_thousand_items() -> None:
    count = 200_000
    window = range(50_000, 80_000)  # traced: tracemalloc slows every allocation down
    pulled = received = 0
    retained = peak = -1

    def items() -> Iterator[int]:
        nonlocal pulled
        for number in range(count):
            pulled += 1
            yield number

    async def op(item: int) -> int:
        await asyncio.sleep(0)
        return item

    try:
        async with BulkRunner(op, items(), concurrency=50) as runner:
            async for _ in runner:
                received += 1
                # The input is read only as slots free up, never ahead of the results.
                assert pulled - received <= 50
                if received == window.start:
                    tracemalloc.start()
                elif received == window.stop:
                    retained, peak = tracemalloc.get_traced_memory()
                    tracemalloc.stop()
    finally:
        tracemalloc.stop()

    assert received == count
    assert runner.summary.succeeded == count
    # 30,000 items went through while traced: keeping anything per item (a key, a
    # result) would leave hundreds of kilobytes behind; the working set is 50 items.
    assert retained < 100_000
    assert peak < 500_000


# ---------------------------------------------------------------------- per-item errors


async def test_errors_are_failures_and_unknown_outcomes_are_unknown(tmp_path: Path) -> None:
    async def op(item: str) -> str:
        if item == "refused":
            raise BadRequestError("points must be positive", status=400, code="INVALID")
        if item == "lost":
            raise OutcomeUnknownError(
                "bookings.create: the outcome is unknown after 1 attempt(s)",
                operation="bookings.create",
                context={"accountId": "V1W2X3", "points": 50, "referenceId": "camp-42"},
            )
        if item == "bug":
            raise KeyError("referenceId")
        return item

    journal_path = tmp_path / "job.journal"
    runner = BulkRunner(op, ["ok", "refused", "lost", "bug"], journal=journal_path)
    results = {r.key: r for r in await collect(runner)}

    assert results["ok"].status is Status.SUCCEEDED
    refused = results["refused"]
    assert (refused.status, refused.error_type) == (Status.FAILED, "BadRequestError")
    assert refused.error_message == "HTTP 400 INVALID: points must be positive"
    assert isinstance(refused.error, BadRequestError)
    lost = results["lost"]
    assert (lost.status, lost.error_type) == (Status.UNKNOWN, "OutcomeUnknownError")
    assert lost.context == {"accountId": "V1W2X3", "points": 50, "referenceId": "camp-42"}
    bug = results["bug"]
    assert (bug.status, bug.error_type, bug.error_message) == (
        Status.FAILED,
        "KeyError",
        "'referenceId'",
    )
    summary = runner.summary
    assert (summary.succeeded, summary.failed, summary.unknown) == (1, 2, 1)

    with Journal(journal_path) as journal:
        entry = journal.get("lost")
        assert entry is not None
        assert entry.status is EntryStatus.UNKNOWN
        assert entry.operation == "bookings.create"
        assert entry.resend_safe is False
        assert entry.context == {"accountId": "V1W2X3", "points": 50, "referenceId": "camp-42"}
        failed = journal.get("refused")
        assert failed is not None
        assert (failed.status, failed.error_type) == (EntryStatus.FAILED, "BadRequestError")


async def test_a_cancelled_error_from_the_op_is_not_swallowed(tmp_path: Path) -> None:
    async def op(item: str) -> str:
        if item == "b":
            raise asyncio.CancelledError
        return item

    runner = BulkRunner(op, ["a", "b", "c"], concurrency=1, journal=tmp_path / "j")
    with pytest.raises(asyncio.CancelledError):
        await runner.run()

    assert runner.summary.interrupted
    assert (runner.summary.succeeded, runner.summary.unknown) == (1, 1)
    with Journal(tmp_path / "j") as journal:
        assert journal.counts() == {"succeeded": 1, "unknown": 1}
    assert not other_tasks()


# ---------------------------------------------------------------------- keys and duplicates


@pytest.mark.parametrize("use_journal", [False, True])
async def test_duplicate_keys_are_reported_and_performed_once(
    tmp_path: Path, use_journal: bool
) -> None:
    performed: list[str] = []

    async def op(row: dict[str, str]) -> None:
        performed.append(row["ref"])

    rows = [{"ref": ref} for ref in ["r1", "r2", "r1", "r3", "r2", "r1"]]
    journal = tmp_path / "j" if use_journal else None
    runner = BulkRunner(op, rows, key=lambda row: row["ref"], concurrency=1, journal=journal)
    results = await collect(runner)

    assert sorted(performed) == ["r1", "r2", "r3"]
    assert [(r.key, r.status) for r in results if r.status is Status.DUPLICATE] == [
        ("r1", Status.DUPLICATE),
        ("r2", Status.DUPLICATE),
        ("r1", Status.DUPLICATE),
    ]
    assert all(not r.attempted for r in results if r.status is Status.DUPLICATE)
    assert runner.summary.duplicates == 3


async def test_an_int_key_and_its_text_are_the_same_key() -> None:
    results = await collect(BulkRunner(double, [7, "7"]))
    assert sorted(r.status for r in results) == [Status.DUPLICATE, Status.SUCCEEDED]


async def test_items_that_are_not_their_own_key_need_key(tmp_path: Path) -> None:
    runner = BulkRunner(double, [{"a": 1}], journal=tmp_path / "j")
    with pytest.raises(ValidationError, match="pass key="):
        await runner.run()
    # The journal was released: it opens again.
    Journal(tmp_path / "j").close()


async def test_a_key_function_must_return_text_or_a_number() -> None:
    runner = BulkRunner(double, [1], key=lambda item: 1.5)  # type: ignore[arg-type,return-value]
    with pytest.raises(ValidationError, match="str or an int"):
        await runner.run()


def test_settings_are_checked() -> None:
    with pytest.raises(ConfigurationError):
        BulkRunner(double, [], concurrency=0)
    with pytest.raises(ConfigurationError):
        BulkRunner(double, [], grace=-1)


async def test_a_runner_runs_once() -> None:
    runner = BulkRunner(double, [1])
    await runner.run()
    with pytest.raises(ConfigurationError, match="runs once"):
        await runner.run()


# ---------------------------------------------------------------------- progress


async def test_progress_reports_counts_as_items_finish(tmp_path: Path) -> None:
    journal = tmp_path / "j"
    await BulkRunner(double, [1, 2], journal=journal).run()  # both done: skipped next time

    async def op(item: int) -> int:
        if item == 4:
            raise BadRequestError("no", status=400)
        if item == 5:
            raise OutcomeUnknownError("maybe")
        return item

    seen: list[Progress] = []
    runner = BulkRunner(
        op,
        [1, 2, 3, 3, 4, 5],
        concurrency=1,
        journal=journal,
        progress=seen.append,
        progress_interval=0,
    )
    await runner.run()

    rows = [(p.succeeded, p.failed, p.unknown, p.skipped, p.duplicates, p.done) for p in seen]
    assert rows == [
        (0, 0, 0, 1, 0, 1),
        (0, 0, 0, 2, 0, 2),
        (1, 0, 0, 2, 0, 3),
        (1, 0, 0, 2, 1, 4),
        (1, 1, 0, 2, 1, 5),
        (1, 1, 1, 2, 1, 6),
        (1, 1, 1, 2, 1, 6),  # the final call
    ]
    assert [p.finished for p in seen] == [False] * 6 + [True]
    assert {p.total for p in seen} == {6}
    assert seen[-1].in_flight == 0
    assert seen[-1].rate > 0


async def test_progress_is_throttled() -> None:
    seen: list[Progress] = []
    await BulkRunner(double, range(500), progress=seen.append, progress_interval=3600).run()

    # The first item reports at once, the rest fall inside the interval; then the end.
    assert [(p.done, p.finished) for p in seen] == [(1, False), (500, True)]


# ---------------------------------------------------------------------- stopping


async def test_cancelling_a_run_lets_in_flight_items_finish_within_grace(tmp_path: Path) -> None:
    journal_path = tmp_path / "j"
    evens_may_finish = asyncio.Event()
    four_in_flight = asyncio.Event()
    started: list[int] = []

    async def op(item: int) -> int:
        if item >= 2:
            started.append(item)
            if len(started) == 4:
                four_in_flight.set()
            if item % 2 == 0:
                await evens_may_finish.wait()
            else:
                await asyncio.Event().wait()  # never answers
        return item

    runner = BulkRunner(op, range(100), concurrency=4, journal=journal_path, grace=0.5)
    consumer = asyncio.create_task(runner.run())
    await four_in_flight.wait()
    consumer.cancel()
    await asyncio.sleep(0)  # the runner starts its grace period
    evens_may_finish.set()
    with pytest.raises(asyncio.CancelledError):
        await consumer

    summary = runner.summary
    assert summary.interrupted
    assert (summary.succeeded, summary.unknown, summary.failed) == (4, 2, 0)  # 0, 1, 2, 4
    assert started == [2, 3, 4, 5]
    assert not other_tasks()
    with Journal(journal_path) as journal:  # closed by the run: it opens again
        assert journal.counts() == {"succeeded": 4, "unknown": 2}
        unknown = list(journal.unknown())
        assert [e.key for e in unknown] == ["3", "5"]
        assert {e.error_type for e in unknown} == {"Cancelled"}


async def test_no_grace_records_every_in_flight_item_as_unknown(tmp_path: Path) -> None:
    in_flight = asyncio.Event()

    async def op(item: int) -> int:
        in_flight.set()
        await asyncio.Event().wait()
        return item

    runner = BulkRunner(op, range(10), concurrency=3, journal=tmp_path / "j", grace=0)
    consumer = asyncio.create_task(runner.run())
    await in_flight.wait()
    await asyncio.sleep(0)
    consumer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await consumer

    assert runner.summary.unknown == 3
    with Journal(tmp_path / "j") as journal:
        assert journal.counts() == {"unknown": 3}


async def test_items_waiting_for_the_rate_limit_are_not_attempted(tmp_path: Path) -> None:
    calls: list[int] = []
    first_done = asyncio.Event()

    async def op(item: int) -> int:
        calls.append(item)
        first_done.set()
        return item

    runner = BulkRunner(op, range(10), concurrency=5, rate=0.01, journal=tmp_path / "j")
    consumer = asyncio.create_task(runner.run())
    await first_done.wait()
    consumer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await consumer

    assert calls == [0]
    assert (runner.summary.succeeded, runner.summary.unknown) == (1, 0)
    with Journal(tmp_path / "j") as journal:
        # The four that waited left nothing behind: a later run performs them.
        assert [e.key for e in journal.entries()] == ["0"]


async def test_breaking_out_early_stops_the_run_and_closes_the_async_input(
    tmp_path: Path,
) -> None:
    input_closed = False

    async def items() -> AsyncIterator[int]:
        nonlocal input_closed
        try:
            for number in range(1000):
                yield number
        finally:
            input_closed = True

    async with BulkRunner(double, items(), concurrency=4, journal=tmp_path / "j") as runner:
        async for _ in runner:
            break

    assert input_closed
    assert runner.summary.interrupted
    assert runner.in_flight == 0
    assert not other_tasks()
    with Journal(tmp_path / "j") as journal:
        assert journal.counts() == {"succeeded": runner.summary.succeeded}
