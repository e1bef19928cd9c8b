"""The Loyalty Pass stand-in and demo on the command line."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from decimal import Decimal

import pytest

from loyalty_async.cli import main
from loyalty_async.loyaltypass import EarnRequest, LoyaltyPassClient

STARTUP_SECONDS = 30
SHUTDOWN_SECONDS = 15


async def test_the_stand_in_serves_until_terminated() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "loyalty_async", "loyalty-pass", "sandbox", "--port", "0",
        "--client-secret", "cli-secret", "--token-body", "json", "--member", "M-1=100",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None and process.stderr is not None
        first = (await asyncio.wait_for(process.stdout.readline(), STARTUP_SECONDS)).decode()
        assert first.startswith("Loyalty Pass stand-in listening on http://127.0.0.1:"), first
        url = first.rsplit(" ", 1)[1].strip()
        async with LoyaltyPassClient(
            base_url=url, token_url="/oauth/token", client_id="sandbox-client",
            client_secret="cli-secret", token_body="json",
        ) as client:  # fmt: skip
            posted = await client.earn.earn(
                EarnRequest(member_id="M-1", reference="R-1", amount=Decimal(20))
            )
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), SHUTDOWN_SECONDS)
        rest = (await process.stdout.read()).decode()
        errors = (await process.stderr.read()).decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert posted.balance == 120
    assert returncode == 0, errors
    assert "client_id=sandbox-client client_secret=cli-secret" in rest
    assert "members: 1" in rest
    assert "stopping: 2 requests, 1 tokens issued, 0 faults injected" in rest


@pytest.mark.parametrize(
    "argv",
    [
        ["loyalty-pass", "sandbox", "--member", "M=lots"],
        ["loyalty-pass", "sandbox", "--token-body", "xml"],
        ["loyalty-pass", "sandbox", "--host", "192.0.2.1"],
    ],
)
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.strip()


def test_the_demo_runs_the_earn_and_burn_journey(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "loyalty-pass"]) == 0
    out = capsys.readouterr().out
    for line in (
        r"placeholder routes",
        r"Evaluate the basket \(62\.40 EUR\)\s.*would earn 62 points",
        r"Earn on receipt TILL7-000123\s.*\+62 points, balance 562",
        r"Reverse that earn\s.*-62 points, balance 500",
        r"Redeem 300 points\s.*voucher LP-[0-9A-F]{10}, balance 200",
        r"Redeem 1000 points\s.*refused: HTTP 422 INSUFFICIENT_POINTS",
        r"TILL7-000123/reversal\s.*reversal\s.*-62",
        r"Done in [0-9.]+ s: 7 HTTP requests, 1 OAuth2 token",
    ):
        assert re.search(line, out), f"{line!r} not in:\n{out}"
