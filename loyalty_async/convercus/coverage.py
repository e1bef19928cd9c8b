"""Which operations of the table have no typed method yet, and why.

Every other operation has exactly one typed method bound to it (the table walk in the
test suite checks both). Today every operation has one, so the list is empty; an
operation added to the table without a method needs a line here saying why (it stays
reachable through ``client.call(name, ...)`` and ``loyalty-async call NAME``), and
typing it removes the line again (``docs/adding-an-operation.md``).
"""

from __future__ import annotations

#: Operation name prefix → why its operations are reachable only through ``client.call``.
CALL_ONLY: dict[str, str] = {}


def call_only_reason(name: str) -> str | None:
    """Why the operation ``name`` has no typed method (``None``: it has one)."""
    return next((why for prefix, why in CALL_ONLY.items() if name.startswith(prefix)), None)
