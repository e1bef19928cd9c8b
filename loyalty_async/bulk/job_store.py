"""What a distributed member import keeps in Redis, beside its journal and rate budget.

One job lives under ``loyalty-async:job:{job}:*``: its settings (``meta``), its rows in
chunks (``chunk:{n}``, written once), the state of each chunk (``chunks``, with leases in
``chunk-leases``), and what became of each row (``rows``: line → outcome; ``tally``:
outcome → rows; ``failed``: line → the row and its error). The journal
(:class:`~loyalty_async.bulk.redis_journal.RedisJournal`) keeps ``items``, ``leases`` and
``counts`` under the same prefix. Every change of state is one Lua script, on the Redis
server's clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import attrs
import orjson
from redis.asyncio import Redis

from loyalty_async.bulk.entries import _text
from loyalty_async.errors import ConfigurationError
from loyalty_async.recipes.enrol import OUTCOMES, RowOutcome
from loyalty_async.recipes.member_file import Record

PREFIX = "loyalty-async:job"

_TIME = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

#: KEYS: chunks, chunk-leases. ARGV: n. Marks a chunk queued unless it is done, queued,
#: or running under a live lease; 1 when it should be enqueued.
_ENQUEUE = (
    _TIME
    + """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local c = cjson.decode(raw)
  if c.s == 'done' or c.s == 'queued' then return 0 end
  local lease = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]) or '0')
  if c.s == 'running' and lease > now then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({s = 'queued', at = now}))
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
"""
)

#: KEYS: chunks, chunk-leases. ARGV: n, owner, lease ms. 'go', 'done' or 'busy'.
_START = (
    _TIME
    + """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local c = cjson.decode(raw)
  if c.s == 'done' then return 'done' end
  local lease = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]) or '0')
  if c.s == 'running' and c.o ~= ARGV[2] and lease > now then return 'busy' end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({s = 'running', o = ARGV[2], at = now}))
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
return 'go'
"""
)

#: KEYS: chunks, chunk-leases. ARGV: owner, lease ms, n. Extends the lease if still ours.
_RENEW = (
    _TIME
    + """
local raw = redis.call('HGET', KEYS[1], ARGV[3])
if not raw then return 0 end
local c = cjson.decode(raw)
if c.s ~= 'running' or c.o ~= ARGV[1] then return 0 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
return 1
"""
)

#: KEYS: chunks, chunk-leases. ARGV: n.
_FINISH = (
    _TIME
    + """
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({s = 'done', at = now}))
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
"""
)

#: KEYS: rows, tally, failed. ARGV: line, outcome, report JSON ('' for none), keep ('1':
#: only if the row has no outcome yet). Idempotent: the same row settled twice counts once.
_SETTLE_ROW = """
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old and ARGV[4] == '1' then return 0 end
if old ~= ARGV[2] then
  if old then redis.call('HINCRBY', KEYS[2], old, -1) end
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
else
  redis.call('HDEL', KEYS[3], ARGV[1])
