"""Every Python block of docs/accengage.md and the README's example run, on the stand-in.

They run with the docs-example mechanism of ``tests/docs`` (page order, one namespace,
illustrative blocks left out); these tests check what the examples did on the stand-in.
"""

from __future__ import annotations

from typing import Any

from tests.docs.markdown import ROOT, blocks
from tests.docs.test_examples import run_page


def test_every_block_of_the_accengage_page_runs() -> None:
    page = ROOT / "docs" / "accengage.md"
    found = blocks(page)
    assert sum(block.runs for block in found) >= 8
    seen: dict[str, Any] = run_page(page, found)
    assert seen["client"].session.closed
    sandbox = seen["sandbox"]
    assert sandbox.stats.logins == 1  # one token for the whole page
    assert sandbox.stats.statuses[409] == 1 and sandbox.stats.statuses[404] == 1


def test_the_readme_accengage_example_runs() -> None:
    readme = ROOT / "README.md"
    (block,) = [block for block in blocks(readme) if "AccengageSandbox" in block.code]
    seen: dict[str, Any] = run_page(readme, [block])
    assert seen["sent"] == {"sent": 3}
    assert sorted(row["UDID"] for row in seen["devices"]) == sorted(seen["udids"])
