"""The sandbox's handlers, one module per API domain, gathered by operation name.

Operations no module here handles are served by :mod:`.generic` from their path.
"""

from __future__ import annotations

from loyalty_async.sandbox.handlers import (
    account_coupons,
    accounts,
    ai,
    auth,
    bookings,
    coupons,
    identifiers,
    memberships,
    newsfeed,
    reports,
    search,
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
        newsfeed,
        search,
        ai,
    )
)

__all__ = ["HANDLERS"]
