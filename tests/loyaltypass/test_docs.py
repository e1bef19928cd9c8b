"""Every Python block of docs/loyaltypass.md and the README's example run, on the stand-in."""

from __future__ import annotations

from pathlib import Path

from tests.mews.test_docs import python_blocks, run_blocks

ROOT = Path(__file__).resolve().parents[2]


async def test_every_block_of_the_loyalty_pass_page_runs() -> None:
    page = ROOT / "docs" / "loyaltypass.md"
    blocks = python_blocks(page.read_text(encoding="utf-8"))
    assert len(blocks) >= 3
    seen = await run_blocks(blocks, page)
    assert seen["client"].session.closed
    assert seen["sandbox"].balance("M-1") == 200


async def test_the_readme_loyalty_pass_example_runs() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    section = text.split("## Loyalty Pass earn and burn", 1)[1].split("\n## ")[0]
    (block,) = python_blocks(section)
    seen = await run_blocks([block], readme)
    assert seen["voucher"].balance == 200
    assert seen["sandbox"].stats.logins == 1
