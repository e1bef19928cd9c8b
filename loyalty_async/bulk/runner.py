"""The bulk runner: one async operation over many items, bounded, rate-limited and resumable."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Sized,
)
from typing import Any, Generic, TypeVar

import attrs

from loyalty_async.bulk.backend import JournalBackend, as_backend
from loyalty_async.bulk.journal import Claim, EntryStatus, Journal, JournalEntry, SeenKeys
from loyalty_async.bulk.ratelimit import RateLimiter
from loyalty_async.bulk.results import ItemResult, Progress, Status, Summary
from loyalty_async.errors import ConfigurationError, OutcomeUnknownError, ValidationError

T = TypeVar("T")
R = TypeVar("R")

_END: Any = object()

#: What ``journal=`` accepts: a path (opened and closed by the run), an open SQLite
#: journal, or another :class:`JournalBackend` (a shared Redis journal).
JournalLike = str | os.PathLike[str] | Journal | JournalBackend


def default_key(item: object) -> str | int:
    """The item itself, when it is a ``str`` or an ``int``; anything else needs ``key=``."""
    if isinstance(item, str | int) and not isinstance(item, bool):
        return item
    raise ValidationError(
        f"cannot use an item of type {type(item).__name__} as its own key; pass key= "
        "(a function returning a str or int that identifies the item, such as a reference id)",
        field="key",
    )


@attrs.define(eq=False)
class _Slot:
    """One item the run has handed to a task."""

    key: str
    item: Any
    started: bool = False


class _Counts:
    __slots__ = ("attempted", "duplicates", "failed", "skipped", "succeeded", "unknown")

    def __init__(self) -> None:
        self.succeeded = self.skipped = self.failed = self.unknown = self.duplicates = 0
        self.attempted = 0

    def add(self, result: ItemResult[Any, Any]) -> None:
        status = result.status
        if status is Status.SUCCEEDED:
            self.succeeded += 1
        elif status is Status.SKIPPED:
            self.skipped += 1
        elif status is Status.FAILED:
            self.failed += 1
        elif status is Status.UNKNOWN:
            self.unknown += 1
        elif status is Status.DUPLICATE:
            self.duplicates += 1
        else:  # ELSEWHERE: another worker settles it
            return
        if result.attempted:
            self.attempted += 1


class BulkRunner(Generic[T, R]):
    """Runs ``op(item)`` for every item, and yields each result as it finishes.

    ::

        runner = BulkRunner(book_points, rows, key=lambda row: row["referenceId"],
                            concurrency=16, rate=50, journal="campaign-42.journal")
        async with runner:
            async for result in runner:
                if not result.ok:
                    print(result.key, result.status, result.error_message)
        print(runner.summary)

    Items come from an iterable or an async iterable and are pulled only as slots free
    up, so memory stays flat however long the input is; results are handed over, never
    kept. Use ``await runner.run()`` to get just the :class:`Summary`.

    :param op: ``async def op(item) -> value``, the work for one item.
    :param items: the input, sync or async; read lazily, once.
    :param key: the item's identity in the journal and for duplicates (default: the item
        itself if it is a ``str`` or ``int``).
    :param concurrency: most items in flight at once.
    :param rate: most operations started per second (a number, or a shared
        :class:`RateLimiter`); ``None`` for no limit.
    :param journal: where to record each item's outcome so a restart can resume: a path
        (opened, locked and closed by the run), an open :class:`Journal`, or another
        :class:`~loyalty_async.bulk.backend.JournalBackend` such as a shared
        :class:`~loyalty_async.bulk.redis_journal.RedisJournal`. Without one, duplicates
        are still caught (in a temporary file) but nothing is remembered.
    :param origin: where an item sits in the job's input (its line), for a journal shared
        by workers: a key met again at another origin is a duplicate, at the same origin
        it is the same item handed out again.
    :param retry_failed: perform again items that failed in an earlier run.
    :param retry_unknown: perform again items an earlier run left unknown: ``True`` for
        all of them, or a function of their :class:`JournalEntry` that says which. Only for
        an ``op`` that looks on the server before it writes (and may read the item's
        :meth:`Journal.checkpoint` back), so that doing it again cannot double it.
    :param record_value: what to keep of ``op``'s result in the journal (JSON-able, such
        as a new account's id); nothing is kept by default.
    :param progress: called with a :class:`Progress` as items finish, at most once per
        ``progress_interval`` seconds, and once more at the end.
    :param progress_interval: seconds between progress calls (``0``: every item).
    :param total: how many items the input holds, if known (``len(items)`` by default).
    :param grace: seconds in-flight items get to finish when the run is cancelled or
        stopped; those still running after it are cancelled and recorded as unknown.
    """

    def __init__(
        self,
        op: Callable[[T], Awaitable[R]],
        items: Iterable[T] | AsyncIterable[T],
        *,
        key: Callable[[T], str | int] | None = None,
        origin: Callable[[T], str | int] | None = None,
        concurrency: int = 8,
        rate: float | RateLimiter | None = None,
        journal: JournalLike | None = None,
        retry_failed: bool = False,
        retry_unknown: bool | Callable[[JournalEntry], bool] = False,
        record_value: Callable[[R], Any] | None = None,
        progress: Callable[[Progress], object] | None = None,
        progress_interval: float = 0.5,
        total: int | None = None,
        grace: float = 10.0,
    ) -> None:
        if not isinstance(concurrency, int) or concurrency < 1:
            raise ConfigurationError(f"concurrency must be at least 1, got {concurrency!r}")
        if grace < 0 or progress_interval < 0:
            raise ConfigurationError("grace and progress_interval must not be negative")
        self._op = op
        self._items = items
        self._key = key or default_key
        self._origin = origin
        self.concurrency = concurrency
        self.limiter = rate if isinstance(rate, RateLimiter) or rate is None else RateLimiter(rate)
        self._journal_arg = journal
        self.retry_failed = retry_failed
        self.retry_unknown = retry_unknown
        self._record_value = record_value
        self._progress = progress
        self._progress_interval = progress_interval
        if total is None and isinstance(items, Sized):
            total = len(items)
        self.total = total
        self.grace = grace
        self.journal: Journal | JournalBackend | None = None
        self._backend: JournalBackend | None = None
        self._seen: SeenKeys | None = None
        self._counts = _Counts()
        self._slots: dict[asyncio.Task[ItemResult[T, R]], _Slot] = {}
        self._finished: asyncio.Queue[asyncio.Task[ItemResult[T, R]]] | None = None
        self._iterator: AsyncGenerator[ItemResult[T, R], None] | None = None
        self._started_at: float | None = None
        self._ended_at: float | None = None
        self._interrupted = False
        self._last_progress = -float("inf")

    # ------------------------------------------------------------------ public

    def __aiter__(self) -> AsyncIterator[ItemResult[T, R]]:
        if self._iterator is not None:
            raise ConfigurationError("a BulkRunner runs once; create another one to run again")
        self._iterator = self._run()
        return self._iterator

    async def aclose(self) -> None:
        """Stop the run (in-flight items get the grace period) and close the journal."""
        if self._iterator is not None:
            await self._iterator.aclose()

    async def __aenter__(self) -> BulkRunner[T, R]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def run(self) -> Summary:
        """Run to the end without looking at the results one by one; return the summary."""
        async with self:
            async for _ in self:
                pass
        return self.summary

    @property
    def in_flight(self) -> int:
        """Items handed to a task whose result has not been yielded yet."""
        return len(self._slots)

    @property
    def summary(self) -> Summary:
        """The counts so far (final once the run has ended, even by interruption)."""
        counts = self._counts
        if self._started_at is None:
            elapsed = 0.0
        else:
            elapsed = (self._ended_at or time.monotonic()) - self._started_at
        return Summary(
            succeeded=counts.succeeded,
            skipped=counts.skipped,
            failed=counts.failed,
            unknown=counts.unknown,
            duplicates=counts.duplicates,
            attempted=counts.attempted,
            elapsed=elapsed,
            interrupted=self._interrupted,
        )

    def progress(self, *, finished: bool = False) -> Progress:
        """The progress counters now."""
        summary = self.summary
        return Progress(
            succeeded=summary.succeeded,
            failed=summary.failed,
            unknown=summary.unknown,
            skipped=summary.skipped,
            duplicates=summary.duplicates,
            in_flight=self.in_flight,
            total=self.total,
            elapsed=summary.elapsed,
            rate=summary.items_per_second,
            finished=finished,
        )

    # ------------------------------------------------------------------ the run

    async def _run(self) -> AsyncGenerator[ItemResult[T, R], None]:
        await self._open_journal()
        self._started_at = time.monotonic()
        self._finished = asyncio.Queue()
        source = _Source(self._items)
        try:
            async with contextlib.aclosing(self._results(source)) as results:
                async for result in results:
                    yield result
        except BaseException:
            self._interrupted = True
            await self._stop()
            raise
        finally:
            self._ended_at = time.monotonic()
            try:
                await source.aclose()
            finally:
                await self._close_journal()
        if self._progress is not None:
            self._progress(self.progress(finished=True))

    async def _results(self, source: _Source[T]) -> AsyncGenerator[ItemResult[T, R], None]:
        assert self._finished is not None
        exhausted = False
        while True:
            while not exhausted and len(self._slots) < self.concurrency:
                item = await source.next()
                if item is _END:
                    exhausted = True
                    break
                result = await self._admit(item)
                if result is not None:
                    self._record(result)
                    yield result
            if not self._slots:
                return
            task = await self._finished.get()
            result = self._collect(task)
            self._record(result)
            yield result

    async def _admit(self, item: T) -> ItemResult[T, R] | None:
        """Start ``item``, or return its result at once when it must not be performed."""
        key = _key_text(self._key(item))
        backend = self._backend
        if backend is None:
            assert self._seen is not None
            if not self._seen.add(key):
                return ItemResult(key, item, Status.DUPLICATE, attempted=False)
            self._spawn(key, item)
            return None
        origin = None if self._origin is None else _key_text(self._origin(item))
        claim, entry = await backend.claim(key, origin=origin, retry_failed=self.retry_failed)
        if (
            claim is Claim.UNKNOWN_BEFORE
            and entry is not None
            and self._retries_unknown(entry)
            and await backend.reclaim(key)
        ):
            claim = Claim.RETRY
        if claim is Claim.PERFORM or claim is Claim.RETRY:
            self._spawn(key, item)
            return None
        if claim is Claim.ELSEWHERE:
            return _elsewhere(key, item)
        status = {
            Claim.SKIP: Status.SKIPPED,
            Claim.FAILED_BEFORE: Status.FAILED,
            Claim.UNKNOWN_BEFORE: Status.UNKNOWN,
            Claim.DUPLICATE: Status.DUPLICATE,
        }[claim]
        return _from_journal(key, item, status, entry)

    def _retries_unknown(self, entry: JournalEntry) -> bool:
        choice = self.retry_unknown
        return choice(entry) if callable(choice) else bool(choice)

    def _spawn(self, key: str, item: T) -> None:
        assert self._finished is not None
        slot = _Slot(key, item)
        task = asyncio.get_running_loop().create_task(self._perform(slot))
        self._slots[task] = slot
        task.add_done_callback(self._finished.put_nowait)

    async def _perform(self, slot: _Slot) -> ItemResult[T, R]:
        """One item, in its own task: wait for the rate limit, journal, call, journal."""
        backend = self._backend
        try:
            if self.limiter is not None:
                await self.limiter.acquire()
        except BaseException:
            if backend is not None:
                await backend.release(slot.key)
            raise
        if backend is not None and not await backend.start(slot.key):
            # Its reservation lapsed and another worker took the item: not ours to do.
            return _elsewhere(slot.key, slot.item)
        slot.started = True
        try:
            value = await self._op(slot.item)
        except OutcomeUnknownError as exc:
            result: ItemResult[T, R] = _failure(slot, Status.UNKNOWN, exc)
        except Exception as exc:  # a failed item, whatever the cause, must not stop the run
            result = _failure(slot, Status.FAILED, exc)
        except BaseException:
            # Cancelled (the run is stopping) or interrupted mid-call: it may have happened.
            if backend is not None:
                await backend.finish(
                    slot.key,
                    EntryStatus.UNKNOWN,
                    error_type="Cancelled",
                    message="the run was stopped while this item was in flight",
                )
            raise
        else:
            result = ItemResult(slot.key, slot.item, Status.SUCCEEDED, value=value)
        if backend is not None:
            if result.status is Status.SUCCEEDED:
                try:
                    kept = None if self._record_value is None else self._record_value(value)
                except Exception:
                    await backend.finish(slot.key, EntryStatus.SUCCEEDED)  # it did take effect
                    raise
                await backend.finish(slot.key, EntryStatus.SUCCEEDED, value=kept)
            else:
                await backend.finish(
                    slot.key,
                    EntryStatus(result.status.value),
                    error=result.error,
                )
        return result

    def _collect(self, task: asyncio.Task[ItemResult[T, R]]) -> ItemResult[T, R]:
        """The result of a finished task; re-raises what must stop the run."""
        slot = self._slots.pop(task)
        if task.cancelled():
            # Nobody but the op itself cancelled it: the cancellation is not ours to eat.
            if slot.started:
                self._counts.add(_cancelled(slot))
            raise asyncio.CancelledError(f"the operation for item {slot.key!r} was cancelled")
        error = task.exception()
        if error is not None:
            raise error
        return task.result()

    def _record(self, result: ItemResult[T, R]) -> None:
        self._counts.add(result)
        if self._progress is None:
            return
        now = time.monotonic()
        if now - self._last_progress >= self._progress_interval:
            self._last_progress = now
            self._progress(self.progress())

    async def _stop(self) -> None:
        """Let in-flight items finish within the grace period, then cancel the rest."""
        tasks = set(self._slots)
        for task, slot in self._slots.items():
            if not slot.started:
                task.cancel()  # not begun, or waiting for the rate limit: nothing was sent
        interrupted_again = False
        if tasks:
            try:
                await asyncio.wait(tasks, timeout=self.grace)
            except asyncio.CancelledError:
                interrupted_again = True  # a second Ctrl-C: skip the rest of the grace
        for task in tasks:
            task.cancel()
        while pending := {task for task in tasks if not task.done()}:
            try:
                await asyncio.wait(pending)
            except asyncio.CancelledError:
                interrupted_again = True
                for task in pending:
                    task.cancel()
        for task in tasks:
            slot = self._slots.pop(task)
            if task.cancelled():
                if slot.started:
                    self._counts.add(_cancelled(slot))
            elif task.exception() is None:
                self._counts.add(task.result())
        if interrupted_again:
            raise asyncio.CancelledError

    # ------------------------------------------------------------------ journal

    async def _open_journal(self) -> None:
        given = self._journal_arg
        if given is None:
            self._seen = SeenKeys()
            return
        journal: Journal | JournalBackend
        opened = not isinstance(given, Journal | JournalBackend)
        journal = given if isinstance(given, Journal | JournalBackend) else Journal(given)
        self.journal = journal
        self._backend = as_backend(journal)
        try:
            await self._backend.begin_run()
        except BaseException:
            if opened:
                assert isinstance(journal, Journal)
                journal.close()
            raise

    async def _close_journal(self) -> None:
        if self._seen is not None:
            self._seen.close()
        journal, backend = self.journal, self._backend
        if backend is None or (isinstance(journal, Journal) and journal.closed):
            return
        try:
            await backend.end_run(attrs.asdict(self.summary))
        finally:
            if isinstance(journal, Journal):
                if isinstance(self._journal_arg, Journal):
                    journal.flush()
                else:
                    journal.close()


class _Source(Generic[T]):
    """The input, sync or async, read one item at a time."""

    def __init__(self, items: Iterable[T] | AsyncIterable[T]) -> None:
        self._async: AsyncIterator[T] | None = None
        self._sync: Iterator[T] | None = None
        if isinstance(items, AsyncIterable):
            self._async = aiter(items)
        else:
            self._sync = iter(items)

    async def next(self) -> T:
        """The next item, or ``_END``."""
        if self._sync is not None:
            return next(self._sync, _END)
        assert self._async is not None
        try:
            return await anext(self._async)
        except StopAsyncIteration:
            return _END  # type: ignore[no-any-return]

    async def aclose(self) -> None:
        """Close an async generator input that was not read to its end."""
        close = getattr(self._async, "aclose", None)
        if close is not None:
            await close()


def _key_text(key: str | int) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)
    raise ValidationError(
        f"key= must return a str or an int, got {type(key).__name__}", field="key"
    )


def _failure(slot: _Slot, status: Status, error: Exception) -> ItemResult[Any, Any]:
    context = error.context if isinstance(error, OutcomeUnknownError) else {}
    return ItemResult(
        slot.key,
        slot.item,
        status,
        error=error,
        error_type=type(error).__name__,
        error_message=str(error),
        context=context,
    )


def _elsewhere(key: str, item: T) -> ItemResult[T, Any]:
    return ItemResult(
        key,
        item,
        Status.ELSEWHERE,
        error_message="another worker of the job is performing it",
        attempted=False,
    )


def _cancelled(slot: _Slot) -> ItemResult[Any, Any]:
    return ItemResult(
        slot.key,
        slot.item,
        Status.UNKNOWN,
        error_type="Cancelled",
        error_message="the run was stopped while this item was in flight",
    )


def _from_journal(
    key: str, item: T, status: Status, entry: JournalEntry | None
) -> ItemResult[T, Any]:
    if entry is None or status in (Status.SKIPPED, Status.DUPLICATE):
        return ItemResult(key, item, status, attempted=False)
    return ItemResult(
        key,
        item,
        status,
        error_type=entry.error_type,
        error_message=entry.error_message,
        context=entry.context,
        attempted=False,
    )
