"""Every Python block of docs/accengage.md and the README's example run, on the stand-in."""

from __future__ import annotations

from pathlib import Path

from tests.mews.test_docs import python_blocks, run_blocks

ROOT = Path(__file__).resolve().parents[2]


async def test_every_block_of_the_accengage_page_runs() -> None:
    page = ROOT / "docs" / "accengage.md"
    blocks = python_blocks(page.read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    seen = await run_blocks(blocks, page)
    assert seen["client"].session.closed
    sandbox = seen["sandbox"]
    assert sandbox.stats.logins == 1  # one token for the whole page
    assert sandbox.stats.statuses[409] == 1 and sandbox.stats.statuses[404] == 1


async def test_the_readme_accengage_example_runs() -> None:
    readme = ROOT / "README.md"
    section = readme.read_text(encoding="utf-8").split("## Accengage push", 1)[1].split("\n## ")[0]
    (block,) = python_blocks(section)
    seen = await run_blocks([block], readme)
    assert seen["sent"] == {"sent": 3}
    assert sorted(row["UDID"] for row in seen["devices"]) == sorted(seen["udids"])
