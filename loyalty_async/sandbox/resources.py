"""Records of the resources the sandbox keeps generically (partners, stores, posts, …).

A record is a JSON document of one *kind* (``core:partners``), with an id and a *scope*:
the path parameters it was created under (``{"programId": "P1", "partnerId": "…"}``). A
read names a scope too and finds only records whose scope includes it, so what one
program holds is invisible from another, and a program's list of stores includes the
stores of each of its partners.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from loyalty_async.codec import dumps
from loyalty_async.sandbox.db import Database, new_id
from loyalty_async.sandbox.problems import Problem, SandboxCode, conflict, not_found

Scope = Mapping[str, str]

#: The id of the one record of a singleton (``…/ratingconfig``).
SINGLETON_ID = ""


@attrs.frozen
class Record:
    """One stored resource."""

    kind: str
    id: str
    scope: dict[str, str]
    body: dict[str, Any]

    def within(self, scope: Scope) -> bool:
        """Whether this record lies in ``scope`` (its scope holds every value given)."""
        return all(self.scope.get(key) == value for key, value in scope.items())


def _load(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def _text(value: Any) -> str:
    return dumps(value).decode()


def _record(row: sqlite3.Row) -> Record:
    return Record(row["kind"], row["id"], _load(row["scope"]), _load(row["body"]))


def describe(kind: str) -> str:
    """A kind as people say it: ``core:partners`` → ``partners``."""
    return kind.partition(":")[2]


class Resources:
    """The ``resources`` table: create, read, replace, merge and remove records."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, kind: str, record_id: str) -> Iterator[Record]:
        rows = self.db.conn.execute(
            "SELECT * FROM resources WHERE kind = ? AND id = ? ORDER BY seq", (kind, record_id)
        )
        return (_record(row) for row in rows)

    def find(self, kind: str, record_id: str, scope: Scope) -> Record | None:
        """The record ``record_id`` of ``kind`` within ``scope``, or ``None``."""
        return next((r for r in self._rows(kind, record_id) if r.within(scope)), None)

    def get(self, kind: str, record_id: str, scope: Scope) -> Record:
        """The record, or a ``404 RESOURCE_NOT_FOUND``."""
        record = self.find(kind, record_id, scope)
        if record is None:
            raise self.missing(kind, repr(record_id))
        return record

    @staticmethod
    def missing(kind: str, what: str) -> Problem:
        """The ``404 RESOURCE_NOT_FOUND`` of a record of ``kind`` that is not there."""
        return not_found(SandboxCode.RESOURCE_NOT_FOUND, f"no {describe(kind)} {what}")

    def all(self, kind: str, scope: Scope) -> list[Record]:
        """Every record of ``kind`` within ``scope``, oldest first."""
        rows = self.db.conn.execute("SELECT * FROM resources WHERE kind = ? ORDER BY seq", (kind,))
        return [record for record in map(_record, rows) if record.within(scope)]

    def create(
        self, kind: str, scope: Scope, body: Mapping[str, Any], record_id: str | None = None
    ) -> Record:
        """Store a new record (a fresh id unless one is given; a taken one is ``409``)."""
        chosen = record_id if record_id is not None else new_id()
        with self.db.write():
            if record_id is not None and any(
                r.scope == dict(scope) for r in self._rows(kind, chosen)
            ):
                raise conflict(
                    SandboxCode.RESOURCE_ALREADY_EXISTS,
                    f"{describe(kind)} {chosen!r} already exists here",
                )
            now = self.db.now()
            self.db.conn.execute(
                "INSERT INTO resources (kind, id, scope, body, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (kind, chosen, _text(dict(sorted(scope.items()))), _text(dict(body)), now, now),
            )
            self.db.wrote("resources")
        return Record(kind, chosen, dict(scope), dict(body))

    def save(self, record: Record, body: Mapping[str, Any]) -> Record:
        """Replace the body of a stored record."""
        with self.db.write():
            self.db.conn.execute(
                "UPDATE resources SET body = ?, updated_at = ? "
                "WHERE kind = ? AND id = ? AND scope = ?",
                (
                    _text(dict(body)),
                    self.db.now(),
                    record.kind,
                    record.id,
                    _text(dict(sorted(record.scope.items()))),
                ),
            )
            self.db.wrote("resources")
        return attrs.evolve(record, body=dict(body))

    def remove(self, record: Record) -> None:
        """Delete a stored record."""
        with self.db.write():
            self.db.conn.execute(
                "DELETE FROM resources WHERE kind = ? AND id = ? AND scope = ?",
                (record.kind, record.id, _text(dict(sorted(record.scope.items())))),
            )
            self.db.wrote("resources")


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: objects merge key by key, ``null`` removes a key."""
    if not isinstance(patch, Mapping):
        return patch
    merged = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged
