"""Reading a Mews request body the way the Connector API does, refusing what it refuses.

Every refusal is a :class:`MewsProblem`, answered as ``{"Message", "RequestId"}`` with its
status: 400 for a malformed or invalid value (``"Invalid LoyaltyProgramId."``), 401 for
tokens, 403 for a business rule, 429 for the rate limit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from loyalty_async.mews.models import TimeInterval
from loyalty_async.mews.validation import MAX_ITEMS, MAX_PAGE_SIZE, MIN_PAGE_SIZE
from loyalty_async.modeling import CLEAR, UNSET, OpenEnum, pascal

E = TypeVar("E", bound=OpenEnum)

#: A JSON object of the request.
Body = Mapping[str, Any]


class MewsProblem(Exception):
    """A refusal the stand-in answers with a Mews error body."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def invalid(name: str, why: str = "") -> MewsProblem:
    """``400 Invalid {name}.``, as Mews words it, with the reason when there is one."""
    return MewsProblem(400, f"Invalid {name}." + (f" {why}" if why else ""))


def business(message: str) -> MewsProblem:
    """``403``: a business rule refused the request; the message is for the end user."""
    return MewsProblem(403, message)


def obj(value: Any, name: str) -> Body:
    """A JSON object."""
    if not isinstance(value, Mapping):
        raise invalid(name, "Expected a JSON object.")
    return value


def guid(value: Any, name: str) -> str:
    """An identifier: a GUID, as text."""
    if not isinstance(value, str):
        raise invalid(name)
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise invalid(name) from None


def text(value: Any, name: str, max_length: int | None = None) -> str:
    """A non-empty string of at most ``max_length`` characters."""
    if not isinstance(value, str) or not value.strip():
        raise invalid(name)
    if max_length is not None and len(value) > max_length:
        raise invalid(name, f"It may be at most {max_length} characters long.")
    return value


def whole(value: Any, name: str) -> int:
    """A JSON integer."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(name)
    return value


def boolean(value: Any, name: str) -> bool:
    """A JSON boolean."""
    if not isinstance(value, bool):
        raise invalid(name)
    return value


def moment(value: Any, name: str) -> dt.datetime:
    """An ISO 8601 datetime with a zone (Mews reads them in UTC)."""
    if not isinstance(value, str):
        raise invalid(name)
    try:
        parsed = pascal.structure(value, dt.datetime)
    except (ValueError, TypeError):
        raise invalid(name) from None
    if parsed.tzinfo is None:
        raise invalid(name, "Datetimes are in UTC, e.g. 2025-01-31T23:00:00Z.")
    return parsed.astimezone(dt.UTC)


def member(value: Any, enum_type: type[E], name: str) -> E:
    """One of the enum's declared values (the server knows them all)."""
    if isinstance(value, str):
        found = enum_type(value)
        if found.is_known():
            return found
    raise invalid(name)


def optional(body: Body, key: str, read: Callable[[Any, str], Any]) -> Any:
    """``body[key]`` read with ``read``, or ``None`` when absent or null."""
    value = body.get(key)
    return None if value is None else read(value, key)


def required(body: Body, key: str, read: Callable[[Any, str], Any]) -> Any:
    """``body[key]`` read with ``read``; absent or null is invalid."""
    value = body.get(key)
    if value is None:
        raise invalid(key, "It is required.")
    return read(value, key)


def array(
    body: Body, key: str, read: Callable[[Any, str], Any], *, required: bool = False
) -> list[Any] | None:
    """An array of at most 1000 items, each read with ``read`` (``None`` when absent)."""
    value = body.get(key)
    if value is None:
        if required:
            raise invalid(key, "It is required.")
        return None
    if not isinstance(value, list):
        raise invalid(key, "Expected an array.")
    if len(value) > MAX_ITEMS:
        raise invalid(key, f"It may hold at most {MAX_ITEMS} items.")
    if required and not value:
        raise invalid(key, "It may not be empty.")
    return [read(item, key) for item in value]


def update_value(
    item: Body, key: str, read: Callable[[Any, str], Any], *, nullable: bool = False
) -> Any:
    """An update wrapper: absent or null → ``UNSET``; ``{"Value": x}``; ``{"Value": null}``.

    ``{"Value": null}`` clears a nullable field (``CLEAR``) and is invalid for the others;
    a bare value where a wrapper belongs is invalid (the old seed's ``"Name": "x"``).
    """
    wrapper = item.get(key)
    if wrapper is None:
        return UNSET
    if not isinstance(wrapper, Mapping) or "Value" not in wrapper:
        raise invalid(key, 'Updates are objects: {"Value": ...}.')
    value = wrapper["Value"]
    if value is None:
        if not nullable:
            raise invalid(key, "It cannot be cleared.")
        return CLEAR
    return read(value, key)


def limitation(body: Body) -> tuple[str | None, int]:
    """The required ``Limitation``: ``(cursor, count)``, count from 1 to 1000."""
    value = obj(required(body, "Limitation", lambda v, n: v), "Limitation")
    count = value.get("Count")
    if isinstance(count, bool) or not isinstance(count, int):
        raise invalid("Limitation", "Count is required.")
    if not MIN_PAGE_SIZE <= count <= MAX_PAGE_SIZE:
        raise invalid("Limitation", f"Count must be between {MIN_PAGE_SIZE} and {MAX_PAGE_SIZE}.")
    cursor = value.get("Cursor")
    return (None if cursor is None else guid(cursor, "Cursor")), count


def interval(body: Body, key: str) -> TimeInterval | None:
    """A ``{StartUtc, EndUtc}`` filter of at most 3 months (both ends included)."""
    value = body.get(key)
    if value is None:
        return None
    value = obj(value, key)
    start = moment(value.get("StartUtc"), f"{key}.StartUtc")
    end = moment(value.get("EndUtc"), f"{key}.EndUtc")
    if start > end:
        raise invalid(key, "StartUtc is after EndUtc.")
    span = TimeInterval(start, end)
    if span.months_exceeded():
        raise invalid(key, "The interval may be at most 3 months long.")
    return span
