"""The journal: resuming a job, reconciling unknown items, locking, and what it stores."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from loyalty_async.bulk import BulkRunner, EntryStatus, Journal, JournalError, Status
from loyalty_async.errors import NotFoundError, OutcomeUnknownError


class Booker:
    """An op that books points, failing or losing the answer for chosen references."""

    def __init__(self, *, refused: Iterable[str] = (), lost: Iterable[str] = ()) -> None:
        self.refused = set(refused)
        self.lost = set(lost)
        self.calls: list[str] = []

    async def __call__(self, reference: str) -> str:
        self.calls.append(reference)
        if reference in self.refused:
            raise NotFoundError("account not found", status=404)
        if reference in self.lost:
            raise OutcomeUnknownError(
                "bookings.create: the outcome is unknown",
                operation="bookings.create",
                context={"referenceId": reference},
            )
        return f"booking-{reference}"


def statuses(results: list[Any]) -> dict[str, tuple[Status, bool]]:
    return {r.key: (r.status, r.attempted) for r in results}


async def run(booker: Booker, items: list[str], journal: Path, **options: Any) -> list[Any]:
    async with BulkRunner(booker, items, journal=journal, **options) as runner:
        return [result async for result in runner]


async def test_a_restart_skips_what_succeeded_and_never_redoes_unknown(tmp_path: Path) -> None:
    journal = tmp_path / "campaign.journal"
    refs = ["a", "b", "c", "d"]
    await run(Booker(refused={"b"}, lost={"c"}), refs, journal)

    second = Booker()
    results = await run(second, [*refs, "e"], journal)

    assert second.calls == ["e"]
    assert statuses(results) == {
        "a": (Status.SKIPPED, False),
        "b": (Status.FAILED, False),
        "c": (Status.UNKNOWN, False),
        "d": (Status.SKIPPED, False),
        "e": (Status.SUCCEEDED, True),
    }
    earlier = {r.key: r for r in results}
    assert earlier["b"].error_type == "NotFoundError"
    assert earlier["c"].context == {"referenceId": "c"}


async def test_failed_items_are_retried_only_when_asked(tmp_path: Path) -> None:
    journal = tmp_path / "j"
    await run(Booker(refused={"b"}), ["a", "b"], journal)

    again = Booker()
    await run(again, ["a", "b"], journal)
    assert again.calls == []

    retry = Booker()
    results = await run(retry, ["a", "b"], journal, retry_failed=True)
    assert retry.calls == ["b"]
    assert statuses(results)["b"] == (Status.SUCCEEDED, True)
    with Journal(journal) as opened:
        entry = opened.get("b")
        assert entry is not None
        assert (entry.status, entry.attempts) == (EntryStatus.SUCCEEDED, 2)


async def test_unknown_items_are_listed_and_resolved(tmp_path: Path) -> None:
    journal = tmp_path / "j"
    await run(Booker(lost={"x", "y"}), ["x", "y", "z"], journal)

    with Journal(journal) as opened:
        assert [e.key for e in opened.unknown()] == ["x", "y"]
        done = opened.resolve("x", succeeded=True)
        not_done = opened.resolve("y", succeeded=False)
        assert (done.status, not_done.status) == (EntryStatus.SUCCEEDED, EntryStatus.FAILED)
        assert not_done.error_type == "NotPerformed"
        assert list(opened.unknown()) == []
        with pytest.raises(JournalError, match="no item"):
            opened.resolve("nope", succeeded=True)

    plain = Booker()
    await run(plain, ["x", "y", "z"], journal)
    assert plain.calls == []  # x is done; y waits for retry_failed
    retry = Booker()
    await run(retry, ["x", "y", "z"], journal, retry_failed=True)
    assert retry.calls == ["y"]


async def test_a_call_cut_off_mid_flight_is_unknown_on_the_next_open(tmp_path: Path) -> None:
    # What a process killed mid-call leaves behind: "started" committed, no outcome.
    path = tmp_path / "j"
    journal = Journal(path)
    journal._begin_run()
    journal._claim("k1", retry_failed=False)
    journal._start("k1")
    journal._claim("k2", retry_failed=False)  # claimed, never attempted
    journal._connection.close()  # abandoned: no outcome, no clean close

    with Journal(path) as reopened:
        assert reopened.counts() == {"unknown": 1}
        entry = reopened.get("k1")
        assert entry is not None
        assert (entry.error_type, entry.attempts) == ("Interrupted", 1)
        assert reopened.get("k2") is None

    booker = Booker()
    results = await run(booker, ["k1", "k2"], path)
    assert booker.calls == ["k2"]
    assert statuses(results)["k1"] == (Status.UNKNOWN, False)


async def test_the_value_kept_is_what_record_value_returns(tmp_path: Path) -> None:
    journal = tmp_path / "j"
    await run(Booker(), ["a"], journal, record_value=lambda booking: {"bookingId": booking})
    with Journal(journal) as opened:
        entry = opened.get("a")
        assert entry is not None
        assert entry.value == {"bookingId": "booking-a"}
        assert entry.updated_at is not None


async def test_a_run_given_an_open_journal_leaves_it_open(tmp_path: Path) -> None:
    with Journal(tmp_path / "j") as journal:
        await run(Booker(lost={"b"}), ["a", "b"], journal)  # type: ignore[arg-type]
        assert not journal.closed
        assert [e.key for e in journal.unknown()] == ["b"]


async def test_two_runs_cannot_share_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "j"
    with Journal(path):
        with pytest.raises(JournalError, match="in use"):
            Journal(path)
        with pytest.raises(JournalError, match="in use"):
            await run(Booker(), ["a"], path)
    Journal(path).close()  # free again once closed


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "members.csv"
    text.write_text("externalId,email\nM-1,a@example.org\n" * 200)
    with pytest.raises(JournalError, match="not a journal"):
        Journal(text)

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE things (x)")
    connection.close()
    with pytest.raises(JournalError, match="not a journal"):
        Journal(other)


def test_a_closed_journal_refuses_use(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j")
    journal.close()
    journal.close()
    with pytest.raises(JournalError, match="closed"):
        journal.get("a")


async def test_each_run_is_recorded_with_its_summary(tmp_path: Path) -> None:
    path = tmp_path / "j"
    await run(Booker(), ["a", "b"], path)
    await run(Booker(), ["a", "c"], path)

    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT id, finished_at IS NOT NULL, summary FROM runs")
        runs = [(run_id, finished, summary) for run_id, finished, summary in rows]
    connection.close()
    assert [(run_id, finished) for run_id, finished, _ in runs] == [(1, 1), (2, 1)]
    assert '"succeeded":1' in runs[1][2] and '"skipped":1' in runs[1][2]


async def test_an_open_journal_reused_after_a_stopped_run_still_performs_the_rest(
    tmp_path: Path,
) -> None:
    with Journal(tmp_path / "j") as journal:
        # The duplicate comes back at once, before the task for "x" has even begun:
        # leaving then stops the run with "x" claimed but never attempted.
        first = Booker()
        async with BulkRunner(first, ["x", "x", "y"], journal=journal) as stopped:
            async for result in stopped:
                assert result.status is Status.DUPLICATE
                break
        assert first.calls == []

        again = Booker()
        results = await run(again, ["x", "y"], journal)  # type: ignore[arg-type]

    assert again.calls == ["x", "y"]
    assert statuses(results) == {"x": (Status.SUCCEEDED, True), "y": (Status.SUCCEEDED, True)}
