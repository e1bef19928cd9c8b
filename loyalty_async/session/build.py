"""Building a call's request: from an operation's plan, made once, and the call's values.

A :class:`Plan` is compiled the first time a session sends an operation: the URL cut into
its literal pieces around the ``{placeholders}`` (already joined to the base URL and
quoted), the origin check of an absolute URL, what the extensions will say. Each call
then only fills in its values: each path value checked and percent-encoded, the query
encoded, the session's headers copied with the call's own on top, and the JSON body
encoded once (every attempt sends those very bytes).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, cast
from urllib.parse import quote, urlsplit

from multidict import getversion

from loyalty_async.errors import ValidationError
from loyalty_async.operations import Operation
from loyalty_async.session.call import Call, Params
from loyalty_async.transport.base import Request
from loyalty_async.transport.headers import CheckedHeaders, Headers, header_problem

# Changes each time a multidict changes (multidict's stubs type it for MultiDict[object]).
#: The version of a headers multidict: it changes whenever they change.
headers_version = cast(Callable[[Headers], int], getversion)

#: Extension key marking a request to another origin than the base URL.
CROSS_ORIGIN = "loyalty_async.cross_origin"

#: Characters left as they are in a path: separators, and escapes already made.
_PATH_SAFE = "/%:@!$&'()*+,;=~?"
#: Whether quote() would return a text unchanged (most paths and ids): then it is not quoted.
SENT_AS_IS = re.compile(r"[-A-Za-z0-9_.~]*").fullmatch
_PATH_NEEDS_NO_QUOTING = re.compile("[-A-Za-z0-9_.~" + re.escape(_PATH_SAFE) + "]*").fullmatch
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
#: Path segments a proxy or server resolves instead of passing on.
DOT_SEGMENTS = frozenset({".", ".."})
#: How many merged header sets a plan keeps (one per fixed header set: a few at most).
_PROTOTYPES = 64
#: How many distinct per-call header pairs are remembered as checked.
_CHECKED_PAIRS = 4096


class Plan:
    """The compiled form of one operation for one session: everything not per call.

    ``pieces`` are the URL's literal parts, quoted and joined to the base URL; a call's
    path values go between them, in the order of ``names``.
    """

    __slots__ = (
        "base_url",
        "cross_origin",
        "extensions",
        "method",
        "name",
        "names",
        "operation",
        "pieces",
        "prototypes",
    )

    def __init__(self, operation: Operation, base_url: str, origin: tuple[str, str]) -> None:
        self.operation = operation
        self.base_url = base_url
        self.method = operation.method.upper()
        self.name = operation.name or None
        path = operation.path
        absolute = path.startswith(("http://", "https://"))
        # A Link header's next page is used as it is (already encoded), and never gets
        # this session's credentials if it points at another host.
        self.cross_origin = absolute and url_origin(path) != origin
        literal = _PLACEHOLDER.split(path)
        self.names: tuple[str, ...] = tuple(literal[1::2])
        pieces = literal[0::2]
        if not absolute:
            pieces = [_quoted_path(piece) for piece in pieces]
            head = pieces[0]
            pieces[0] = base_url + head if head.startswith("/") else f"{base_url}/{head}"
        self.pieces: tuple[str, ...] = tuple(pieces)
        #: What every request of this operation says in its extensions (copied per call,
        #: with the call's path values).
        self.extensions: dict[str, Any] = {"path_template": path}
        if self.name is not None:
            self.extensions["operation"] = self.name
        if self.cross_origin:
            self.extensions[CROSS_ORIGIN] = True
        #: The merged headers of :meth:`headers` by the identity of the fixed headers:
        #: without a JSON body, and with one.
        self.prototypes: tuple[dict[int, _Prototype], dict[int, _Prototype]] = ({}, {})

    def url(self, values: Mapping[str, Any] | None) -> str:
        """The URL with the call's path values, each checked and percent-encoded."""
        pieces = self.pieces
        names = self.names
        if not values:
            if names:
                raise ValidationError(
                    f"path {self.operation.path!r} needs parameter {names[0]!r}", field=names[0]
                )
            return pieces[0]
        if len(values) == 1 and len(names) == 1 and names[0] in values:  # the usual case
            return pieces[0] + path_value(names[0], values[names[0]]) + pieces[1]
        for name, value in values.items():
            if name not in names:
                path_value(name, value)  # checked even when the path does not use it
        parts = [pieces[0]]
        for name, piece in zip(self.names, pieces[1:], strict=True):
            parts.append(self._value(values, name))
            parts.append(piece)
        return "".join(parts)

    def _value(self, values: Mapping[str, Any], name: str) -> str:
        try:
            value = values[name]
        except KeyError:
            raise ValidationError(
                f"path {self.operation.path!r} needs parameter {name!r}", field=name
            ) from None
        return path_value(name, value)

    def request(
        self,
        call: Call,
        session_headers: Headers,
        query: Params | None,
        headers: Mapping[str, str] | None,
        content: Any,
        credentials: CheckedHeaders | None = None,
    ) -> Request:
        """The request of a call's attempt (the body already encoded into ``content``).

        ``credentials`` are the auth strategy's headers of the moment
        (:meth:`~loyalty_async.auth.AuthStrategy.current_headers`), sent last.
        """
        path_values = call.path
        url = self.url(path_values)
        if path_values:
            for item in path_values.values():
                if type(item) is not str:
                    path_values = {k: param_text(v) for k, v in path_values.items()}
                    break
        extensions = (
            {**self.extensions, "path_params": path_values}
            if path_values
            else self.extensions.copy()
        )
        json = call.json is not None
        if headers is None or type(headers) is CheckedHeaders:
            merged = self.headers(session_headers, headers, json, credentials)
            shared = True
        else:
            merged = _merged(session_headers, headers, json, credentials)
            shared = False
        return Request._assemble(
            self.method,
            url,
            encode_params(query) if query else [],
            merged,
            content,
            None,
            call.stream,
            extensions,
            shared,
        )

    def headers(
        self,
        session_headers: Headers,
        headers: CheckedHeaders | None,
        json: bool,
        credentials: CheckedHeaders | None,
    ) -> Headers:
        """The headers of a call: the session's, fixed ones (an ``id-type``), the credentials.

        Merged once and shared by the requests (never change them: a request copies them
        before anything changes its own, see ``Request.headers``); merged again when the
        session's headers or the credentials change.
        """
        version = headers_version(session_headers)
        prototype = self.prototypes[json].get(id(headers))
        if (
            prototype is None
            or prototype[0] is not headers
            or prototype[1] != version
            or prototype[2] is not credentials
        ):
            prototype = self._prototype(session_headers, headers, json, credentials, version)
        return prototype[3]

    def _prototype(
        self,
        session_headers: Headers,
        headers: CheckedHeaders | None,
        json: bool,
        credentials: CheckedHeaders | None,
        version: int,
    ) -> _Prototype:
        prototypes = self.prototypes[json]
        if len(prototypes) >= _PROTOTYPES:
            prototypes.clear()
        merged = _merged(session_headers, headers, json, credentials)
        # The entry keeps the fixed headers alive, so their id is not reused.
        prototype = (headers, version, credentials, merged)
        prototypes[id(headers)] = prototype
        return prototype


