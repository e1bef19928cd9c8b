"""Every Python block of docs/mews.md and the README's Mews example run, against the stand-in.

A block right after an ``<!-- illustrative -->`` line is left out (it needs real tokens or
names values the page does not build). The others run in order, in one namespace, as the
page reads: each one goes on from what the blocks before it made.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
_BLOCK = re.compile(r"(?P<before>[^\n]*)\n```python\n(?P<code>.*?)```", re.DOTALL)


def python_blocks(text: str) -> list[str]:
    """The runnable Python blocks of a Markdown text, in order."""
    return [
        match["code"]
        for match in _BLOCK.finditer(text)
        if match["before"].strip() != "<!-- illustrative -->"
    ]


async def run_blocks(blocks: list[str], where: Path) -> dict[str, Any]:
    body = "".join(textwrap.indent(block, "    ") for block in blocks)
    source = f"async def page():\n{body}    return locals()\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, str(where), "exec"), namespace)
    found: dict[str, Any] = await namespace["page"]()
    return found


async def test_every_block_of_the_mews_page_runs() -> None:
    page = ROOT / "docs" / "mews.md"
    blocks = python_blocks(page.read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    seen = await run_blocks(blocks, page)
    assert seen["client"].session.closed  # the page closes what it opened
    assert seen["sandbox"].stats.statuses[403] == 1  # the refused delete
    assert seen["sandbox"].stats.statuses[429] == 0


async def test_the_readme_mews_example_runs() -> None:
    readme = ROOT / "README.md"
    section = readme.read_text(encoding="utf-8").split("## Mews loyalty", 1)[1].split("\n## ")[0]
    blocks = python_blocks(section)
    assert len(blocks) == 1
    seen = await run_blocks(blocks, readme)
    assert [m.points for m in seen["members"]] == [2500]
