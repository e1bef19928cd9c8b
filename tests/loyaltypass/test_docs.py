"""Every Python block of docs/loyaltypass.md and the README's example run, on the stand-in.

They run with the docs-example mechanism of ``tests/docs`` (page order, one namespace,
illustrative blocks left out); these tests check what the examples did on the stand-in.
"""

from __future__ import annotations

from typing import Any

from tests.docs.markdown import ROOT, blocks
from tests.docs.test_examples import run_page


def test_every_block_of_the_loyalty_pass_page_runs() -> None:
    page = ROOT / "docs" / "loyaltypass.md"
    found = blocks(page)
    assert sum(block.runs for block in found) >= 3
    seen: dict[str, Any] = run_page(page, found)
    assert seen["client"].session.closed
    assert seen["sandbox"].balance("M-1") == 200


def test_the_readme_loyalty_pass_example_runs() -> None:
    readme = ROOT / "README.md"
    (block,) = [block for block in blocks(readme) if "LoyaltyPassSandbox" in block.code]
    seen: dict[str, Any] = run_page(readme, [block])
    assert seen["voucher"].balance == 200
    assert seen["sandbox"].stats.logins == 1
