"""HTTP headers (a case-insensitive multidict that keeps spelling), and checks of them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from multidict import CIMultiDict

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


class CheckedHeaders(dict[str, str]):
    """Headers checked once, when made, and never changed afterwards.

    A session sends them without checking them again on each call: the ``id-type``
    header of each account reference is one of these, made once at import. Raises
    ``ValueError`` at construction for a header that cannot be sent as given.
    """

    __slots__ = ()

    def __init__(self, data: Mapping[str, str]) -> None:
        check_headers(data, ValueError)
        super().__init__(data)

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("checked headers cannot change; make new ones")

    __setitem__ = __delitem__ = _refuse
    update = setdefault = pop = popitem = clear = __ior__ = _refuse  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CheckedHeaders({_shown(self)!r})"


def _shown(headers: Mapping[str, str]) -> dict[str, str]:
    """``headers`` with the values of credential headers hidden, for ``repr``."""
    return {
        name: "[REDACTED]" if name.lower() in SECRET_HEADERS else value
        for name, value in headers.items()
    }


class Headers(CIMultiDict[str]):
    """HTTP headers: look-ups ignore case, iteration yields the names as they were set.

    A ``multidict.CIMultiDict`` (the type aiohttp keeps headers in), so a transport on
    aiohttp hands it over without converting it. Setting a name replaces its value;
    ``copy()`` (multidict's own, in C) returns a ``Headers``; ``repr`` hides the values of
    credential headers.
    """

    __slots__ = ()

    def __init__(self, data: Mapping[str, str] | Iterable[tuple[str, str]] | None = None) -> None:
        if data is None:
            super().__init__()
        else:
            super().__init__(data)

    def pairs(self) -> list[tuple[str, str]]:
        """The headers as ``(name, value)`` pairs, each name spelled as it was set."""
        return list(self.items())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        theirs = {str(k).lower(): v for k, v in other.items()}
        return {k.lower(): v for k, v in self.items()} == theirs

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Headers({_shown(self)!r})"
