"""A damaged journal is refused with a :class:`JournalError` that says what to do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from loyalty_async.bulk import BulkRunner, Journal, JournalCorruptError, JournalError

PAGE = 4096  # SQLite's default page size, which the journal keeps


async def journal_of(path: Path, items: int) -> Path:
    async def op(item: str) -> str:
        return item

    await BulkRunner(op, [f"member-{n:06d}" for n in range(items)], journal=path).run()
    return path


def damage(path: Path, *, page: int, pages: int = 1) -> None:
    """Overwrite whole pages with bytes that are no B-tree page."""
    with path.open("r+b") as file:
        file.seek(page * PAGE)
        file.write(b"\xa5" * PAGE * pages)


async def test_a_damaged_page_is_a_journal_error_that_says_what_to_do(tmp_path: Path) -> None:
    path = await journal_of(tmp_path / "run.journal", 2000)
    assert path.stat().st_size > 8 * PAGE
    damage(path, page=3)

    with pytest.raises(JournalCorruptError) as caught:
        Journal(path)

    message = str(caught.value)
    assert f"the journal {str(path)!r} is damaged" in message
    assert "restore it from a backup" in message.lower()
    assert ".recover" in message
    assert isinstance(caught.value, JournalError)


async def test_a_runner_given_a_damaged_journal_stops_before_any_item(tmp_path: Path) -> None:
    path = await journal_of(tmp_path / "run.journal", 2000)
    damage(path, page=2, pages=3)
    calls: list[str] = []

    async def op(item: str) -> str:
        calls.append(item)
        return item

    with pytest.raises(JournalCorruptError, match="is damaged"):
        await BulkRunner(op, ["member-000001", "new"], journal=path).run()
    assert calls == []


async def test_damage_found_while_the_journal_is_open_is_a_journal_error(tmp_path: Path) -> None:
    # Large enough that SQLite's page cache cannot hold it: reading an early key again
    # reads the file.
    path = await journal_of(tmp_path / "run.journal", 40_000)
    with Journal(path) as journal:
        pages = path.stat().st_size // PAGE
        damage(path, page=2, pages=pages // 2 - 2)
        with pytest.raises(JournalCorruptError, match="is damaged"):
            for _entry in journal.entries():
                pass


def test_a_zero_length_journal_is_not_taken_for_a_new_one(tmp_path: Path) -> None:
    path = tmp_path / "run.journal"
    path.write_bytes(b"")

    with pytest.raises(JournalCorruptError) as caught:
        Journal(path)

    message = str(caught.value)
    assert "is empty (0 bytes)" in message
    assert "delete it" in message
    assert path.stat().st_size == 0  # left as it was, for whoever looks into it


def test_a_journal_that_does_not_exist_yet_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new.journal"
    with Journal(path) as journal:
        assert journal.counts() == {}
    assert path.stat().st_size > 0
    os.unlink(path)
