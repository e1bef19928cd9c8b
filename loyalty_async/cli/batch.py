"""Batch jobs on the command line: ``import members`` from a CSV file, ``export`` a report.

``loyalty-async import members members.csv --journal run.journal`` enrols each row as a
Convercus member (an account, its card, a user and the OWNER membership with opt-ins),
restart-safe: every step is looked up on the server before it is done, and what each
row got to is kept in the journal, so a run started again after a crash or Ctrl-C goes
on where it stopped instead of opening a second account.

``loyalty-async export transaction --out transactions.csv`` streams a Reports v3 export
to a file. See ``docs/cli-batch.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from rich import filesize
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from loyalty_async.bulk import Journal, JournalCorruptError, JournalError, RateLimiter
from loyalty_async.cli import jobs
from loyalty_async.cli.base import (
    CONNECTION,
    EXIT_ERROR,
    EXIT_OK,
    UsageError,
    client_settings,
    positive_int,
    run_async,
)
from loyalty_async.convercus.client import ConvercusClient
from loyalty_async.convercus.services.reports import Report
from loyalty_async.recipes.enrol import FailedRows, ImportCounts, MemberImport
from loyalty_async.recipes.member_file import COLUMNS, OPTIN_PREFIX, MemberFile
from loyalty_async.transport.aiohttp_transport import AiohttpTransport
from loyalty_async.transport.base import Request


def _client(
    settings: Mapping[str, Any], *, connections: int, rate: float | None
) -> ConvercusClient:
    """A client for a batch job: enough pooled connections, and every request paced."""
    options = dict(settings)
    hooks: list[Callable[[Request], Awaitable[None] | None]] = []
    if rate is not None:
        limiter = RateLimiter(rate)

        async def pace(request: Request) -> None:
            # Every request counts against the rate, lookups and retries included: that is
            # what a server's rate limit counts.
            await limiter.acquire()

        hooks.append(pace)
    hooks.extend(options.pop("on_request", ()))
    options.setdefault("transport", AiohttpTransport(pool_size=max(100, connections)))
    return ConvercusClient.from_env(on_request=hooks, **options)


# ---------------------------------------------------------------------- import members


def _progress(console: Console, *columns: ProgressColumn) -> Progress:
    """A progress display on ``console``, shown only when it is a terminal."""
    return Progress(*columns, console=console, disable=not console.is_terminal)


def _writable(path: Path) -> Path:
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: {path.parent} is not a directory")
    return path


async def import_members(
    args: argparse.Namespace,
    settings: Mapping[str, Any],
    *,
    out: TextIO,
    console: Console,
) -> int:
    """Run ``import members`` with client ``settings``; return the exit status."""
    members = MemberFile(args.csv)
    failed_path = _writable(args.failed_out or args.csv.with_name(f"{args.csv.stem}.failed.csv"))
    journal_path = _writable(args.journal or args.csv.with_name(f"{args.csv.stem}.journal"))
    total = members.count()
    client = _client(settings, connections=args.concurrency, rate=args.rate)
    try:
        journal = Journal(journal_path)
    except JournalCorruptError as exc:
        await client.aclose()
        raise UsageError(
            f"{exc}. import members looks every member up before it creates one, so a run "
            "with a new journal (--journal NEW) enrols nobody twice"
        ) from None
    except JournalError as exc:
        await client.aclose()
        raise UsageError(str(exc)) from None
    failed = FailedRows(failed_path, members.fieldnames)
    started = time.monotonic()
    job: MemberImport | None = None
    interrupted = True
    try:
        async with client:
            await client.auth.login()  # wrong credentials stop here, before any row
            job = MemberImport(
                members,
                client,
                journal,
                report=failed.add,
                concurrency=args.concurrency,
                retry_failed=args.retry_failed,
                retry_unknown=args.retry_unknown,
            )
            bar = _progress(
                console,
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed, {task.fields[unknown]} unknown"),
                TextColumn("{task.fields[rate]:.1f} rows/s"),
                TimeRemainingColumn(),
            )
            with bar:
                task = bar.add_task(args.csv.name, total=total, failed=0, unknown=0, rate=0.0)
                job.on_row = _progress_updater(bar, task, job.counts, started)
                await job.run()
        interrupted = False
    finally:
        if job is None:
            failed.discard()  # it stopped before any row: keep an older file as it was
        else:
            failed.close()
        journal.close()
        if job is not None:
            elapsed = time.monotonic() - started
            _print_import_summary(out, args, job.counts, failed, elapsed, interrupted)
    counts = job.counts
    return EXIT_OK if counts.failed == counts.unknown == 0 else EXIT_ERROR


def _progress_updater(
    bar: Progress, task: TaskID, counts: ImportCounts, started: float
) -> Callable[[], None]:
    def update() -> None:
        elapsed = time.monotonic() - started
        bar.update(
            task,
            completed=counts.rows,
            failed=counts.failed,
            unknown=counts.unknown,
            rate=counts.attempted / elapsed if elapsed > 0 else 0.0,
        )

    return update


def _print_import_summary(
    out: TextIO,
    args: argparse.Namespace,
    counts: ImportCounts,
    failed: FailedRows,
    elapsed: float,
    interrupted: bool,
) -> None:
    rate = counts.attempted / elapsed if elapsed > 0 else 0.0
    state = "interrupted after" if interrupted else "done:"
    out.write(f"import members {args.csv}: {state} {counts.rows} rows in {elapsed:.1f} s")
    out.write(f" ({rate:.1f} rows/s)\n")
    notes = []
    if counts.invalid:
        notes.append(f"{counts.invalid} invalid")
    if counts.duplicates:
        notes.append(f"{counts.duplicates} duplicate")
    out.write(f"  created  {counts.created}")
    out.write(f" ({counts.resumed} resumed from an earlier run)\n" if counts.resumed else "\n")
    out.write(f"  skipped  {counts.skipped}\n")
    out.write(f"  failed   {counts.failed}" + (f" ({', '.join(notes)})\n" if notes else "\n"))
    out.write(f"  unknown  {counts.unknown}\n")
    if failed.count:
        out.write(f"rows that did not go through, with their errors: {failed.path}\n")
    if interrupted:
        out.write("run the same command again to go on where it stopped\n")
    out.flush()


# ---------------------------------------------------------------------- export


def parse_report(name: str) -> Report:
    """A report from its name on the command line (``account-booking``, ``transactions``)."""
    key = name.strip().lower().replace("-", "_")
    for candidate in (key, key[:-1] if key.endswith("s") else key):
        try:
            report = Report(candidate)
        except ValueError:
            try:
                report = Report[candidate.upper()]
            except KeyError:
                continue
        if not report.exportable:
            raise UsageError(f"the {_report_name(report)} report has no export")
        return report
    names = ", ".join(_report_name(report) for report in Report if report.exportable)
    raise UsageError(f"unknown report {name!r}; one of {names}")


def _report_name(report: Report) -> str:
    return report.value.replace("_", "-")


def parse_params(pairs: Sequence[str]) -> list[tuple[str, str]]:
    """``key=value`` filters, in order (a key may repeat)."""
    params = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param takes key=value, got {pair!r}")
        params.append((key.strip(), value))
    return params


async def export_report(
    args: argparse.Namespace,
    settings: Mapping[str, Any],
    *,
    out: TextIO,
    console: Console,
) -> int:
    """Run ``export``: stream the report to ``--out``; return the exit status."""
    report = parse_report(args.report)
    params = parse_params(args.param)
    # "-" is standard output, as for most command-line tools; the summary then goes to stderr.
    to_stdout = str(args.out) == "-"
    target: Path | BinaryIO = (
        out.buffer if to_stdout else _writable(args.out or Path(f"{_report_name(report)}.csv"))
    )
    bar = _progress(
        console,
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        TextColumn("{task.fields[rows]:,} rows"),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
    )
    started = time.monotonic()
    async with _client(settings, connections=1, rate=None) as client:
        with bar:
            task = bar.add_task(_report_name(report), total=None, rows=0)

            def show(rows: int, size: int) -> None:
                bar.update(task, completed=size, rows=rows)

            saved = await client.reports.download(report, target, params=params, progress=show)
    elapsed = time.monotonic() - started
    speed = saved.bytes / elapsed if elapsed > 0 else 0.0
    summary = console.file if to_stdout else out
    summary.write(
        f"exported {saved.rows} rows ({filesize.decimal(saved.bytes)}) of "
        f"{_report_name(report)} to {saved.path or 'standard output'} in {elapsed:.1f} s "
        f"({filesize.decimal(int(speed))}/s)\n"
    )
    summary.flush()
    return EXIT_OK


# ---------------------------------------------------------------------- the commands


def _rate(text: str) -> float:
    try:
        return RateLimiter(float(text)).rate  # the limiter's own check of the value
    except ValueError:  # not a number, or refused by RateLimiter (a ConfigurationError)
        raise argparse.ArgumentTypeError(
            f"must be a number of requests a second above 0, got {text!r}"
        ) from None


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``import members`` and ``export``."""
    importer = subparsers.add_parser(
        "import",
        help="import members from a CSV file, restart-safe",
        description="Import data into Convercus. See docs/cli-batch.md.",
    )
    kinds = importer.add_subparsers(dest="what", required=True, metavar="WHAT")
    members = kinds.add_parser(
        "members",
        parents=[CONNECTION],
        help="enrol members: account, card, user and OWNER membership per row",
        description="Enrol one member per CSV row: an account with the card code as its "
        "CARDCODE identifier, a user and the OWNER membership with opt-ins. Columns: "
        f"{', '.join(COLUMNS)} and {OPTIN_PREFIX}<type> (card_code and email required). "
        "Restart-safe: run the same command again after a crash or Ctrl-C. "
        "See docs/cli-batch.md.",
    )
    members.add_argument("csv", type=Path, metavar="CSV", help="the members file (UTF-8)")
    members.add_argument(
        "--concurrency", type=positive_int, default=8, metavar="N", help="rows in flight (8)"
    )
    members.add_argument(
        "--rate",
        type=_rate,
        metavar="PER_SECOND",
        help="most API requests per second, evenly spaced (no limit)",
    )
    members.add_argument(
        "--journal",
        type=Path,
        metavar="FILE",
        help="the journal that makes the run resumable (CSV.journal)",
    )
    members.add_argument(
        "--retry-failed", action="store_true", help="perform again rows an earlier run failed"
    )
    members.add_argument(
        "--retry-unknown",
        action="store_true",
        help="go on with rows whose account or user create got no answer in an earlier run "
        "(may leave an empty account or user behind)",
    )
    members.add_argument(
        "--failed-out",
        type=Path,
        metavar="FILE",
        help="file of the rows that did not go through, with their errors (CSV.failed.csv)",
    )
    distributed = members.add_argument_group(
        "on workers",
        "Run the import on taskiq workers over Redis (the taskiq extra; see "
        "docs/distributed.md). --concurrency is then per worker, --rate the budget of all.",
    )
    jobs.add_redis_option(distributed)
    distributed.add_argument(
        "--chunk",
        type=positive_int,
        default=500,
        metavar="ROWS",
        help="rows per task handed to a worker (500)",
    )
    distributed.add_argument(
        "--job", metavar="NAME", help="the job's name (members-<hash of the file>)"
    )
    members.set_defaults(handler=run_import_members)

    export = subparsers.add_parser(
        "export",
        parents=[CONNECTION],
        help="stream a Reports v3 export to a file",
        description="Stream a Reports v3 export to a file, with a progress bar of rows and "
        "bytes. See docs/cli-batch.md.",
    )
    export.add_argument(
        "report",
        metavar="REPORT",
        help="the report: "
        + ", ".join(_report_name(report) for report in Report if report.exportable),
    )
    export.add_argument(
        "--out", type=Path, metavar="FILE", help="the file to write, - for stdout (REPORT.csv)"
    )
    export.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a filter sent as a query parameter (repeatable)",
    )
    export.set_defaults(handler=run_export)


def run_import_members(args: argparse.Namespace) -> int:
    """``loyalty-async import members``: the exit status (errors are raised for ``main``)."""
    MemberFile(args.csv)  # a wrong file is told before the password is asked for
    console = Console(file=sys.stderr)
    if args.redis or args.job:
        jobs.check_import_options(args)
        return run_async(jobs.import_on_workers(args, out=sys.stdout, console=console))
    settings = client_settings(args)
    return run_async(import_members(args, settings, out=sys.stdout, console=console))


def run_export(args: argparse.Namespace) -> int:
    """``loyalty-async export``: the exit status (errors are raised for ``main``)."""
    parse_report(args.report)  # told before the password is asked for
    parse_params(args.param)
    settings = client_settings(args)
    console = Console(file=sys.stderr)
    return run_async(export_report(args, settings, out=sys.stdout, console=console))
