"""Batch jobs: one async operation over many items, bounded, rate-limited and resumable.

:class:`BulkRunner` runs ``op(item)`` over an iterable or async iterable with bounded
concurrency and an optional shared :class:`RateLimiter`, yields an :class:`ItemResult`
per item as it finishes, reports :class:`Progress`, and records every item in a
:class:`Journal` so that a run started again skips what is done and never performs an
item twice. See ``docs/bulk.md``.
"""

from loyalty_async.bulk.journal import (
    EntryStatus,
    Journal,
    JournalCorruptError,
    JournalEntry,
    JournalError,
)
from loyalty_async.bulk.ratelimit import RateLimiter
from loyalty_async.bulk.results import ItemResult, Progress, Status, Summary
from loyalty_async.bulk.runner import BulkRunner, default_key

__all__ = [
    "BulkRunner",
    "EntryStatus",
    "ItemResult",
    "Journal",
    "JournalCorruptError",
    "JournalEntry",
    "JournalError",
    "Progress",
    "RateLimiter",
    "Status",
    "Summary",
    "default_key",
]
