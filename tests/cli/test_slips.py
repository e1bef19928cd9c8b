"""Small things the command line got wrong: stdout as ``-``, ports, hosts, SIGTERM, ``--debug``."""

from __future__ import annotations

import asyncio
import csv
import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from loyalty_async.sandbox import Sandbox
from tests.cli.conftest import Command

STAND_INS = [
    pytest.param(["sandbox"], id="convercus"),
    pytest.param(["mews", "sandbox"], id="mews"),
    pytest.param(["accengage", "sandbox"], id="accengage"),
    pytest.param(["loyalty-pass", "sandbox"], id="loyalty-pass"),
]


async def test_export_out_dash_writes_the_csv_to_stdout_and_the_summary_to_stderr(
    command: Command,
    sandbox_environment: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    member = sandbox_environment.seed.member("ada@example.com")
    sandbox_environment.seed.transactions(member.account_id, 30, amount="9.99")

    outcome = await command.threaded("export", "transactions", "--out", "-")

    assert outcome.status == 0, outcome.err
    rows = list(csv.DictReader(io.StringIO(outcome.out)))
    assert len(rows) == 30
    assert {row["accountId"] for row in rows} == {member.account_id}
    assert outcome.err.startswith("exported 30 rows (")
    assert " of transaction to standard output in " in outcome.err
    assert not any(tmp_path.iterdir())  # noqa: ASYNC240 (no file named "-", no partial file)


@pytest.mark.parametrize("stand_in", STAND_INS)
@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_port_out_of_range_is_one_line_naming_the_option(
    command: Command, stand_in: list[str], port: str
) -> None:
    outcome = command(*stand_in, "--port", port)

    assert outcome.status == 2
    assert outcome.err.count("\n") == 1
    assert f"argument --port: must be a port number from 0 to 65535, got '{port}'" in outcome.err
    assert "Error" not in outcome.err  # no "unexpected OverflowError"


@pytest.mark.parametrize("stand_in", STAND_INS)
def test_a_remote_host_is_refused_naming_the_command_line_flag(
    command: Command, stand_in: list[str]
) -> None:
    outcome = command(*stand_in, "--host", "0.0.0.0", "--port", "0")

    assert outcome.status == 2
    assert outcome.err.count("\n") == 1
    assert "'0.0.0.0' is not a loopback address" in outcome.err
    assert "add --allow-remote if you really mean it" in outcome.err
    assert "allow_remote=True" not in outcome.err


# SIGTERM comes the moment the banner is written: before the fix the handler was set
# only after the banner, so the default action killed the process (exit -15, no summary).
TERMINATED_ON_BANNER = textwrap.dedent(
    """
    import os, signal, sys

    class TermOnBanner:
        def __init__(self, out):
            self.out = out

        def write(self, text):
            self.out.write(text)
            if "Press Ctrl+C to stop." in text:
                self.out.flush()
                os.kill(os.getpid(), signal.SIGTERM)
            return len(text)

        def __getattr__(self, name):
            return getattr(self.out, name)

    sys.stdout = TermOnBanner(sys.stdout)
    from loyalty_async.cli import main

    sys.exit(main(sys.argv[1:]))
    """
)


@pytest.mark.parametrize("stand_in", STAND_INS)
async def test_sigterm_right_after_the_banner_stops_cleanly_with_a_summary(
    stand_in: list[str],
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-W",
        "error",
        "-c",
        TERMINATED_ON_BANNER,
        *stand_in,
        "--port",
        "0",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = await process.communicate()

    assert process.returncode == 0, err.decode()
    lines = out.decode().splitlines()
    assert lines[-2] == "Press Ctrl+C to stop."
    assert lines[-1].startswith("stopping: 0 requests, ")
    assert err == b""


async def test_debug_is_accepted_after_the_subcommand(
    command: Command, sandbox_environment: Sandbox
) -> None:
    sandbox_environment.seed.account(identifiers={"CARDCODE": "V1W2X3Y4Z5"})

    outcome = await command.threaded(
        "accounts", "get", "V1W2X3Y4Z5", "--id-type", "CARDCODE", "--debug"
    )

    assert outcome.status == 0, outcome.err
    assert "-> POST /auth/login" in outcome.err and "-> GET /accounts/" in outcome.err
    assert "pw-4711-secret" not in outcome.err


def test_debug_before_the_subcommand_is_kept_by_it(command: Command) -> None:
    # The subcommand's own --debug must not reset the one given before it to False.
    from loyalty_async.cli import build_parser

    parser = build_parser()

    assert parser.parse_args(["--debug", "mews", "sandbox"]).debug is True
    assert parser.parse_args(["mews", "sandbox", "--debug"]).debug is True
    assert parser.parse_args(["mews", "sandbox"]).debug is False
