"""Checkpoints of multi-step items, and performing again what an earlier run left unknown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loyalty_async.bulk import BulkRunner, EntryStatus, Journal, JournalEntry, JournalError, Status
from loyalty_async.errors import NotFoundError, OutcomeUnknownError


class TwoSteps:
    """An op of two steps that records the first one's result before the second."""

    def __init__(self, journal: Journal, *, lose_second: set[str] | None = None) -> None:
        self.journal = journal
        self.lose_second = lose_second or set()
        self.first_steps: list[str] = []
        self.resumed_from: dict[str, Any] = {}

    async def __call__(self, key: str) -> str:
        entry = self.journal.get(key)
        progress = entry.value if entry is not None else None
        if progress:
            self.resumed_from[key] = progress
            made = progress["made"]
        else:
            self.first_steps.append(key)
            made = f"thing-{key}"
            self.journal.checkpoint(key, {"made": made})
        if key in self.lose_second:
            raise OutcomeUnknownError("the answer was lost", operation="things.link")
        return made


async def run(op: Any, items: list[str], journal: Journal, **options: Any) -> dict[str, Any]:
    async with BulkRunner(op, items, journal=journal, **options) as runner:
        return {result.key: result async for result in runner}


async def test_a_checkpoint_survives_an_unknown_outcome_and_a_retry_resumes_from_it(
    tmp_path: Path,
) -> None:
    with Journal(tmp_path / "job.journal") as journal:
        first = TwoSteps(journal, lose_second={"b"})
        results = await run(first, ["a", "b"], journal, record_value=lambda made: {"id": made})
        assert results["b"].status is Status.UNKNOWN
        entry = journal.get("b")
        assert entry is not None
        assert (entry.status, entry.value) == (EntryStatus.UNKNOWN, {"made": "thing-b"})
        done = journal.get("a")
        assert done is not None
        assert done.value == {"id": "thing-a"}  # a success replaces the checkpoint

        second = TwoSteps(journal)
        results = await run(second, ["a", "b"], journal, retry_unknown=True)

    assert second.first_steps == []  # b's first step is not done twice
    assert second.resumed_from == {"b": {"made": "thing-b"}}
    assert (results["a"].status, results["b"].status) == (Status.SKIPPED, Status.SUCCEEDED)
    assert results["b"].value == "thing-b"


async def test_retry_unknown_can_choose_by_the_journal_entry(tmp_path: Path) -> None:
    async def lose(key: str) -> str:
        raise OutcomeUnknownError("lost", operation="things.create", context={"key": key})

    with Journal(tmp_path / "job.journal") as journal:
        await run(lose, ["safe-1", "risky-2", "safe-3"], journal)
        seen: list[JournalEntry] = []

        def only_safe(entry: JournalEntry) -> bool:
            seen.append(entry)
            return entry.key.startswith("safe")

        performed: list[str] = []

        async def succeed(key: str) -> str:
            performed.append(key)
            return key

        results = await run(
            succeed, ["safe-1", "risky-2", "safe-3"], journal, retry_unknown=only_safe
        )
        counts = journal.counts()

    assert sorted(performed) == ["safe-1", "safe-3"]
    assert {e.key: e.context for e in seen}["risky-2"] == {"key": "risky-2"}
    assert (results["risky-2"].status, results["risky-2"].attempted) == (Status.UNKNOWN, False)
    assert counts == {"succeeded": 2, "unknown": 1}


async def test_without_retry_unknown_an_unknown_item_is_left_alone(tmp_path: Path) -> None:
    async def lose(key: str) -> str:
        raise OutcomeUnknownError("lost", operation="things.create")

    performed: list[str] = []

    async def succeed(key: str) -> str:
        performed.append(key)
        return key

    with Journal(tmp_path / "job.journal") as journal:
        await run(lose, ["x"], journal)
        results = await run(succeed, ["x"], journal)

    assert performed == []
    assert results["x"].status is Status.UNKNOWN


async def test_a_failed_item_keeps_its_checkpoint_for_retry_failed(tmp_path: Path) -> None:
    with Journal(tmp_path / "job.journal") as journal:

        async def half_then_refused(key: str) -> str:
            journal.checkpoint(key, {"step": 1})
            raise NotFoundError("gone", status=404)

        await run(half_then_refused, ["k"], journal)
        entry = journal.get("k")
        assert entry is not None
        assert (entry.status, entry.value, entry.error_type) == (
            EntryStatus.FAILED,
            {"step": 1},
            "NotFoundError",
        )


def test_only_an_item_in_flight_can_record_progress(tmp_path: Path) -> None:
    with Journal(tmp_path / "job.journal") as journal, pytest.raises(JournalError):
        journal.checkpoint("never-seen", {"step": 1})
