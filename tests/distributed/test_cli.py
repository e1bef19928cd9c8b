"""``import members --redis``, ``worker`` and ``jobs``: the commands, as processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.batch_helpers import HEADER, member, read_rows, write_csv
from tests.distributed.processes import ROOT, held, sandbox_process, worker_environment

pytestmark = pytest.mark.redis


def command(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-m", "loyalty_async", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_import_on_workers_prints_the_summary_and_the_failed_rows(
    tmp_path: Path, redis_url: str
) -> None:
    rows = [member(n) for n in range(1, 31)]
    rows[2] = member(3, birth_date="1990-02-30")  # line 4: invalid
    source = write_csv(tmp_path / "members.csv", HEADER, rows)
    with sandbox_process(tmp_path) as sandbox:
        env = worker_environment(sandbox.url, redis_url)
        # The producer needs no Convercus settings: the workers have them.
        producer_env = {k: v for k, v in env.items() if not k.startswith("CONVERCUS_")}
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "loyalty_async", "worker", "--redis", redis_url],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            for _ in range(2)
        ]
        try:
            done = command(
                "import", "members", str(source), "--redis", redis_url, "--chunk", "7",
                "--job", "spring-mailing", env=producer_env,
            )  # fmt: skip
            again = command(
                "import", "members", str(source), "--redis", redis_url, "--chunk", "7",
                "--job", "spring-mailing", env=producer_env,
            )  # fmt: skip
            status = command("jobs", "status", "spring-mailing", "--redis", redis_url, env=env)
            unknown = command("jobs", "unknown", "spring-mailing", "--redis", redis_url, env=env)
            missing = command("jobs", "status", "no-such-job", "--redis", redis_url, env=env)
        finally:
            for worker in workers:
                os.killpg(worker.pid, signal.SIGTERM)
            for worker in workers:
                worker.wait(timeout=60)
        sandbox.stop()
        members = held(sandbox.db)

    assert done.returncode == 1, done.stderr  # a row did not go through
    assert "job spring-mailing" in done.stderr
    first_line = done.stdout.splitlines()[0]
    assert first_line.startswith(f"import members {source}: done: 30 rows in ")
    assert "  created  29\n  skipped  0\n  failed   1 (1 invalid)\n  unknown  0\n" in done.stdout
    (refused,) = read_rows(tmp_path / "members.failed.csv")
    assert (refused["line"], refused["card_code"], refused["status"]) == (
        "4",
        "CARD0003",
        "invalid",
    )
    # The same command again finds the job done: nothing enqueued, the same summary.
    assert again.returncode == 1
    assert "  created  29\n" in again.stdout
    assert len(members.owners) == members.accounts == 29

    report = json.loads(status.stdout)
    assert report["rows"] == report["settled"] == 30 and report["finished"] is True
    assert report["rows_by_outcome"]["created"] == 29
    assert report["chunks"] == {"queued": 0, "running": 0, "done": 5}
    assert report["items"] == {"succeeded": 29}
    assert json.loads(unknown.stdout) == []
    assert missing.returncode == 2
    assert missing.stderr == "loyalty-async: there is no job 'no-such-job' in this Redis\n"


def test_workers_and_distributed_imports_refuse_bad_usage(tmp_path: Path, redis_url: str) -> None:
    source = write_csv(tmp_path / "members.csv", HEADER, [member(1)])
    bare = {k: v for k, v in os.environ.items() if not k.startswith(("CONVERCUS_", "LOYALTY_"))}
    worker = command("worker", "--redis", redis_url, env=bare)
    assert worker.returncode == 2
    assert worker.stderr.startswith(
        "loyalty-async: a worker reads its settings from the environment; set CONVERCUS_BASE_URL"
    )
    journal = command(
        "import", "members", str(source), "--redis", redis_url, "--journal", "x", env=bare
    )
    assert journal.returncode == 2
    assert "--journal is for a run in one process" in journal.stderr
    no_redis = command("jobs", "status", "job", env=bare)
    assert no_redis.stderr == ("loyalty-async: give --redis URL (or set LOYALTY_ASYNC_REDIS_URL)\n")
