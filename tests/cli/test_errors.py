"""Bad input and failures: one line on stderr, a distinct exit status, never a traceback."""

from __future__ import annotations

import io
import socket

import pytest

from loyalty_async.cli.base import EXIT_ERROR, EXIT_USAGE
from loyalty_async.sandbox import Sandbox

from .conftest import Command, Outcome


def assert_one_line_error(outcome: Outcome, status: int, *fragments: str) -> str:
    assert outcome.status == status, outcome
    assert outcome.out == ""
    assert outcome.err.endswith("\n") and outcome.err.count("\n") == 1, outcome.err
    assert "Traceback" not in outcome.err
    line = outcome.err.strip()
    assert line.startswith("loyalty-async")
    for fragment in fragments:
        assert fragment in line, line
    return line


def test_an_unknown_command(command: Command) -> None:
    assert_one_line_error(command("acounts"), EXIT_USAGE, "invalid choice: 'acounts'")


def test_an_unknown_action(command: Command) -> None:
    assert_one_line_error(
        command("accounts", "delete", "x"), EXIT_USAGE, "loyalty-async accounts:", "'delete'"
    )


def test_a_group_without_its_action(command: Command) -> None:
    assert_one_line_error(command("accounts"), EXIT_USAGE, "required: ACTION")


def test_a_bad_id_type(command: Command) -> None:
    assert_one_line_error(
        command("accounts", "get", "V1W2X3Y4Z5", "--id-type", "PHONE"),
        EXIT_USAGE,
        "--id-type: invalid choice: 'PHONE'",
    )


def test_a_bad_option_value(command: Command) -> None:
    assert_one_line_error(
        command("transactions", "list", "V1", "--id-type", "CARDCODE", "--limit", "0"),
        EXIT_USAGE,
        "--limit",
    )


async def test_a_code_without_id_type_is_refused_before_anything_is_sent(
    command: Command, sandbox_environment: Sandbox
) -> None:
    outcome = await command.threaded("accounts", "balance", "V1W2X3Y4Z5")

    assert_one_line_error(outcome, EXIT_USAGE, "not a technical id", "--id-type CARDCODE")
    assert sandbox_environment.stats.requests == 0


async def test_a_bad_uuid_argument(command: Command, sandbox_environment: Sandbox) -> None:
    outcome = await command.threaded("users", "get", "not-a-uuid")

    assert_one_line_error(outcome, EXIT_USAGE, "user_id must be a UUID")
    assert sandbox_environment.stats.requests == 0


def test_missing_settings_are_named(command: Command) -> None:
    outcome = command("accounts", "get", "V1", "--id-type", "CARDCODE", "--environment", "staging")

    assert_one_line_error(
        outcome, EXIT_USAGE, "--org (or CONVERCUS_ORG)", "--username (or CONVERCUS_USERNAME)"
    )


def test_where_to_connect_is_required(command: Command) -> None:
    outcome = command("accounts", "get", "V1", "--id-type", "CARDCODE")

    assert_one_line_error(
        outcome,
        EXIT_USAGE,
        "missing Convercus settings: --environment or --base-url",
        "CONVERCUS_BASE_URL",
        "--org (or CONVERCUS_ORG)",
        "--interaction-id (or CONVERCUS_INTERACTION_ID)",
    )


def test_a_missing_password_outside_a_terminal(
    command: Command, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable, value in (
        ("CONVERCUS_ENVIRONMENT", "staging"),
        ("CONVERCUS_ORG", "ORG"),
        ("CONVERCUS_USERNAME", "api-user"),
        ("CONVERCUS_INTERACTION_ID", "till-1"),
    ):
        monkeypatch.setenv(variable, value)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    outcome = command("accounts", "get", "V1", "--id-type", "CARDCODE")

    assert_one_line_error(outcome, EXIT_USAGE, "missing Convercus password", "CONVERCUS_PASSWORD")


def test_a_password_flag_is_refused_without_echoing_it(command: Command) -> None:
    for given in (("--password", "hunter2"), ("--password=hunter2",)):
        outcome = command("accounts", "get", "V1", "--id-type", "CARDCODE", *given)

        line = assert_one_line_error(outcome, EXIT_USAGE, "no --password option")
        assert "hunter2" not in line


async def test_a_404_is_an_api_error(command: Command, sandbox_environment: Sandbox) -> None:
    outcome = await command.threaded("accounts", "get", "NO-SUCH-CARD", "--id-type", "CARDCODE")

    line = assert_one_line_error(outcome, EXIT_ERROR, "HTTP 404", "ACCOUNT_NOT_FOUND")
    assert "GET /accounts/" in line


async def test_wrong_credentials(
    command: Command, sandbox_environment: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONVERCUS_PASSWORD", "wrong")

    outcome = await command.threaded("auth", "login")

    line = assert_one_line_error(outcome, EXIT_ERROR, "HTTP 401", "BAD_CREDENTIALS")
    assert "wrong" not in line


def test_a_refused_connection(command: Command, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("CONVERCUS_PASSWORD", "secret")

    outcome = command(
        "accounts",
        "get",
        "V1",
        "--id-type",
        "CARDCODE",
        "--base-url",
        f"http://127.0.0.1:{port}",
        "--org",
        "ORG",
        "--username",
        "api-user",
        "--interaction-id",
        "till-1",
        "--retries",
        "0",
    )

    assert_one_line_error(outcome, EXIT_ERROR, "ConnectError", "could not connect")


def test_an_unexpected_failure_is_one_line_too(
    command: Command, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("boom\nwith a second line")

    monkeypatch.setattr("loyalty_async.cli.demo.run", broken)
    monkeypatch.setattr("loyalty_async.cli.demo.add_commands", _demo_with(broken))

    line = assert_one_line_error(command("demo"), EXIT_ERROR, "RuntimeError: boom with a second")
    assert "--debug" in line


def _demo_with(handler: object) -> object:
    def add_commands(subparsers: object) -> None:
        subparsers.add_parser("demo").set_defaults(handler=handler)  # type: ignore[attr-defined]

    return add_commands


def test_help_and_version_exit_0(command: Command, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        command("--version")
    assert done.value.code == 0
    with pytest.raises(SystemExit) as helped:
        command("--help")
    assert helped.value.code == 0
    out = capsys.readouterr().out
    for group in ("demo", "sandbox", "accounts", "users", "memberships", "transactions"):
        assert group in out
