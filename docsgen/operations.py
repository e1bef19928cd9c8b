"""The operation reference: every operation of every platform's table, and its typed method.

One platform per page, one section per domain (the operation name's first part), one row
per operation: name, HTTP method, route, whether a source confirms it, and the method of
the client that sends it (or ``client.call(name)`` when there is none).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from itertools import groupby

import attrs

from loyalty_async.operations import Operation, OperationTable
from loyalty_async.operations.service import Service

#: What a confidence letter means, as the tables declare it.
CONFIDENCE = {
    "C": "confirmed",
    "H": "inferred (high)",
    "M": "inferred (medium)",
    "L": "inferred (low)",
}


@attrs.frozen
class Platform:
    """A platform with a table: how its page is named and how to build a client to walk."""

    slug: str
    title: str
    table_name: str
    table: Callable[[], OperationTable]
    client: Callable[[], object]
    about: str


def _convercus() -> object:
    from loyalty_async.convercus import ConvercusClient

    return ConvercusClient(
        base_url="https://convercus.example", org="O", username="u", password="p",
        interaction_id="i",
    )  # fmt: skip


def _mews() -> object:
    from loyalty_async.mews import MewsClient

    return MewsClient(base_url="https://mews.example", client_token="c", access_token="a")


def _accengage() -> object:
    from loyalty_async.accengage import AccengageClient

    return AccengageClient(email="e@example.com", api_key="k", partner_id="p")


def _loyaltypass() -> object:
    from loyalty_async.loyaltypass import LoyaltyPassClient

    return LoyaltyPassClient(
        base_url="https://loyaltypass.example",
        token_url="https://loyaltypass.example/token",
        client_id="c",
        client_secret="s",
    )


def _table(module: str) -> Callable[[], OperationTable]:
    def load() -> OperationTable:
        table: OperationTable = __import__(module, fromlist=["OPERATIONS"]).OPERATIONS
        return table

    return load


PLATFORMS = (
    Platform(
        "convercus",
        "Convercus",
        "loyalty_async.convercus.OPERATIONS",
        _table("loyalty_async.convercus.operations"),
        _convercus,
        "The whole Convercus API reference. Paths beyond the implementation manual are "
        "inferred from naming rules; override one with `ConvercusClient(routes=...)`.",
    ),
    Platform(
        "mews",
        "Mews loyalty",
        "loyalty_async.mews.OPERATIONS",
        _table("loyalty_async.mews.operations"),
        _mews,
        "The loyalty operations of the Mews Connector API.",
    ),
    Platform(
        "accengage",
        "Accengage",
        "loyalty_async.accengage.OPERATIONS",
        _table("loyalty_async.accengage.operations"),
        _accengage,
        "Every route of the Accengage REST API v1.",
    ),
    Platform(
        "loyaltypass",
        "Loyalty Pass",
        "loyalty_async.loyaltypass.OPERATIONS",
        _table("loyalty_async.loyaltypass.operations"),
        _loyaltypass,
        "Loyalty Pass publishes the names of its APIs, not their routes: every route here "
        "is a placeholder to replace with yours (`LoyaltyPassClient(routes=...)`).",
    ),
)


def typed_methods(client: object) -> dict[str, str]:
    """Operation name → the client method that sends it (``client.accounts.get_balance``).

    Walks the client's services (and their sub-services, such as ``coupons.assignments``)
    and reads what each service class bound (``Service.bound_operations``).
    """
    found: dict[str, str] = {}
    pending: list[tuple[str, object]] = [("client", client)]
    seen: set[int] = set()
    while pending:
        path, owner = pending.pop(0)
        for name, member in inspect.getmembers(type(owner)):
            if name.startswith("_") or not isinstance(member, property | functools.cached_property):
                continue
            service = getattr(owner, name)
            if not isinstance(service, Service) or id(service) in seen:
                continue
            seen.add(id(service))
            where = f"{path}.{name}"
            pending.append((where, service))
            for operation, attr in type(service).bound_operations.items():
                found.setdefault(operation, f"{where}.{attr}")
    return found


def page(platform: Platform) -> str:
    """The Markdown of ``platform``'s operation reference."""
    table = platform.table()
    methods = typed_methods(platform.client())
    operations = sorted(table, key=lambda op: op.name)
    confirmed = sum(op.confirmed for op in operations)
    untyped = sum(op.name not in methods for op in operations)
    lines = [
        f"# {platform.title} operations",
        "",
        f"{platform.about} Generated from `{platform.table_name}`: {len(operations)} "
        f"operations ({untyped} without a typed method), {confirmed} confirmed by a source "
        f"and {len(operations) - confirmed} inferred.",
        "",
        "Every operation can also be called by name, `await client.call(name, ...)`.",
    ]
    for domain, group in groupby(operations, key=lambda op: op.name.split(".")[0]):
        lines += ["", f"## {domain}", "", "| Operation | Method | Route | Source | Typed method |"]
        lines.append("| --- | --- | --- | --- | --- |")
        lines.extend(_row(op, methods.get(op.name)) for op in group)
    return "\n".join(lines) + "\n"


def _row(op: Operation, method: str | None) -> str:
    sends = f"`{method}`" if method else f'`client.call("{op.name}")`'
    if op.deprecated:
        sends += f" (deprecated{f', use `{op.replaced_by}`' if op.replaced_by else ''})"
    source = CONFIDENCE.get(op.confidence, op.confidence)
    route = op.path.replace("|", "\\|")
    return f"| `{op.name}` | {op.method} | `{route}` | {source} | {sends} |"


def pages() -> Iterator[tuple[str, str]]:
    """``(path in the site, Markdown)`` of every operation reference page."""
    for platform in PLATFORMS:
        yield f"reference/operations/{platform.slug}.md", page(platform)
