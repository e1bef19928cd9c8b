"""Processes of a distributed import: the sandbox, taskiq workers, and what they hold."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

from loyalty_async.sandbox import Credentials

ROOT = Path(__file__).resolve().parents[2]


@attrs.define
class SandboxProcess:
    db: Path
    arrivals_path: Path
    process: subprocess.Popen[str]
    url: str

    def arrivals(self) -> list[float]:
        """Stop the sandbox; the arrival time of every request it served."""
        self.stop()
        return list(json.loads(self.arrivals_path.read_text()))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextlib.contextmanager
def sandbox_process(folder: Path) -> Iterator[SandboxProcess]:
    db, arrivals = folder / "sandbox.sqlite", folder / "arrivals.json"
    server = ROOT / "tests" / "distributed" / "sandbox_server.py"
    process = subprocess.Popen(
        [sys.executable, str(server), str(db), str(arrivals)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("listening on "), line
        yield SandboxProcess(db, arrivals, process, line.split()[-1])
    finally:
        SandboxProcess(db, arrivals, process, "").stop()


def worker_environment(sandbox_url: str, redis_url: str) -> dict[str, str]:
    credentials = Credentials()
    return {
        **os.environ,
        "LOYALTY_ASYNC_REDIS_URL": redis_url,
        "CONVERCUS_BASE_URL": sandbox_url,
        "CONVERCUS_ORG": credentials.org,
        "CONVERCUS_USERNAME": credentials.username,
        "CONVERCUS_PASSWORD": credentials.password,
        "CONVERCUS_INTERACTION_ID": credentials.interaction_id,
    }


class Workers:
    """``taskiq worker`` processes, each in a process group of its own (parent and child)."""

    def __init__(self, environment: Mapping[str, str], log_folder: Path) -> None:
        self.environment = dict(environment)
        self.log_folder = log_folder
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.log_folder / f"worker-{len(self.running)}.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable, "-m", "taskiq", "worker",
                "loyalty_async.bulk.distributed:broker",
                "--workers", "1", "--max-async-tasks", "1", "--max-prefetch", "0",
                "--no-configure-logging",
            ],
            cwd=ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """``kill -9`` the worker: its supervisor and the process running the tasks."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for process in self.running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@attrs.frozen
class Held:
    """The members the sandbox's database holds, by card."""

    owners: dict[str, str]  # card → the OWNER's e-mail address
    cards_per_account: dict[str, int]
    users_by_email: dict[str, int]
    accounts: int


def held(db: Path) -> Held:
    connection = sqlite3.connect(db)
    try:
        owners: dict[str, str] = {}
        for code, email in connection.execute(
            "SELECT i.code, u.email_address FROM identifiers i "
            "JOIN memberships m ON m.account_id = i.account_id AND m.member_role = 'OWNER' "
            "JOIN users u ON u.id = m.user_id WHERE i.type = 'CARDCODE'"
        ):
            assert code not in owners, f"card {code} has two owners"
            owners[code] = email
        cards = dict(
            connection.execute(
                "SELECT code, COUNT(DISTINCT account_id) FROM identifiers "
                "WHERE type = 'CARDCODE' GROUP BY code"
            ).fetchall()
        )
        users = dict(
            connection.execute(
                "SELECT email_address, COUNT(*) FROM users GROUP BY email_address"
            ).fetchall()
        )
        accounts = connection.execute("SELECT COUNT(*) FROM accounts").fetchone()[0]
    finally:
        connection.close()
    return Held(owners, cards, users, accounts)
