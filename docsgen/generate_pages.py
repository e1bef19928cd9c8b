"""Run by mkdocs-gen-files during ``mkdocs build``: writes the generated pages."""

from __future__ import annotations

import sys
from pathlib import Path

import mkdocs_gen_files

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docsgen import api, operations, site

for generated in (site.pages(), operations.pages(), api.pages()):
    for path, text in generated:
        with mkdocs_gen_files.open(path, "w") as page:
            page.write(text)
