"""The Loyalty Pass APIs, one row each, every route an assumption.

Loyalty Pass publishes the names and purposes of its APIs, not their host, paths,
methods or payloads (those come with its API reference, given to clients). So every row
below is marked unconfirmed (confidence ``L``): the method and path are a placeholder
in a common REST style, to be replaced by the real ones with ``routes=``::

    LoyaltyPassClient(..., routes={
        "earn.earn": "POST /rest/v2/members/{member_id}/earn",
        "members.transactions": "/rest/v2/members/{member_id}/history",
    })

A route is ``"METHOD /path"`` or just ``"/path"`` (the method stays). Its path may use,
as ``{placeholders}``, any of the values the operation's method already takes
(:data:`ROUTE_VALUES`); they are percent-encoded into the path and still sent in the
body or query as well.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

import attrs

from loyalty_async.errors import ConfigurationError
from loyalty_async.operations import Operation, OperationTable, Result, path_parameters

_JSON, _NONE, _TEXT = Result.JSON, Result.NONE, Result.TEXT
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


def _op(
    name: str,
    method: str,
    path: str,
    title: str,
    result: Result = _JSON,
    *,
    paged: bool = False,
    writes_points: bool = False,
) -> Operation:
    # Earn, reversal, redemption and event rewards move points: never resent after an
    # ambiguous failure, whatever method the real route turns out to use.
    return Operation(
        name,
        method,
        path,
        result=result,
        paged=paged,
        confidence="L",
        title=title,
        idempotent=False if writes_points else None,
    )


OPERATIONS = OperationTable.of(
    _op(
        "segments.map_promotion",
        "POST",
        "/api/v1/segments/promotion-mapping",
        "Promotion Segment Mapping API",
    ),
    _op(
        "segments.add_member",
        "POST",
        "/api/v1/segments/members",
        "Segment Member Mapping API (add)",
        _NONE,
    ),
    _op(
        "segments.remove_member",
        "DELETE",
        "/api/v1/segments/members",
        "Segment Member Mapping API (remove)",
        _NONE,
    ),
    _op("earn.evaluate_basket", "POST", "/api/v1/earn/evaluation", "Basket Point Evaluation API"),
    _op("earn.earn", "POST", "/api/v1/earn", "Earn API", writes_points=True),
    _op("earn.reverse", "POST", "/api/v1/earn/reversal", "Earn Reversal API", writes_points=True),
    _op(
        "burn.redeem_voucher",
        "POST",
        "/api/v1/burn/voucher",
        "Redeem Points Voucher API",
        writes_points=True,
    ),
    _op(
        "earn.reward_event", "POST", "/api/v1/earn/event", "Event Rewarding API", writes_points=True
    ),
    _op("program.languages", "GET", "/api/v1/program/languages", "Languages API"),
    _op(
        "members.identification_cookie",
        "POST",
        "/api/v1/members/identification",
        "Identification user API",
    ),
    _op(
        "members.transactions",
        "GET",
        "/api/v1/members/transactions",
        "Transaction History API",
        paged=True,
    ),
    _op("catalog.categories", "GET", "/api/v1/catalog/categories", "Get Client Category API"),
    _op("catalog.gifts", "GET", "/api/v1/catalog/gifts", "JSON gifts API", paged=True),
)

#: Values each operation's method takes that a route may use as ``{placeholders}``.
ROUTE_VALUES: Mapping[str, tuple[str, ...]] = {
    "segments.map_promotion": ("segment_id", "promotion_id", "member_id"),
    "segments.add_member": ("segment_id", "member_id"),
    "segments.remove_member": ("segment_id", "member_id"),
    "earn.evaluate_basket": ("member_id",),
    "earn.earn": ("member_id", "reference"),
    "earn.reverse": ("reference",),
    "burn.redeem_voucher": ("member_id", "reference"),
    "earn.reward_event": ("member_id", "reference"),
    "program.languages": (),
    "members.identification_cookie": ("member_id",),
    "members.transactions": ("member_id",),
    "catalog.categories": (),
    "catalog.gifts": (),
}


def apply_routes(table: OperationTable, routes: Mapping[str, str] | None) -> OperationTable:
    """``table`` with ``routes`` applied (``"METHOD /path"`` or ``"/path"`` by operation name).

    The result's rows keep their confidence: a route you give is still checked by you,
    not by a published reference.
    """
    if not routes:
        return table
    if not isinstance(routes, Mapping):
        raise ConfigurationError("routes must map operation names to 'METHOD /path' or '/path'")
    rows = {operation.name: operation for operation in table}
    for name, route in routes.items():
        operation = rows.get(name)
        if operation is None:
            known = ", ".join(rows)
            raise ConfigurationError(f"routes: no Loyalty Pass operation named {name!r} ({known})")
        if not isinstance(route, str):
            raise ConfigurationError(f"routes[{name!r}] must be 'METHOD /path' or '/path'")
        method, _, path = route.strip().rpartition(" ")
        method = method.strip().upper() or operation.method
        if method not in _METHODS:
            raise ConfigurationError(f"routes[{name!r}]: unknown method {method!r}")
        if not path.startswith("/") or any(c in path for c in " \r\n\t"):
            raise ConfigurationError(f"routes[{name!r}] must be a path starting with '/'")
        try:
            list(string.Formatter().parse(path))
        except ValueError as exc:
            raise ConfigurationError(f"routes[{name!r}] is not a template: {exc}") from None
        allowed = ROUTE_VALUES[name]
        unknown = [p for p in path_parameters(path) if p not in allowed]
        if unknown:
            raise ConfigurationError(
                f"routes[{name!r}] uses {', '.join('{' + p + '}' for p in unknown)}; "
                f"{name} can fill {', '.join('{' + p + '}' for p in allowed) or 'no placeholder'}"
            )
        rows[name] = attrs.evolve(operation, method=method, path=path)
    return OperationTable(rows)
