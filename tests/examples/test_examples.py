"""The programs of ``examples/`` run as a user runs them, against the sandbox.

Each one is started as its own process (``python -W error examples/...``) with the
``CONVERCUS_*`` settings of a sandbox served from this test, then driven over real HTTP
or Redis, then stopped with SIGTERM: it must exit 0, having logged in once for all its
requests and closed what it opened (with warnings as errors, a leaked session would print
"Exception ignored" on its way out).
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis

from loyalty_async.sandbox import Sandbox
from tests.docs.markdown import ROOT

EXAMPLES = ROOT / "examples"
CARD = "V1W2X3Y4Z5"
# How long a starting program may take to listen on a machine under load. A bound, so a
# broken example fails instead of hanging; no timing is asserted.
PATIENCE = 120.0


def settings(sandbox: Sandbox, interaction_id: str) -> dict[str, str]:
    """The environment of a program pointed at ``sandbox``."""
    login = sandbox.credentials
    return {
        **os.environ,
        "CONVERCUS_BASE_URL": sandbox.url,
        "CONVERCUS_ORG": login.org,
        "CONVERCUS_USERNAME": login.username,
        "CONVERCUS_PASSWORD": login.password,
        "CONVERCUS_INTERACTION_ID": interaction_id,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start(script: str, *args: str, env: Mapping[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-W", "error", str(EXAMPLES / script), *args,
        env=dict(env), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


async def stop(process: asyncio.subprocess.Process) -> tuple[str, str]:
    """SIGTERM, then what the program printed."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    out, err = await asyncio.wait_for(process.communicate(), PATIENCE)
    return out.decode(), err.decode()


async def finish(process: asyncio.subprocess.Process) -> tuple[str, str]:
    """What the program printed, once it ended by itself."""
    out, err = await asyncio.wait_for(process.communicate(), PATIENCE)
    return out.decode(), err.decode()


async def listening(port: int, process: asyncio.subprocess.Process) -> None:
    async with asyncio.timeout(PATIENCE):
        while True:
            assert process.returncode is None, "the example stopped before it listened"
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.1)
                continue
            writer.close()
            await writer.wait_closed()
            return


def clean(err: str) -> bool:
    return not any(word in err for word in ("Traceback", "Exception ignored", "Unclosed"))


@pytest.fixture
async def member_sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox() as sandbox:
        sandbox.seed.member("ada@example.com", identifiers={"CARDCODE": CARD}, points=10)
        yield sandbox


async def drive_web_app(port: int) -> dict[str, Any]:
    """What the web apps answer: 50 balances at once, a receipt twice, two refusals."""
    base = f"http://127.0.0.1:{port}/members"
    async with aiohttp.ClientSession() as http:

        async def balance(card: str) -> tuple[int, Any]:
            async with http.get(f"{base}/{card}/balance") as response:
                return response.status, await response.json(content_type=None)

        async def receipt(card: str, body: dict[str, Any]) -> tuple[int, Any]:
            async with http.post(f"{base}/{card}/receipts", json=body) as response:
                text = await response.text()
                return response.status, json.loads(text) if response.status < 400 else text

        balances = await asyncio.gather(*(balance(CARD) for _ in range(50)))
        first = await receipt(CARD, {"receipt_id": "TILL7-0001", "amount": "24.90"})
        again = await receipt(CARD, {"receipt_id": "TILL7-0001", "amount": "24.90"})
        after = await balance(CARD)
        async with http.get(f"{base}/NO-SUCH-CARD/balance") as response:
            unknown = response.status
        refused, _ = await receipt(CARD, {"receipt_id": "TILL7-0002", "amount": "-5"})
    return {
        "balances": balances,
        "first": first,
        "again": again,
        "after": after,
        "unknown": unknown,
        "refused": refused,
    }


