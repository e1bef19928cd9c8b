"""The sandbox's handlers, one module per API domain, gathered by operation name."""

from __future__ import annotations

from loyalty_async.sandbox.handlers import (
    account_coupons,
    accounts,
    auth,
    bookings,
    coupons,
    identifiers,
    memberships,
    reports,
    transactions,
    users,
)
from loyalty_async.sandbox.http import Handler, Routes

#: Operation name → the handler that serves it (the domains above, each once).
HANDLERS: dict[str, Handler] = Routes.merge(
    module.routes
    for module in (
        auth,
        accounts,
        identifiers,
        users,
        memberships,
        bookings,
        transactions,
        coupons,
        account_coupons,
        reports,
    )
)

__all__ = ["HANDLERS"]
