"""Walking paged lists as async iterators, one small reader per paging style.

A :class:`Pager` asks a ``fetch(cursor)`` coroutine for one :class:`Page` at a time and
yields its items. The cursor is whatever the style needs: a page number (Spring
``page``/``size``, Accengage ``page``), a cursor string (Mews ``Limitation``), or the next
URL (Accengage ``Link`` header). If a page fails, :class:`~loyalty_async.errors.PaginationError`
says which cursor to start again from.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar
from urllib.parse import quote, urljoin

import attrs

from loyalty_async.errors import DecodeError, LoyaltyError, PaginationError
from loyalty_async.links import header_values, links_by_rel, parse_links
from loyalty_async.transport.base import Response

T = TypeVar("T")


@attrs.frozen
class Page(Generic[T]):
    """One page of items and the cursor of the next page (``None`` on the last page)."""

    items: Sequence[T]
    next: Any = None


class Pager(Generic[T]):
    """An async iterator over every item of every page.

    ``start`` is the first cursor (``0`` or ``1`` for page numbers, ``None`` for cursors).
    ``cursor`` always holds where the walk would go next, so a stopped walk can be
    resumed with ``Pager(fetch, start=pager.cursor)``. :meth:`pages` yields whole pages.
    """

    def __init__(self, fetch: Callable[[Any], Awaitable[Page[T]]], *, start: Any = None) -> None:
        self._fetch = fetch
        self.cursor: Any = start
        self.done = False
        self.items_yielded = 0

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield each page in turn."""
        while not self.done:
            try:
                page = await self._fetch(self.cursor)
            except LoyaltyError as exc:
                raise PaginationError(
                    f"fetching the page at {self.cursor!r} failed after {self.items_yielded} "
                    f"item(s): {exc}; resume from {self.cursor!r}",
                    resume=self.cursor,
                    items_yielded=self.items_yielded,
                ) from exc
            if page.next is None or page.next == self.cursor or not page.items:
                self.done = True
            else:
                self.cursor = page.next
            self.items_yielded += len(page.items)
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def collect(self, limit: int | None = None) -> list[T]:
        """Gather the items into a list (at most ``limit`` of them)."""
        items: list[T] = []
        async for item in self:
            items.append(item)
            if limit is not None and len(items) >= limit:
                break
        return items


def _require_list(data: Any, where: str) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise DecodeError(f"expected a JSON array {where}, got {type(data).__name__}")
    return data


def array_page(data: Any) -> Page[Any]:
    """A bare JSON array: the whole list in one page (``None``/empty body is ``[]``)."""
    return Page(_require_list(data, "as the body"), None)


def spring_page(data: Any, page: int, size: int) -> Page[Any]:
    """A Spring page (``{content, last, number, totalPages}``) or a bare array of one page.

    The walk ends on ``last == true``, past ``totalPages``, on an empty page, or on a page
    shorter than ``size``.
    """
    if isinstance(data, Mapping):
        items = _require_list(data.get("content"), "in 'content'")
        last = data.get("last")
        total_pages = data.get("totalPages")
        finished = (
            last is True
            or (isinstance(total_pages, int) and page + 1 >= total_pages)
            or len(items) < size
        )
        return Page(items, None if finished else page + 1)
    items = _require_list(data, "as a page")
    return Page(items, None if len(items) < size else page + 1)


def crud_page(data: Any, page: int, size: int) -> Page[Any]:
    """A CRUD framework's page ``{data, page, pageCount}`` (``page`` counted from 1).

    ``page`` here counts from 0, as the pager's cursor does. A bare array (the server
    did not page) or a Spring page is read as :func:`spring_page` reads it.
    """
    if isinstance(data, Mapping) and "content" not in data:
        items = _require_list(data.get("data"), "in 'data'")
        page_count = data.get("pageCount")
        finished = (isinstance(page_count, int) and page + 1 >= page_count) or len(items) < size
        return Page(items, None if finished else page + 1)
    return spring_page(data, page, size)


