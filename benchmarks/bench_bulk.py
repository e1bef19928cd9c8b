"""Measurement 2: 100,000 bookings through BulkRunner against a faulty sandbox.

The sandbox runs in its own process with 5 % of requests faulted (5xx, 429 with
Retry-After, connections dropped after the booking was committed). The job books through
``client.bookings.create`` at concurrency 200 with a journal; a 429 is waited out and
sent again by the session (``RetryPolicy(resend_writes_on_429=True)``: the server did
nothing), an ``OutcomeUnknownError`` is settled with
``client.bookings.reconcile`` (booked: done; not booked: send again, same reference).
Afterwards the sandbox's database must hold every intended ``referenceId`` exactly once.

    python benchmarks/bench_bulk.py [--items 100000] [--concurrency 200]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
from batch_common import SandboxProcess, client_kwargs, cpu_seconds, write_result

from loyalty_async import AiohttpTransport, ConvercusClient
from loyalty_async.bulk import BulkRunner, Journal, Progress
from loyalty_async.errors import OutcomeUnknownError
from loyalty_async.sandbox import Sandbox

FAULTS = "5xx=0.02,429=0.015,retry_after=1,drop_after=0.015,seed=2025"
ACCOUNTS = 1000


def seed_accounts(db: Path, count: int) -> list[str]:
    async def seed() -> list[str]:
        async with Sandbox(db=str(db)) as sandbox:
            return sandbox.seed.accounts(count)

    return asyncio.run(seed())


def intended(count: int, accounts: list[str]) -> Iterator[tuple[str, str, int]]:
    """(reference id, account, points) of each booking, made as they are read."""
    for n in range(count):
        yield f"bench-{n:07d}", accounts[n % len(accounts)], 1 + n % 50


async def run(
    url: str, items: int, concurrency: int, journal: Path, accounts: list[str]
) -> dict[str, Any]:
    unknowns: list[dict[str, Any]] = []
    transport = AiohttpTransport(pool_size=concurrency + 50)
    async with ConvercusClient(transport=transport, **client_kwargs(url)) as client:
        await client.auth.login()
        # A 429 did nothing: the session waits as told, then sends the same booking again.
        bookings = client.bookings.with_options(
            retry=attrs.evolve(client.session.retry, resend_writes_on_429=True, max_attempts=10)
        )

        async def book(item: tuple[str, str, int]) -> str:
            reference, account, points = item
            while True:
                try:
                    return await bookings.create(
                        account, booking_type="EARNBOOKING", points=points, reference_id=reference
                    )
                except OutcomeUnknownError as exc:
                    found = await client.bookings.reconcile(exc)
                    cause = type(exc.__cause__).__name__ if exc.__cause__ else "?"
                    unknowns.append(
                        {
                            "reference_id": reference,
                            "operation": exc.operation,
                            "cause": cause,
                            "attempts": exc.attempts,
                            "booked": len(found),
                            "then": "done" if found else "sent again",
                        }
                    )
                    if len(found) > 1:
                        raise AssertionError(f"{reference} is booked {len(found)} times") from exc
                    if found:
                        return found[0].booking_id or ""

        last = [0.0]

        def show(progress: Progress) -> None:
            now = time.monotonic()
            if progress.finished or now - last[0] >= 5:
                last[0] = now
                print(
                    f"  {progress.done:>7} done, {progress.failed} failed, "
                    f"{progress.unknown} unknown, {progress.rate:,.0f} items/s",
                    flush=True,
                )

        runner = BulkRunner(
            book,
            intended(items, accounts),
            key=lambda item: item[0],
            concurrency=concurrency,
            journal=journal,
            total=items,
            progress=show,
            progress_interval=1.0,
        )
        summary = await runner.run()
    with Journal(journal) as opened:
        journal_counts = opened.counts()
    return {
        "summary": {
            "succeeded": summary.succeeded,
            "failed": summary.failed,
            "unknown": summary.unknown,
            "elapsed_s": round(summary.elapsed, 2),
            "items_per_s": round(summary.items_per_second, 1),
        },
        "journal": journal_counts,
        "unknown_outcomes": unknowns,
    }


def verify(db: Path, items: int) -> dict[str, int]:
    """Every intended reference id booked exactly once, read from the sandbox's database."""
    connection = sqlite3.connect(db)
    try:
        counts = dict(
            connection.execute(
                "SELECT reference_id, COUNT(*) FROM bookings "
                "WHERE reference_id LIKE 'bench-%' GROUP BY reference_id"
            ).fetchall()
        )
    finally:
        connection.close()
    wanted = {f"bench-{n:07d}" for n in range(items)}
    return {
        "intended": items,
        "booked_once": sum(1 for ref in wanted if counts.get(ref) == 1),
        "lost": sum(1 for ref in wanted if ref not in counts),
        "doubled": sum(1 for ref, n in counts.items() if n > 1),
        "unexpected": sum(1 for ref in counts if ref not in wanted),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--faults", default=FAULTS)
    parser.add_argument("--json", help="where to write the result (benchmarks/results/)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as folder:
        db, journal = Path(folder) / "sandbox.sqlite", Path(folder) / "bookings.journal"
        accounts = seed_accounts(db, ACCOUNTS)
        print(
            f"{args.items} bookings on {ACCOUNTS} accounts, concurrency {args.concurrency}, "
            f"faults {args.faults}"
        )
        with SandboxProcess(db, args.faults) as sandbox:
            cpu = (cpu_seconds(), cpu_seconds(sandbox.pid))
            outcome = asyncio.run(run(sandbox.url, args.items, args.concurrency, journal, accounts))
            cpu = (cpu_seconds() - cpu[0], cpu_seconds(sandbox.pid) - cpu[1])
        checked = verify(db, args.items)

    unknowns = outcome["unknown_outcomes"]
    by_cause = collections.Counter((u["cause"], u["then"]) for u in unknowns)
    stats = sandbox.stats
    result = {
        "command": "python benchmarks/bench_bulk.py "
        f"--items {args.items} --concurrency {args.concurrency}",
        "faults": args.faults,
        "items": args.items,
        "concurrency": args.concurrency,
        **{k: v for k, v in outcome.items() if k != "unknown_outcomes"},
        "verified_in_sandbox_db": checked,
        "unknown_outcomes_by_cause": {f"{c} -> {t}": n for (c, t), n in sorted(by_cause.items())},
        "sandbox": {
            "requests": stats.get("requests"),
            "faults": stats.get("faults"),
            "statuses": stats.get("statuses"),
            "bookings_written": stats.get("writes", {}).get("bookings"),
            "logins": stats.get("logins"),
        },
        "cpu_seconds": {"client": round(cpu[0], 1), "sandbox": round(cpu[1], 1)},
        "goal_met": checked["lost"] == 0 and checked["doubled"] == 0 and checked["unexpected"] == 0,
        # One line per unknown outcome: reference, cause, attempts, bookings found, action.
        "unknown_outcomes": [
            f"{u['reference_id']} {u['operation']} {u['cause']} attempts={u['attempts']} "
            f"found={u['booked']} -> {u['then']}"
            for u in unknowns
        ],
    }
    path = write_result("bench_bulk", result, args.json)

    summary = outcome["summary"]
    print(f"items/s            {summary['items_per_s']:,.1f} ({summary['elapsed_s']} s)")
    print(
        f"succeeded          {summary['succeeded']} (failed {summary['failed']}, "
        f"unknown {summary['unknown']})"
    )
    print(f"cpu seconds        client {cpu[0]:.1f}, sandbox {cpu[1]:.1f}")
    print(f"429 sent again     {(stats.get('faults') or {}).get('429', 0)} (by the session)")
    print(f"unknown outcomes   {len(unknowns)}, each reconciled:")
    for (cause, then), n in sorted(by_cause.items()):
        print(f"  {n:>6}  {cause} -> {then}")
    print(f"sandbox faults     {stats.get('faults')}")
    print(
        f"bookings in db     booked once {checked['booked_once']}, lost {checked['lost']}, "
        f"doubled {checked['doubled']}, unexpected {checked['unexpected']}"
    )
    print(f"goal (lost 0, doubled 0): {'met' if result['goal_met'] else 'MISSED'}")
    print(f"result: {path} (lists every unknown outcome)")


if __name__ == "__main__":
    main()
