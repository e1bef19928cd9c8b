"""A job killed outright, or stopped with Ctrl-C, in a real child process."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

from loyalty_async.bulk import BulkRunner, EntryStatus, Journal, Status

ROOT = Path(__file__).resolve().parents[2]


def start_job(journal: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-W", "error", "-m", "tests.bulk.child_job", str(journal), "10"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    watchdog = threading.Timer(60, process.kill)  # a job that never gets there must not hang us
    watchdog.start()
    try:
        for line in process.stdout:
            if line.strip() == "hanging":
                return process
    finally:
        watchdog.cancel()
    process.wait()
    raise AssertionError(f"the job ended early: {process.stderr.read() if process.stderr else ''}")


async def test_a_killed_run_resumes_without_doing_anything_twice(tmp_path: Path) -> None:
    journal = tmp_path / "job.journal"
    process = start_job(journal)
    process.kill()  # SIGKILL: no cleanup of any kind
    process.communicate()
    assert process.returncode == -signal.SIGKILL

    with Journal(journal) as opened:
        assert opened.counts() == {"succeeded": 10, "unknown": 3}
        unknown = list(opened.unknown())
        assert sorted(int(e.key) for e in unknown) == [10, 11, 12]
        assert {e.error_type for e in unknown} == {"Interrupted"}

    performed: list[int] = []

    async def op(item: int) -> int:
        performed.append(item)
        return item

    async with BulkRunner(op, range(50), journal=journal, concurrency=3) as runner:
        results = {int(r.key): r async for r in runner}

    assert sorted(performed) == list(range(13, 50))
    assert {results[n].status for n in range(10)} == {Status.SKIPPED}
    assert [(results[n].status, results[n].attempted) for n in (10, 11, 12)] == [
        (Status.UNKNOWN, False)
    ] * 3
    assert runner.summary.succeeded == 37


def test_ctrl_c_ends_the_run_cleanly_with_a_summary(tmp_path: Path) -> None:
    journal = tmp_path / "job.journal"
    process = start_job(journal)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)

    assert err == ""  # no traceback, no never-awaited coroutine, no destroyed task
    assert process.returncode == 130
    last = out.strip().splitlines()[-1]
    assert last.startswith("interrupted: 10 succeeded, 0 skipped, 0 failed, 3 unknown")
    assert last.endswith("[interrupted]")
    with Journal(journal) as opened:
        assert opened.counts() == {"succeeded": 10, "unknown": 3}
        assert {e.error_type for e in opened.unknown()} == {"Cancelled"}
        assert {e.status for e in opened.entries()} <= {EntryStatus.SUCCEEDED, EntryStatus.UNKNOWN}
