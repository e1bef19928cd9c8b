"""A journal in Redis, shared by the workers of a job on any number of machines.

Same rules as the SQLite :class:`~loyalty_async.bulk.Journal` (see
:mod:`loyalty_async.bulk.backend`), made safe for many workers:

- every transition is one Lua script (:mod:`loyalty_async.bulk.redis_scripts`), so two
  workers can never both take or start an item;
- an item a run holds (reserved or started) has a **lease**, renewed by the run every
  ``lease / 3`` seconds while it runs. A worker that is killed, or silent for longer than
  ``lease`` seconds (default 30), loses its leases: its started items become unknown (the
  call may have happened), its reserved ones become free again. A worker that comes back
  after that still records the outcomes it gets, unless another run has taken the item
  in the meantime (only possible for an unknown item a ``retry_unknown`` picked);
- time is the Redis server's, so the machines' clocks need not agree.

Needs the ``redis`` extra (``pip install "loyalty-async[redis]"``).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any

import orjson
from redis.asyncio import Redis

from loyalty_async.bulk import redis_scripts
from loyalty_async.bulk.entries import (
    Claim,
    EntryStatus,
    Failure,
    JournalEntry,
    JournalError,
    _dumps,
    _key_text,
    _loads,
    _text,
)
from loyalty_async.bulk.heartbeat import Heartbeat
from loyalty_async.errors import ConfigurationError

#: Seconds a run may be silent before its items are taken for dead.
DEFAULT_LEASE = 30.0

_CLAIMS = {claim.value: claim for claim in Claim}


def _decode(key: str, raw: bytes | str) -> JournalEntry:
    data = orjson.loads(raw)
    value = data.get("v")
    context = data.get("ctx")
    at = data.get("at")
    return JournalEntry(
        key=key,
        status=EntryStatus(data["s"]),
        attempts=int(data.get("a") or 0),
        value=_loads(value),
        error_type=data.get("et"),
        error_message=data.get("em"),
        operation=data.get("op"),
        resend_safe=data.get("rs"),
        context={} if context is None else orjson.loads(context),
        updated_at=None
        if at is None
        else dt.datetime.fromtimestamp(at / 1000, dt.UTC).isoformat(timespec="milliseconds"),
    )


class RedisJournal:
    """The journal of one job in Redis, under the keys ``{prefix}:{name}:*``.

    Hand it to :class:`~loyalty_async.bulk.BulkRunner` (``journal=``) in every worker of
    the job; each run holds a lease on the items it has in flight. Reading and
    reconciling work as with the SQLite journal, awaited::

        journal = RedisJournal(redis, "members-2025-06")
        async for entry in journal.unknown():
            ...  # check on the server, then:
            await journal.resolve(entry.key, succeeded=True)

    :param redis: a ``redis.asyncio.Redis`` client (left open; see :meth:`from_url`).
    :param name: the job's name; jobs with different names never see each other's items.
    :param lease: seconds a run may be silent before its items are taken for dead.
    """

    def __init__(
        self,
        redis: Redis,
        name: str,
        *,
        lease: float = DEFAULT_LEASE,
        prefix: str = "loyalty-async:job",
    ) -> None:
        if not isinstance(name, str) or not name or any(c.isspace() for c in name):
            raise ConfigurationError(f"a job name is a word without spaces, got {name!r}")
        if not (isinstance(lease, int | float) and lease >= 1):
            raise ConfigurationError(f"lease must be at least 1 second, got {lease!r}")
        self.redis = redis
        self.name = name
        self.lease = float(lease)
        base = f"{prefix}:{name}"
        self._keys = (f"{base}:items", f"{base}:leases", f"{base}:counts")
        self._owner: str | None = None
        self._held: set[str] = set()
        self._heartbeat: Heartbeat | None = None
        self._owns_client = False
        self._scripts = {
            name: redis.register_script(getattr(redis_scripts, name))
            for name in (
                "CLAIM",
                "RECLAIM",
                "START",
                "RELEASE",
                "FINISH",
                "CHECKPOINT",
                "RENEW",
                "SETTLE",
                "RESOLVE",
            )
        }

    @classmethod
    def from_url(cls, url: str, name: str, *, lease: float = DEFAULT_LEASE) -> RedisJournal:
        """A journal with a client of its own for ``url``, closed by :meth:`aclose`."""
        journal = cls(Redis.from_url(url), name, lease=lease)
        journal._owns_client = True
        return journal

    async def aclose(self) -> None:
        """Stop renewing leases; close the client if the journal made it."""
        await self._stop_heartbeat()
        if self._owns_client:
            await self.redis.aclose()

    def __repr__(self) -> str:
        return f"<RedisJournal {self.name!r}>"

    # ------------------------------------------------------------------ reading

    async def get(self, key: str | int) -> JournalEntry | None:
        """The entry of ``key``, or ``None`` if the job has never seen it."""
        text = _key_text(key)
        raw = await self.redis.hget(self._keys[0], text)
        return None if raw is None else _decode(text, raw)

    async def entries(self, status: EntryStatus | str | None = None) -> AsyncIterator[JournalEntry]:
        """Every entry (or those with ``status``), read in batches, in no set order."""
        wanted = None if status is None else EntryStatus(status)
        async for key, raw in self.redis.hscan_iter(self._keys[0], count=500):
            entry = _decode(_text(key), raw)
            if wanted is None or entry.status is wanted:
                yield entry

    def unknown(self) -> AsyncIterator[JournalEntry]:
        """The items whose outcome is unknown: reconcile each, then :meth:`resolve` it."""
        return self.entries(EntryStatus.UNKNOWN)

    def failed(self) -> AsyncIterator[JournalEntry]:
        """The items that failed."""
        return self.entries(EntryStatus.FAILED)

    async def counts(self) -> dict[str, int]:
        """How many keys are in each status (settling expired leases first)."""
        await self.settle()
        raw = await self.redis.hgetall(self._keys[2])
        return {_text(k): int(v) for k, v in raw.items() if int(v)}

    async def settle(self, *, limit: int = 10_000) -> int:
        """Settle the items of runs whose lease ran out; return how many.

        Started ones become unknown, reserved ones free again (claims do it item by item
        anyway; this is for a status view).
        """
        settled = 0
        while True:
            done = int(await self._scripts["SETTLE"](keys=self._keys, args=[limit]))
            settled += done
            if done < limit:
                return settled

    # ------------------------------------------------------------------ reconciling

    async def resolve(
        self, key: str | int, *, succeeded: bool, note: str | None = None
    ) -> JournalEntry:
        """Record what reconciling an item found out (see :meth:`Journal.resolve`)."""
        text = _key_text(key)
        default = "resolved: it took effect" if succeeded else "resolved: it did not take effect"
        was = await self._scripts["RESOLVE"](
            keys=self._keys, args=[text, "1" if succeeded else "0", note or default]
        )
        if was is None:
            raise JournalError(f"the job {self.name!r} has no item with key {text!r}")
        if _text(was) == "busy":
            raise JournalError(f"item {text!r} is in flight in a running worker; resolve it later")
        entry = await self.get(text)
        assert entry is not None
        return entry

    # ------------------------------------------------------------------ the runner's side

    @property
    def _lease_ms(self) -> int:
        return int(self.lease * 1000)

    def _run_owner(self) -> str:
        if self._owner is None:
            raise JournalError(f"the journal {self.name!r} has no run going")
        return self._owner

    async def begin_run(self) -> None:
        """Start a run: a new owner token, and the lease heartbeat."""
        if self._owner is not None:
            raise JournalError(f"the journal {self.name!r} is already used by a running job")
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self._held.clear()
        self._heartbeat = Heartbeat(self._renew_held, self.lease / 3)

    async def end_run(self, summary: Mapping[str, Any]) -> None:
        """End the run: stop the heartbeat (items still held keep their lease until it ends)."""
        await self._stop_heartbeat()
        self._owner = None

    async def _stop_heartbeat(self) -> None:
        heartbeat, self._heartbeat = self._heartbeat, None
        if heartbeat is not None:
            await heartbeat.stop()

    async def _renew_held(self) -> None:
        owner = self._run_owner()
        held = list(self._held)
        for start in range(0, len(held), 500):
            batch = held[start : start + 500]
            await self._scripts["RENEW"](keys=self._keys, args=[owner, self._lease_ms, *batch])

    async def claim(
        self, key: str, *, origin: str | None, retry_failed: bool
    ) -> tuple[Claim, JournalEntry | None]:
        """See :meth:`JournalBackend.claim`."""
        owner = self._run_owner()
        verdict, raw = await self._scripts["CLAIM"](
            keys=self._keys,
            args=[key, owner, origin or "", "1" if retry_failed else "0", self._lease_ms],
        )
        claim = _CLAIMS[_text(verdict)]
        if claim in (Claim.PERFORM, Claim.RETRY):
            self._held.add(key)
        return claim, None if not raw else _decode(key, raw)

    async def reclaim(self, key: str) -> bool:
        """See :meth:`JournalBackend.reclaim`."""
        taken = await self._scripts["RECLAIM"](
            keys=self._keys, args=[key, self._run_owner(), self._lease_ms]
        )
        if taken:
            self._held.add(key)
        return bool(taken)

    async def start(self, key: str) -> bool:
        """See :meth:`JournalBackend.start`."""
        started = await self._scripts["START"](
            keys=self._keys, args=[key, self._run_owner(), self._lease_ms]
        )
        if not started:
            self._held.discard(key)
        return bool(started)

    async def release(self, key: str) -> None:
        """See :meth:`JournalBackend.release`."""
        self._held.discard(key)
        await self._scripts["RELEASE"](keys=self._keys, args=[key, self._run_owner()])

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
        failure = Failure.of(error, error_type, message)
        fields: dict[str, Any] = {}
        if failure.operation is not None:
            fields["op"] = failure.operation
        if failure.resend_safe is not None:
            fields["rs"] = failure.resend_safe
        if failure.context is not None:
            fields["ctx"] = _dumps(failure.context)
        if failure.error_type is not None:
            fields["et"] = failure.error_type
        if failure.message is not None:
            fields["em"] = failure.message
        if value is not None:
            fields["v"] = _dumps(value)
        self._held.discard(key)
        await self._scripts["FINISH"](
            keys=self._keys,
            args=[key, self._run_owner(), status.value, orjson.dumps(fields)],
        )

    async def checkpoint(self, key: str | int, value: Any) -> None:
        """Record how far the item ``key``, in flight in this run, has got."""
        text = _key_text(key)
        done = await self._scripts["CHECKPOINT"](
            keys=self._keys,
            args=[text, self._run_owner(), _dumps(value) or "null", self._lease_ms],
        )
        if not done:
            raise JournalError(f"item {text!r} is not in flight: only a running item has progress")
