"""Accengage pages: the ``Link`` header first, the ``links`` body field as a fallback.

A paginated answer names the next page in its ``Link`` header (``rel="next"``, present
while more may remain) and again in a ``links`` (or ``link``) body field. The next URL
already holds the original query; it is followed as given (resolved against the page it
came from) and signed again like any request. The shape of the body around the items
was lost from the reference, so :func:`page_items` accepts a bare array or an object
holding one array beside its ``links``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urljoin

from loyalty_async.errors import DecodeError
from loyalty_async.links import header_values, links_by_rel, parse_links
from loyalty_async.paging import Page
from loyalty_async.transport.base import Response

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
    """The URL of the next page: ``Link`` header first, then the body's ``links`` field."""
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
    ``links`` field. An empty body is an empty page (an unknown static list answers so).
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


def json_page(response: Response, data: Any, key: str | None = None) -> Page[Any]:
    """One page of a paginated JSON answer and the URL of the next one."""
    return Page(page_items(data, key), next_url(response, data))
