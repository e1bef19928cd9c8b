"""``loyalty-async call``: any operation of the table by name, against the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from loyalty_async.sandbox import Sandbox, SeededMember

from .conftest import Command

CARD = "V1W2X3Y4Z5"


@pytest.fixture
def member(sandbox_environment: Sandbox) -> SeededMember:
    return sandbox_environment.seed.member(
        "ada@example.com", identifiers={"CARDCODE": CARD}, points=250
    )


async def test_a_read_by_card_prints_the_body(command: Command, member: SeededMember) -> None:
    outcome = await command.threaded(
        "call", "accounts.get_balance", "--path", f"accountId={CARD}", "--id-type", "cardcode"
    )

    assert outcome.status == 0, outcome.err
    assert outcome.json() == {"points": 250, "lockedPoints": 0}


async def test_a_create_prints_the_new_id_and_a_body_comes_from_a_file(
    command: Command, member: SeededMember, tmp_path: Path
) -> None:
    body = tmp_path / "booking.json"
    body.write_text('{"bookingType": "EARNBOOKING", "points": 40, "referenceId": "cli-1"}')

    created = await command.threaded(
        "call",
        "bookings.create",
        "--path",
        f"accountId={member.account_id}",
        "--json",
        f"@{body}",
    )
    balance = await command.threaded(
        "call", "accounts.get_balance", "--path", f"accountId={member.account_id}"
    )

    assert created.status == 0, created.err
    assert isinstance(created.json(), str) and created.json()
    assert balance.json() == {"points": 290, "lockedPoints": 0}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("call", "accounts.get_balanse"), "did you mean accounts.get_balance"),
        (("call", "accounts.get_balance"), "needs --path accountId=..."),
        (("call", "accounts.get_balance", "--path", "acountId=x"), "no path parameter acountId"),
        (("call", "accounts.get_balance", "--path", "accountId"), "NAME=VALUE"),
        (("call", "rating.list_levels"), "CONVERCUS_PROGRAM_ID"),
        (("call", "users.get", "--path", "userId=u", "--id-type", "ID"), "does not take --id-type"),
        (("call", "users.create", "--json", "{not json"), "--json is not JSON"),
        (("call", "users.create", "--json", "@/nonexistent/file.json"), "cannot read it"),
    ],
)
def test_usage_errors_are_one_line_before_anything_is_asked(
    command: Command, argv: tuple[str, ...], message: str
) -> None:
    outcome = command(*argv)

    assert outcome.status == 2
    assert message in outcome.err
    assert outcome.err.count("\n") == 1
    assert outcome.out == ""


async def test_an_api_error_is_one_line_with_exit_status_1(
    command: Command, sandbox_environment: Sandbox
) -> None:
    outcome = await command.threaded(
        "call", "accounts.get_balance", "--path", "accountId=NOPE", "--id-type", "CARDCODE"
    )

    assert outcome.status == 1
    assert "404" in outcome.err and outcome.err.count("\n") == 1
