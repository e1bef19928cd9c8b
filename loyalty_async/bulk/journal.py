"""The resumable journal of a bulk run: one SQLite file, one row per item key.

Why SQLite and not a JSON-lines log: a restart must look up, item by item, whether a key
was already done, and a run must notice keys repeated in its input. With a log, both need
every key in memory (about 100 bytes each: 100 MB for a million members); SQLite answers
them from an index on disk, so memory stays flat at any size. SQLite also makes each
record atomic (a crash never leaves half a record behind, so there is no torn last line
to skip), ships with Python, and the file can be read with any SQLite tool.

Durability: the file is in WAL mode. Each "started" and each outcome is committed before
the runner goes on, so it survives the process being killed at any point (the commit is
in the operating system's hands). ``durable=True`` also forces it to disk on every
commit (``synchronous=FULL``), which survives a power cut too but costs a disk flush per
record. While a journal is open it is locked: a second run on the same file is refused
instead of doubling the work.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Concatenate, ParamSpec, TypeVar

from loyalty_async.bulk.entries import (
    Claim,
    EntryStatus,
    Failure,
    JournalCorruptError,
    JournalEntry,
    JournalError,
    _dumps,
    _key_text,
    _loads,
)

__all__ = [
    "Claim",
    "EntryStatus",
    "Failure",
    "Journal",
    "JournalCorruptError",
    "JournalEntry",
    "JournalError",
    "SeenKeys",
]

P = ParamSpec("P")
R = TypeVar("R")

#: The layout version this module writes (``PRAGMA user_version``).
FORMAT_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    key TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    run INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    value TEXT,
    error_type TEXT,
    error_message TEXT,
    operation TEXT,
    resend_safe INTEGER,
    context TEXT,
    updated_at TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    summary TEXT
);
"""

_COLUMNS = (
    "key, status, attempts, value, error_type, error_message, operation, resend_safe, "
    "context, updated_at"
)

#: Uncommitted bookkeeping writes (claims, skips) allowed before a commit is forced.
_LAZY_WRITES = 1000


def _damaged(path: str, why: str) -> JournalCorruptError:
    return JournalCorruptError(
        f"the journal {path!r} is damaged ({why}), so it can no longer tell which items are "
        f"done. Restore it from a backup, or rescue what it still holds with "
        f"`sqlite3 {path} .recover | sqlite3 NEW.journal` and use NEW.journal; a new, empty "
        "journal would perform every item again"
    )


