"""``import members`` and ``export`` against the sandbox over loopback, in this process."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import time
from pathlib import Path

import pytest
from rich.console import Console

from loyalty_async.bulk import EntryStatus, Journal
from loyalty_async.cli import batch, main
from loyalty_async.errors import AuthenticationError
from loyalty_async.sandbox import Sandbox
from loyalty_async.session.retry import RetryPolicy
from loyalty_async.transport.base import Request
from tests.cli.batch_helpers import (
    HEADER,
    environment,
    lose_answers,
    member,
    members_file,
    parse,
    read_rows,
    run_import,
    sandbox_with,
    settings,
    state,
    write_csv,
)

# ---------------------------------------------------------------------- import members


async def test_good_rows_become_members_and_malformed_ones_are_listed_by_line(
    tmp_path: Path,
) -> None:
    source = tmp_path / "members.csv"
    source.write_text(
        "card_code,email,given_name,family_name,country,birth_date,gender,optin_email,optin_Post\n"
        "C1,ada@example.com,Ada,Lovelace,gb,1815-12-10,female,yes,no\n"  # line 2
        "C2,not-an-email,Bob,,DE,,,,\n"  # 3
        "C3,cy@example.com,Cy,,XX,,,,\n"  # 4
        "\n"  # 5: blank, skipped
        "C4,dee@example.com,Dee,,DE,1990-02-30,,,\n"  # 6
        ',eve@example.com,"Eve\nwith a line break",,,,,,\n'  # 7-8: missing card
        "C6,fay@example.com,Fay,,FR,,,maybe,\n"  # 9
        "C7,gus@example.com,Gus,,,,,1\n"  # 10: a field short
        "C1,ada.again@example.com,Ada,,,,,,\n"  # 11: the card of line 2 again
        "C9,ida@example.com,Ida,,,,,,\n",  # 12: only what is required
        encoding="utf-8",
    )
    async with Sandbox() as sandbox:
        outcome = await run_import(sandbox, [str(source), "--concurrency", "3"])
        held = state(sandbox)
        operations = sandbox.stats.operations

    assert outcome.status == 1  # some rows did not go through
    assert "created  2\n" in outcome.out
    assert "failed   7 (6 invalid, 1 duplicate)" in outcome.out
    assert "unknown  0" in outcome.out

    failed = read_rows(tmp_path / "members.failed.csv")
    assert [(r["line"], r["card_code"], r["status"]) for r in failed] == [
        ("3", "C2", "invalid"),
        ("4", "C3", "invalid"),
        ("6", "C4", "invalid"),
        ("7", "", "invalid"),
        ("9", "C6", "invalid"),
        ("10", "C7", "invalid"),
        ("11", "C1", "duplicate"),
    ]
    errors = {r["line"]: r["error"] for r in failed}
    assert errors["3"] == "email is not an e-mail address: 'not-an-email'"
    assert "country must be an ISO 3166-1 alpha-2 code" in errors["4"]
    assert errors["6"] == "birth_date must be a date (YYYY-MM-DD), got '1990-02-30'"
    assert errors["7"] == "card_code is empty"
    assert errors["9"].startswith("optin_email must be yes/no")
    assert errors["10"] == "the row has 8 fields, the header has 9"
    # The original columns come back as they were, line break included.
    assert failed[3]["given_name"] == "Eve\nwith a line break"
    assert list(failed[0]) == ["line", *HEADER, "status", "error"]

    assert sorted(held.cards) == ["C1", "C9"]
    assert held.owners["C1"] == {
        "email": "ada@example.com",
        "given": "Ada",
        "family": "Lovelace",
        "country": "GB",
        "gender": "FEMALE",
        "birth": "1815-12-10",
        "optins": '[{"flag": true, "type": "email"}, {"flag": false, "type": "Post"}]',
    }
    assert held.owners["C9"]["optins"] == "[]"  # no opt-in given: none sent
    assert (held.accounts, held.users, held.accounts_without_card) == (2, 2, 0)
    # Malformed rows cost no call.
    assert operations["accounts.create"] == operations["users.create"] == 2


async def test_a_second_run_skips_what_is_done_without_creating_anything(tmp_path: Path) -> None:
    source = members_file(tmp_path / "members.csv", 5)
    async with Sandbox() as sandbox:
        first = await run_import(sandbox, [str(source)])
        creates = sandbox.stats.writes.copy()
        second = await run_import(sandbox, [str(source)])
        assert sandbox.stats.writes == creates
        held = state(sandbox)

    assert (first.status, second.status) == (0, 0)
    assert "created  5\n" in first.out
    assert "created  0\n  skipped  5\n" in second.out
    assert len(held.owners) == held.accounts == 5
    assert read_rows(tmp_path / "members.failed.csv") == []


async def test_an_anonymous_card_gets_its_member_and_a_known_member_is_left_as_is(
    tmp_path: Path,
) -> None:
    source = write_csv(
        tmp_path / "members.csv",
        HEADER,
        [member(1), member(2), member(3, email="someone.else@example.com")],
    )
    async with Sandbox() as sandbox:
        seed = sandbox.seed
        anonymous = seed.account(identifiers={"CARDCODE": "CARD0001"})  # a card handed out
        registered = seed.member("member2@example.com", identifiers={"CARDCODE": "CARD0002"})
        seed.member("owner3@example.com", identifiers={"CARDCODE": "CARD0003"})
        outcome = await run_import(sandbox, [str(source)])
        held = state(sandbox)

    assert outcome.status == 1
    assert "created  1\n  skipped  1\n  failed   1\n" in outcome.out
    assert held.cards["CARD0001"] == anonymous  # no second account for the card
    assert held.owners["CARD0001"]["email"] == "member1@example.com"
    assert held.cards["CARD0002"] == registered.account_id
    assert held.owners["CARD0003"]["email"] == "owner3@example.com"  # untouched
    assert held.accounts == 3
    (failed,) = read_rows(tmp_path / "members.failed.csv")
    assert (failed["line"], failed["status"]) == ("4", "failed")
    assert failed["error"] == (
        "MemberTaken: card CARD0003 already belongs to a member with another e-mail address"
    )


async def test_lost_answers_of_card_and_membership_are_reconciled_not_doubled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = members_file(tmp_path / "members.csv", 4)
    lose_two = {
        "identifiers.create": lambda original: lose_answers(original, times=2),
        "memberships.create": lambda original: lose_answers(original, times=2),
    }
    async with sandbox_with(monkeypatch, lose_two) as sandbox:
        outcome = await run_import(sandbox, [str(source), "--concurrency", "1"])
        held = state(sandbox)
        operations = sandbox.stats.operations

    assert outcome.status == 0, outcome.out
    assert "created  4\n" in outcome.out
    assert (held.accounts, held.users, len(held.owners), held.accounts_without_card) == (4, 4, 4, 0)
    # Each lost answer was looked up (card by code, owner by membership list), not resent.
    assert operations["identifiers.create"] == operations["memberships.create"] == 4


async def test_a_lost_account_create_leaves_the_row_unknown_until_retry_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = members_file(tmp_path / "members.csv", 2)
    journal = tmp_path / "run.journal"
    lose_first = {"accounts.create": lambda original: lose_answers(original, times=1)}
    async with sandbox_with(monkeypatch, lose_first) as sandbox:
        argv = [str(source), "--concurrency", "1", "--journal", str(journal)]
        first = await run_import(sandbox, argv)
        (unknown,) = read_rows(tmp_path / "members.failed.csv")
        again = await run_import(sandbox, argv)
        calls_before_retry = sandbox.stats.operations["accounts.create"]
        retried = await run_import(sandbox, [*argv, "--retry-unknown"])
        held = state(sandbox)

    assert first.status == 1
    assert "created  1\n  skipped  0\n  failed   0\n  unknown  1\n" in first.out
    assert (unknown["card_code"], unknown["status"]) == ("CARD0001", "unknown")
    assert unknown["error"].startswith("creating the account got no answer")
    # Without --retry-unknown nothing is sent for it: it might double the account.
    assert "unknown  1\n" in again.out
    assert calls_before_retry == 2
    assert retried.status == 0
    assert "created  1 (1 resumed from an earlier run)\n  skipped  1\n" in retried.out
    assert sorted(held.owners) == ["CARD0001", "CARD0002"]
    # The account whose answer was lost is the one empty account the doc warns about.
    assert (held.accounts, held.accounts_without_card) == (3, 1)


async def test_rate_spaces_every_request(tmp_path: Path) -> None:
    source = members_file(tmp_path / "members.csv", 6)
    starts: list[float] = []

    def record(request: Request) -> None:
        starts.append(time.monotonic())

    async with Sandbox() as sandbox:
        began = time.monotonic()  # no slot of the limiter comes sooner
        outcome = await run_import(
            sandbox,
            [str(source), "--concurrency", "6", "--rate", "50"],
            on_request=[record],
        )

    assert outcome.status == 0
    assert len(starts) >= 6 * 5  # login, then per row: lookup, account, card, memberships...
    # Every request is paced, the login too: the n-th may not start before n fiftieths of
    # a second after the run began (a slow machine only spreads them further; measured
    # from the first request instead, a first one held up would make the rest look early).
    for n, start in enumerate(sorted(starts)):
        assert start - began >= n / 50 - 1e-6, (n, start - began)


async def test_the_journal_records_each_row_with_its_ids(tmp_path: Path) -> None:
    source = members_file(tmp_path / "members.csv", 2)
    journal_path = tmp_path / "run.journal"
    async with Sandbox() as sandbox:
        await run_import(sandbox, [str(source), "--journal", str(journal_path)])
        held = state(sandbox)
    with Journal(journal_path) as journal:
        entry = journal.get("CARD0002")
    assert entry is not None
    assert entry.status is EntryStatus.SUCCEEDED
    assert entry.value["outcome"] == "created"
    assert entry.value["account_id"] == held.cards["CARD0002"]


async def test_a_line_the_csv_reader_refuses_is_listed_and_the_rest_goes_on(
    tmp_path: Path,
) -> None:
    source = tmp_path / "members.csv"
    source.write_text(
        "card_code,email,given_name\n"
        f"C1,a@example.com,{'x' * 200_000}\n"  # longer than the csv module's field limit
        "C2,b@example.com,Bea\n",
        encoding="utf-8",
    )
    async with Sandbox() as sandbox:
        outcome = await run_import(sandbox, [str(source)])
        held = state(sandbox)

    assert outcome.status == 1
    # The refused line keeps what it held (too long for the csv module to read back whole).
    header, refused = (tmp_path / "members.failed.csv").read_text(encoding="utf-8").splitlines()
    assert header.startswith("line,card_code,email,given_name,")
    assert refused.startswith(f"2,C1,a@example.com,{'x' * 200_000},")
    assert "invalid" in refused
    assert "the line is not valid CSV: field larger than field limit (131072)" in refused
    assert sorted(held.owners) == ["C2"]


# ---------------------------------------------------------------------- bad usage


def environment_for(url: str = "http://127.0.0.1:9") -> dict[str, str]:
    return {
        "CONVERCUS_BASE_URL": url,
        "CONVERCUS_ORG": "SANDBOX",
        "CONVERCUS_USERNAME": "sandbox",
        "CONVERCUS_PASSWORD": "sandbox",
        "CONVERCUS_INTERACTION_ID": "cli",
    }


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("email,given_name\na@example.com,A\n", "lacks the column(s) card_code"),
        ("card_code,email,nickname\nC1,a@example.com,Al\n", "unknown column(s) 'nickname'"),
        ("", "is empty"),
        ("card_code,email,city\nC1,a@example.com,K\xf6ln\n", "is not UTF-8 text"),
    ],
)
def test_a_bad_file_stops_before_the_password_is_asked_for(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str,
    message: str,
) -> None:
    for name in environment_for():
        monkeypatch.delenv(name, raising=False)  # no settings at all: the file comes first
    source = tmp_path / "members.csv"
    source.write_bytes(content.encode("latin-1"))

    assert main(["import", "members", str(source)]) == 2

    err = one_line_error(capsys)
    assert err.startswith(f"loyalty-async: {source}")
    assert message in err
    assert not (tmp_path / "members.journal").exists()


def test_missing_settings_stop_the_import_with_usage_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in environment_for():
        monkeypatch.delenv(name, raising=False)
    source = members_file(tmp_path / "members.csv", 1)

    assert main(["import", "members", str(source), "--org", "ORG"]) == 2

    assert "missing Convercus settings: --environment or --base-url" in one_line_error(capsys)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "members", "m.csv", "--password", "secret"], "there is no --password"),
        (["import", "members", "m.csv", "--concurrency", "0"], "must be 1 or more"),
        (["import", "members", "m.csv", "--rate", "-5"], "a second above 0, got '-5'"),
        (["export", "user", "--param"], "expected one argument"),
    ],
)
def test_bad_flags_are_one_line_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2

    err = one_line_error(capsys)
    assert message in err
    assert "secret" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "segment"], "the segment report has no export"),
        (["export", "nope"], "unknown report 'nope'; one of account-booking, account, "),
        (["export", "user", "--param", "from"], "--param takes key=value, got 'from'"),
    ],
)
def test_export_usage_errors_are_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    for name in environment_for():
        monkeypatch.delenv(name, raising=False)  # told before settings are even looked at

    assert main(argv) == 2

    assert one_line_error(capsys).startswith(f"loyalty-async: {message}")


@pytest.mark.parametrize(
    ("name", "report"),
    [
        ("transactions", "transaction"),
        ("account-booking", "account_booking"),
        ("ACCOUNT_BOOKING", "account_booking"),
        ("account-coupon-activations", "account_coupon_activations"),
        ("push-tokens", "push_tokens"),
    ],
)
def test_report_names_from_the_command_line(name: str, report: str) -> None:
    assert batch.parse_report(name).value == report


# ---------------------------------------------------------------------- export


async def test_export_streams_a_parseable_csv_with_every_row(tmp_path: Path) -> None:
    target = tmp_path / "transactions.csv"
    sent: list[Request] = []
    async with Sandbox() as sandbox:
        seeded = sandbox.seed.member("ada@example.com", identifiers={"CARDCODE": "C1"})
        sandbox.seed.transactions(seeded.account_id, 2500, amount="9.99")
        out = io.StringIO()
        args = parse(
            ["export", "transactions", "--out", str(target), "--param", "from=2025-01-01",
             "--param", "status=BOOKED", "--param", "status=OPEN"]
        )  # fmt: skip
        status = await batch.export_report(
            args,
            settings(sandbox, on_request=[sent.append]),
            out=out,
            console=Console(file=io.StringIO()),
        )

    assert status == 0
    with target.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 2500
    assert {row["accountId"] for row in rows} == {seeded.account_id}
    assert all(row["transactionId"] for row in rows)
    export = sent[-1]
    assert export.method == "GET"
    assert export.full_url.endswith(
        "/reports/v3/transaction/export?from=2025-01-01&status=BOOKED&status=OPEN"
    )
    assert out.getvalue().startswith("exported 2500 rows (")
    assert f"of transaction to {target} in " in out.getvalue()


async def test_a_refused_export_leaves_no_file_and_says_why(tmp_path: Path) -> None:
    target = tmp_path / "users.csv"
    async with Sandbox() as sandbox:
        args = parse(["export", "user", "--out", str(target)])
        wrong = {**settings(sandbox), "password": "wrong"}
        with pytest.raises(AuthenticationError, match="login refused"):
            await batch.export_report(
                args, wrong, out=io.StringIO(), console=Console(file=io.StringIO())
            )
    assert os.listdir(tmp_path) == []  # neither the file nor its partial download


# ---------------------------------------------------------------------- a damaged journal


@pytest.mark.parametrize("damage", ["page", "empty"])
async def test_a_damaged_journal_stops_the_import_with_one_line_that_says_what_to_do(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    damage: str,
) -> None:
    source = members_file(tmp_path / "members.csv", 300)
    journal = tmp_path / "run.journal"
    async with Sandbox() as sandbox:
        first = await run_import(sandbox, [str(source), "--journal", str(journal)])
        assert first.status == 0
        if damage == "page":
            with journal.open("r+b") as file:
                file.seek(3 * 4096)
                file.write(b"\xa5" * 4096)
        else:
            journal.write_bytes(b"")
        for name, value in environment(sandbox).items():
            monkeypatch.setenv(name, value)
        writes = sandbox.stats.writes.copy()
        capsys.readouterr()
        status = await asyncio.to_thread(
            main, ["import", "members", str(source), "--journal", str(journal)]
        )
        assert sandbox.stats.writes == writes  # nothing was sent

    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1, err
    assert err.startswith(f"loyalty-async: the journal {str(journal)!r} is ")
    assert ("is damaged" if damage == "page" else "is empty (0 bytes)") in err
    assert "Restore it from a backup" in err
    assert "a run with a new journal (--journal NEW) enrols nobody twice" in err


# ---------------------------------------------------------------------- 429 on creates


async def test_creates_refused_with_429_are_sent_again_by_the_session(tmp_path: Path) -> None:
    source = members_file(tmp_path / "members.csv", 30)
    # Three requests in ten are refused with 429 before anything is done.
    # Enough attempts that no read runs out of them (--retries 9).
    retry = RetryPolicy(max_attempts=10)
    async with Sandbox(faults="429=0.3,retry_after=0.01,seed=11") as sandbox:
        outcome = await run_import(sandbox, [str(source), "--concurrency", "4"], retry=retry)
        refused = sandbox.stats.faults["429"]
        held = state(sandbox)
        operations = sandbox.stats.operations

    assert outcome.status == 0, outcome.out
    assert "created  30\n" in outcome.out
    assert refused >= 30  # the creates met many 429s, and each was sent again
    assert (held.accounts, len(held.owners), held.accounts_without_card) == (30, 30, 0)
    assert held.users == held.accounts
    assert read_rows(tmp_path / "members.failed.csv") == []
    # The sandbox counts every request, refused ones too: some creates went out twice.
    assert operations["accounts.create"] + operations["users.create"] > 60
