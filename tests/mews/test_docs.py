"""The Mews page and the README's Mews example run (tests/docs runs them too): what they did.

They run with the docs-example mechanism of ``tests/docs`` (page order, one namespace,
illustrative blocks left out); these tests check what the examples did on the stand-in.
``python_blocks`` and ``run_blocks`` serve the Accengage and Loyalty Pass page tests.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

from tests.docs.markdown import ROOT, blocks
from tests.docs.test_examples import run_page

_BLOCK = re.compile(r"(?P<before>[^\n]*)\n```python\n(?P<code>.*?)```", re.DOTALL)


def python_blocks(text: str) -> list[str]:
    """The Python blocks of a Markdown text not marked illustrative, in order."""
    return [
        match["code"]
        for match in _BLOCK.finditer(text)
        if not match["before"].strip().startswith("<!-- illustrative")
    ]


async def run_blocks(found: list[str], where: Path) -> dict[str, Any]:
    """Run ``found`` in order in one namespace (inside the running loop); that namespace."""
    body = "".join(textwrap.indent(block, "    ") for block in found)
    source = f"async def page():\n{body}    return locals()\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, str(where), "exec"), namespace)
    result: dict[str, Any] = await namespace["page"]()
    return result


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
