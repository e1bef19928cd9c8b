"""Measurement 3: a 1,000,000-row report export streamed to a file through client.reports.

The sandbox (its own process) serves ``GET /reports/v3/transaction/export`` from a file
database seeded once with the sandbox's seed helpers and reused across runs. Each round
downloads the export twice, each time in a fresh client process, in alternating order:

* ``sdk``: ``ConvercusClient.reports.download(Report.TRANSACTION, path)``;
* ``raw``: an ``aiohttp.ClientSession`` GET of the same URL, written chunk by chunk
  (64 KiB, as the SDK reads) to a file.

Goals: the SDK's resident memory grows by less than 50 MB during the download, and its
MB/s is at least 0.80 of raw aiohttp's (the median over the rounds of each round's
SDK/raw ratio: the two runs of a round see the same load).

The sandbox is the slower end of that stream, so the same rounds are run a second time
against a replay server (its own process) that sends the recorded export from memory:
there the clients are the limit, and the ratio shows what the SDK itself costs.

    python benchmarks/bench_export.py [--rows 1000000] [--rounds 3] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from batch_common import (
    ReplayProcess,
    SandboxProcess,
    client_kwargs,
    cpu_seconds,
    peak_rss_bytes,
    rss_bytes,
    write_result,
)

CHUNK = 64 * 1024
DEFAULT_DB = Path(tempfile.gettempdir()) / "loyalty-async-bench" / "export.sqlite"
MB = 1_000_000


# ---------------------------------------------------------------------- seeding


def seeded_rows(db: Path) -> int:
    if not db.exists():
        return 0
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute("SELECT COUNT(*) FROM transactions").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        connection.close()


def seed(db: Path, rows: int) -> float:
    """Fill ``db`` with ``rows`` transactions (once; later runs reuse the file)."""
    from loyalty_async.sandbox import Sandbox

    async def fill() -> None:
        async with Sandbox(db=str(db)) as sandbox:
            member = sandbox.seed.member("export@example.com", identifiers={"CARDCODE": "EXP1"})
            sandbox.seed.transactions(member.account_id, rows, amount="9.99")

    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    asyncio.run(fill())
    return time.perf_counter() - started


# ---------------------------------------------------------------------- one download (child)


class PeakSampler:
    """Samples this process's resident memory every few milliseconds, in a thread."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.peak = rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


async def download_sdk(url: str, target: Path) -> dict[str, Any]:
    from loyalty_async import ConvercusClient
    from loyalty_async.convercus import Report

    async with ConvercusClient(**client_kwargs(url)) as client:
        await client.auth.login()
        before, cpu = rss_bytes(), cpu_seconds()
        with PeakSampler() as sampler:
            started = time.perf_counter()
            saved = await client.reports.download(Report.TRANSACTION, target)
            seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "bytes": saved.bytes,
        "rows": saved.rows,
        "cpu_seconds": cpu_seconds() - cpu,
        "rss_before": before,
        "rss_peak": sampler.peak,
        "rss_hwm": peak_rss_bytes(),
    }


async def download_raw(url: str, target: Path) -> dict[str, Any]:
    import aiohttp

    credentials = client_kwargs(url)
    login = {
        "org": credentials["org"],
        "userName": credentials["username"],
        "password": credentials["password"],
    }
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{url}/auth/login", json=login) as response:
            response.raise_for_status()
            token = (await response.text()).strip()
        headers = {"Authorization": token, "interaction-id": credentials["interaction_id"]}
        before, cpu = rss_bytes(), cpu_seconds()
        size = 0
        with PeakSampler() as sampler:
            started = time.perf_counter()
            async with session.get(
                f"{url}/reports/v3/transaction/export", headers=headers
            ) as response:
                response.raise_for_status()
                with target.open("wb") as file:
                    async for chunk in response.content.iter_chunked(CHUNK):
                        file.write(chunk)
                        size += len(chunk)
            seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "bytes": size,
        "rows": None,
        "cpu_seconds": cpu_seconds() - cpu,
        "rss_before": before,
        "rss_peak": sampler.peak,
        "rss_hwm": peak_rss_bytes(),
    }


def child(kind: str, url: str, target: Path) -> None:
    run = download_sdk if kind == "sdk" else download_raw
    print(json.dumps(asyncio.run(run(url, target))), flush=True)


