"""``import members`` never swallows a row: malformed CSV is reported line by line.

Every line that holds a row ends imported, skipped as done, or in the failed-rows file
with its line number, and the summary's counts add up to the rows of the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from loyalty_async.sandbox import Sandbox
from tests.cli.batch_helpers import HEADER, member, read_rows, run_import, state


def csv_line(values: list[str]) -> str:
    return ",".join(values) + "\n"


def summary_counts(out: str) -> dict[str, int]:
    """The numbers of the summary: rows, created, skipped, failed, unknown."""
    counts = {"rows": int(re.search(r"done: (\d+) rows", out).group(1))}  # type: ignore[union-attr]
    for name in ("created", "skipped", "failed", "unknown"):
        counts[name] = int(re.search(rf"^  {name} +(\d+)", out, re.M).group(1))  # type: ignore[union-attr]
    return counts


def assert_adds_up(out: str, rows: int) -> dict[str, int]:
    counts = summary_counts(out)
    assert counts["rows"] == rows
    assert counts["created"] + counts["skipped"] + counts["failed"] + counts["unknown"] == rows
    return counts


async def test_a_stray_quote_costs_its_own_row_only(tmp_path: Path) -> None:
    rows = 200
    lines = [csv_line(member(n)) for n in range(1, rows + 1)]
    # Row 10 opens a quote that nothing closes on its line; row 150 has a field that ends
    # with a quote, which closed the first one and swallowed the rows between.
    lines[9] = csv_line(member(10, given_name='"Given10'))
    lines[149] = csv_line(member(150, family_name='Family150"'))
    source = tmp_path / "members.csv"
    source.write_text(csv_line(HEADER) + "".join(lines), encoding="utf-8")

    async with Sandbox() as sandbox:
        outcome = await run_import(sandbox, [str(source), "--concurrency", "8"])
        held = state(sandbox)

    counts = assert_adds_up(outcome.out, rows)
    assert (counts["created"], counts["failed"]) == (rows - 1, 1)
    (failed,) = read_rows(tmp_path / "members.failed.csv")
    assert (failed["line"], failed["card_code"], failed["status"]) == ("11", "CARD0010", "invalid")
    assert "quote" in failed["error"]
    assert "CARD0010" not in held.owners
    assert len(held.owners) == rows - 1
    assert held.owners["CARD0150"]["family"] == 'Family150"'  # a quote inside a field is text
    assert not any("\n" in owner["given"] for owner in held.owners.values())


async def test_an_unterminated_quote_at_the_end_swallows_nothing(tmp_path: Path) -> None:
    source = tmp_path / "members.csv"
    source.write_text(
        "card_code,email,given_name\n"
        "C1,a@example.com,Ann\n"  # line 2
        'C2,b@example.com,"Bea\n'  # 3: the quote is never closed
        "C3,c@example.com,Cy\n",  # 4
        encoding="utf-8",
    )
    async with Sandbox() as sandbox:
        outcome = await run_import(sandbox, [str(source)])
        held = state(sandbox)

    assert outcome.status == 1
    counts = assert_adds_up(outcome.out, 3)
    assert (counts["created"], counts["failed"]) == (2, 1)
    (failed,) = read_rows(tmp_path / "members.failed.csv")
    assert (failed["line"], failed["card_code"], failed["status"]) == ("3", "C2", "invalid")
    assert sorted(held.owners) == ["C1", "C3"]
    assert held.owners["C3"]["given"] == "Cy"


async def test_a_quote_left_open_at_the_very_last_byte_is_reported(tmp_path: Path) -> None:
    source = tmp_path / "members.csv"
    source.write_text(
        'card_code,email,given_name\nC1,a@example.com,Ann\nC2,b@example.com,"Bea',
        encoding="utf-8",
    )
    async with Sandbox() as sandbox:
        outcome = await run_import(sandbox, [str(source)])
        held = state(sandbox)

    counts = assert_adds_up(outcome.out, 2)
    assert (counts["created"], counts["failed"]) == (1, 1)
    (failed,) = read_rows(tmp_path / "members.failed.csv")
    assert (failed["line"], failed["status"]) == ("3", "invalid")
    # What the line held is kept, so that the row can be corrected and imported again.
    assert (failed["card_code"], failed["email"]) == ("C2", "b@example.com")
    assert sorted(held.owners) == ["C1"]


async def test_a_field_past_the_csv_size_limit_costs_its_own_row_only(tmp_path: Path) -> None:
    source = tmp_path / "members.csv"
    source.write_text(
        "card_code,email,given_name\n"
        "C1,a@example.com,Ann\n"  # line 2
        f"C2,b@example.com,{'B' * 200_000}\n"  # 3: larger than the csv module reads
        "C3,c@example.com,Cy\n",  # 4
        encoding="utf-8",
    )
    async with Sandbox() as sandbox:
        outcome = await run_import(sandbox, [str(source)])
        held = state(sandbox)

    counts = assert_adds_up(outcome.out, 3)
    assert (counts["created"], counts["failed"]) == (2, 1)
    header, failed = (tmp_path / "members.failed.csv").read_text(encoding="utf-8").splitlines()
    assert header.startswith("line,card_code,email,")
    assert failed.startswith("3,C2,b@example.com,")  # the csv module could not read it whole
    assert "field larger than field limit" in failed
    assert sorted(held.owners) == ["C1", "C3"]


async def test_nul_and_other_control_characters_are_refused_not_imported(
    tmp_path: Path,
) -> None:
    source = tmp_path / "members.csv"
    source.write_text(
        "card_code,email,given_name,family_name\n"
        "C1,a@example.com,An\x00n,Smith\n"  # line 2
        "C2,b@example.com,Bea,Br\x1bown\n"  # 3: an escape character
        "C3\x00,c@example.com,Cy,\n"  # 4
        "C4,d@example.com,Dee\tTab,\n",  # 5: a tab is text
        encoding="utf-8",
    )
    async with Sandbox() as sandbox:
        outcome = await run_import(sandbox, [str(source)])
        held = state(sandbox)

    counts = assert_adds_up(outcome.out, 4)
    assert (counts["created"], counts["failed"]) == (1, 3)
    failed = read_rows(tmp_path / "members.failed.csv")
    assert [(row["line"], row["status"]) for row in failed] == [
        ("2", "invalid"),
        ("3", "invalid"),
        ("4", "invalid"),
    ]
    assert failed[0]["error"] == "given_name holds a control character (U+0000)"
    assert failed[1]["error"] == "family_name holds a control character (U+001B)"
    assert failed[2]["error"] == "card_code holds a control character (U+0000)"
    assert sorted(held.owners) == ["C4"]
    assert not any("\x00" in str(owner) for owner in held.owners.values())


async def test_a_quoted_line_break_in_a_well_formed_row_is_still_one_row(tmp_path: Path) -> None:
    source = tmp_path / "members.csv"
    source.write_text(
        "card_code,email,given_name,city\n"
        'C1,a@example.com,"Ann\nMarie",Bonn\n'  # lines 2-3: one row
        'C2,b@example.com,Bea,"Köln, ""Altstadt"""\n'  # 4: quotes done right
        "C3,c@example.com,Cy,Ulm\n",  # 5
        encoding="utf-8",
    )
    async with Sandbox() as sandbox:
        outcome = await run_import(sandbox, [str(source)])
        held = state(sandbox)

    assert outcome.status == 0, outcome.out
    assert_adds_up(outcome.out, 3)
    assert held.owners["C1"]["given"] == "Ann\nMarie"
    assert sorted(held.owners) == ["C1", "C2", "C3"]


