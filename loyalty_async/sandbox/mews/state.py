"""What the Mews stand-in remembers: loyalty programs, memberships and tiers, in memory.

Records are never removed: ``delete`` marks them ``Deleted`` (the ``ActivityStates``
filter still finds them). Each record keeps its chain, when it was created and last
updated (for the ``CreatedUtc``/``UpdatedUtc`` filters), and a sequence number that
orders it among the others: newest first is highest sequence first.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from loyalty_async.mews.enums import ActivityState


@attrs.define
class Record:
    """One program, membership or tier, with the fields Mews answers under their wire names."""

    id: str
    chain_id: str
    seq: int
    created_utc: dt.datetime
    updated_utc: dt.datetime
    fields: dict[str, Any]
    active: bool = True

    @property
    def activity_state(self) -> ActivityState:
        """``Active`` or ``Deleted``."""
        return ActivityState.ACTIVE if self.active else ActivityState.DELETED


class Kind:
    """All records of one kind (programs, memberships or tiers), newest last."""

    def __init__(self, name: str, *, chain_in_answer: bool = True) -> None:
        self.name = name
        self.chain_in_answer = chain_in_answer
        self.records: dict[str, Record] = {}

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records.values())

    def __len__(self) -> int:
        return len(self.records)

    def get(self, record_id: str, chains: Iterable[str]) -> Record | None:
        """The record ``record_id`` if it lives in one of ``chains``."""
        record = self.records.get(record_id)
        return record if record is not None and record.chain_id in set(chains) else None

    def answer(self, record: Record) -> dict[str, Any]:
        """The record as Mews answers it."""
        head: dict[str, Any] = {"Id": record.id}
        if self.chain_in_answer:
            head["ChainId"] = record.chain_id
        return {**head, **record.fields}


class MewsState:
    """The stand-in's data: three kinds of records and the clock that stamps them."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.programs = Kind("LoyaltyPrograms")
        self.memberships = Kind("LoyaltyMemberships")
        self.tiers = Kind("LoyaltyTiers", chain_in_answer=False)
        self._seq = 0

    def now(self) -> dt.datetime:
        """The current instant in UTC, by the stand-in's clock."""
        return dt.datetime.fromtimestamp(self.clock(), tz=dt.UTC)

    def insert(self, kind: Kind, chain_id: str, fields: dict[str, Any]) -> Record:
        """Store a new record in ``chain_id`` and return it."""
        self._seq += 1
        now = self.now()
        record = Record(str(uuid.uuid4()), chain_id, self._seq, now, now, fields)
        kind.records[record.id] = record
        return record

    def change(self, record: Record, fields: dict[str, Any]) -> None:
        """Apply changed fields to ``record`` and stamp it updated."""
        record.fields.update(fields)
        record.updated_utc = self.now()

    def delete(self, record: Record) -> None:
        """Mark ``record`` deleted."""
        record.active = False
        record.updated_utc = self.now()

    def active_memberships_of(self, program: Record) -> list[Record]:
        """The memberships of ``program`` that are not deleted."""
        return [
            m
            for m in self.memberships
            if m.active and m.fields.get("LoyaltyProgramId") == program.id
        ]
