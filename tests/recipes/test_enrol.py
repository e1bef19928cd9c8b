"""The enrolment recipe used as a library, without the command line, against the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from loyalty_async import ConvercusClient
from loyalty_async.bulk import EntryStatus, Journal
from loyalty_async.recipes.enrol import FailedRows, MemberImport
from loyalty_async.recipes.member_file import MemberColumns, MemberFile, MemberFileError
from loyalty_async.sandbox import Sandbox
from tests.cli.batch_helpers import HEADER, member, read_rows, state, write_csv


async def test_a_file_enrolled_from_python_with_its_failed_rows_file(tmp_path: Path) -> None:
    rows = [member(n) for n in range(1, 11)]
    rows[3] = member(4, email="not-an-email")
    source = write_csv(tmp_path / "members.csv", HEADER, rows)
    members = MemberFile(source)
    async with (
        Sandbox() as sandbox,
        ConvercusClient(base_url=sandbox.url, **sandbox.credentials.client_kwargs()) as client,
    ):
        with Journal(tmp_path / "members.journal") as journal:
            failed = FailedRows(tmp_path / "members.failed.csv", members.fieldnames)
            job = MemberImport(members, client, journal, report=failed.add, concurrency=4)
            try:
                counts = await job.run()
            finally:
                failed.close()
            entry = journal.get("CARD0002")
        held = state(sandbox)

    assert (counts.created, counts.failed, counts.invalid, counts.rows) == (9, 1, 1, 10)
    assert entry is not None and entry.status is EntryStatus.SUCCEEDED
    assert entry.value["account_id"] == held.cards["CARD0002"]
    assert sorted(held.owners) == [f"CARD{n:04d}" for n in range(1, 11) if n != 4]
    (refused,) = read_rows(tmp_path / "members.failed.csv")
    assert (refused["line"], refused["card_code"], refused["status"]) == (
        "5",
        "CARD0004",
        "invalid",
    )


async def test_rows_from_anywhere_with_their_line_numbers(tmp_path: Path) -> None:
    columns = MemberColumns(["card_code", "email", "given_name"])
    records = [
        (7, ["C7", "g@example.com", "Gus"], None),
        (9, ["C9", "i@example.com"], None),  # a field short
        (12, [], "the line is not valid CSV: a quote ..."),
    ]

    class Chunk:
        def rows(self, on_invalid):  # type: ignore[no-untyped-def]
            return columns.rows(records, on_invalid)

    reported: list[tuple[int, str, str]] = []
    async with (
        Sandbox() as sandbox,
        ConvercusClient(base_url=sandbox.url, **sandbox.credentials.client_kwargs()) as client,
    ):
        with Journal(tmp_path / "chunk.journal") as journal:
            job = MemberImport(
                Chunk(),
                client,
                journal,
                report=lambda line, values, status, error: reported.append((line, status, error)),
            )
            counts = await job.run()
        held = state(sandbox)

    assert (counts.created, counts.invalid) == (1, 2)
    assert reported == [
        (9, "invalid", "the row has 2 fields, the header has 3"),
        (12, "invalid", "the line is not valid CSV: a quote ..."),
    ]
    assert held.owners["C7"]["given"] == "Gus"


def test_a_wrong_header_is_a_validation_error_naming_the_file(tmp_path: Path) -> None:
    source = tmp_path / "members.csv"
    source.write_text("card_code,emial\nC1,a@example.com\n", encoding="utf-8")
    with pytest.raises(MemberFileError, match=r"members.csv: unknown column\(s\) 'emial'"):
        MemberFile(source)
    with pytest.raises(MemberFileError, match="lacks the column"):
        MemberColumns(["card_code"])
