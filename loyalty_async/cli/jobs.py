"""Batch jobs on workers: ``import members --redis``, ``worker``, ``jobs status|unknown``.

``loyalty-async import members members.csv --redis redis://host:6379/0 --chunk 500``
splits the file into chunks, enqueues them for taskiq workers, follows their progress
with the same bar and summary as a run in one process, and writes the failed-rows file.
``loyalty-async worker`` runs a worker (``taskiq worker`` over
``loyalty_async.bulk.distributed:broker``). ``loyalty-async jobs status JOB`` and
``jobs unknown JOB`` show a job's progress and the rows to reconcile, as JSON. These
need the ``taskiq`` extra; see ``docs/distributed.md``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from loyalty_async.cli.base import EXIT_ERROR, EXIT_OK, UsageError, run_async, write_json
from loyalty_async.recipes.enrol import FailedRows
from loyalty_async.recipes.member_file import MemberFile

if TYPE_CHECKING:
    from loyalty_async.bulk.job_store import JobStatus

REDIS_VARIABLE = "LOYALTY_ASYNC_REDIS_URL"
MISSING_EXTRA = 'this command needs the "taskiq" extra: pip install "loyalty-async[taskiq]"'
#: The settings a worker needs from its environment (it cannot ask for a password).
WORKER_VARIABLES = (
    "CONVERCUS_ORG",
    "CONVERCUS_USERNAME",
    "CONVERCUS_PASSWORD",
    "CONVERCUS_INTERACTION_ID",
)


def _need_extra() -> None:
    if importlib.util.find_spec("taskiq") is None or importlib.util.find_spec("redis") is None:
        raise UsageError(MISSING_EXTRA)


def _redis(args: argparse.Namespace) -> str:
    url: str | None = args.redis or os.environ.get(REDIS_VARIABLE)
    if not url:
        raise UsageError(f"give --redis URL (or set {REDIS_VARIABLE})")
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise UsageError(f"--redis takes a redis:// URL, got {url!r}")
    return url


def add_redis_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Add ``--redis URL``."""
    parser.add_argument(
        "--redis",
        metavar="URL",
        help=f"the jobs' Redis, e.g. redis://127.0.0.1:6379/0 ({REDIS_VARIABLE})",
    )


# ---------------------------------------------------------------------- import on workers


async def import_on_workers(args: argparse.Namespace, *, out: TextIO, console: Console) -> int:
    """``import members FILE --redis URL``: enqueue, follow, summarise; the exit status."""
    from redis.asyncio import Redis

    from loyalty_async.bulk.distributed import (
        counts_of,
        follow,
        kicker,
        make_broker,
        submit_members,
    )
    from loyalty_async.bulk.job_store import JobStore
    from loyalty_async.cli.batch import _print_import_summary, _writable

    url = _redis(args)
    members = MemberFile(args.csv)
    failed_path = _writable(args.failed_out or args.csv.with_name(f"{args.csv.stem}.failed.csv"))
    started = time.monotonic()
    redis = Redis.from_url(url)
    producer = make_broker(url)
    status: JobStatus | None = None
    interrupted = True
    bar = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed, {task.fields[unknown]} unknown"),
        TextColumn("{task.fields[running]} chunks running"),
        console=console,
        disable=not console.is_terminal,
    )
    try:
        await producer.startup()
        enqueue = kicker(producer)
        job = await submit_members(
            redis,
            members,
            enqueue,
            job=args.job,
            chunk_size=args.chunk,
            concurrency=args.concurrency,
            rate=args.rate,
        )
        console.print(
            f"job {job}: follow it with `loyalty-async jobs status {job}`; workers: "
            "`loyalty-async worker`",
            highlight=False,
        )
        with bar:
            task = bar.add_task(args.csv.name, total=None, failed=0, unknown=0, running=0)

            def show(now: JobStatus) -> None:
                nonlocal status
                status = now
                counts = counts_of(now)
                bar.update(
                    task,
                    total=now.rows,
                    completed=now.settled,
                    failed=counts.failed,
                    unknown=counts.unknown,
                    running=now.chunks.get("running", 0),
                )

            status = await follow(redis, job, enqueue, on_status=show)
        interrupted = False
    finally:
        try:
            if status is not None:
                failed = FailedRows(failed_path, members.fieldnames)
                for row in await JobStore(redis, status.job).reported_rows():
                    failed.add(row.line, row.values, row.outcome, row.error or "")
                failed.close()
                counts = counts_of(status)
                counts.attempted = status.settled
                elapsed = time.monotonic() - started
                _print_import_summary(out, args, counts, failed, elapsed, interrupted)
                if interrupted:
                    out.write(f"the workers go on with job {status.job} meanwhile\n")
                    out.flush()
        finally:
            await producer.shutdown()
            await redis.aclose()
    counts = counts_of(status)
    return EXIT_OK if counts.failed == counts.unknown == 0 else EXIT_ERROR