async def test_quote_errors_of_every_kind_leave_every_other_row_imported(tmp_path: Path) -> None:
    good = [csv_line(member(n)) for n in range(1, 61)]
    broken = {
        5: csv_line(member(5, given_name='"Given5')),  # opened, closed by a later field
        12: csv_line(member(12, given_name='"Gi"ven12')),  # text after a closing quote
        20: csv_line(member(20, email='"member20@example.com')),  # opened, never closed
        33: csv_line(member(33, family_name='"Family33"')),  # fine: a quoted field
    }
    lines = [broken.get(n, line) for n, line in enumerate(good, start=1)]
    lines.insert(40, "\n")  # a blank line is not a row
    source = tmp_path / "members.csv"
    source.write_text(csv_line(HEADER) + "".join(lines), encoding="utf-8")

    async with Sandbox() as sandbox:
        outcome = await run_import(sandbox, [str(source)])
        held = state(sandbox)

    counts = assert_adds_up(outcome.out, 60)
    assert (counts["created"], counts["failed"]) == (57, 3)
    failed = read_rows(tmp_path / "members.failed.csv")
    assert [(row["line"], row["status"]) for row in failed] == [
        ("6", "invalid"),
        ("13", "invalid"),
        ("21", "invalid"),
    ]
    expected = {f"CARD{n:04d}" for n in range(1, 61)} - {"CARD0005", "CARD0012", "CARD0020"}
    assert set(held.owners) == expected
    assert held.owners["CARD0033"]["family"] == "Family33"
