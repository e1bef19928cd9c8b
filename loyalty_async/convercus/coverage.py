"""Which operations of the table have no typed method yet, and why.

Every other operation has exactly one typed method bound to it (the table walk in the
test suite checks both). These are reachable through ``client.call(name, ...)`` and
``loyalty-async call NAME``; typing a domain removes its line here
(``docs/adding-an-operation.md``).
"""

from __future__ import annotations

#: Operation name prefix → why its operations are reachable only through ``client.call``.
CALL_ONLY: dict[str, str] = {
    "mounting.": "device mounting service: bodies undocumented, paths mostly inferred",
    "newsfeed.": "newsfeed service: not part of the member journey yet",
    "webhooks.": "webhook service: configuration, not member traffic",
    "ai.": "AI service: bodies undocumented",
    "push_notifications.": "push service: bodies undocumented",
    "connectors.": "connectors: free-form payloads per connector",
    "search.": "search: the query language is undocumented",
    "user_app.": "user app service (Keycloak admin): outside the member API",
    "tracking.": "tracking service health check",
}


def call_only_reason(name: str) -> str | None:
    """Why the operation ``name`` has no typed method (``None``: it has one)."""
    return next((why for prefix, why in CALL_ONLY.items() if name.startswith(prefix)), None)
