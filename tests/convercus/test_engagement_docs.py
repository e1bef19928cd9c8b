"""The engagement and services pages' references stay true: every method, route, confidence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loyalty_async import ConvercusClient, MockTransport, Response
from loyalty_async.convercus import OPERATIONS

DOCS = Path(__file__).resolve().parents[2] / "docs"
#: Each page and the domains it documents whole.
PAGES = {
    "convercus-engagement.md": ("newsfeed.", "webhooks.", "push_notifications.", "ai."),
    "convercus-devices-and-services.md": (
        "mounting.",
        "connectors.",
        "search.",
        "user_app.",
        "tracking.",
    ),
}
_SECTION = re.compile(r"^#### `client\.([\w.]+)`$")
_ROW = re.compile(r"^\| `(\w+)\((.*)\)` \| `(\w+) (\S+)` \| (\w)(, deprecated)? \|$")


def _reference(page: str) -> dict[str, dict[str, tuple[str, str, str, bool]]]:
    """Section (``newsfeed.posts``) → method → (method, path, confidence, deprecated)."""
    sections: dict[str, dict[str, tuple[str, str, str, bool]]] = {}
    current: dict[str, tuple[str, str, str, bool]] | None = None
    reference = (DOCS / page).read_text(encoding="utf-8").split("## Reference", 1)[1]
    for line in reference.splitlines():
        if heading := _SECTION.match(line):
            current = sections.setdefault(heading.group(1), {})
        elif (row := _ROW.match(line)) and current is not None:
            name, _, method, path, confidence, deprecated = row.groups()
            current[name] = (method, path, confidence, bool(deprecated))
    return sections


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_method_is_listed_with_its_route_and_confidence(page: str) -> None:
    client = ConvercusClient(
        base_url="https://convercus.test",
        org="ORG",
        username="u",
        password="p",
        interaction_id="webshop-1",
        transport=MockTransport(lambda request: Response(500)),
    )
    listed: set[str] = set()
    for section, methods in _reference(page).items():
        service: object = client
        for part in section.split("."):
            service = getattr(service, part)
        bound = type(service).bound_operations
        assert sorted(methods) == sorted(bound.values()), section
        for operation_name, attr in bound.items():
            operation = OPERATIONS[operation_name]
            assert methods[attr] == (
                operation.method,
                operation.path,
                operation.confidence,
                operation.deprecated,
            ), f"{section}.{attr}"
            listed.add(operation_name)

    assert listed == {op.name for op in OPERATIONS if op.name.startswith(PAGES[page])}


def test_the_two_pages_cover_the_146_operations_typed_last() -> None:
    domains = PAGES["convercus-engagement.md"] + PAGES["convercus-devices-and-services.md"]
    assert sum(1 for op in OPERATIONS if op.name.startswith(domains)) == 146
