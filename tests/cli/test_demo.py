"""``loyalty-async demo``: the whole journey over real HTTP, in-process and as a program."""

from __future__ import annotations

import asyncio
import os
import re
import sys

import pytest

from .conftest import Command

#: Lines of the summary that prove each step did what it says.
KEY_LINES = (
    r"Log in\s.*token valid for 24 h",
    r"Set up a partner\s.*Kaffeehaus Nord",
    r"Open its store\s.*Kaffeehaus Altona, Hamburg",
    r"Register a till in the store\s.*Till 7 \(POS\)",
    r"Attach a loyalty card\s.*CARDCODE V1W2X3Y4Z5",
    r"Make her the OWNER\s.*opt-ins: email yes, post no",
    r"Earn at Till 7, by card\s.*124\.90 EUR earns 124 points",
    r"Send the same receipt again\s.*booked once, not twice",
    r"Pay 1\.00 EUR with points\s.*takes 100 points",
    r"Redeem it on that receipt\s.*redeemed 1 of 1",
    r"Redeem it once more\s.*refused: NO_MORE_REDEEM_BY_ACCOUNT",
    r"Read the balance\s.*24 points, 0 locked",
    r"Read the account details\s.*ACTIVE, BASIC, 1 member, 1 coupon",
    r"Export the bookings \(CSV\)\s.*2 rows streamed, booked at Till 7",
    r"EARNBOOKING\s.*TRX\s.*124\s.*receipt till7-2024-000123",
    r"BURNBOOKING\s.*TRX\s.*100\s.*receipt till7-2024-000124",
    r"Gather a target audience\s.*Card holders: 1 account",
    r"Post to that audience\s.*'Double points', PUBLISHED",
    r"Read her newsfeed\s.*'Double points' and 2 receipts",
    r"Done in [0-9.]+ s: 23 HTTP requests, all through the public SDK\.",
)


def assert_summary(out: str) -> None:
    for line in KEY_LINES:
        assert re.search(line, out), f"{line!r} not in:\n{out}"
    assert "balance" in out and "level" in out and "BASIC: 124 status points" in out
    assert "Ada Lovelace <ada@example.com>, OWNER" in out


def test_the_demo_runs_the_journey_and_prints_a_summary(
    command: Command, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)

    outcome = command("demo")

    assert outcome.status == 0, outcome.err
    assert outcome.err == ""
    assert_summary(outcome.out)
    assert "\x1b[" not in outcome.out  # not a terminal: no colour codes
    assert re.search(r"Convercus sandbox at http://127\.0\.0\.1:\d+, in memory", outcome.out)


def test_the_demo_is_coloured_where_the_terminal_shows_colour(
    command: Command, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")

    outcome = command("demo")

    assert outcome.status == 0, outcome.err
    assert "\x1b[" in outcome.out


async def test_python_dash_m_loyalty_async_demo_exits_0() -> None:
    environment = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "loyalty_async",
        "demo",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**environment, "NO_COLOR": "1", "COLUMNS": "100"},
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)

    assert process.returncode == 0, err.decode()
    assert err == b""
    assert_summary(out.decode())
