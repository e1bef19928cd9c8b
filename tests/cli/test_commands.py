"""The commands that read Convercus, against the sandbox: JSON out, settings in."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest

from loyalty_async import ConvercusClient
from loyalty_async.cli import build_parser
from loyalty_async.cli.base import client_settings
from loyalty_async.convercus import TransactionRequest, TransactionType
from loyalty_async.sandbox import Sandbox, SeededMember

from .conftest import Command

CARD = "V1W2X3Y4Z5"


@pytest.fixture
async def member(sandbox_environment: Sandbox, convercus_client: ConvercusClient) -> SeededMember:
    """A member with a card, points, three receipts and a coupon."""
    seed = sandbox_environment.seed
    member = seed.member(
        "ada@example.com",
        identifiers={"CARDCODE": CARD},
        points=500,
        optins=[{"type": "email", "flag": True}],
        given_name="Ada",
    )
    for n in range(3):
        await convercus_client.transactions.create_for_account(
            member.account_id,
            TransactionRequest(
                transaction_type=TransactionType.EARNTRANSACTION,
                amount=Decimal("10.50"),
                currency_code="EUR",
                external_id=f"till-{n}",
            ),
        )
    seed.assign_coupon(seed.coupon(title="Coffee", max_redeem_count=2), member.account_id)
    return member


def by_card(*command: str) -> tuple[str, ...]:
    return (*command, CARD, "--id-type", "CARDCODE")


def json_of(outcome: Any) -> Any:
    assert outcome.status == 0, outcome.err
    assert outcome.err == ""
    return outcome.json()


async def test_accounts_get_turns_a_card_code_into_the_account(
    command: Command, member: SeededMember
) -> None:
    account = json_of(await command.threaded(*by_card("accounts", "get")))

    assert account == {"id": member.account_id, "program": "SANDBOX", "status": "ACTIVE"}


async def test_accounts_balance_details_and_level(command: Command, member: SeededMember) -> None:
    balance = json_of(await command.threaded(*by_card("accounts", "balance")))
    details = json_of(await command.threaded("accounts", "details", member.account_id))
    level = json_of(await command.threaded("accounts", "level", CARD, "--id-type", "cardcode"))

    assert balance == {"points": 530, "lockedPoints": 0}
    assert details["accountId"] == member.account_id
    assert details["accountBalance"] == {"points": 530, "lockedPoints": 0}
    assert [(i["type"], i["code"]) for i in details["identifiers"]] == [("CARDCODE", CARD)]
    (owner,) = details["memberships"]
    assert (owner["emailAddress"], owner["memberRole"]) == ("ada@example.com", "OWNER")
    assert owner["optins"] == [{"type": "email", "flag": True}]
    assert [c["maxRedeemCount"] for c in details["accountCoupons"]] == [2]
    assert (level["name"], level["currentStatePoints"]) == ("BASIC", 530)


async def test_identifiers_users_and_memberships(command: Command, member: SeededMember) -> None:
    identifiers = json_of(await command.threaded(*by_card("identifiers", "list")))
    user = json_of(await command.threaded("users", "get", member.user_id))
    memberships = json_of(await command.threaded(*by_card("memberships", "list")))
    one = json_of(await command.threaded(*by_card("memberships", "get"), member.membership_id))

    assert [(i["type"], i["code"], i["status"]) for i in identifiers] == [
        ("CARDCODE", CARD, "ACTIVE")
    ]
    assert (user["userId"], user["emailAddress"], user["givenName"]) == (
        member.user_id,
        "ada@example.com",
        "Ada",
    )
    assert [m["membershipId"] for m in memberships] == [member.membership_id]
    assert one["memberRole"] == "OWNER" and one["userId"] == member.user_id


async def test_transactions_list_newest_first_with_a_limit_and_get(
    command: Command, member: SeededMember
) -> None:
    listed = json_of(await command.threaded(*by_card("transactions", "list"), "--limit", "2"))
    one = json_of(await command.threaded("transactions", "get", listed[0]["transactionId"]))

    assert [t["externalId"] for t in listed] == ["till-2", "till-1"]
    assert listed[0]["amount"] == 10.50 and listed[0]["points"] == 10
    assert one["externalId"] == "till-2"


async def test_bookings_and_account_coupons(command: Command, member: SeededMember) -> None:
    bookings = json_of(await command.threaded(*by_card("bookings", "list")))
    coupons = json_of(await command.threaded(*by_card("account-coupons", "list")))
    redemptions = json_of(await command.threaded(*by_card("account-coupons", "redemptions")))

    assert sorted(b["points"] for b in bookings) == [10, 10, 10, 500]
    assert [(c["redeemCount"], c["maxRedeemCount"]) for c in coupons] == [(0, 2)]
    assert redemptions == []


async def test_auth_login_checks_the_settings_without_printing_the_token(
    command: Command, sandbox_environment: Sandbox
) -> None:
    outcome = await command.threaded("auth", "login")

    answer = json_of(outcome)
    assert answer["loggedIn"] is True and answer["baseUrl"] == sandbox_environment.url
    assert answer["tokenExpiresAt"].startswith("20")
    assert "eyJ" not in outcome.out + outcome.err  # no JWT anywhere
    assert sandbox_environment.stats.logins == 1


async def test_flags_win_over_the_variables(
    command: Command, sandbox_environment: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONVERCUS_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("CONVERCUS_ORG", "WRONG")
    monkeypatch.setenv("CONVERCUS_INTERACTION_ID", "from-the-environment")
    account_id = sandbox_environment.seed.account(identifiers={"CARDCODE": CARD})

    outcome = await command.threaded(
        *by_card("accounts", "get"),
        "--base-url",
        sandbox_environment.url,
        "--org",
        sandbox_environment.credentials.org,
        "--interaction-id",
        "till-7",
    )

    assert json_of(outcome)["id"] == account_id


async def test_the_password_from_standard_input(
    command: Command, sandbox_environment: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONVERCUS_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(sandbox_environment.credentials.password + "\n"))
    sandbox_environment.seed.account(identifiers={"CARDCODE": CARD}, points=5)

    outcome = await command.threaded(*by_card("accounts", "balance"), "--password-stdin")

    assert json_of(outcome)["points"] == 5


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def test_the_password_is_asked_for_in_a_terminal(
    command: Command, sandbox_environment: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONVERCUS_PASSWORD")
    monkeypatch.setattr("sys.stdin", Terminal())
    prompts: list[str] = []

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return sandbox_environment.credentials.password

    monkeypatch.setattr("getpass.getpass", getpass)
    sandbox_environment.seed.account(identifiers={"CARDCODE": CARD}, points=7)

    outcome = await command.threaded(*by_card("accounts", "balance"))

    assert json_of(outcome)["points"] == 7
    assert prompts == ["Convercus password for cli-user (CLI-ORG): "]


async def test_debug_logs_the_requests_without_secrets(
    command: Command, sandbox_environment: Sandbox
) -> None:
    sandbox_environment.seed.account(identifiers={"CARDCODE": CARD})

    outcome = await command.threaded("--debug", *by_card("accounts", "get"))

    assert outcome.status == 0
    assert "-> POST /auth/login" in outcome.err and "-> GET /accounts/" in outcome.err
    assert "pw-4711-secret" not in outcome.err
    assert "'password': '[REDACTED]'" in outcome.err
    assert "eyJ" not in outcome.err  # the token is never logged


async def test_an_environment_flag_wins_over_a_base_url_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable, value in (
        ("CONVERCUS_BASE_URL", "http://127.0.0.1:9"),
        ("CONVERCUS_ORG", "ORG"),
        ("CONVERCUS_USERNAME", "api-user"),
        ("CONVERCUS_PASSWORD", "secret"),
        ("CONVERCUS_INTERACTION_ID", "till-1"),
    ):
        monkeypatch.setenv(variable, value)
    args = build_parser().parse_args(
        ["accounts", "get", "V1", "--id-type", "CARDCODE", "--environment", "staging"]
    )

    settings = client_settings(args)

    async with ConvercusClient.from_env(**settings) as client:
        assert client.session.base_url == "https://staging.convercus.io"
        assert client.session.headers["interaction-id"] == "till-1"
        assert client.session.deadline == 30.0
        assert client.session.retry.max_attempts == 4
