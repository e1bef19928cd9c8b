r"""Member imports past one machine: taskiq workers over one Redis.

A producer splits a members file into chunks with stable ids and enqueues them; each
worker process runs a chunk at a time through
:class:`~loyalty_async.recipes.enrol.MemberImport` on the job's shared
:class:`~loyalty_async.bulk.redis_journal.RedisJournal` and
:class:`~loyalty_async.bulk.redis_ratelimit.RedisRateLimiter`, and records what became of
every row in Redis (:class:`~loyalty_async.bulk.job_store.JobStore`), where the producer
reads progress and the final summary. Run workers with::

    LOYALTY_ASYNC_REDIS_URL=redis://redis:6379/0 CONVERCUS_BASE_URL=... \\
        taskiq worker loyalty_async.bulk.distributed:broker --workers 1 --max-async-tasks 1

or ``loyalty-async worker --redis redis://redis:6379/0``. Each worker process makes one
client from the ``CONVERCUS_*`` settings when it starts and closes it when it stops.
Needs the ``taskiq`` extra (``pip install "loyalty-async[taskiq]"``). See
``docs/distributed.md``.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import hashlib
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
from redis.asyncio import Redis
from taskiq import AsyncBroker, TaskiqEvents, TaskiqState
from taskiq.kicker import AsyncKicker
from taskiq_redis import ListQueueBroker

from loyalty_async.bulk.heartbeat import Heartbeat
from loyalty_async.bulk.job_store import JobSettings, JobStatus, JobStore
from loyalty_async.bulk.redis_journal import DEFAULT_LEASE, RedisJournal
from loyalty_async.bulk.redis_ratelimit import RedisRateLimiter
from loyalty_async.convercus.client import ConvercusClient
from loyalty_async.errors import ConfigurationError
from loyalty_async.recipes.enrol import ImportCounts, MemberImport
from loyalty_async.recipes.member_file import (
    MemberColumns,
    MemberFile,
    MemberRow,
    OnInvalid,
    Record,
)
from loyalty_async.transport.aiohttp_transport import AiohttpTransport

#: The environment variable that says where the workers' Redis is.
REDIS_URL_VARIABLE = "LOYALTY_ASYNC_REDIS_URL"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
#: The Redis list the chunk tasks wait in.
QUEUE = "loyalty-async:tasks"
#: The task that imports one chunk.
TASK_NAME = "loyalty_async.import_members_chunk"
#: Rows of a chunk, unless the producer says otherwise.
DEFAULT_CHUNK = 500
#: Rounds a chunk goes through while rows of it are held by another (live or dying)
#: worker, waiting a third of a lease between rounds.
_ROUNDS = 10


def redis_url() -> str:
    """The workers' Redis: ``LOYALTY_ASYNC_REDIS_URL``, or a local one."""
    return os.environ.get(REDIS_URL_VARIABLE) or DEFAULT_REDIS_URL


def make_broker(url: str) -> AsyncBroker:
    """The taskiq broker of the chunk tasks on ``url`` (a Redis list, one task at a time)."""
    return ListQueueBroker(url=url, queue_name=QUEUE)


#: The broker workers run: ``taskiq worker loyalty_async.bulk.distributed:broker``.
broker = make_broker(redis_url())


# ---------------------------------------------------------------------- the worker


@attrs.define
class _Worker:
    redis: Redis
    client: ConvercusClient
    #: One chunk at a time per process (its rows run concurrently).
    chunks: asyncio.Semaphore


_worker: _Worker | None = None
#: The rate budget of the job whose chunk runs now (every request waits for a slot).
_limiter: contextvars.ContextVar[RedisRateLimiter | None] = contextvars.ContextVar(
    "loyalty_async_job_limiter", default=None
)


async def _pace(request: object) -> None:
    limiter = _limiter.get()
    if limiter is not None:
        await limiter.acquire()


def worker_client(**settings: Any) -> ConvercusClient:
    """The client of a worker process, from ``CONVERCUS_*`` (and ``settings``).

    Every request waits for a slot of the rate budget of the job whose chunk it runs.
    """
    return ConvercusClient.from_env(
        on_request=[_pace], transport=AiohttpTransport(pool_size=100), **settings
    )


@broker.on_event(TaskiqEvents.WORKER_STARTUP)
async def startup(state: TaskiqState) -> None:
    """Make the worker's Redis client and Convercus client (from ``CONVERCUS_*``)."""
    global _worker
    _worker = _Worker(Redis.from_url(redis_url()), worker_client(), asyncio.Semaphore(1))


@broker.on_event(TaskiqEvents.WORKER_SHUTDOWN)
async def shutdown(state: TaskiqState) -> None:
    """Close the worker's clients."""
    global _worker
    worker, _worker = _worker, None
    if worker is not None:
        try:
            await worker.client.aclose()
        finally:
            await worker.redis.aclose()


@broker.task(task_name=TASK_NAME)
async def import_members_chunk(job: str, chunk: int) -> str:
    """Import one chunk of a job (a chunk that is done, or running elsewhere, is left)."""
    worker = _worker
    if worker is None:
        raise ConfigurationError("the worker was not started (no WORKER_STARTUP event)")
    async with worker.chunks:
        return await run_chunk(worker.redis, worker.client, job, chunk)


class _ChunkRows:
    """The rows of a chunk, as :class:`MemberImport` reads them."""

    def __init__(self, columns: MemberColumns, records: Sequence[Record]) -> None:
        self._columns = columns
        self._records = records

    def rows(self, on_invalid: OnInvalid) -> Iterator[MemberRow]:
        return self._columns.rows(self._records, on_invalid)


