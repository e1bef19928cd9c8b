"""The values that cross the transport boundary, and the protocol a transport implements.

Everything above this layer speaks in :class:`Request` and :class:`Response`; only a
transport knows which HTTP library moves the bytes.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlencode

import attrs
import orjson

from loyalty_async.errors import ConfigurationError
from loyalty_async.transport.headers import Headers

#: A request or response body: bytes, or an async stream of byte chunks.
Body = bytes | AsyncIterable[bytes]


def _to_headers(value: Mapping[str, str] | None) -> Headers:
    if isinstance(value, Headers):
        return value.copy()
    return Headers(value) if value is not None else Headers()


def positive_seconds(value: Any, *, or_zero: bool = False) -> float | None:
    """``value`` as a finite number of seconds above zero, or ``None`` if it is not one.

    The rule of every time limit and deadline: a bool, a NaN, an infinity or an integer
    too large for a float would reach the event loop's timers and fail there. With
    ``or_zero``, zero is accepted too (a wait that may be skipped).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        seconds = float(value)
    except OverflowError:
        return None
    above = seconds >= 0 if or_zero else seconds > 0
    return seconds if above and seconds < math.inf else None


def _seconds_or_none(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A limit is ``None`` (none) or a finite number of seconds above zero."""
    if value is not None and positive_seconds(value) is None:
        raise ConfigurationError(
            f"Timeout {attribute.name} must be None or a finite number of seconds above 0, "
            f"got {value!r}"
        )


@attrs.frozen
class Timeout:
    """Time limits, in seconds, for one attempt of one request (``None``: no limit).

    ``connect`` bounds opening a connection, ``read`` bounds the wait for each chunk of the
    response, ``total`` bounds the whole attempt. The overall deadline of a call across
    its retries is set on the session, not here.
    """

    connect: float | None = attrs.field(default=5.0, validator=_seconds_or_none)
    read: float | None = attrs.field(default=30.0, validator=_seconds_or_none)
    total: float | None = attrs.field(default=None, validator=_seconds_or_none)

    def capped(self, remaining: float | None) -> Timeout:
        """Return these limits with ``total`` no longer than ``remaining`` seconds."""
        if remaining is None or (self.total is not None and self.total <= remaining):
            return self
        # Never 0: aiohttp reads a total of 0 as "no limit at all".
        return attrs.evolve(self, total=max(remaining, 0.001))


def with_query(url: str, params: list[tuple[str, str]]) -> str:
    """``url`` with the query ``params`` added (none: ``url`` as it is)."""
    if not params:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode(params)}"


class Request:
    """One HTTP request as the session hands it to a transport.

    ``json`` holds a payload still to be encoded (auth strategies may change it); the
    session encodes it into ``content`` before signing and sending. ``extensions`` carries
    metadata for hooks and errors (operation name, path template, reconcile context) and
    never goes on the wire. ``url`` must already be percent-encoded.
    """

    # A plain slotted class rather than attrs: every call builds two of these and sets
    # several attributes on them, and attrs' per-attribute hooks showed in profiles.
    __slots__ = (
        "_headers",
        "_shared",
        "content",
        "extensions",
        "json",
        "method",
        "params",
        "stream",
        "timeout",
        "url",
    )

    def __init__(
        self,
        method: str,
        url: str,
        params: list[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        content: Body | None = None,
        json: Any = None,
        timeout: Timeout | None = None,
        stream: bool = False,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        self.method = method
        self.url = url
        self.params: list[tuple[str, str]] = [] if params is None else params
        self._headers = _to_headers(headers)
        self._shared = False
        self.content = content
        self.json = json
        self.timeout = timeout
        self.stream = stream
        self.extensions: dict[str, Any] = {} if extensions is None else extensions

    @classmethod
    def _assemble(
        cls,
        method: str,
        url: str,
        params: list[tuple[str, str]],
        headers: Headers,
        content: Body | None,
        json: Any,
        stream: bool,
        extensions: dict[str, Any],
        shared: bool = False,
    ) -> Request:
        """Build a request from parts the caller just made for it (nothing is copied).

        With ``shared``, ``headers`` is a set other requests send too: it is copied the
        first time anything reads :attr:`headers`, so only the copy ever changes.
        """
        request = cls.__new__(cls)
        request.method = method
        request.url = url
        request.params = params
        request._headers = headers
        request._shared = shared
        request.content = content
        request.json = json
        request.timeout = None
        request.stream = stream
        request.extensions = extensions
        return request

    @property
    def headers(self) -> Headers:
        """The headers to send; this request's own, to change as needed."""
        if self._shared:
            self._headers = self._headers.copy()
            self._shared = False
        return self._headers

    @headers.setter
    def headers(self, value: Headers) -> None:
        self._headers = value
        self._shared = False

    def sent_headers(self) -> Headers:
        """The headers as they go on the wire, for a transport: read them, never change them.

        Unlike :attr:`headers` this never copies a set the request shares with others.
        """
        return self._headers

    @property
    def full_url(self) -> str:
        """The URL with its query string."""
        return with_query(self.url, self.params)

    def copy(self) -> Request:
        """Return a copy whose headers, params and extensions can change independently."""
        clone = Request.__new__(Request)
        clone.method = self.method
        clone.url = self.url
        clone.params = list(self.params)
        clone._headers = self._headers.copy()
        clone._shared = False
        clone.content = self.content
        clone.json = self.json
        clone.timeout = self.timeout
        clone.stream = self.stream
        clone.extensions = dict(self.extensions)
        return clone

    def decoded_json(self) -> Any:
        """Decode the body as JSON: the pending ``json`` payload, or the encoded ``content``."""
        if self.json is not None:
            return self.json
        if isinstance(self.content, bytes | bytearray):
            return orjson.loads(self.content) if self.content else None
        return None

    def describe(self) -> str:
        """``METHOD path`` for messages, with path parameters masked unless they are UUIDs.

        A card code in the URL is member data: errors and logs show ``V1***`` instead.
        """
        template = self.extensions.get("path_template")
        values: Mapping[str, str] | None = self.extensions.get("path_params")
        if not isinstance(template, str):
            return f"{self.method} {self.url}"
        if values:
            from loyalty_async.session.redaction import mask_path_value

            with contextlib.suppress(KeyError, ValueError, IndexError):
                template = template.format_map(
                    {name: mask_path_value(str(value)) for name, value in values.items()}
                )
        return f"{self.method} {template}"

    def redacted(self) -> Request:
        """A copy fit to keep in an error: no credential anywhere, the rest exact.

        Credential headers (``Authorization``, cookies, signatures, API keys) are left
        out; the body is kept byte for byte (a reconciliation resends it) unless it holds
        a credential (a login, a password change, a token request), in which case it is
        left out too (``content`` is ``None``).
        """
        from loyalty_async.session.redaction import (
            SECRET_FIELDS_EXTENSION,
            body_has_credentials,
            has_credentials,
            is_secret_header,
        )

        if self.extensions.get(_REDACTED):
            return self
        clone = self.copy()
        clone.headers = Headers(
            (name, value) for name, value in self._headers.items() if not is_secret_header(name)
        )
        secret_fields = self.extensions.get(SECRET_FIELDS_EXTENSION, ())
        if self.extensions.get(BOOTSTRAP):
            clone.content = clone.json = None  # a token request: credentials by nature
        elif self.json is not None:
            if has_credentials(self.json, secret_fields):
                clone.json = None
        elif isinstance(self.content, bytes | bytearray):
            if body_has_credentials(self.content, self._headers.get("Content-Type"), secret_fields):
                clone.content = None
        elif self.content is not None:
            clone.content = None  # a stream: consumed, and unknown
        clone.extensions[_REDACTED] = True
        return clone

    def __repr__(self) -> str:
        # Headers and body may hold secrets and the URL member data: method and masked path.
        return f"<Request {self.describe()}>"


#: Extension key marking a request an auth strategy sends for itself (login, token fetch).
BOOTSTRAP = "loyalty_async.auth_bootstrap"
# Extension key marking a request already redacted for an error.
_REDACTED = "loyalty_async.redacted"


class ByteStream(Protocol):
    """A response body that arrives in chunks and must be closed."""

    def __aiter__(self) -> AsyncIterator[bytes]:
        """Yield the body chunk by chunk."""
        ...

    async def aclose(self) -> None:
        """Release the connection behind the stream."""
        ...


class ResponseNotReadError(RuntimeError):
    """The body of a streamed response was used before ``aread()``."""


class Response:
    """One HTTP response: status, headers, and a body that is in memory or streamed.

    Build one in tests with ``Response(200, json={...})``, ``Response(201,
    headers={"Location": ...})`` or ``Response(200, text="eyJ...")``.
    """

    __slots__ = ("_closed", "_content", "_stream", "headers", "reason", "request", "status")

    _MISSING: Any = object()

    def __init__(
        self,
        status: int,
        *,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        text: str | None = None,
        json: Any = _MISSING,
        stream: ByteStream | None = None,
        request: Request | None = None,
        reason: str = "",
    ) -> None:
        given = sum(x is not None for x in (content, text, stream)) + (json is not self._MISSING)
        if given > 1:
            raise ValueError("give at most one of content, text, json and stream")
        merged = Headers(headers) if headers is not None else Headers()
        if text is not None:
            content = text.encode()
            merged.setdefault("Content-Type", "text/plain; charset=utf-8")
        elif json is not self._MISSING:
            content = orjson.dumps(json)
            merged.setdefault("Content-Type", "application/json")
        self.status = status
        self.headers: Mapping[str, str] = merged
        self.reason = reason
        self.request = request
        self._content: bytes | None = content if stream is None else None
        if stream is None and content is None:
            self._content = b""
        self._stream = stream
        self._closed = False

    @classmethod
    def _from_transport(
        cls,
        status: int,
        headers: Mapping[str, str],
        content: bytes | None = None,
        stream: ByteStream | None = None,
        request: Request | None = None,
        reason: str = "",
    ) -> Response:
        """Build a response around headers that already ignore case (no copy)."""
        response = cls.__new__(cls)
        response.status = status
        response.headers = headers
        response.reason = reason
        response.request = request
        response._content = content
        response._stream = stream
        response._closed = False
        return response

    @property
    def is_success(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status < 300

    @property
    def is_streamed(self) -> bool:
        """Whether the body is still a stream that has not been read."""
        return self._content is None

    @property
    def content(self) -> bytes:
        """The whole body. A streamed response must be read with ``aread()`` first."""
        if self._content is None:
            raise ResponseNotReadError("the response is streamed: call 'await aread()' first")
        return self._content

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body decoded as JSON (raises ``orjson.JSONDecodeError`` if it is not JSON)."""
        return orjson.loads(self.content)

    async def aread(self) -> bytes:
        """Read the whole body into memory (a no-op when it already is) and return it."""
        if self._content is None:
            chunks = [chunk async for chunk in self.aiter_bytes()]
            self._content = b"".join(chunks)
        return self._content

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        """Yield the body in chunks, closing the stream at the end or on error."""
        if self._content is not None:
            if self._content:
                yield self._content
            return
        if self._stream is None or self._closed:
            raise ResponseNotReadError("the response stream was already consumed or closed")
        try:
            async for chunk in self._stream:
                if chunk:
                    yield chunk
        finally:
            await self.aclose()

    async def aiter_lines(self) -> AsyncIterator[str]:
        """Yield the body as text lines (LF or CRLF endings), without the line endings."""
        pending = b""
        async for chunk in self.aiter_bytes():
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                yield line.rstrip(b"\r").decode("utf-8", errors="replace")
        if pending:
            yield pending.rstrip(b"\r").decode("utf-8", errors="replace")

    async def aclose(self) -> None:
        """Release the connection of a streamed response (safe to call twice)."""
        if not self._closed:
            self._closed = True
            if self._stream is not None:
                await self._stream.aclose()

    async def __aenter__(self) -> Response:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def redacted(self) -> Response:
        """A copy fit to keep in an error: its request redacted, no credential header, no stream."""
        from loyalty_async.session.redaction import is_secret_header

        headers = self.headers
        if any(is_secret_header(name) for name in headers):
            headers = Headers(
                (name, value) for name, value in headers.items() if not is_secret_header(name)
            )
        return Response._from_transport(
            self.status,
            headers,
            content=self._content if self._content is not None else b"",
            request=None if self.request is None else self.request.redacted(),
            reason=self.reason,
        )

    def __repr__(self) -> str:
        return f"<Response {self.status}>"


@runtime_checkable
class Transport(Protocol):
    """What moves a :class:`Request` to a server and brings back a :class:`Response`.

    ``send`` raises the transport errors of :mod:`loyalty_async.errors`
    (:class:`~loyalty_async.errors.ConnectError` when the request provably never left,
    :class:`~loyalty_async.errors.ReadTimeout` or
    :class:`~loyalty_async.errors.ConnectionDropped` when it may have arrived) and never
    raises for an HTTP status. When ``request.stream`` is false the body is read and the
    connection released before ``send`` returns.
    """

    async def send(self, request: Request) -> Response:
        """Send one request and return its response."""
        ...

    async def aclose(self) -> None:
        """Release every connection; safe to call more than once."""
        ...


#: A hook called with each request just before it is sent, or each response as it arrives.
RequestHook = Callable[[Request], Awaitable[None] | None]
ResponseHook = Callable[[Response], Awaitable[None] | None]