def measure(kind: str, url: str, target: Path, *, keep: bool = False) -> dict[str, Any]:
    """One download in a fresh client process (so each starts from the same memory)."""
    command = [sys.executable, __file__, "--child", kind, "--url", url, "--out", str(target)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["mb_per_s"] = result["bytes"] / MB / result["seconds"]
    result["rss_growth_mb"] = (result["rss_peak"] - result["rss_before"]) / MB
    result["hwm_growth_mb"] = (result["rss_hwm"] - result["rss_before"]) / MB
    if not keep:
        target.unlink(missing_ok=True)
    return result


def rounds(url: str, count: int, folder: Path, label: str) -> dict[str, list[dict[str, Any]]]:
    """``count`` rounds of one raw and one SDK download, the order alternating."""
    runs: dict[str, list[dict[str, Any]]] = {"sdk": [], "raw": []}
    for round_number in range(count):
        order = ("raw", "sdk") if round_number % 2 == 0 else ("sdk", "raw")
        for kind in order:
            result = measure(kind, url, folder / f"{kind}.csv", keep=kind == "raw")
            runs[kind].append(result)
            print(
                f"  {label} round {round_number + 1} {kind}: {result['bytes'] / MB:,.1f} MB in "
                f"{result['seconds']:.2f} s = {result['mb_per_s']:.1f} MB/s, "
                f"cpu {result['cpu_seconds']:.2f} s, rss +{result['rss_growth_mb']:.1f} MB",
                flush=True,
            )
    return runs


def _median(runs: list[dict[str, Any]], value: Any) -> float:
    return float(statistics.median(value(run) for run in runs))


def summarise(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Medians of speed and CPU per MB for each client, and the SDK's memory growth."""
    sdk = _median(runs["sdk"], lambda r: r["mb_per_s"])
    raw = _median(runs["raw"], lambda r: r["mb_per_s"])

    def cpu(kind: str) -> float:
        return round(_median(runs[kind], lambda r: 1000 * r["cpu_seconds"] / (r["bytes"] / MB)), 2)

    # Each round's SDK and raw runs are next to each other: their ratio sees the same load
    # on a shared machine, so the median of the rounds' ratios is the steadier figure.
    paired = statistics.median(
        s["mb_per_s"] / r["mb_per_s"] for s, r in zip(runs["sdk"], runs["raw"], strict=True)
    )
    return {
        "sdk_mb_per_s_median": round(sdk, 1),
        "raw_mb_per_s_median": round(raw, 1),
        "ratio_of_medians": round(sdk / raw, 3),
        "ratio_sdk_to_raw": round(paired, 3),
        "sdk_cpu_ms_per_mb": cpu("sdk"),
        "raw_cpu_ms_per_mb": cpu("raw"),
        "sdk_rss_growth_mb_max": round(max(r["rss_growth_mb"] for r in runs["sdk"]), 1),
        "sdk_hwm_growth_mb_max": round(max(r["hwm_growth_mb"] for r in runs["sdk"]), 1),
    }


# ---------------------------------------------------------------------- the benchmark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="seeded once, then reused")
    parser.add_argument("--json", help="where to write the result (benchmarks/results/)")
    parser.add_argument("--child", choices=["sdk", "raw"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url, args.out)
        return

    seeding = None
    if seeded_rows(args.db) != args.rows:
        print(f"seeding {args.rows:,} transactions into {args.db} ...", flush=True)
        seeding = seed(args.db, args.rows)
        print(f"  seeded in {seeding:.1f} s", flush=True)
    else:
        print(f"reusing {args.db} ({args.rows:,} transactions)", flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-export-") as name:
        folder = Path(name)
        with SandboxProcess(args.db) as sandbox:
            runs = rounds(sandbox.url, args.rounds, folder, "sandbox")
        recording = folder / "recorded.csv"
        (folder / "raw.csv").rename(recording)
        with ReplayProcess(recording) as replay:
            # Half a second a download: more rounds, for a steadier median.
            replayed = rounds(replay.url, 3 * args.rounds, folder, "replay")

    streamed = summarise(runs)
    fast = summarise(replayed)
    ratio = streamed["ratio_sdk_to_raw"]
    growth = max(streamed["sdk_rss_growth_mb_max"], fast["sdk_rss_growth_mb_max"])
    rows_ok = all(r["rows"] == args.rows for r in runs["sdk"] + replayed["sdk"])
    same_bytes = len({r["bytes"] for r in [*runs["sdk"], *runs["raw"], *replayed["sdk"]]}) == 1
    result = {
        "command": f"python benchmarks/bench_export.py --rows {args.rows} --rounds {args.rounds}",
        "rows": args.rows,
        "rounds": args.rounds,
        "seeding_seconds": seeding,
        "export_bytes": runs["sdk"][0]["bytes"],
        "from_sandbox": streamed,
        "from_replay_server": fast,
        "sdk_rows_counted_right": rows_ok,
        "same_bytes_every_run": same_bytes,
        "goals": {
            "rss_growth_under_50_mb": growth < 50,
            "at_least_0_80_of_raw": ratio >= 0.80,
            "at_least_0_80_of_raw_when_client_bound": fast["ratio_sdk_to_raw"] >= 0.80,
        },
        "runs": {"sandbox": runs, "replay": replayed},
    }
    path = write_result("bench_export", result, args.json)
    for label, part in (("sandbox", streamed), ("replay", fast)):
        print(
            f"{label:8} SDK {part['sdk_mb_per_s_median']:.1f} MB/s, raw aiohttp "
            f"{part['raw_mb_per_s_median']:.1f} MB/s (medians): paired ratio "
            f"{part['ratio_sdk_to_raw']:.3f}; "
            f"cpu {part['sdk_cpu_ms_per_mb']:.2f} vs {part['raw_cpu_ms_per_mb']:.2f} ms/MB"
        )
    print(f"goal ratio >= 0.80 on the sandbox stream: {'met' if ratio >= 0.80 else 'MISSED'}")
    print(
        f"SDK resident memory growth at most {growth:.1f} MB "
        f"(goal < 50 MB: {'met' if growth < 50 else 'MISSED'})"
    )
    print(
        f"rows counted {'right' if rows_ok else 'WRONG'}, "
        f"bytes {'identical' if same_bytes else 'DIFFER'} across runs"
    )
    print(f"result: {path}")


if __name__ == "__main__":
    main()