async def run_chunk(redis: Redis, client: ConvercusClient, job: str, chunk: int) -> str:
    """Run one chunk of ``job`` with ``client``: ``done``, or why it was left alone.

    Every row ends with an outcome in the job's record. Rows another worker holds are
    waited for (that worker settles them, or its lease runs out and they are taken up).
    """
    store = JobStore(redis, job)
    settings = await store.settings()
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    verdict = await store.start_chunk(chunk, owner, settings.lease)
    if verdict != "go":
        return verdict
    heartbeat = Heartbeat(
        functools.partial(store.renew_chunk, chunk, owner, settings.lease), settings.lease / 3
    )
    limiter = None
    if settings.rate is not None:
        limiter = RedisRateLimiter(redis, job, settings.rate, burst=settings.burst)
    token = _limiter.set(limiter)
    try:
        columns = MemberColumns(settings.header)
        records = await store.chunk(chunk)
        for _round in range(_ROUNDS):
            records = await store.unsettled(records)
            if not records:
                break
            journal = RedisJournal(redis, job, lease=settings.lease)
            await MemberImport(
                _ChunkRows(columns, records),
                client,
                journal,
                settled=store.settle_row,
                concurrency=settings.concurrency,
            ).run()
            if await store.unsettled(records):
                await asyncio.sleep(settings.lease / 3)
        else:
            return "held"  # left queued-or-running: the producer hands it out again
        await store.finish_chunk(chunk)
        return "done"
    finally:
        _limiter.reset(token)
        await heartbeat.stop()


# ---------------------------------------------------------------------- the producer

Enqueue = Callable[[str, int], Awaitable[None]]


def job_name_for(path: str | os.PathLike[str]) -> str:
    """A stable job name for a file: the same bytes give the same job."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return f"members-{digest.hexdigest()[:16]}"


def kicker(queue_broker: AsyncBroker) -> Enqueue:
    """An ``enqueue`` that sends the chunk task through ``queue_broker`` (started by you)."""

    async def enqueue(job: str, chunk: int) -> None:
        task: AsyncKicker[[str, int], str] = AsyncKicker(TASK_NAME, queue_broker, {})
        await task.kiq(job, chunk)

    return enqueue


async def submit_members(
    redis: Redis,
    members: MemberFile,
    enqueue: Enqueue,
    *,
    job: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    concurrency: int = 8,
    rate: float | None = None,
    burst: int = 1,
    lease: float = DEFAULT_LEASE,
) -> str:
    """Split ``members`` into chunks with stable ids, record them, and enqueue them.

    Submitting the same file again enqueues only what is not done nor under way (a chunk
    whose worker died is handed out again), so it never duplicates work. Returns the job's
    name (``job``, or one made from the file's bytes).
    """
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ConfigurationError(f"chunk size must be at least 1, got {chunk_size!r}")
    if not isinstance(concurrency, int) or concurrency < 1:
        raise ConfigurationError(f"concurrency must be at least 1, got {concurrency!r}")
    if rate is not None:
        RedisRateLimiter(redis, "check", rate, burst=burst)  # its checks of the values
    name = job or job_name_for(members.path)
    store = JobStore(redis, name)
    records = list(members.records())
    chunks = [records[at : at + chunk_size] for at in range(0, len(records), chunk_size)]
    await store.create(
        JobSettings(
            header=tuple(members.fieldnames),
            total=len(records),
            chunks=len(chunks),
            chunk_size=chunk_size,
            concurrency=concurrency,
            lease=lease,
            rate=rate,
            burst=burst,
        )
    )
    for number, chunk in enumerate(chunks):
        await store.put_chunk(number, chunk)
        if await store.mark_queued(number):
            await enqueue(name, number)
    return name


async def job_status(redis: Redis, job: str) -> JobStatus:
    """Where ``job`` stands (the journal's expired leases settled first)."""
    store = JobStore(redis, job)
    settings = await store.settings()
    items = await RedisJournal(redis, job, lease=settings.lease).counts()
    return await store.status(items)


async def follow(
    redis: Redis,
    job: str,
    enqueue: Enqueue,
    *,
    on_status: Callable[[JobStatus], object] = lambda status: None,
    interval: float = 0.5,
) -> JobStatus:
    """Wait until every row of ``job`` has an outcome, calling ``on_status`` as it goes.

    A chunk whose worker died (its lease ran out) is enqueued again; so is every chunk
    not done when nothing has moved for a lease (a task lost between queue and worker).
    """
    store = JobStore(redis, job)
    lease = (await store.settings()).lease
    moved_at, last = time.monotonic(), None
    while True:
        status = await job_status(redis, job)
        on_status(status)
        if status.finished:
            return status
        seen = (status.settled, tuple(sorted(status.chunks.items())))
        if seen != last:
            moved_at, last = time.monotonic(), seen
        stalled = time.monotonic() - moved_at > lease
        for number in await store.stalled_chunks():
            if await store.mark_queued(number):
                await enqueue(job, number)
            elif stalled:
                await store.requeue(number)
                await enqueue(job, number)
        if stalled:
            moved_at = time.monotonic()
        await asyncio.sleep(interval)


def counts_of(status: JobStatus) -> ImportCounts:
    """The job's outcomes as the counts ``import members`` prints."""
    tally = status.tally
    return ImportCounts(
        created=tally.get("created", 0) + tally.get("resumed", 0),
        resumed=tally.get("resumed", 0),
        skipped=tally.get("skipped", 0),
        failed=tally.get("failed", 0) + tally.get("invalid", 0) + tally.get("duplicate", 0),
        invalid=tally.get("invalid", 0),
        duplicates=tally.get("duplicate", 0),
        unknown=tally.get("unknown", 0),
        attempted=0,
    )


def members_file(path: str | os.PathLike[str]) -> MemberFile:
    """The members file at ``path`` (its header checked)."""
    return MemberFile(Path(path))
