"""The Accengage stand-in and demo on the command line, and the pytest fixtures."""

from __future__ import annotations

import asyncio
import re
import signal
import sys

import pytest

from loyalty_async.accengage import AccengageClient
from loyalty_async.cli import main

STARTUP_SECONDS = 30
SHUTDOWN_SECONDS = 15


async def test_the_stand_in_serves_until_terminated() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "loyalty_async", "accengage", "sandbox", "--port", "0",
        "--api-key", "cli-key-1", "--partner-id", "cli-app", "--devices", "5",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None and process.stderr is not None
        first = (await asyncio.wait_for(process.stdout.readline(), STARTUP_SECONDS)).decode()
        assert first.startswith("Accengage stand-in listening on http://127.0.0.1:"), first
        url = first.rsplit(" ", 1)[1].strip()
        async with AccengageClient(
            base_url=url, email="sandbox@accengage.test", api_key="cli-key-1", partner_id="cli-app"
        ) as client:
            rows = await client.devices.export(fields=["UDID"]).collect()
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), SHUTDOWN_SECONDS)
        rest = (await process.stdout.read()).decode()
        errors = (await process.stderr.read()).decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert len(rows) == 5
    assert returncode == 0, errors
    assert "api_key=cli-key-1 partner_id=cli-app" in rest
    assert "devices: 5" in rest and "faults: none" in rest
    assert "stopping: 2 requests, 1 tokens issued, 0 faults injected" in rest


@pytest.mark.parametrize(
    "argv",
    [
        ["accengage", "sandbox", "--faults", "nonsense=1"],
        ["accengage", "sandbox", "--host", "0.0.0.0"],
        ["accengage", "sandbox", "--devices", "-1"],
        ["demo", "nowhere"],
    ],
)
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.strip()


def test_the_demo_runs_the_push_journey(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "accengage"]) == 0
    out = capsys.readouterr().out
    for line in (
        r"Check access\s.*Welcome",
        r"Create a static list\s.*list \d+, external id spring-vip",
        r"Read the list\s.*3 devices",
        r"Send it now to the list\s.*3 devices reached",
        r"Read who it was sent to\s.*3 targets",
        r"Read the statistics\s.*3 sent on \d{4}-\d\d-\d\d",
        r"Done in [0-9.]+ s: 9 HTTP requests, every one signed, 1 access token",
    ):
        assert re.search(line, out), f"{line!r} not in:\n{out}"


USER_TESTS = """
import pytest

from loyalty_async.accengage import AccengageClient, AccengageNotFoundError


@pytest.fixture
def accengage_sandbox_options():
    return {"page_size": 2}


@pytest.mark.asyncio
async def test_lists(accengage_sandbox, accengage_client: AccengageClient) -> None:
    udids = accengage_sandbox.seed_devices(3)
    created = await accengage_client.lists.create({"name": "Mine"})
    await accengage_client.lists.add_users(created["id"], [{"UDID": u} for u in udids])
    devices = await accengage_client.lists.devices(created["id"]).collect()
    assert [d["deviceId"] for d in devices] == udids
    assert accengage_sandbox.stats.operations["lists.devices"] == 2


@pytest.mark.asyncio
async def test_fresh(accengage_client: AccengageClient) -> None:
    with pytest.raises(AccengageNotFoundError):
        await accengage_client.campaigns.get(101)


@pytest.mark.asyncio
async def test_loyalty_pass(loyaltypass_sandbox, loyaltypass_client) -> None:
    loyaltypass_sandbox.add_member("M", 10)
    assert [c.id for c in await loyaltypass_client.catalog.categories()]
"""


def test_the_fixtures_work_in_a_users_suite(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        asyncio_mode = strict
        asyncio_default_fixture_loop_scope = function
        filterwarnings = error
        """
    )
    pytester.makepyfile(test_user_suite=USER_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
