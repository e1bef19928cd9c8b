"""Walking a Mews ``getAll`` by cursor, as an async iterator.

Each request carries ``Limitation {Cursor, Count}``; each answer carries its items (newest
first) and a ``Cursor``, the id of its oldest item, which asks for the next, older page.
The walk stops on a ``null`` cursor or on a page shorter than ``Count``.

Mews answers ``CreatedUtc``/``UpdatedUtc`` intervals of at most 3 months. A longer one is
split here into consecutive parts of at most 3 calendar months, walked newest part first.
Parts do not overlap and leave no gap: an older part ends one tick (100 ns, the finest
time Mews keeps) before the newer one starts, so no item is fetched twice or missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import attrs

from loyalty_async.errors import DecodeError, ValidationError
from loyalty_async.mews.models import TimeInterval, split_interval
from loyalty_async.mews.validation import check_page_size, format_utc
from loyalty_async.paging import Page, Pager, cursor_page
from loyalty_async.transport.base import Response

T = TypeVar("T")

#: Sends one ``getAll`` body; returns its decoded JSON answer and the response.
Send = Callable[[dict[str, Any]], Awaitable[tuple[Any, Response]]]
#: Turns one decoded item into its model (the response is for the error, if it does not fit).
Read = Callable[[Any, Response], T]


@attrs.frozen
class IntervalCursor:
    """Where a walk over a split interval stands: the part, and the cursor within it.

    ``part_start`` is the start of the 3-month part being walked; ``cursor`` is the Mews
    cursor within it (``None``: from its newest item). Pass it back as ``cursor=`` with the
    same filters to resume the walk.
    """

    part_start: dt.datetime
    cursor: str | None = None


#: Where a walk starts or stands: a Mews cursor, or an :class:`IntervalCursor`.
Cursor = str | IntervalCursor | None


def tick_before(moment: dt.datetime) -> str:
    """The instant one .NET tick (100 ns) before ``moment``, as Mews reads it."""
    earlier = format_utc(moment - dt.timedelta(microseconds=1))
    head = earlier[:-1]
    if "." not in head:
        head += "."
    fraction = head.rpartition(".")[2]
    return head + "0" * (6 - len(fraction)) + "9Z"


def _interval_body(start: dt.datetime, end: str) -> dict[str, str]:
    return {"StartUtc": format_utc(start), "EndUtc": end}


@attrs.frozen
class _Part:
    start: dt.datetime
    body: dict[str, str]


def _parts(interval: TimeInterval) -> list[_Part]:
    pieces = split_interval(interval)  # newest first
    parts = []
    for index, piece in enumerate(pieces):
        # The newest part keeps the caller's end; each older one stops a tick before the
        # start of the part after it.
        end = format_utc(piece.end_utc) if index == 0 else tick_before(piece.end_utc)
        parts.append(_Part(piece.start_utc, _interval_body(piece.start_utc, end)))
    return parts


def cursor_walk(
    send: Send,
    read: Read[T],
    *,
    items_key: str,
    filters: Mapping[str, Any],
    intervals: Mapping[str, TimeInterval],
    page_size: Any,
    cursor: Any = None,
) -> Pager[T]:
    """A :class:`~loyalty_async.Pager` over every item a ``getAll`` returns.

    ``filters`` go in every request as they are; ``intervals`` maps ``CreatedUtc``/
    ``UpdatedUtc`` to the intervals asked for. Nothing is sent before the first iteration;
    the arguments are checked at once. ``pager.cursor`` (and a
    :class:`~loyalty_async.errors.PaginationError`'s ``resume``) tells where to resume.
    """
    size = check_page_size(page_size)
    body = dict(filters)
    long = {name: i for name, i in intervals.items() if i.months_exceeded()}
    for name, interval in intervals.items():
        if name not in long:
            body[name] = _interval_body(interval.start_utc, format_utc(interval.end_utc))
    if len(long) > 1:
        raise ValidationError(
            f"{' and '.join(long)} both span more than 3 months; Mews answers at most 3 "
            "months per request and only one of them can be split: narrow the other one",
            field=next(iter(long)),
        )
    split_field = next(iter(long), None)
    parts = _parts(long[split_field]) if split_field else []
    start = _start(cursor, parts)

    async def page(part: _Part | None, at: str | None) -> Page[T]:
        request = {**body, "Limitation": {"Cursor": at, "Count": size}}
        if part is not None and split_field is not None:
            request[split_field] = part.body
        data, response = await send(request)
        try:
            found = cursor_page(data, items_key, size)
        except DecodeError as exc:
            exc.response = response
            raise
        return Page([read(item, response) for item in found.items], found.next)

    if not parts:

        async def fetch(at: Any) -> Page[T]:
            return await page(None, at)

        return Pager(fetch, start=start)

    index_of = {part.start: index for index, part in enumerate(parts)}

    async def fetch_split(position: Any) -> Page[T]:
        index, at = index_of[position.part_start], position.cursor
        while True:
            found = await page(parts[index], at)
            if found.next is not None:
                return Page(found.items, IntervalCursor(parts[index].start, found.next))
            if index + 1 == len(parts):
                return Page(found.items, None)
            index, at = index + 1, None
            if found.items:  # an empty part is skipped: an empty page would end the walk
                return Page(found.items, IntervalCursor(parts[index].start))

    return Pager(fetch_split, start=start)


def _start(cursor: Any, parts: list[_Part]) -> Cursor:
    """Check a resume point against the walk it resumes."""
    if not parts:
        if cursor is None or (isinstance(cursor, str) and cursor.strip()):
            return cursor
        raise ValidationError(
            f"cursor must be a Mews cursor (the text of a page's Cursor), got {cursor!r}",
            field="cursor",
        )
    if cursor is None:
        return IntervalCursor(parts[0].start)
    if isinstance(cursor, IntervalCursor) and any(p.start == cursor.part_start for p in parts):
        return cursor
    raise ValidationError(
        "this walk splits a long interval into parts: resume it with the IntervalCursor "
        f"it stopped at (pager.cursor or the error's resume), not {cursor!r}",
        field="cursor",
    )
