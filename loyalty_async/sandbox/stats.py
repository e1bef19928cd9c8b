"""What the sandbox saw and did, readable from Python while it runs."""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs


@attrs.define
class SandboxStats:
    """Counters of one sandbox run.

    ``requests`` counts every HTTP request that reached a route (faulted ones included);
    ``operations`` counts them by operation name and ``statuses`` by the status that was
    answered (a dropped connection answers none). ``faults`` counts injected faults by
    kind (``5xx``, ``429``, ``latency``, ``drop_before``, ``drop_after``);
    ``auth_failures`` counts refused tokens and logins by reason. ``writes`` counts rows
    committed by kind (``accounts``, ``bookings``, ...): a write rolled back does not count.
    The export counters show that exports stream in bounded chunks.
    """

    requests: int = 0
    logins: int = 0
    operations: Counter[str] = attrs.Factory(Counter)
    statuses: Counter[int] = attrs.Factory(Counter)
    faults: Counter[str] = attrs.Factory(Counter)
    auth_failures: Counter[str] = attrs.Factory(Counter)
    writes: Counter[str] = attrs.Factory(Counter)
    exports: int = 0
    export_rows: int = 0
    export_chunks: int = 0
    largest_export_chunk: int = 0

    @property
    def records_written(self) -> int:
        """All rows committed so far."""
        return sum(self.writes.values())

    @property
    def faults_injected(self) -> int:
        """All faults injected so far."""
        return sum(self.faults.values())

    def snapshot(self) -> dict[str, Any]:
        """A plain, JSON-friendly copy of the counters."""
        data = attrs.asdict(self)
        data["statuses"] = {str(status): n for status, n in self.statuses.items()}
        data["records_written"] = self.records_written
        data["faults_injected"] = self.faults_injected
        return data

    def reset(self) -> None:
        """Start counting from zero."""
        for field in attrs.fields(SandboxStats):
            value = getattr(self, field.name)
            if isinstance(value, Counter):
                value.clear()
            else:
                setattr(self, field.name, 0)