end
return 1
"""


@attrs.frozen
class JobSettings:
    """What every worker of a job reads before it runs a chunk."""

    header: tuple[str, ...]
    total: int
    chunks: int
    chunk_size: int
    concurrency: int
    lease: float
    rate: float | None = None
    burst: int = 1


@attrs.frozen
class JobStatus:
    """Where a job stands, read from Redis.

    ``rows`` is how many rows the file holds, ``settled`` how many have an outcome
    (``tally``: outcome → rows, see :data:`~loyalty_async.recipes.enrol.OUTCOMES`),
    ``chunks`` how many chunks are ``queued``, ``running`` and ``done``, ``items`` the
    journal's counts by status.
    """

    job: str
    rows: int
    settled: int
    tally: Mapping[str, int]
    chunks: Mapping[str, int]
    items: Mapping[str, int]

    @property
    def finished(self) -> bool:
        """Whether every row has an outcome."""
        return self.settled >= self.rows

    def as_json(self) -> dict[str, Any]:
        """The status as JSON data (``loyalty-async jobs status``)."""
        return {
            "job": self.job,
            "rows": self.rows,
            "settled": self.settled,
            "finished": self.finished,
            "rows_by_outcome": {name: self.tally.get(name, 0) for name in OUTCOMES},
            "chunks": dict(self.chunks),
            "items": dict(self.items),
        }


class JobStore:
    """The Redis record of one distributed member import."""

    def __init__(self, redis: Redis, job: str) -> None:
        if not isinstance(job, str) or not job or any(c.isspace() for c in job):
            raise ConfigurationError(f"a job name is a word without spaces, got {job!r}")
        self.redis = redis
        self.job = job
        self.base = f"{PREFIX}:{job}"
        self._chunk_keys = [f"{self.base}:chunks", f"{self.base}:chunk-leases"]
        self._row_keys = [f"{self.base}:rows", f"{self.base}:tally", f"{self.base}:failed"]
        self._enqueue = redis.register_script(_ENQUEUE)
        self._start = redis.register_script(_START)
        self._renew = redis.register_script(_RENEW)
        self._finish = redis.register_script(_FINISH)
        self._settle = redis.register_script(_SETTLE_ROW)

    # ------------------------------------------------------------------ the producer's side

    async def create(self, settings: JobSettings) -> bool:
        """Record the job's settings; ``False`` if it exists (then it must be the same file)."""
        fields: dict[str | bytes, str | bytes | int | float] = {
            "header": orjson.dumps(list(settings.header)),
            "total": settings.total,
            "chunks": settings.chunks,
            "chunk_size": settings.chunk_size,
            "concurrency": settings.concurrency,
            "lease": settings.lease,
            "rate": "" if settings.rate is None else settings.rate,
            "burst": settings.burst,
        }
        key = f"{self.base}:meta"
        if await self.redis.hsetnx(key, "header", fields["header"]):
            await self.redis.hset(key, mapping=cast(Any, fields))
            return True
        existing = await self.settings()
        if (existing.header, existing.total, existing.chunk_size) != (
            settings.header,
            settings.total,
            settings.chunk_size,
        ):
            raise ConfigurationError(
                f"the job {self.job!r} exists for another file (or another --chunk): "
                "give the job another name"
            )
        return False

    async def settings(self) -> JobSettings:
        """The job's settings; :class:`ConfigurationError` if there is no such job."""
        raw = {
            _text(k): _text(v) for k, v in (await self.redis.hgetall(f"{self.base}:meta")).items()
        }
        if "total" not in raw:
            raise ConfigurationError(f"there is no job {self.job!r} in this Redis")
        return JobSettings(
            header=tuple(orjson.loads(raw["header"])),
            total=int(raw["total"]),
            chunks=int(raw["chunks"]),
            chunk_size=int(raw["chunk_size"]),
            concurrency=int(raw["concurrency"]),
            lease=float(raw["lease"]),
            rate=float(raw["rate"]) if raw.get("rate") else None,
            burst=int(raw.get("burst") or 1),
        )

    async def put_chunk(self, number: int, records: Sequence[Record]) -> None:
        """Keep a chunk's rows (written once: a job's chunks never change)."""
        await self.redis.set(f"{self.base}:chunk:{number}", orjson.dumps(records), nx=True)

    async def mark_queued(self, number: int) -> bool:
        """Mark a chunk queued; ``True`` when it must be enqueued (new, or its worker died)."""
        return bool(await self._enqueue(keys=self._chunk_keys, args=[number]))

    async def stalled_chunks(self) -> list[int]:
        """The chunks not done and not running under a live lease."""
        now = await self._now_ms()
        states = await self.redis.hgetall(self._chunk_keys[0])
        scored = cast(
            list[tuple[bytes, float]],
            await self.redis.zrange(self._chunk_keys[1], 0, -1, withscores=True),
        )
        leases = {_text(number): float(score) for number, score in scored}
        stalled = []
        for number, raw in states.items():
            state = orjson.loads(raw)["s"]
            lease = leases.get(_text(number), 0.0)
            if state == "queued" or (state == "running" and lease <= now):
                stalled.append(int(number))
        return sorted(stalled)

    async def requeue(self, number: int) -> None:
        """Force a chunk back to queued, whatever it was (when the job stalled)."""
        await self.redis.hset(self._chunk_keys[0], str(number), orjson.dumps({"s": "queued"}))
        await self.redis.zrem(self._chunk_keys[1], str(number))

    async def status(self, items: Mapping[str, int]) -> JobStatus:
        """Where the job stands."""
        settings = await self.settings()
        tally = {_text(k): int(v) for k, v in (await self.redis.hgetall(self._row_keys[1])).items()}
        chunks = {"queued": 0, "running": 0, "done": 0}
        for raw in (await self.redis.hgetall(self._chunk_keys[0])).values():
            state = orjson.loads(raw)["s"]
            chunks[state] = chunks.get(state, 0) + 1
        return JobStatus(
            job=self.job,
            rows=settings.total,
            settled=sum(tally.values()),
            tally={k: v for k, v in tally.items() if v},
            chunks=chunks,
            items=dict(items),
        )

    async def reported_rows(self, *outcomes: str) -> list[RowOutcome]:
        """The rows that did not go through (or those with ``outcomes``), by line."""
        rows = []
        async for line, raw in self.redis.hscan_iter(self._row_keys[2], count=500):
            data = orjson.loads(raw)
            if not outcomes or data["outcome"] in outcomes:
                rows.append(RowOutcome(int(line), data["values"], data["outcome"], data["error"]))
        return sorted(rows, key=lambda row: row.line)

    # ------------------------------------------------------------------ the worker's side

    async def chunk(self, number: int) -> list[Record]:
        """A chunk's rows."""
        raw = await self.redis.get(f"{self.base}:chunk:{number}")
        if raw is None:
            raise ConfigurationError(f"the job {self.job!r} has no chunk {number}")
        return [(int(line), list(values), error) for line, values, error in orjson.loads(raw)]

    async def start_chunk(self, number: int, owner: str, lease: float) -> str:
        """Take a chunk: ``go``, or ``done`` / ``busy`` (another worker runs it)."""
        verdict = await self._start(keys=self._chunk_keys, args=[number, owner, int(lease * 1000)])
        return _text(verdict)

    async def renew_chunk(self, number: int, owner: str, lease: float) -> bool:
        """Extend a running chunk's lease; ``False`` if it is no longer ours."""
        return bool(
            await self._renew(keys=self._chunk_keys, args=[owner, int(lease * 1000), number])
        )

    async def finish_chunk(self, number: int) -> None:
        """Mark a chunk done."""
        await self._finish(keys=self._chunk_keys, args=[number])

    async def unsettled(self, records: Sequence[Record]) -> list[Record]:
        """The records that have no outcome yet."""
        if not records:
            return []
        outcomes = await self.redis.hmget(self._row_keys[0], [str(r[0]) for r in records])
        return [record for record, outcome in zip(records, outcomes, strict=True) if not outcome]

    async def settle_row(self, row: RowOutcome) -> None:
        """Record what became of a row (once: a row settled again is not counted twice).

        A row found done by a chunk handed out again keeps the outcome it got the first
        time (``created`` stays ``created``).
        """
        report = ""
        if row.error is not None:
            report = orjson.dumps(
                {"values": list(row.values), "outcome": row.outcome, "error": row.error}
            ).decode()
        keep = "1" if row.outcome == "skipped" else "0"
        await self._settle(keys=self._row_keys, args=[row.line, row.outcome, report, keep])

    async def _now_ms(self) -> int:
        seconds, micros = await self.redis.time()
        return int(seconds) * 1000 + int(micros) // 1000
