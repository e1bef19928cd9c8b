"""What a bulk run reports: one result per item, progress while it runs, a summary at the end."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import attrs

T = TypeVar("T")
R = TypeVar("R")


class Status(str, enum.Enum):
    """Where an item stands at the end of this run."""

    #: The operation ran in this run and returned.
    SUCCEEDED = "succeeded"
    #: The operation raised an error (in this run, or in an earlier one and was not retried).
    FAILED = "failed"
    #: It may or may not have taken effect: reconcile it before doing it again.
    UNKNOWN = "unknown"
    #: An earlier run with the same journal already did it.
    SKIPPED = "skipped"
    #: Its key appeared earlier in this run's input; it was not performed again.
    DUPLICATE = "duplicate"
    #: Another worker of the job holds it (a shared journal only): left to that worker,
    #: and not counted in this run's summary.
    ELSEWHERE = "elsewhere"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class ItemResult(Generic[T, R]):
    """The outcome of one item.

    ``attempted`` is true when this run called the operation for the item. When it is
    false, ``status`` comes from the journal (skipped, still failed, still unknown) or from
    the input itself (duplicate), and ``error_type``/``error_message``/``context`` repeat
    what the journal recorded. ``error`` is the exception itself, for items attempted in
    this run.
    """

    key: str
    item: T
    status: Status
    value: R | None = None
    error: Exception | None = None
    error_type: str | None = None
    error_message: str | None = None
    context: Mapping[str, Any] = attrs.field(factory=dict)
    attempted: bool = True

    @property
    def ok(self) -> bool:
        """Whether the item is done: it succeeded now or in an earlier run."""
        return self.status in (Status.SUCCEEDED, Status.SKIPPED)


@attrs.frozen
class Progress:
    """Counters of a running job, handed to the ``progress`` callback.

    ``done`` counts every item settled so far, whatever its status (compare it with
    ``total`` for a progress bar); ``succeeded`` counts those performed successfully in
    this run. ``rate`` is items performed per second (skipped and duplicate items cost
    no call, so they are left out of it). ``finished`` is true on the last call.
    """

    succeeded: int
    failed: int
    unknown: int
    skipped: int
    duplicates: int
    in_flight: int
    total: int | None
    elapsed: float
    rate: float
    finished: bool = False

    @property
    def done(self) -> int:
        """Items settled so far, whatever their status."""
        return self.succeeded + self.failed + self.unknown + self.skipped + self.duplicates


@attrs.frozen
class Summary:
    """The counts of a run, for the end of a job (or its interruption).

    ``attempted`` counts the items this run called the operation for; ``interrupted`` is
    true when the run was cancelled or stopped by an error before its input ran out.
    """

    succeeded: int
    skipped: int
    failed: int
    unknown: int
    duplicates: int
    attempted: int
    elapsed: float
    interrupted: bool = False

    @property
    def total(self) -> int:
        """Items settled in this run, whatever their status."""
        return self.succeeded + self.skipped + self.failed + self.unknown + self.duplicates

    @property
    def items_per_second(self) -> float:
        """Items performed per second of the run."""
        return self.attempted / self.elapsed if self.elapsed > 0 else 0.0

    def __str__(self) -> str:
        text = (
            f"{self.succeeded} succeeded, {self.skipped} skipped, {self.failed} failed, "
            f"{self.unknown} unknown, {self.duplicates} duplicates in {self.elapsed:.1f} s "
            f"({self.items_per_second:.1f} items/s)"
        )
        return f"{text} [interrupted]" if self.interrupted else text
