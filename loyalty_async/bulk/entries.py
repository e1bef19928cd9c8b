"""What a journal records of each item, whichever backend keeps it (SQLite or Redis).

The states of a key, the entry read back, the runner's claim on an item, what is kept of
a failure, the journal's errors, and how values and keys are written.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs
import orjson

from loyalty_async.errors import LoyaltyError

#: An error message longer than this is cut (a bug's message can be long).
_MESSAGE_LIMIT = 1000


class JournalError(LoyaltyError):
    """The journal cannot be used: locked by another run, not a journal, or no such key."""


class JournalCorruptError(JournalError):
    """The journal file is damaged (a bad page, cut short): it cannot tell what is done.

    Its message says what to do: restore the file from a backup, or rescue what SQLite
    can still read into a new file. A new, empty journal would perform every item again.
    """


class EntryStatus(str, enum.Enum):
    """The state of a key in the journal."""

    #: Claimed by the running job, not attempted yet (removed on the next open if it dies).
    PENDING = "pending"
    #: The operation was called and has not answered yet (unknown if the run dies).
    STARTED = "started"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class JournalEntry:
    """What the journal knows about one key.

    ``value`` is what ``record_value`` kept of the operation's result (JSON) or, for an
    item that has not succeeded, the last :meth:`Journal.checkpoint` its operation
    recorded; ``context`` what an :class:`~loyalty_async.errors.OutcomeUnknownError`
    said to look for when reconciling, ``operation`` and ``resend_safe`` likewise.
    """

    key: str
    status: EntryStatus
    attempts: int = 0
    value: Any = None
    error_type: str | None = None
    error_message: str | None = None
    operation: str | None = None
    resend_safe: bool | None = None
    context: Mapping[str, Any] = attrs.field(factory=dict)
    updated_at: str | None = None


class Claim(enum.Enum):
    """What the runner should do with an item, given the journal (runner-internal)."""

    PERFORM = "perform"
    RETRY = "retry"
    SKIP = "skip"
    FAILED_BEFORE = "failed_before"
    UNKNOWN_BEFORE = "unknown_before"
    DUPLICATE = "duplicate"
    #: Another worker of the job holds it (a shared journal only).
    ELSEWHERE = "elsewhere"


def _dumps(value: Any) -> str | None:
    if value is None:
        return None
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def _loads(text: str | bytes | None) -> Any:
    return None if text is None else orjson.loads(text)


def _text(value: bytes | str) -> str:
    """A Redis answer as text (clients made with or without ``decode_responses``)."""
    return value.decode() if isinstance(value, bytes) else value


@attrs.frozen
class Failure:
    """What a journal keeps of an item's failure, the same in every backend."""

    error_type: str | None = None
    message: str | None = None
    operation: str | None = None
    resend_safe: bool | None = None
    context: dict[str, Any] | None = None

    @classmethod
    def of(
        cls, error: BaseException | None, error_type: str | None, message: str | None
    ) -> Failure:
        """What to keep of ``error``, unless its type or message are given.

        The operation, resend-safety and context are read from the error; a message past
        the limit is cut.
        """
        operation = resend_safe = context = None
        if error is not None:
            error_type = error_type or type(error).__name__
            message = message or str(error)
            operation = getattr(error, "operation", None)
            resend_safe = getattr(error, "resend_safe", None)
            context = getattr(error, "context", None)
        if message is not None and len(message) > _MESSAGE_LIMIT:
            message = message[: _MESSAGE_LIMIT - 1] + "…"
        return cls(
            error_type,
            message,
            operation if isinstance(operation, str) else None,
            None if resend_safe is None else bool(resend_safe),
            dict(context) if isinstance(context, Mapping) and context else None,
        )


def _key_text(key: str | int) -> str:
    if isinstance(key, bool) or not isinstance(key, str | int):
        raise JournalError(f"a key must be a str or an int, got {type(key).__name__}")
    return key if isinstance(key, str) else str(key)
