"""Every program-administration operation has its wire case (as newsfeed, webhooks and the
other domains check for theirs)."""

from __future__ import annotations

from loyalty_async.convercus import OPERATIONS
from tests.convercus import test_admin_catalog, test_admin_partners, test_admin_programs

DOMAINS = (
    "programs.",
    "product_catalog.",
    "partners.",
    "stores.",
    "interaction_points.",
    "status_level_sets.",
)
# Walked page by page, with resume, in their own tests in test_admin_partners.py.
PAGED = {
    "stores.list_for_program_paginated_deprecated",
    "stores.list_for_partner_paginated_deprecated",
}
# A case id names the operation, without its service's prefix where the module is about
# one service's sub-services; "-by-…" marks a second case of one operation (a filter).
PREFIXES = {
    test_admin_catalog: "product_catalog.",
    test_admin_programs: "programs.",
    test_admin_partners: "",
}


def _operation(case_id: str, prefix: str) -> str:
    name = case_id.split("-by-")[0]
    known = {op.name for op in OPERATIONS}
    return name if name in known else prefix + name


def test_every_administration_operation_has_a_wire_case() -> None:
    names = {op.name for op in OPERATIONS if op.name.startswith(DOMAINS)}
    covered = {
        _operation(case.id, prefix)
        for module, prefix in PREFIXES.items()
        for case in module.CASES
        if case.id is not None
    }
    assert covered <= names, sorted(covered - names)
    assert names - covered == PAGED
    assert len(names) == 112
