"""Every Python block of the README and of ``docs/`` runs, or is marked illustrative.

The blocks of one page run in page order in one module namespace, in one event loop, as a
reader would paste them into ``python -m asyncio``; see ``tests/docs/markdown.py`` for the
markers. A block that fails names its page and line in the traceback.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import sys
import types
from pathlib import Path

import pytest

from tests.docs.markdown import ROOT, Block, blocks, pages, placed


def run_page(page: Path, found: list[Block]) -> dict[str, object]:
    """Run the page's runnable blocks in order; the namespace they left."""
    name = "docs_example_" + "_".join(page.relative_to(ROOT).with_suffix("").parts).replace(
        "-", "_"
    )
    module = types.ModuleType(name)
    module.__file__ = str(page)
    sys.modules[name] = module  # classes defined by a block resolve their annotations here
    try:
        with asyncio.Runner() as runner:
            for block in found:
                if not block.runs:
                    continue
                code = compile(
                    placed(block), str(page), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
                )
                if code.co_flags & inspect.CO_COROUTINE:
                    runner.run(eval(code, module.__dict__))
                else:  # no await: it may call asyncio.run itself
                    exec(code, module.__dict__)
    finally:
        del sys.modules[name]
    return module.__dict__


@pytest.mark.parametrize(
    "page", [page for page in pages() if blocks(page)], ids=lambda page: str(page.relative_to(ROOT))
)
def test_every_python_block_runs_or_is_illustrative(page: Path) -> None:
    run_page(page, blocks(page))
