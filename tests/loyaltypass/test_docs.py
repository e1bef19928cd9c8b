"""The Loyalty Pass page and the README's example run (tests/docs runs them too): what they did."""

from __future__ import annotations

from typing import Any

from tests.docs.markdown import ROOT, blocks
from tests.docs.test_examples import run_page


def test_the_loyalty_pass_page_runs_and_closes_what_it_opened() -> None:
    page = ROOT / "docs" / "loyaltypass.md"
    found = blocks(page)
    assert sum(block.runs for block in found) >= 3
    seen: dict[str, Any] = run_page(page, found)
    assert seen["client"].session.closed
    assert seen["sandbox"].balance("M-1") == 200


def test_the_readme_loyalty_pass_example_runs() -> None:
    readme = ROOT / "README.md"
    found = [block for block in blocks(readme) if "LoyaltyPassSandbox" in block.code]
    assert len(found) == 1
    seen: dict[str, Any] = run_page(readme, found)
    assert seen["voucher"].balance == 200
    assert seen["sandbox"].stats.logins == 1