#: A merged header set and what it was merged from: the call's fixed headers, the session
#: headers' version, the credentials.
_Prototype = tuple[CheckedHeaders | None, int, CheckedHeaders | None, Headers]


def _merged(
    session_headers: Headers,
    headers: Mapping[str, str] | None,
    json: bool,
    credentials: CheckedHeaders | None,
) -> Headers:
    """The session's headers, then the call's, a JSON body's type, then the credentials."""
    merged = session_headers.copy()
    if headers:
        merged.update(headers)
    if json and "Content-Type" not in merged:
        merged["Content-Type"] = "application/json"
    if credentials:
        merged.update(credentials)
    return merged


class HeaderChecks:
    """Checks per-call headers, remembering the pairs already found good (most repeat)."""

    __slots__ = ("_good",)

    def __init__(self) -> None:
        self._good: set[tuple[str, str]] = set()

    def check(self, headers: Mapping[str, str]) -> None:
        """Raise :class:`ValidationError` for a header that cannot be sent as given."""
        good = self._good
        for pair in headers.items():
            if pair in good:
                continue
            problem = header_problem(*pair)
            if problem is not None:
                raise ValidationError(f"headers: {problem}")
            if len(good) >= _CHECKED_PAIRS:
                good.clear()
            good.add(pair)


def path_value(name: str, value: Any) -> str:
    """A path parameter's value, checked and percent-encoded as one whole segment."""
    text = value if type(value) is str else param_text(value)
    if SENT_AS_IS(text):
        if text and text not in DOT_SEGMENTS:
            return text
        if not text:
            raise ValidationError(f"path parameter {name!r} must not be empty", field=name)
        # A proxy or server would resolve it: "/accounts/../balance" is "/balance".
        raise ValidationError(
            f"path parameter {name!r} must not be {text!r} (a relative path segment)",
            field=name,
        )
    if text.isspace():
        raise ValidationError(f"path parameter {name!r} must not be empty", field=name)
    return quote(text, safe="")


def encode_params(params: Params | None) -> list[tuple[str, str]]:
    """Query parameters as pairs: ``None`` left out, lists repeating the key, values as text."""
    if not params:
        return []
    items: Iterable[tuple[str, Any]] = params.items() if isinstance(params, Mapping) else params
    pairs: list[tuple[str, str]] = []
    for key, value in items:
        if value is None:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            pairs.extend((key, param_text(v)) for v in value if v is not None)
        else:
            pairs.append((key, param_text(value)))
    return pairs


def param_text(value: Any) -> str:
    """A path or query value as text: booleans lower-case, enums their value, exact decimals."""
    if type(value) is str:  # the usual case, and the text it would come to anyway
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return param_text(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")  # never "1E+2"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def url_origin(url: str) -> tuple[str, str]:
    """Scheme and host (with port) of ``url``, lower-cased."""
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _quoted_path(piece: str) -> str:
    return piece if _PATH_NEEDS_NO_QUOTING(piece) else quote(piece, safe=_PATH_SAFE)
