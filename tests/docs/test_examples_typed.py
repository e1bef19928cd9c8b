"""Every Python block of the README and of ``docs/`` passes ``mypy --strict``.

Each page becomes one module (its blocks, hidden and illustrative ones included, inside one
``async def`` on the page's own line numbers), and mypy checks them all in one run with the
project's settings, so an error is reported as ``docs/page.md:LINE``.
"""

from __future__ import annotations

import re
from pathlib import Path

from mypy import api

from tests.docs.markdown import ROOT, blocks, module_name, pages, typed_module


def test_every_python_block_passes_mypy_strict(tmp_path: Path) -> None:
    modules: dict[str, Path] = {}
    for page in pages():
        found = blocks(page)
        if not found:
            continue
        relative = page.relative_to(ROOT)
        module = tmp_path / f"{module_name(page)}.py"
        module.write_text(typed_module(page, found), encoding="utf-8")
        modules[str(module)] = relative
    assert modules

    out, err, status = api.run(
        [
            "--strict",
            # A reader runs a page's sections one at a time: a later one may reuse a name
            # (``client``, ``sandbox``) for another type.
            "--allow-redefinition",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".mypy_cache" / "docs-examples"),
            *modules,
        ]
    )

    for generated, relative in modules.items():
        out = re.sub(rf"\S*{re.escape(Path(generated).name)}", str(relative), out)
    assert status == 0, out + err
