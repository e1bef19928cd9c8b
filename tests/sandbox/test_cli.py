"""``loyalty-async sandbox``: starts on loopback, answers, and stops on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
from pathlib import Path

import aiohttp
import pytest

from loyalty_async.cli import main

STARTUP_SECONDS = 30
SHUTDOWN_SECONDS = 15


async def test_the_command_serves_until_terminated(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "loyalty_async",
        "sandbox",
        "--port",
        "0",
        "--db",
        str(db),
        "--org",
        "CLI",
        "--password",
        "pw",
        "--faults",
        "seed=3",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        first = await asyncio.wait_for(process.stdout.readline(), STARTUP_SECONDS)
        banner = first.decode()
        assert banner.startswith("Convercus sandbox listening on http://127.0.0.1:"), banner
        url = banner.rsplit(" ", 1)[1].strip()
        async with aiohttp.ClientSession() as session:
            body = {"org": "CLI", "userName": "sandbox", "password": "pw"}
            async with session.post(f"{url}/auth/login", json=body) as response:
                status, token = response.status, await response.text()
            async with session.post(
                f"{url}/accounts", headers={"Authorization": token, "interaction-id": "cli"}
            ) as response:
                created = response.status
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), SHUTDOWN_SECONDS)
        rest = (await process.stdout.read()).decode()
        errors = (await process.stderr.read()).decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    assert (status, created) == (200, 201)
    assert token.count(".") == 2
    assert returncode == 0, errors
    assert "org=CLI username=sandbox password=pw" in rest
    assert "stopping: 2 requests, 1 records written" in rest
    assert db.exists()


async def test_the_banner_says_no_faults_and_a_500_s_cause_is_logged(tmp_path: Path) -> None:
    db = tmp_path / "broken.sqlite"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "loyalty_async",
        "sandbox",
        "--port",
        "0",
        "--db",
        str(db),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        banner = []
        while not banner or not banner[-1].startswith("Press Ctrl+C"):
            line = await asyncio.wait_for(process.stdout.readline(), STARTUP_SECONDS)
            assert line, "the sandbox exited before its banner was complete"
            banner.append(line.decode())
        url = banner[0].rsplit(" ", 1)[1].strip()
        # Something outside the sandbox breaks its file: the next coupon call cannot work.
        with sqlite3.connect(db) as conn:
            conn.execute("DROP TABLE coupons")
        conn.close()
        async with aiohttp.ClientSession() as session:
            body = {"org": "SANDBOX", "userName": "sandbox", "password": "sandbox"}
            async with session.post(f"{url}/auth/login", json=body) as response:
                token = await response.text()
            async with session.get(
                f"{url}/v2/coupons", headers={"Authorization": token, "interaction-id": "cli"}
            ) as response:
                status, answer = response.status, await response.json()
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), SHUTDOWN_SECONDS)
        errors = (await process.stderr.read()).decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    assert "  faults: none\n" in banner
    assert (status, answer["code"]) == (500, "INTERNAL_SERVER_ERROR")
    assert returncode == 0
    assert "sandbox handler for coupons.list failed" in errors
    assert "sqlite3.OperationalError: no such table: coupons" in errors


def test_a_bad_fault_spec_exits_with_usage_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--faults", "5xx=7"]) == 2

    assert "between 0 and 1" in capsys.readouterr().err


def test_a_public_host_needs_allow_remote(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--host", "0.0.0.0"]) == 2

    assert "loopback" in capsys.readouterr().err


def test_the_sandbox_options_are_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["sandbox", "--help"])

    out = capsys.readouterr().out
    for option in ("--port", "--host", "--db", "--faults", "--org", "--username", "--password"):
        assert option in out
