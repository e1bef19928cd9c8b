"""Measurement 5: member imports on one process against 1, 2 and 4 taskiq worker processes.

The sandbox runs in its own process (data in a SQLite file), Redis in another. Each
configuration imports a members file of its own (new cards: every row is six requests)
and is timed from submitting the file to its last row's outcome; worker processes are
started and warmed up (logged in) before the clock starts. Configurations are
interleaved over the rounds, and the median is reported. Also measured, in this process:
the cost per item of the Redis journal against the SQLite journal, with an op that does
nothing (so the journal is all there is), paired and interleaved.

    python benchmarks/bench_distributed.py [--rows 2000] [--rounds 3] [--items 5000]

Needs ``redis-server`` on the PATH and the ``taskiq`` extra.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from batch_common import SandboxProcess, client_kwargs, write_result
from redis.asyncio import Redis

from loyalty_async import AiohttpTransport, ConvercusClient
from loyalty_async.bulk import BulkRunner, Journal
from loyalty_async.bulk.distributed import follow, kicker, make_broker, submit_members
from loyalty_async.bulk.redis_journal import RedisJournal
from loyalty_async.recipes.enrol import MemberImport
from loyalty_async.recipes.member_file import MemberFile
from loyalty_async.sandbox import Credentials

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["card_code", "email", "given_name", "family_name", "country", "optin_email"]
CONFIGURATIONS = ("single process", "1 worker", "2 workers", "4 workers")


def members(path: Path, first: int, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for n in range(first, first + rows):
            writer.writerow([f"B{n:08d}", f"bench{n}@example.com", "Ann", f"Lee{n}", "DE", "yes"])
    return path


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    return process, f"redis://127.0.0.1:{port}/0"


def start_workers(count: int, sandbox_url: str, redis_url: str) -> list[subprocess.Popen[bytes]]:
    credentials = Credentials()
    env = {
        **os.environ,
        "LOYALTY_ASYNC_REDIS_URL": redis_url,
        "CONVERCUS_BASE_URL": sandbox_url,
        "CONVERCUS_ORG": credentials.org,
        "CONVERCUS_USERNAME": credentials.username,
        "CONVERCUS_PASSWORD": credentials.password,
        "CONVERCUS_INTERACTION_ID": credentials.interaction_id,
    }
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "taskiq",
                "worker",
                "loyalty_async.bulk.distributed:broker",
                "--workers",
                "1",
                "--max-async-tasks",
                "1",
                "--max-prefetch",
                "0",
                "--no-configure-logging",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=60)


async def single_process(url: str, source: Path, journal: Path, concurrency: int) -> float:
    transport = AiohttpTransport(pool_size=100)
    async with ConvercusClient(transport=transport, **client_kwargs(url)) as client:
        await client.auth.login()
        with Journal(journal) as opened:
            started = time.perf_counter()
            counts = await MemberImport(
                MemberFile(source), client, opened, concurrency=concurrency
            ).run()
            elapsed = time.perf_counter() - started
    assert counts.created == counts.rows, counts
    return counts.rows / elapsed


async def on_workers(
    redis_url: str, source: Path, job: str, chunk: int, concurrency: int, warm_up: Path
) -> float:
    redis = Redis.from_url(redis_url)
    producer = make_broker(redis_url)
    await producer.startup()
    try:
        enqueue = kicker(producer)
        # A few rows first, so every worker has started and logged in before the clock.
        warm = await submit_members(
            redis, MemberFile(warm_up), enqueue, job=f"{job}-warm", chunk_size=1
        )
        await follow(redis, warm, enqueue, interval=0.05)
        started = time.perf_counter()
        name = await submit_members(
            redis, MemberFile(source), enqueue, job=job, chunk_size=chunk, concurrency=concurrency
        )
        status = await follow(redis, name, enqueue, interval=0.05)
        elapsed = time.perf_counter() - started
    finally:
        await producer.shutdown()
        await redis.aclose()
    assert status.tally == {"created": status.rows}, status.tally
    return status.rows / elapsed


async def journal_cost(redis_url: str, folder: Path, items: int, rounds: int) -> dict[str, Any]:
    async def nothing(item: int) -> int:
        return item

    per_item: dict[str, list[float]] = {"none": [], "sqlite": [], "redis": []}
    redis = Redis.from_url(redis_url)
    try:
        for round_ in range(rounds):
            for kind in per_item:
                journal: Any = None
                if kind == "sqlite":
                    journal = folder / f"cost-{round_}.journal"
                elif kind == "redis":
                    journal = RedisJournal(redis, f"cost-{round_}")
                started = time.perf_counter()
                await BulkRunner(nothing, range(items), journal=journal, concurrency=8).run()
                per_item[kind].append((time.perf_counter() - started) / items * 1e6)
    finally:
        await redis.aclose()
    medians = {kind: round(statistics.median(values), 1) for kind, values in per_item.items()}
    return {
        "items": items,
        "rounds": rounds,
        "us_per_item": medians,
        "us_per_item_rounds": {k: [round(v, 1) for v in vs] for k, vs in per_item.items()},
        "redis_minus_sqlite_us": round(medians["redis"] - medians["sqlite"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--items", type=int, default=5000, help="items of the journal cost run")
    parser.add_argument("--json", help="where to write the result (benchmarks/results/)")
    args = parser.parse_args()

    rates: dict[str, list[float]] = {name: [] for name in CONFIGURATIONS}
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as name:
        folder = Path(name)
        redis, redis_url = start_redis(folder)
        try:
            cost = asyncio.run(journal_cost(redis_url, folder, args.items, args.rounds))
            print(f"journal cost, µs per item (median): {cost['us_per_item']}")
            with SandboxProcess(folder / "sandbox.sqlite") as sandbox:
                first = 0
                for round_ in range(args.rounds):
                    for configuration in CONFIGURATIONS:
                        source = members(folder / f"m-{first}.csv", first, args.rows)
                        first += args.rows
                        if configuration == "single process":
                            journal = folder / f"single-{round_}.journal"
                            rate = asyncio.run(
                                single_process(sandbox.url, source, journal, args.concurrency)
                            )
                        else:
                            count = int(configuration.split()[0])
                            warm = members(folder / f"w-{first}.csv", first, count * 2)
                            first += count * 2
                            workers = start_workers(count, sandbox.url, redis_url)
                            try:
                                rate = asyncio.run(
                                    on_workers(
                                        redis_url, source, f"bench-{first}", args.chunk,
                                        args.concurrency, warm,
                                    )
                                )  # fmt: skip
                            finally:
                                stop_workers(workers)
                        rates[configuration].append(rate)
                        print(
                            f"round {round_ + 1} {configuration:>15}: {rate:7.1f} rows/s",
                            flush=True,
                        )
        finally:
            redis.terminate()
            redis.wait()

    medians = {name: round(statistics.median(values), 1) for name, values in rates.items()}
    result = {
        "command": f"python benchmarks/bench_distributed.py --rows {args.rows} "
        f"--rounds {args.rounds} --chunk {args.chunk} --concurrency {args.concurrency} "
        f"--items {args.items}",
        "rows": args.rows,
        "rows_per_second_median": medians,
        "rows_per_second_rounds": {k: [round(v, 1) for v in vs] for k, vs in rates.items()},
        "relative_to_single_process": {
            name: round(value / medians["single process"], 2) for name, value in medians.items()
        },
        "journal_cost": cost,
    }
    path = write_result("bench_distributed", result, args.json)
    for configuration, value in medians.items():
        print(f"{configuration:>15}: {value:7.1f} rows/s (median of {args.rounds})")
    print(f"result: {path}")


if __name__ == "__main__":
    main()
