"""The API reference: one page per public package, filled by mkdocstrings from docstrings."""

from __future__ import annotations

from collections.abc import Iterator

#: (page, module, what the page is about), in the order of the site's navigation.
MODULES = (
    ("index", "loyalty_async", "The top-level package: session, transports, auth, errors"),
    ("convercus", "loyalty_async.convercus", "The Convercus client, services and models"),
    ("mews", "loyalty_async.mews", "The Mews loyalty client"),
    ("accengage", "loyalty_async.accengage", "The Accengage client"),
    ("loyaltypass", "loyalty_async.loyaltypass", "The Loyalty Pass client"),
    ("sandbox", "loyalty_async.sandbox", "The Convercus sandbox"),
    ("bulk", "loyalty_async.bulk", "Batch jobs: the bulk runner and its journal"),
    ("recipes-member-file", "loyalty_async.recipes.member_file", "A members CSV file"),
    ("recipes-enrol", "loyalty_async.recipes.enrol", "Restart-safe member enrolment"),
    ("recipes-exactly-once", "loyalty_async.recipes.exactly_once", "Reconciling unknown outcomes"),
    ("operations", "loyalty_async.operations", "Operation tables and the binder"),
    ("paging", "loyalty_async.paging", "Pagination"),
    ("tracing", "loyalty_async.tracing", "Tracing with OpenTelemetry"),
    ("modeling", "loyalty_async.modeling", "Models and converters"),
    ("pytest-plugin", "loyalty_async_pytest", "The pytest plugin's fixtures"),
)


def pages() -> Iterator[tuple[str, str]]:
    """``(path in the site, Markdown)`` of every API reference page."""
    for page, module, about in MODULES:
        yield f"reference/api/{page}.md", f"# `{module}`\n\n{about}.\n\n::: {module}\n"
