"""What the documentation site is generated from (``docsgen/``); CI builds it strictly."""

from __future__ import annotations

import re
from functools import reduce
from typing import Any

import pytest

from docsgen import api, operations, site
from docsgen.operations import CONFIDENCE, PLATFORMS, Platform, page, typed_methods
from loyalty_async.convercus.coverage import call_only_reason
from tests.docs.markdown import ROOT

_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda platform: platform.slug)
def test_every_operation_has_its_row_with_the_typed_method_that_sends_it(
    platform: Platform,
) -> None:
    client = platform.client()
    methods = typed_methods(client)
    text = page(platform)
    rows = {line.split("`")[1]: line for line in text.splitlines() if line.startswith("| `")}

    table = platform.table()
    assert sorted(rows) == sorted(op.name for op in table)
    for op in table:
        row = rows[op.name]
        assert f"| {op.method} | `{op.path}` | {CONFIDENCE[op.confidence]} |" in row
        method = methods.get(op.name)
        if method is None:
            assert f'`client.call("{op.name}")`' in row
            continue
        assert f"| `{method}`" in row
        # The name resolves on a real client to the method bound to this operation.
        bound: Any = reduce(getattr, method.split(".")[1:], client)
        assert bound.__operation__ == op.name


def test_convercus_operations_without_a_typed_method_are_the_call_only_ones() -> None:
    (convercus,) = [platform for platform in PLATFORMS if platform.slug == "convercus"]
    methods = typed_methods(convercus.client())
    untyped = {op.name for op in convercus.table() if op.name not in methods}
    assert untyped == {op.name for op in convercus.table() if call_only_reason(op.name)}
    assert methods["accounts.get_balance"] == "client.accounts.get_balance"
    assert methods["coupons.assignments.assign"] == "client.coupons.assignments.assign"


def test_the_home_page_is_the_readme_with_links_into_the_site() -> None:
    pages = dict(site.pages())
    home = pages["index.md"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert home.replace("](", "") != readme.replace("](", "")  # links were rewritten
    names = {p.name for p in (ROOT / "docs").glob("*.md")} | set(pages)
    for link in _LINK.findall(home):
        target = link.split("#")[0]
        assert link.startswith(("https://", "#")) or target in names, link


def test_every_api_page_documents_a_module_that_imports() -> None:
    import importlib

    for path, text in api.pages():
        module = text.split("::: ")[1].strip()
        assert importlib.import_module(module).__doc__, path


def test_every_generated_page_is_in_the_site_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    generated = [*site.pages(), *operations.pages(), *api.pages()]
    for path, _ in generated:
        assert f": {path}\n" in config, path
    for doc in (ROOT / "docs").glob("*.md"):
        assert f": {doc.name}\n" in config, doc.name