def cursor_page(data: Any, items_key: str, count: int) -> Page[Any]:
    """A Mews page ``{<items_key>: [...], "Cursor": ...}``; ends on a null cursor or short page."""
    if not isinstance(data, Mapping):
        raise DecodeError(f"expected a JSON object with {items_key!r}, got {type(data).__name__}")
    items = _require_list(data.get(items_key), f"in {items_key!r}")
    cursor = data.get("Cursor")
    return Page(items, None if cursor is None or len(items) < count else cursor)


def parse_link_header(value: str | None) -> dict[str, str]:
    """Parse an RFC 8288 ``Link`` header into ``{rel: url}`` (see :mod:`loyalty_async.links`)."""
    return links_by_rel(parse_links(value))


def link_page(items: Sequence[Any], response: Response) -> Page[Any]:
    """A page whose successor is the ``rel="next"`` URL of its ``Link`` header."""
    base = response.request.full_url if response.request is not None else None
    links = links_by_rel(parse_links(header_values(response.headers, "Link"), base), context=base)
    return Page(items, links.get("next"))


# ---------------------------------------------------------------------- Link paging

_LINK_FIELDS = ("links", "link")
# Characters a URL keeps as they are; anything else (a space, non-ASCII) is escaped, and
# escapes already present stay untouched.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"


def _body_links(value: Any, base: str | None) -> dict[str, str]:
    """``{rel: url}`` from a ``links`` body field in any of the shapes seen for it."""
    if isinstance(value, str):
        return links_by_rel(parse_links(value, base), context=base)
    found: dict[str, str] = {}
    if isinstance(value, Mapping):
        for rel, target in value.items():
            if isinstance(target, Mapping):
                target = target.get("href") or target.get("url")
            if isinstance(rel, str) and isinstance(target, str) and target:
                found.setdefault(rel.lower(), target)
    elif isinstance(value, list):
        for entry in value:
            if not isinstance(entry, Mapping):
                continue
            rel = entry.get("rel")
            target = entry.get("href") or entry.get("url") or entry.get("link")
            if isinstance(rel, str) and isinstance(target, str) and target:
                for name in rel.split():
                    found.setdefault(name.lower(), target)
    if base:
        found = {rel: urljoin(base, target) for rel, target in found.items()}
    return found


def next_url(response: Response, data: Any = None) -> str | None:
    """The URL of the next page: ``Link`` header first, then the body's ``links`` field.

    Accengage names the next page both ways; the URL is resolved against the page it came
    from, and characters a URL may not hold are escaped (escapes already made are kept).
    """
    base = response.request.full_url if response.request is not None else None
    links = links_by_rel(parse_links(header_values(response.headers, "Link"), base), context=base)
    target = links.get("next")
    if target is None and isinstance(data, Mapping):
        for field in _LINK_FIELDS:
            if field in data:
                target = _body_links(data[field], base).get("next")
                if target:
                    break
    return quote(target, safe=_URL_SAFE) if target else None


def page_items(data: Any, key: str | None = None) -> list[Any]:
    """The items of one page: a bare array, or the array inside an object.

    In an object, ``key`` is looked for first, then the one array that is not a
    ``links`` field. An empty body is an empty page.
    """
    if data is None:
        return []
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        if key is not None and isinstance(data.get(key), list):
            return list(data[key])
        arrays = [
            value
            for name, value in data.items()
            if name not in _LINK_FIELDS and isinstance(value, list)
        ]
        if len(arrays) == 1:
            return list(arrays[0])
        if not arrays and not (set(data) - set(_LINK_FIELDS)):
            return []
        raise DecodeError(
            f"cannot tell the items of this page apart: expected an array or an object with one "
            f"array, got the fields {', '.join(map(str, data))}"
        )
    raise DecodeError(f"expected a page of items, got {type(data).__name__}")


def link_json_page(response: Response, data: Any, key: str | None = None) -> Page[Any]:
    """One page of a JSON list and the URL of the next (:func:`next_url`)."""
    return Page(page_items(data, key), next_url(response, data))
