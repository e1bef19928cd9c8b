"""``import members`` in a real child process: killed outright, or stopped with Ctrl-C.

The sandbox runs in this process (on loopback); the command runs as
``python -m loyalty_async import members ...`` and is resumed with the same journal.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from loyalty_async.bulk import Journal
from loyalty_async.sandbox import Sandbox
from tests.cli.batch_helpers import Gate, environment, members_file, sandbox_with, state

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 60  # seconds any child may take before the test gives up on it


@attrs.frozen
class Finished:
    returncode: int
    out: str
    err: str


async def start(sandbox: Sandbox, *argv: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-W",
        "error",
        "-m",
        "loyalty_async",
        "import",
        "members",
        *argv,
        cwd=ROOT,
        env=environment(sandbox),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(process: asyncio.subprocess.Process) -> Finished:
    try:
        out, err = await asyncio.wait_for(process.communicate(), LIMIT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return Finished(process.returncode, out.decode(), err.decode())


async def until(condition: Callable[[], bool], what: str) -> None:
    async def poll() -> None:
        # The sandbox's counters have no event to wait on: look at them now and then.
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.01)

    try:
        await asyncio.wait_for(poll(), LIMIT)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


async def test_a_killed_import_resumes_without_a_second_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = members_file(tmp_path / "members.csv", 6)
    journal = tmp_path / "run.journal"
    argv = [str(source), "--concurrency", "2", "--journal", str(journal)]
    # Two rows go through; the next two open their accounts, then hang attaching the card.
    gate = Gate(open_for=2, then="refuse")
    async with sandbox_with(monkeypatch, {"identifiers.create": gate.wrap}) as sandbox:
        process = await start(sandbox, *argv)
        await gate.wait_held(2)
        process.kill()  # SIGKILL: no clean-up of any kind
        killed = await finish(process)
        gate.opened.set()  # the held calls are refused: nothing more happens for them

        with Journal(journal) as opened:
            counts = opened.counts()
            interrupted = {entry.key: entry.value for entry in opened.unknown()}
        before = state(sandbox)

        gate.calls = gate.open_for = 0  # from now on every card goes through
        resumed = await finish(await start(sandbox, *argv))
        after = state(sandbox)
        operations = sandbox.stats.operations

    assert killed.returncode == -signal.SIGKILL
    assert counts == {"succeeded": 2, "unknown": 2}
    # The journal knows which accounts the interrupted rows opened...
    assert {key: value["account_id"] is not None for key, value in interrupted.items()} == {
        "CARD0003": True,
        "CARD0004": True,
    }
    assert (before.accounts, before.accounts_without_card) == (4, 2)

    assert resumed.returncode == 0, resumed.err
    assert "created  4 (2 resumed from an earlier run)\n  skipped  2\n" in resumed.out
    # ... so the second run attached the cards to them instead of opening others.
    assert after.accounts == 6
    assert after.accounts_without_card == 0
    assert operations["accounts.create"] == 6
    assert operations["users.create"] == operations["memberships.create"] == 6
    assert sorted(after.owners) == [f"CARD{n:04d}" for n in range(1, 7)]
    assert {after.cards[key] for key in interrupted} == {
        value["account_id"] for value in interrupted.values()
    }


@pytest.mark.parametrize(
    ("stop", "status", "said"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["ctrl-c", "sigterm"],
)
async def test_ctrl_c_or_sigterm_lets_rows_in_flight_finish_and_leaves_a_journal_to_resume(
    tmp_path: Path, stop: signal.Signals, status: int, said: str
) -> None:
    source = members_file(tmp_path / "members.csv", 40)
    journal = tmp_path / "run.journal"
    argv = [str(source), "--concurrency", "2", "--journal", str(journal)]
    # Each call takes 50 ms, so the 40 rows cannot be done when Ctrl-C comes.
    async with Sandbox(faults="latency=0.05") as sandbox:
        process = await start(sandbox, *argv)
        await until(lambda: sandbox.stats.writes["memberships"] >= 2, "two members")
        process.send_signal(stop)
        stopped = await finish(process)

        with Journal(journal) as opened:
            counts = opened.counts()
        before = state(sandbox)
        sandbox.faults = ""
        resumed = await finish(await start(sandbox, *argv))
        after = state(sandbox)

    assert stopped.returncode == status
    assert stopped.err == f"loyalty-async: {said}\n"  # no traceback, no warning
    first_line = stopped.out.splitlines()[0]
    assert first_line.startswith(f"import members {source}: interrupted after ")
    assert stopped.out.endswith("run the same command again to go on where it stopped\n")
    # The rows in flight finished within the grace period: nothing is left half done.
    assert set(counts) == {"succeeded"}
    assert counts["succeeded"] == len(before.owners) < 40
    assert before.accounts_without_card == before.users_without_membership == 0

    assert resumed.returncode == 0, resumed.err
    assert f"created  {40 - counts['succeeded']}\n  skipped  {counts['succeeded']}\n" in (
        resumed.out
    )
    assert after.accounts == len(after.owners) == 40
