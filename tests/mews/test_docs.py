"""The Mews page and the README's Mews example run (tests/docs runs them too): what they did.

They run with the docs-example mechanism of ``tests/docs`` (page order, one namespace,
illustrative blocks left out); these tests check what the examples did on the stand-in.
"""

from __future__ import annotations

from tests.docs.markdown import ROOT, blocks
from tests.docs.test_examples import run_page


def test_the_mews_page_runs_and_closes_what_it_opened() -> None:
    page = ROOT / "docs" / "mews.md"
    found = blocks(page)
    assert sum(block.runs for block in found) >= 8
    seen = run_page(page, found)
    sandbox = seen["sandbox"]
    assert seen["client"].session.closed  # type: ignore[attr-defined]
    assert sandbox.stats.statuses[403] == 1  # type: ignore[attr-defined]  # the refused delete
    assert sandbox.stats.statuses[429] == 0  # type: ignore[attr-defined]


def test_the_readme_mews_example_runs() -> None:
    readme = ROOT / "README.md"
    mews = [block for block in blocks(readme) if "MewsSandbox" in block.code]
    assert len(mews) == 1
    seen = run_page(readme, mews)
    assert [m.points for m in seen["members"]] == [2500]  # type: ignore[attr-defined]
