"""The administration page stays true: its reference lists every method with its route
and confidence, and its examples run against the sandbox."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from loyalty_async import ConvercusClient, MockTransport, Response
from loyalty_async.convercus import OPERATIONS
from tests.docs.markdown import blocks
from tests.docs.test_examples import run_page

PAGE = Path(__file__).resolve().parents[2] / "docs" / "convercus-administration.md"
#: The administration domains: every operation of these is on the page.
DOMAINS = (
    "programs.",
    "product_catalog.",
    "partners.",
    "stores.",
    "interaction_points.",
    "status_level_sets.",
)
_SECTION = re.compile(r"^#### `client\.([\w.]+)`$")
_ROW = re.compile(r"^\| `(\w+)\((.*)\)` \| `(\w+) (\S+)` \| (\w)(, deprecated)? \|$")


def _reference() -> dict[str, dict[str, tuple[str, str, str, bool]]]:
    """Section (``partners.blacklists``) → method → (method, path, confidence, deprecated)."""
    sections: dict[str, dict[str, tuple[str, str, str, bool]]] = {}
    current: dict[str, tuple[str, str, str, bool]] | None = None
    reference = PAGE.read_text(encoding="utf-8").split("## Reference", 1)[1]
    for line in reference.splitlines():
        if heading := _SECTION.match(line):
            current = sections.setdefault(heading.group(1), {})
        elif (row := _ROW.match(line)) and current is not None:
            name, _, method, path, confidence, deprecated = row.groups()
            current[name] = (method, path, confidence, bool(deprecated))
    return sections


def test_every_method_is_listed_with_its_route_and_confidence() -> None:
    client = ConvercusClient(
        base_url="https://convercus.test",
        org="ORG",
        username="u",
        password="p",
        interaction_id="webshop-1",
        transport=MockTransport(lambda request: Response(500)),
    )
    listed: set[str] = set()
    for section, methods in _reference().items():
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

    expected = {op.name for op in OPERATIONS if op.name.startswith(DOMAINS)}
    assert listed == expected
    assert len(listed) == 112


def test_every_block_of_the_page_runs_against_the_sandbox() -> None:
    found = blocks(PAGE)
    assert sum(block.runs for block in found) == 6

    seen: dict[str, Any] = run_page(PAGE, found)

    assert seen["client"].session.closed  # the page closes what it opened
    assert seen["receipt"].points == 12
    assert seen["booked_at"] == seen["till_id"]
    assert [partner.name for partner in seen["partners"]] == ["Kaffeehaus Nord"]
    assert seen["others"] == []
    assert seen["stored"] is not None and seen["stored"].phone == "+49 40 123456"
    assert seen["stored"].latitude == Decimal("53.5511")  # kept by the replace
    assert seen["names"] == ["Kaffeehaus Altona"]
