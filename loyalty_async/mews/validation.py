"""The Mews input rules, checked before any request so bad input fails with a clear message.

Each ``check_*`` function returns the value as it goes on the wire, or raises
:class:`~loyalty_async.errors.ValidationError` naming the field. The limits are the ones
the Connector API documents for the loyalty operations.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from loyalty_async.errors import ValidationError
from loyalty_async.modeling import OpenEnum

E = TypeVar("E", bound=OpenEnum)

#: Most items in one batch array (``LoyaltyPrograms``, ``LoyaltyMembershipUpdates``, ...)
#: and in one array filter (``LoyaltyProgramIds``, ``ChainIds``, ...).
MAX_ITEMS = 1000
#: Page sizes ``Limitation.Count`` accepts.
MIN_PAGE_SIZE, MAX_PAGE_SIZE = 1, 1000
#: Longest ``CreatedUtc``/``UpdatedUtc`` interval one request may ask for, in months.
MAX_INTERVAL_MONTHS = 3

#: Length limits of text fields, by field.
PROGRAM_NAME_MAX = 100
PROGRAM_CODE_MAX = 50
TIER_NAME_MAX = 50
TIER_CODE_MAX = 50
MEMBERSHIP_NUMBER_MAX = 255
PROVIDER_MEMBERSHIP_ID_MAX = 100

UTC = dt.UTC


def check_text(value: Any, field: str, max_length: int | None = None) -> str:
    """A non-blank string of at most ``max_length`` characters."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{field} must be a non-empty string, got {value!r}", field=field)
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            f"{field} is {len(value)} characters long; Mews accepts at most {max_length}",
            field=field,
        )
    return value


def check_id(value: Any, field: str) -> str:
    """A Mews identifier: a UUID (``uuid.UUID`` or its text)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    text = check_text(value, field)
    try:
        uuid.UUID(text)
    except ValueError:
        raise ValidationError(
            f"{field} must be a Mews id (a UUID), got {text!r}", field=field
        ) from None
    return text


def check_int(value: Any, field: str, minimum: int | None = None) -> int:
    """A whole number (``True`` is not one), at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{field} must be a whole number, got {value!r}", field=field)
    if minimum is not None and value < minimum:
        raise ValidationError(f"{field} must be at least {minimum}, got {value}", field=field)
    return value


def check_bool(value: Any, field: str) -> bool:
    """A real boolean (``1`` or ``"yes"`` are refused)."""
    if not isinstance(value, bool):
        raise ValidationError(f"{field} must be True or False, got {value!r}", field=field)
    return value


def check_choice(value: Any, enum_type: type[E], field: str) -> E:
    """A member of ``enum_type``, or a non-empty string.

    The enums are open: a value Mews adds later can be sent before the SDK declares it.
    """
    if isinstance(value, enum_type):
        return value
    return enum_type(check_text(value, field))


def check_aware(value: Any, field: str) -> dt.datetime:
    """A datetime with a UTC offset, returned in UTC (a naive one has no defined instant)."""
    if not isinstance(value, dt.datetime):
        raise ValidationError(f"{field} must be a datetime, got {value!r}", field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            f"{field} must carry a UTC offset (e.g. datetime.now(timezone.utc)); "
            f"got the naive {value.isoformat()}",
            field=field,
        )
    return value.astimezone(UTC)


def check_items(values: Any, field: str) -> list[Any]:
    """A batch or filter array: an iterable of 1 to :data:`MAX_ITEMS` items, as a list."""
    if isinstance(values, str | bytes | bytearray | Mapping) or not isinstance(values, Iterable):
        raise ValidationError(
            f"{field} must be a list (or another iterable) of items, got {type(values).__name__}",
            field=field,
        )
    items = list(values)
    if not items:
        raise ValidationError(f"{field} is empty: give at least one item", field=field)
    if len(items) > MAX_ITEMS:
        raise ValidationError(
            f"{field} has {len(items)} items; Mews accepts at most {MAX_ITEMS} in one request "
            f"(split it into batches of {MAX_ITEMS})",
            field=field,
        )
    return items


def check_ids(values: Any, field: str) -> list[str]:
    """A non-empty array of at most :data:`MAX_ITEMS` Mews ids."""
    return [check_id(value, f"{field}[{i}]") for i, value in enumerate(check_items(values, field))]


def check_page_size(value: Any) -> int:
    """A ``Limitation.Count``: a whole number from 1 to 1000."""
    size = check_int(value, "page_size")
    if not MIN_PAGE_SIZE <= size <= MAX_PAGE_SIZE:
        raise ValidationError(
            f"page_size must be between {MIN_PAGE_SIZE} and {MAX_PAGE_SIZE}, got {size}",
            field="page_size",
        )
    return size


def format_utc(moment: dt.datetime) -> str:
    """An aware datetime as Mews writes it: ISO 8601 in UTC with ``Z``.

    Whole seconds are written without a fraction (``2025-01-31T23:00:00Z``); a fraction is
    kept, so an interval's bounds are never moved.
    """
    utc = moment.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return text + "Z"


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """``moment`` moved by whole calendar months, the day clamped to the month's last day."""
    index = moment.year * 12 + (moment.month - 1) + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
