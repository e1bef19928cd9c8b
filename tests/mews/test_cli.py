"""``loyalty-async mews ...`` and ``loyalty-async demo mews`` against the stand-in."""

from __future__ import annotations

import argparse
import asyncio
import io
import signal
import sys
import uuid

import aiohttp
import pytest

from loyalty_async.cli import main
from loyalty_async.cli.demo_mews import journey
from loyalty_async.sandbox.mews import DEMO_ACCESS_TOKEN, MewsSandbox
from loyalty_async.sandbox.mews import cli as sandbox_cli
from tests.cli.conftest import Command, Outcome

STARTUP_SECONDS = 30
SHUTDOWN_SECONDS = 15

VARIABLES = (
    "MEWS_ENVIRONMENT",
    "MEWS_BASE_URL",
    "MEWS_CLIENT_TOKEN",
    "MEWS_ACCESS_TOKEN",
    "MEWS_CLIENT",
    "MEWS_RATE_LIMIT",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def command(capsys: pytest.CaptureFixture[str]) -> Command:
    return Command(capsys)


@pytest.fixture
def environment(mews_sandbox: MewsSandbox, monkeypatch: pytest.MonkeyPatch) -> MewsSandbox:
    tokens = mews_sandbox.credentials[0]
    monkeypatch.setenv("MEWS_BASE_URL", mews_sandbox.url)
    monkeypatch.setenv("MEWS_CLIENT_TOKEN", tokens.client_token)
    monkeypatch.setenv("MEWS_ACCESS_TOKEN", tokens.access_token)
    monkeypatch.setenv("MEWS_CLIENT", "CLI Test 1.0")
    return mews_sandbox


def one(outcome: Outcome) -> dict[str, object]:
    assert outcome.status == 0, outcome.err
    data = outcome.json()
    assert isinstance(data, list) and len(data) == 1
    item = data[0]
    assert isinstance(item, dict)
    return item


async def test_programs_tiers_and_memberships_from_the_command_line(
    environment: MewsSandbox, command: Command
) -> None:
    run = command.threaded
    program = one(
        await run("mews", "programs", "add", "--name", "Club", "--code", "CLUB",
                  "--type", "Hotel", "--subscription", "Free")
    )  # fmt: skip
    assert (program["Name"], program["Type"]) == ("Club", "Hotel")
    tier = one(
        await run("mews", "tiers", "add", "--loyalty-program-id", str(program["Id"]),
                  "--name", "Gold", "--code", "GOLD", "--ordering", "2")
    )  # fmt: skip
    account = str(uuid.uuid4())
    member = one(
        await run("mews", "memberships", "add", "--account-id", account,
                  "--loyalty-program-id", str(program["Id"]), "--is-primary", "true",
                  "--membership-number", "C-1", "--url", "https://club.example/c1",
                  "--expiration-date", "2027-01-01T00:00:00+01:00")
    )  # fmt: skip
    assert (member["MembershipNumber"], member["ExpirationDate"]) == ("C-1", "2026-12-31T23:00:00Z")
    updated = one(
        await run("mews", "memberships", "update", str(member["Id"]),
                  "--loyalty-tier-id", str(tier["Id"]), "--points", "700", "--clear-url")
    )  # fmt: skip
    assert (updated["LoyaltyTierId"], updated["Points"]) == (tier["Id"], 700)
    assert "Url" not in updated  # cleared: an empty field is not printed
    listed = await run("mews", "memberships", "list", "--account-id", account, "--page-size", "5")
    assert [m["Id"] for m in listed.json()] == [member["Id"]]  # type: ignore[union-attr]
    refused = await run("mews", "programs", "delete", str(program["Id"]))
    assert refused.status == 1
    assert "HTTP 403: The loyalty program 'Club' still has active memberships" in refused.err
    deleted = await run("mews", "memberships", "delete", str(member["Id"]))
    assert deleted.json() == {"deleted": [member["Id"]]}
    assert (await run("mews", "programs", "delete", str(program["Id"]))).status == 0
    gone = await run("mews", "programs", "list", "--activity-state", "Deleted")
    assert [p["Id"] for p in gone.json()] == [program["Id"]]  # type: ignore[union-attr]
    for outcome in (listed, refused, deleted, gone):
        assert DEMO_ACCESS_TOKEN not in outcome.out + outcome.err


async def test_a_walk_stopped_by_max_pages_says_how_to_resume(
    environment: MewsSandbox, command: Command
) -> None:
    for n in range(3):
        await command.threaded(
            "mews", "programs", "add", "--name", f"P{n}", "--code", f"P{n}",
            "--type", "Hotel", "--subscription", "Free",
        )  # fmt: skip
    first = await command.threaded(
        "mews", "programs", "list", "--page-size", "2", "--max-pages", "1"
    )
    assert [p["Code"] for p in first.json()] == ["P2", "P1"]  # type: ignore[union-attr]
    cursor = first.err.strip().rsplit(" ", 1)[-1]
    assert first.err.startswith("more pages: resume with --cursor ")
    rest = await command.threaded(
        "mews", "programs", "list", "--page-size", "2", "--cursor", cursor
    )
    assert [p["Code"] for p in rest.json()] == ["P0"]  # type: ignore[union-attr]


def test_bad_usage_is_refused_before_anything_is_sent(
    command: Command, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = command("mews", "programs", "list")
    assert outcome.status == 2
    assert "missing Mews settings: --environment or --base-url" in outcome.err
    assert "MEWS_CLIENT_TOKEN, MEWS_ACCESS_TOKEN" in outcome.err
    outcome = command("mews", "programs", "list", "--access-token", "AT")
    assert outcome.status == 2 and "there is no --access-token option" in outcome.err
    monkeypatch.setenv("MEWS_CLIENT_TOKEN", "CT-1")
    monkeypatch.setenv("MEWS_ACCESS_TOKEN", "AT-1")
    monkeypatch.setenv("MEWS_BASE_URL", "http://127.0.0.1:9")  # nothing listens there
    long_name = "x" * 101
    outcome = command("mews", "programs", "add", "--name", long_name, "--code", "C",
                      "--type", "Hotel", "--subscription", "Free")  # fmt: skip
    assert outcome.status == 2
    assert "name is 101 characters long; Mews accepts at most 100" in outcome.err
    outcome = command("mews", "memberships", "update", "not-an-id", "--points", "5")
    assert outcome.status == 2 and "loyalty_membership_id must be a Mews id" in outcome.err
    outcome = command("mews", "memberships", "list", "--created-utc", "2026-01-01", "2026-02-01")
    assert outcome.status == 2 and "give a UTC offset or Z" in outcome.err
    outcome = command("mews", "tiers", "list")
    assert outcome.status == 2 and "--loyalty-program-id" in outcome.err
    outcome = command(
        "mews", "memberships", "update", str(uuid.uuid4()), "--url", "u", "--clear-url"
    )
    assert outcome.status == 2 and "give --url or clear it, not both" in outcome.err


async def test_the_demo_journey_runs_through_the_sdk() -> None:
    seen = await journey()
    steps = dict(seen.steps)
    assert steps["Enrol five guests in one request"] == "5 memberships, all Silver"
    assert steps["Page through the memberships"] == "5 in 3 pages of 2, newest first"
    assert steps["Delete the program while guests are in it"].startswith("refused (403)")
    assert steps["Delete memberships, tiers, then the program"] == "0 programs left"
    assert [m.membership_number for m in seen.memberships] == [
        f"RR-000{n}" for n in range(5, 0, -1)
    ]
    assert (seen.requests, seen.limited) == (12, 0)


def test_demo_mews_prints_its_journey(command: Command) -> None:
    outcome = command("demo", "mews")
    assert outcome.status == 0, outcome.err
    assert "Hotel group journey" in outcome.out
    assert "Move Barbara Liskov up a tier" in outcome.out
    assert "0 answered 429" in outcome.out
    assert command("demo", "nowhere").status == 2


async def test_the_sandbox_command_serves_until_terminated() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "loyalty_async", "mews", "sandbox", "--port", "0",
        "--rate-limit", "2/30",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None and process.stderr is not None
        banner = (await asyncio.wait_for(process.stdout.readline(), STARTUP_SECONDS)).decode()
        assert banner.startswith("Mews sandbox listening on http://127.0.0.1:"), banner
        url = banner.rsplit(" ", 1)[1].strip()
        exports = [(await process.stdout.readline()).decode() for _ in range(3)]
        tokens = dict(line.strip().removeprefix("export ").split("=", 1) for line in exports)
        assert tokens["MEWS_BASE_URL"] == url
        body = {
            "ClientToken": tokens["MEWS_CLIENT_TOKEN"],
            "AccessToken": tokens["MEWS_ACCESS_TOKEN"],
            "Client": "Shell 1.0",
            "Limitation": {"Count": 10},
        }
        statuses = []
        async with aiohttp.ClientSession() as session:
            for _ in range(3):
                path = f"{url}/api/connector/v1/loyaltyPrograms/getAll"
                async with session.post(path, json=body) as response:
                    statuses.append(response.status)
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), SHUTDOWN_SECONDS)
        rest = (await process.stdout.read()).decode()
        errors = (await process.stderr.read()).decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert statuses == [200, 200, 429]
    assert returncode == 0, errors
    assert "rate limit: 2 requests per AccessToken per 30 s; faults: none" in rest
    assert "stopping: 3 requests, 0 records written, 1 answered 429" in rest


def test_the_sandbox_command_refuses_bad_settings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mews", "sandbox", "--rate-limit", "fast"]) == 2
    assert "use 'off' or REQUESTS/SECONDS" in capsys.readouterr().err
    args = argparse.Namespace(
        host="10.0.0.1", port=0, rate_limit=None, faults="", allow_remote=False
    )
    err = io.StringIO()
    assert sandbox_cli.run(args, io.StringIO(), err) == 2
    assert "serves loopback only" in err.getvalue()