@pytest.mark.parametrize("script", ["aiohttp_app.py", "fastapi_app.py"])
async def test_a_web_app_shares_one_client_and_closes_it_on_shutdown(
    member_sandbox: Sandbox, script: str
) -> None:
    port = free_port()
    process = await start(script, "--port", str(port), env=settings(member_sandbox, "webshop-1"))
    try:
        await listening(port, process)
        seen = await drive_web_app(port)
    finally:
        _, err = await stop(process)

    # uvicorn ends by raising the signal it stopped on again, after its shutdown ran.
    assert process.returncode in (0, -signal.SIGTERM), err
    assert clean(err), err
    assert seen["balances"] == [(200, {"points": 10, "locked_points": 0})] * 50
    assert seen["first"] == (201, {"points": 24})
    assert seen["again"] == (201, {"points": 24})  # the same receipt, booked once
    assert seen["after"] == (200, {"points": 34, "locked_points": 0})
    assert (seen["unknown"], seen["refused"]) == (404, 400)
    assert member_sandbox.stats.logins == 1  # one client for every request
    # The receipt twice (booked once), and the refused one.
    assert member_sandbox.stats.operations["transactions.create_for_account"] == 3


@pytest.mark.redis
async def test_the_worker_books_every_queued_receipt_once_and_stops_cleanly(
    member_sandbox: Sandbox, redis_url: str
) -> None:
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        receipts = [
            json.dumps({"card": CARD, "receipt_id": f"R-{n:03}", "amount": "10.00"})
            for n in range(30)
        ]
        # One receipt a crashed worker had taken, one sent twice, one that is not a receipt.
        await redis.lpush("loyalty:receipts:processing", receipts[0])
        await redis.lpush("loyalty:receipts", *receipts[1:], receipts[5], '{"card": "x"}')
        process = await start(
            "worker.py", "--redis", redis_url, "--concurrency", "4",
            env=settings(member_sandbox, "worker-1"),
        )  # fmt: skip
        try:
            async with asyncio.timeout(PATIENCE):
                while await redis.llen("loyalty:receipts") or await redis.llen(
                    "loyalty:receipts:processing"
                ):
                    assert process.returncode is None, "the worker stopped"
                    await asyncio.sleep(0.1)
        finally:
            _, err = await stop(process)
        failed = [
            json.loads(entry) for entry in await redis.lrange("loyalty:receipts:failed", 0, -1)
        ]
    finally:
        await redis.aclose()

    assert process.returncode == 0, err
    assert clean(err), err
    assert "stopped" in err  # its log line: it let the receipts in hand finish
    client = member_sandbox.client()
    async with client:
        balance = await client.accounts.get_balance(CARD, id_type="CARDCODE")
    assert balance.points == 10 + 30 * 10  # every receipt once, the doubled one too
    assert [entry["reason"].startswith("not a receipt") for entry in failed] == [True]
    assert member_sandbox.stats.logins == 2  # the worker's one, and this test's


async def test_the_batch_job_books_every_row_once_and_a_rerun_books_nothing(
    member_sandbox: Sandbox, tmp_path: Path
) -> None:
    cards = [f"CARD{n:04}" for n in range(40)]
    for card in cards:
        member_sandbox.seed.account(identifiers={"CARDCODE": card})
    campaign = tmp_path / "spring.csv"
    with campaign.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["card", "points", "reference"])
        writer.writerows([card, 100, f"spring-{card}"] for card in cards)
        writer.writerow(["NO-SUCH-CARD", 100, "spring-missing"])
    env = settings(member_sandbox, "campaign")

    first = await start("batch_job.py", str(campaign), "--concurrency", "8", env=env)
    out, err = await finish(first)
    again = await start("batch_job.py", str(campaign), env=env)
    out_again, err_again = await finish(again)

    assert first.returncode == 1, err  # one row failed: the exit status says so
    assert clean(err) and clean(err_again), err + err_again
    assert "spring-missing: failed: " in out
    assert member_sandbox.stats.operations["bookings.create"] == 41 + 0  # the rerun booked none
    assert again.returncode == 1  # the failed row is still failed
    assert "40 skipped" in out_again or "skipped 40" in out_again, out_again
    async with member_sandbox.client() as client:
        balances = [await client.accounts.get_balance(card, id_type="CARDCODE") for card in cards]
    assert {balance.points for balance in balances} == {100}
