"""A small case-insensitive header mapping that keeps the spelling it was given."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, MutableMapping

#: Header names whose values are secrets: shown as ``[REDACTED]`` by ``repr``.
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "accengage-signature",
        "x-api-key",
        "x-convercus-key",
    }
)


# RFC 9110: a field name is a token; a value is visible characters, spaces and tabs. CR, LF
# and the other control characters would end the header early (header injection).
_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BAD_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def header_problem(name: object, value: object) -> str | None:
    """Why ``name: value`` cannot go on the wire as one header, or ``None`` if it can.

    The message names the header but never quotes the value (it may be a secret).
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        return f"{name!r} is not a valid header name"
    if not isinstance(value, str):
        return f"header {name!r} must be a string, not {type(value).__name__}"
    if _BAD_VALUE.search(value):
        return f"header {name!r} contains a line break or another control character"
    return None


def check_headers(
    headers: Mapping[str, str] | None, error: type[Exception], where: str = "headers"
) -> None:
    """Raise ``error`` naming ``where`` for the first header that cannot be sent as given."""
    if not headers:
        return
    for name, value in headers.items():
        problem = header_problem(name, value)
        if problem is not None:
            raise error(f"{where}: {problem}")


class Headers(MutableMapping[str, str]):
    """HTTP headers: look-ups ignore case, iteration yields the names as they were set."""

    __slots__ = ("_store",)

    def __init__(self, data: Mapping[str, str] | Iterable[tuple[str, str]] | None = None) -> None:
        self._store: dict[str, tuple[str, str]] = {}
        if data is not None:
            self.update(data)

    def __getitem__(self, key: str) -> str:
        return self._store[key.lower()][1]

    def __setitem__(self, key: str, value: str) -> None:
        self._store[key.lower()] = (key, value)

    def __delitem__(self, key: str) -> None:
        del self._store[key.lower()]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._store

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._store.values())

    def __len__(self) -> int:
        return len(self._store)

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """Return the value of ``key`` (any case), or ``default``."""
        entry = self._store.get(key.lower())
        return default if entry is None else entry[1]

    def update(  # type: ignore[override]
        self, other: Mapping[str, str] | Iterable[tuple[str, str]] = (), /, **kwargs: str
    ) -> None:
        """Set the headers of ``other`` (a mapping or pairs), then those of ``kwargs``."""
        # Every call copies and merges headers: spare the common cases the generic path,
        # which looks every name up again through __getitem__.
        if isinstance(other, Headers):
            self._store.update(other._store)
        elif type(other) is dict:
            store = self._store
            for key, value in other.items():
                store[key.lower()] = (key, value)
        else:
            super().update(other)
        for key, value in kwargs.items():
            self[key] = value

    def pairs(self) -> list[tuple[str, str]]:
        """The headers as ``(name, value)`` pairs, each name spelled as it was set."""
        return list(self._store.values())

    def copy(self) -> Headers:
        """Return an independent copy."""
        clone = Headers.__new__(Headers)
        clone._store = self._store.copy()
        return clone

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        theirs = {str(k).lower(): v for k, v in other.items()}
        return {k: v for k, (_, v) in self._store.items()} == theirs

    def __repr__(self) -> str:
        shown = {
            name: "[REDACTED]" if lower in SECRET_HEADERS else value
            for lower, (name, value) in self._store.items()
        }
        return f"Headers({shown!r})"