def check_import_options(args: argparse.Namespace) -> None:
    """Refuse the options of a run in one process that have no meaning on workers."""
    _need_extra()
    _redis(args)
    for flag, given in (
        ("--journal", args.journal),
        ("--retry-failed", args.retry_failed),
        ("--retry-unknown", args.retry_unknown),
    ):
        if given:
            raise UsageError(
                f"{flag} is for a run in one process; with --redis the job's journal is in "
                "Redis (reconcile its unknown rows, see docs/distributed.md)"
            )


# ---------------------------------------------------------------------- jobs, worker


async def _status(url: str, job: str) -> dict[str, Any]:
    from redis.asyncio import Redis

    from loyalty_async.bulk.distributed import job_status

    redis = Redis.from_url(url)
    try:
        return (await job_status(redis, job)).as_json()
    finally:
        await redis.aclose()


async def _unknown(url: str, job: str) -> list[dict[str, Any]]:
    from redis.asyncio import Redis

    from loyalty_async.bulk.job_store import JobStore
    from loyalty_async.recipes.member_file import MemberColumns

    redis = Redis.from_url(url)
    try:
        store = JobStore(redis, job)
        header = (await store.settings()).header
        card = MemberColumns(header).index_of("card_code")
        return [
            {
                "line": row.line,
                "card_code": row.values[card] if card < len(row.values) else None,
                "error": row.error,
            }
            for row in await store.reported_rows("unknown")
        ]
    finally:
        await redis.aclose()


def run_jobs_status(args: argparse.Namespace) -> int:
    """``loyalty-async jobs status JOB``."""
    _need_extra()
    write_json(run_async(_status(_redis(args), args.job)))
    return EXIT_OK


def run_jobs_unknown(args: argparse.Namespace) -> int:
    """``loyalty-async jobs unknown JOB``."""
    _need_extra()
    write_json(run_async(_unknown(_redis(args), args.job)))
    return EXIT_OK


def worker_command(url: str, processes: int, environment: Mapping[str, str]) -> list[str]:
    """The ``taskiq worker`` command line ``loyalty-async worker`` runs."""
    return [
        sys.executable, "-m", "taskiq", "worker",
        "loyalty_async.bulk.distributed:broker",
        "--workers", str(processes),
        # One chunk at a time per process, none held back from the other workers.
        "--max-async-tasks", "1",
        "--max-prefetch", "0",
    ]  # fmt: skip


def run_worker(args: argparse.Namespace) -> NoReturn:
    """``loyalty-async worker``: replace this process with ``taskiq worker``."""
    _need_extra()
    url = _redis(args)
    environment = dict(os.environ)
    missing = [name for name in WORKER_VARIABLES if not environment.get(name)]
    if not (environment.get("CONVERCUS_BASE_URL") or environment.get("CONVERCUS_ENVIRONMENT")):
        missing.insert(0, "CONVERCUS_BASE_URL or CONVERCUS_ENVIRONMENT")
    if missing:
        raise UsageError(
            f"a worker reads its settings from the environment; set {', '.join(missing)}"
        )
    environment[REDIS_VARIABLE] = url
    command = worker_command(url, args.processes, environment)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, environment)


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``worker`` and ``jobs status|unknown``."""
    from loyalty_async.cli.base import positive_int

    worker = subparsers.add_parser(
        "worker",
        help="run a worker of distributed batch jobs (taskiq, over Redis)",
        description="Run taskiq worker processes for `import members --redis`. The Convercus "
        "settings come from the CONVERCUS_* variables. See docs/distributed.md.",
    )
    add_redis_option(worker)
    worker.add_argument(
        "--processes", type=positive_int, default=1, metavar="N", help="worker processes (1)"
    )
    worker.set_defaults(handler=run_worker)

    jobs = subparsers.add_parser(
        "jobs",
        help="progress and unknown rows of distributed batch jobs",
        description="Progress and unknown rows of distributed batch jobs, as JSON.",
    )
    actions = jobs.add_subparsers(dest="action", required=True, metavar="ACTION")
    status = actions.add_parser("status", help="a job's progress, as JSON")
    unknown = actions.add_parser("unknown", help="a job's rows to reconcile, as JSON")
    for parser, handler in ((status, run_jobs_status), (unknown, run_jobs_unknown)):
        parser.add_argument("job", metavar="JOB", help="the job's name")
        add_redis_option(parser)
        parser.set_defaults(handler=handler)