def _journal_error(path: str, exc: sqlite3.Error) -> JournalError:
    """The :class:`JournalError` for an error SQLite raised on the journal ``path``."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return JournalError(
            f"the journal {path!r} is in use by another run (or another open Journal)"
        )
    if name.startswith("SQLITE_FULL"):
        return JournalError(
            f"the journal {path!r} cannot grow: the disk is full. Free some space and run "
            "again; what was recorded so far is kept"
        )
    if name.startswith("SQLITE_NOTADB"):
        return JournalCorruptError(
            f"{path!r} is not a journal (not an SQLite file, or one whose first page is "
            "damaged): give another path, or restore the journal from a backup"
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_IOERR")):
        return _damaged(path, str(exc))
    return JournalError(f"cannot use the journal {path!r}: {exc}")


def _guarded(method: Callable[Concatenate[Journal, P], R]) -> Callable[Concatenate[Journal, P], R]:
    """Turn an SQLite error raised by a method of :class:`Journal` into a :class:`JournalError`."""

    def guarded(self: Journal, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise _journal_error(self.path, exc) from exc

    functools.update_wrapper(guarded, method)
    return guarded


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _entry(row: tuple[Any, ...]) -> JournalEntry:
    key, status, attempts, value, error_type, message, operation, resend_safe, context, at = row
    return JournalEntry(
        key=key,
        status=EntryStatus(status),
        attempts=attempts,
        value=_loads(value),
        error_type=error_type,
        error_message=message,
        operation=operation,
        resend_safe=None if resend_safe is None else bool(resend_safe),
        context=_loads(context) or {},
        updated_at=at,
    )


def _connect(path: str, synchronous: str, journal_mode: str) -> sqlite3.Connection:
    """Open ``path`` locked for this connection alone, or raise :class:`JournalError`."""
    try:
        connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    except sqlite3.Error as exc:
        raise JournalError(f"cannot open the journal {path!r}: {exc}") from exc
    try:
        # Exclusive locking: the first write takes the file for as long as it is open,
        # so two runs can never share one journal (the operating system frees the lock
        # when a process dies).
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        connection.execute(f"PRAGMA journal_mode={journal_mode}")
        connection.execute(f"PRAGMA synchronous={synchronous}")
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        connection.close()
        raise _journal_error(path, exc) from exc
    return connection


class Journal:
    """A journal file: what each item of a job (by key) came to, across runs.

    Open one by path (the file is created if missing) to hand to
    :class:`~loyalty_async.bulk.BulkRunner`, or to look at and reconcile what a run left::

        with Journal("campaign-42.journal") as journal:
            for entry in journal.unknown():
                ...  # check on the server, then:
                journal.resolve(entry.key, succeeded=True)

    Keys are text; an integer key is stored as its decimal text. The journal is locked
    while it is open (a second :class:`Journal` on the same file raises
    :class:`JournalError`); close it with :meth:`close` or ``with``.
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = False) -> None:
        self.path = os.fspath(path)
        if _is_empty_file(self.path):
            # SQLite would take an empty file for a new database: a journal cut short (a
            # full disk, a failed copy) would silently forget every item it recorded.
            raise JournalCorruptError(
                f"the journal {self.path!r} is empty (0 bytes), which no journal is: it was "
                "probably cut short (a full disk, a failed copy). Restore it from a backup; "
                "if no run has ever used it, delete it and run again to start a new one"
            )
        self._connection = _connect(self.path, "FULL" if durable else "NORMAL", "WAL")
        self._lazy = 0
        self._run: int | None = None
        self._closed = False
        try:
            self._prepare()
        except BaseException:
            self._connection.close()
            raise

    @_guarded
    def _prepare(self) -> None:
        """Check the file, create the tables, and settle what a run that died left in flight."""
        db = self._connection
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > FORMAT_VERSION:
            raise JournalError(
                f"the journal {self.path!r} has format {version}; this version of "
                f"loyalty-async reads format {FORMAT_VERSION} and older"
            )
        if version == 0:
            tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            if tables and {name for (name,) in tables} != {"items", "runs"}:
                raise JournalError(f"{self.path!r} is an SQLite file but not a journal")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
        else:
            # Every page is read once, so a damaged one is found now rather than by the
            # item that happens to live on it, halfway through a run.
            problems = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise _damaged(self.path, "; ".join(problems))
        self._settle_orphans()
        db.execute("COMMIT")

    def _settle_orphans(self) -> None:
        """Settle what a run that is no longer running left in flight."""
        # Only one run can hold the file, and none is running now: a "started" item
        # belongs to a run that died mid-call, so it may have taken effect. A "pending"
        # one was never attempted.
        self._connection.execute(
            "UPDATE items SET status = 'unknown', error_type = 'Interrupted', "
            "error_message = 'the run stopped while this item was in flight', "
            "updated_at = ? WHERE status = 'started'",
            (_now(),),
        )
        self._connection.execute("DELETE FROM items WHERE status = 'pending'")

    # ------------------------------------------------------------------ reading

    @_guarded
    def get(self, key: str | int) -> JournalEntry | None:
        """The entry of ``key``, or ``None`` if the journal has never seen it."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM items WHERE key = ?", (_key_text(key),)
        ).fetchone()
        return None if row is None else _entry(row)

    def entries(self, status: EntryStatus | str | None = None) -> Iterator[JournalEntry]:
        """Every entry (or those with ``status``), in key order, read lazily."""
        rows = iter(self._select(None if status is None else EntryStatus(status)))
        while True:
            try:
                row = next(rows, None)
            except sqlite3.Error as exc:
                raise _journal_error(self.path, exc) from exc
            if row is None:
                return
            yield _entry(row)

    @_guarded
    def _select(self, status: EntryStatus | None) -> sqlite3.Cursor:
        if status is None:
            return self._db.execute(f"SELECT {_COLUMNS} FROM items ORDER BY key")
        return self._db.execute(
            f"SELECT {_COLUMNS} FROM items WHERE status = ? ORDER BY key", (status.value,)
        )

    def unknown(self) -> Iterator[JournalEntry]:
        """The items whose outcome is unknown: reconcile each, then :meth:`resolve` it."""
        return self.entries(EntryStatus.UNKNOWN)

    def failed(self) -> Iterator[JournalEntry]:
        """The items that failed (run again with ``retry_failed=True`` to retry them)."""
        return self.entries(EntryStatus.FAILED)

    @_guarded
    def counts(self) -> dict[str, int]:
        """How many keys are in each status."""
        rows = self._db.execute("SELECT status, COUNT(*) FROM items GROUP BY status")
        return {status: count for status, count in rows}

    # ------------------------------------------------------------------ reconciling

    @_guarded
    def resolve(self, key: str | int, *, succeeded: bool, note: str | None = None) -> JournalEntry:
        """Record what reconciling an item found out.

        ``succeeded=True``: it took effect; later runs skip it. ``succeeded=False``: it did
        not; it becomes a failure (error type ``NotPerformed``) that a run with
        ``retry_failed=True`` performs again. ``note`` replaces the recorded message.
        """
        text = _key_text(key)
        entry = self.get(text)
        if entry is None:
            raise JournalError(f"the journal has no item with key {text!r}")
        if entry.status in (EntryStatus.PENDING, EntryStatus.STARTED):
            raise JournalError(f"item {text!r} is in flight in the running job; resolve it later")
        fields: tuple[str, str | None, str]
        if succeeded:
            fields = ("succeeded", None, note or "resolved: it took effect")
        else:
            fields = ("failed", "NotPerformed", note or "resolved: it did not take effect")
        self._db.execute(
            "UPDATE items SET status = ?, error_type = ?, error_message = ?, updated_at = ? "
            "WHERE key = ?",
            (*fields, _now(), text),
        )
        self._commit()
        resolved = self.get(text)
        assert resolved is not None
        return resolved

    # ------------------------------------------------------------------ progress of one item

    @_guarded
    def checkpoint(self, key: str | int, value: Any) -> None:
        """Record how far the item ``key``, in flight now, has got; committed at once.

        For an operation of several steps, each of which it can look up before doing it
        again: after a step, record what it made (``{"account_id": ...}``, JSON-able).
        If the run dies, a later run that performs the item again (``retry_unknown``,
        ``retry_failed``) reads it back with ``journal.get(key).value`` and carries on
        from there. The checkpoint stays when the item fails or ends unknown; a success
        replaces it with what ``record_value`` keeps.
        """
        text = _key_text(key)
        cursor = self._db.execute(
            "UPDATE items SET value = ?, updated_at = ? WHERE key = ? AND status = 'started'",
            (_dumps(value), _now(), text),
        )
        self._commit()
        if cursor.rowcount != 1:
            raise JournalError(f"item {text!r} is not in flight: only a running item has progress")

    # ------------------------------------------------------------------ lifecycle

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._closed

    @_guarded
    def flush(self) -> None:
        """Commit any bookkeeping not yet committed (outcomes are committed as they come)."""
        if not self._closed:
            self._commit()

    @_guarded
    def close(self) -> None:
        """Commit and close the file, releasing its lock. Safe to call twice."""
        if self._closed:
            return
        try:
            self._commit()
        finally:
            self._closed = True
            self._connection.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Journal {self.path!r}{' closed' if self._closed else ''}>"

    @property
    def _db(self) -> sqlite3.Connection:
        if self._closed:
            raise JournalError(f"the journal {self.path!r} is closed")
        return self._connection

    def _commit(self) -> None:
        if self._connection.in_transaction:
            self._connection.execute("COMMIT")
        self._lazy = 0

    def _write_lazily(self, sql: str, parameters: tuple[Any, ...]) -> None:
        """A write that may be lost in a crash without harm: committed with the next one."""
        db = self._db
        if not db.in_transaction:
            db.execute("BEGIN")
        db.execute(sql, parameters)
        self._lazy += 1
        if self._lazy >= _LAZY_WRITES:
            self._commit()

    def _write(self, sql: str, parameters: tuple[Any, ...]) -> None:
        """A write that must survive a crash: committed before returning."""
        self._db.execute(sql, parameters)
        self._commit()

    # ------------------------------------------------------------------ the runner's side

    @_guarded
    def _begin_run(self) -> int:
        if self._run is not None:
            raise JournalError(f"the journal {self.path!r} is already used by a running job")
        self._settle_orphans()  # an earlier run on this same open journal may have stopped
        cursor = self._db.execute("INSERT INTO runs (started_at) VALUES (?)", (_now(),))
        self._commit()
        assert cursor.lastrowid is not None
        self._run = cursor.lastrowid
        return self._run

    @_guarded
    def _end_run(self, summary: Mapping[str, Any]) -> None:
        if self._run is None or self._closed:
            return
        self._write(
            "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
            (_now(), _dumps(dict(summary)), self._run),
        )
        self._run = None

    @_guarded
    def _claim(self, key: str, retry_failed: bool) -> tuple[Claim, JournalEntry | None]:
        """Decide what to do with ``key``, and mark it as seen by this run."""
        db = self._db
        row = db.execute(f"SELECT {_COLUMNS}, run FROM items WHERE key = ?", (key,)).fetchone()
        if row is None:
            self._write_lazily(
                "INSERT INTO items (key, status, run) VALUES (?, 'pending', ?)", (key, self._run)
            )
            return Claim.PERFORM, None
        entry = _entry(row[:-1])
        if row[-1] == self._run:
            return Claim.DUPLICATE, entry
        self._write_lazily("UPDATE items SET run = ? WHERE key = ?", (self._run, key))
        if entry.status is EntryStatus.SUCCEEDED:
            return Claim.SKIP, entry
        if entry.status is EntryStatus.FAILED:
            return (Claim.RETRY if retry_failed else Claim.FAILED_BEFORE), entry
        return Claim.UNKNOWN_BEFORE, entry

    @_guarded
    def _start(self, key: str) -> None:
        self._write(
            "UPDATE items SET status = 'started', attempts = attempts + 1, updated_at = ? "
            "WHERE key = ?",
            (_now(), key),
        )

    @_guarded
    def _release(self, key: str) -> None:
        """Forget a claim that was never attempted (the run stopped before it)."""
        self._write_lazily("DELETE FROM items WHERE key = ? AND status = 'pending'", (key,))

    @_guarded
    def _finish(
        self,
        key: str,
        status: EntryStatus,
        *,
        value: Any = None,
        error: BaseException | None = None,
        error_type: str | None = None,
        message: str | None = None,
    ) -> None:
        failure = Failure.of(error, error_type, message)
        # A success keeps what record_value made of it; any other outcome keeps the last
        # checkpoint, which a later attempt resumes from.
        kept = "?" if status is EntryStatus.SUCCEEDED else "COALESCE(?, value)"
        self._write(
            f"UPDATE items SET status = ?, value = {kept}, error_type = ?, error_message = ?, "
            "operation = ?, resend_safe = ?, context = ?, updated_at = ? WHERE key = ?",
            (
                status.value,
                _dumps(value),
                failure.error_type,
                failure.message,
                failure.operation,
                None if failure.resend_safe is None else int(failure.resend_safe),
                _dumps(failure.context),
                _now(),
                key,
            ),
        )


def _is_empty_file(path: str) -> bool:
    try:
        return os.stat(path).st_size == 0
    except OSError:
        return False  # not there yet (it will be created), or unreadable (SQLite says why)


class SeenKeys:
    """The keys a run without a journal has met, kept on disk so memory stays flat.

    A temporary SQLite file (deleted on :meth:`close`) answers "was this key in the
    input already?" for duplicate detection; it needs no durability, so it never syncs.
    """

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="loyalty-async-keys-", suffix=".sqlite")
        os.close(handle)
        try:
            self._connection = _connect(self.path, "OFF", "OFF")
            self._connection.execute("CREATE TABLE seen (key TEXT PRIMARY KEY) WITHOUT ROWID")
        except BaseException:
            os.unlink(self.path)
            raise

    def add(self, key: str) -> bool:
        """Record ``key``; return whether it is new."""
        cursor = self._connection.execute("INSERT OR IGNORE INTO seen VALUES (?)", (key,))
        return cursor.rowcount == 1

    def close(self) -> None:
        """Drop the file."""
        self._connection.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
