"""What the bulk runner needs from a journal, and the SQLite journal seen that way.

:class:`JournalBackend` is the interface :class:`~loyalty_async.bulk.BulkRunner` (and an
op that checkpoints, such as the member enrolment) talks to. Two backends implement it
with the same rules: the SQLite :class:`~loyalty_async.bulk.Journal` (one process, the
default) and :class:`~loyalty_async.bulk.redis_journal.RedisJournal` (many workers on
many machines). The rules:

- an item is recorded as *started* before its call, then *succeeded*, *failed* or
  *unknown*; a succeeded item is never performed again;
- an unknown item is never performed again automatically (only when the run's
  ``retry_unknown`` picks it) and is listed for reconciliation;
- an item whose run or worker died while it was started becomes unknown, never pending;
- starting an item is atomic: two runs or workers can never both start it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from loyalty_async.bulk.journal import Claim, EntryStatus, Journal, JournalEntry


@runtime_checkable
class JournalBackend(Protocol):
    """A journal as the runner uses it: every step is awaited, every transition atomic."""

    async def begin_run(self) -> None:
        """Start a run (settle what a dead run left in flight); refuse a second one."""

    async def end_run(self, summary: Mapping[str, Any]) -> None:
        """End the run, keeping its summary."""

    async def claim(
        self, key: str, *, origin: str | None, retry_failed: bool
    ) -> tuple[Claim, JournalEntry | None]:
        """Decide what to do with ``key``, read at ``origin`` of the input (a line).

        ``PERFORM``/``RETRY`` reserve the item for this run. A key met again at another
        origin of the same job is a ``DUPLICATE``; met again at the same origin (a chunk
        handed out twice) it follows its state. ``ELSEWHERE``: another worker has it.
        """

    async def reclaim(self, key: str) -> bool:
        """Take an unknown item to perform it again; ``False`` if another run took it."""

    async def start(self, key: str) -> bool:
        """Record the item as started, just before its call; ``False``: it is not ours."""

    async def release(self, key: str) -> None:
        """Forget a reservation that was never attempted."""

    async def finish(
        self,
        key: str,
        status: EntryStatus,
        *,
        value: Any = None,
        error: BaseException | None = None,
        error_type: str | None = None,
        message: str | None = None,
    ) -> None:
        """Record the outcome of a started item."""

    async def get(self, key: str | int) -> JournalEntry | None:
        """The entry of ``key``, or ``None``."""

    async def checkpoint(self, key: str | int, value: Any) -> None:
        """Record how far the started item ``key`` has got (see :meth:`Journal.checkpoint`)."""


class SqliteBackend:
    """The SQLite :class:`Journal` as a :class:`JournalBackend` (one process holds it).

    Each step is a local commit, so nothing here waits: the methods are coroutines only
    to share the interface. Origins are not needed: the file is locked by one run, and a
    key seen twice in that run is a duplicate.
    """

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    async def begin_run(self) -> None:
        """See :meth:`JournalBackend.begin_run`."""
        self.journal._begin_run()

    async def end_run(self, summary: Mapping[str, Any]) -> None:
        """See :meth:`JournalBackend.end_run`."""
        self.journal._end_run(summary)

    async def claim(
        self, key: str, *, origin: str | None, retry_failed: bool
    ) -> tuple[Claim, JournalEntry | None]:
        """See :meth:`JournalBackend.claim`."""
        return self.journal._claim(key, retry_failed)

    async def reclaim(self, key: str) -> bool:
        """See :meth:`JournalBackend.reclaim` (the file is this run's alone)."""
        return True

    async def start(self, key: str) -> bool:
        """See :meth:`JournalBackend.start`."""
        self.journal._start(key)
        return True

    async def release(self, key: str) -> None:
        """See :meth:`JournalBackend.release`."""
        self.journal._release(key)

    async def finish(
        self,
        key: str,
        status: EntryStatus,
        *,
        value: Any = None,
        error: BaseException | None = None,
        error_type: str | None = None,
        message: str | None = None,
    ) -> None:
        """See :meth:`JournalBackend.finish`."""
        self.journal._finish(
            key, status, value=value, error=error, error_type=error_type, message=message
        )

    async def get(self, key: str | int) -> JournalEntry | None:
        """See :meth:`JournalBackend.get`."""
        return self.journal.get(key)

    async def checkpoint(self, key: str | int, value: Any) -> None:
        """See :meth:`JournalBackend.checkpoint`."""
        self.journal.checkpoint(key, value)


def as_backend(journal: Journal | JournalBackend) -> JournalBackend:
    """The :class:`JournalBackend` of ``journal`` (a SQLite :class:`Journal` is wrapped)."""
    return SqliteBackend(journal) if isinstance(journal, Journal) else journal
