"""Every error the SDK raises, rooted in :class:`LoyaltyError`.

::

    LoyaltyError
    ├── ConfigurationError        bad settings, raised at construction
    ├── ValidationError           bad input, raised before any request
    ├── WrongEventLoopError       a session used from a second event loop
    ├── SessionClosedError        a session used after aclose()
    ├── TransportError            no HTTP response
    │   ├── ConnectError          the request provably never left (safe to retry)
    │   │   └── ConnectTimeout
    │   ├── RequestTimeout
    │   │   ├── ConnectTimeout
    │   │   ├── ReadTimeout       the request may have reached the server
    │   │   └── DeadlineExceeded  the call's overall deadline ran out
    │   └── ConnectionDropped     the request may have reached the server
    ├── OutcomeUnknownError       a write may or may not have happened: reconcile first
    ├── DecodeError               a success response whose body cannot be read
    ├── PaginationError           a page failed mid-walk; says where to resume
    └── APIError                  an HTTP error status, with the parsed error body
        ├── BadRequestError             400
        ├── AuthenticationError         401 (and any rejection of credentials)
        ├── PermissionDeniedError       403
        ├── NotFoundError               404
        ├── ConflictError               409
        ├── UnprocessableEntityError    422
        ├── RateLimitError              429, with retry_after
        └── ServerError                 5xx

No message contains a credential: requests are shown as method and path only, with path
parameters masked (``GET /accounts/V1***/balance``); the full request stays on ``.request``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

if TYPE_CHECKING:
    from typing import Self

    from loyalty_async.session.call import Call
    from loyalty_async.transport.base import Request, Response


class _Redactable(Protocol):
    def redacted(self) -> Self: ...


R = TypeVar("R", bound=_Redactable)
E = TypeVar("E", bound="APIError")


class _Redacted(Generic[R]):
    """An error attribute that keeps only a redacted copy of the request or response given.

    Errors travel far (logs, bug reports, ``repr`` in a debugger): what they hold must not
    carry a credential, whoever sets the attribute.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_redacted_{name}"

    @overload
    def __get__(self, instance: None, owner: type) -> _Redacted[R]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> R | None: ...
    def __get__(self, instance: object | None, owner: type) -> _Redacted[R] | R | None:
        if instance is None:
            return self
        value: R | None = instance.__dict__.get(self._slot)
        return value

    def __set__(self, instance: object, value: R | None) -> None:
        instance.__dict__[self._slot] = None if value is None else value.redacted()


class LoyaltyError(Exception):
    """The root of every error raised by loyalty-async."""


class ConfigurationError(LoyaltyError, ValueError):
    """A client, session or strategy was configured with missing or invalid settings."""


class ValidationError(LoyaltyError, ValueError):
    """Input was refused before any request was sent."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class WrongEventLoopError(LoyaltyError, RuntimeError):
    """A session or transport was used from an event loop other than the one it started on."""


class SessionClosedError(LoyaltyError, RuntimeError):
    """A session or transport was used after ``aclose()``."""


class TransportError(LoyaltyError):
    """No HTTP response arrived.

    ``may_have_reached_server`` tells whether the server could have processed the request.
    """

    may_have_reached_server = True
    #: The request that got no answer (credentials left out).
    request: _Redacted[Request] = _Redacted()

    def __init__(self, message: str, *, request: Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class ConnectError(TransportError):
    """The connection could not be opened: the request provably never left."""

    may_have_reached_server = False


class RequestTimeout(TransportError):
    """A time limit ran out before the response arrived."""


class ConnectTimeout(ConnectError, RequestTimeout):
    """Opening the connection took too long: the request never left."""

    may_have_reached_server = False


class ReadTimeout(RequestTimeout):
    """The request was sent but the response did not arrive in time."""


class DeadlineExceeded(RequestTimeout):
    """The overall deadline of a call, across all of its attempts, ran out."""


class ConnectionDropped(TransportError):
    """The connection broke after the request may have been sent."""


class OutcomeUnknownError(LoyaltyError):
    """A write may or may not have taken effect, and resending it could apply it twice.

    The SDK never resends such a write by itself. ``operation`` and ``context`` (account,
    reference id, amount, …) say what to look for; read the resource (for example with a
    ``reconcile`` helper) before deciding to send it again. ``resend_safe`` is true when the
    write carries a de-duplication key (such as a transaction ``externalId``), so sending
    the very same request again cannot double it.
    """

    #: The request of the last attempt (credentials left out; ``content`` the exact bytes).
    request: _Redacted[Request] = _Redacted()

    def __init__(
        self,
        message: str,
        *,
        request: Request | None = None,
        operation: str | None = None,
        context: Mapping[str, Any] | None = None,
        attempts: int = 1,
        resend_safe: bool = False,
        call: Call | None = None,
        body: bytes | None = None,
        call_headers: Mapping[str, str] | None = None,
    ) -> None:
        from loyalty_async.session.redaction import body_has_credentials, is_secret_header

        super().__init__(message)
        self.request = request
        self.operation = operation
        self.context: dict[str, Any] = dict(context or {})
        self.attempts = attempts
        self.resend_safe = resend_safe
        #: The headers the call itself set (per-call and ``with_options`` ones), exactly as
        #: sent; never a credential.
        self.call_headers: dict[str, str] = {
            name: value
            for name, value in (call_headers or {}).items()
            if not is_secret_header(name)
        }
        content_type = None if request is None else request.headers.get("Content-Type")
        if body is not None and body_has_credentials(body, content_type):
            body = None
        #: The exact body bytes the call sent (``None``: no body, or one with credentials).
        self.body = body
        has_body = call is not None and (call.json is not None or call.content is not None)
        if (
            call is not None
            and has_body
            and (body is None or not isinstance(call.content, bytes | None))
        ):
            # Whatever the body held is not kept: a credential, or a spent stream.
            import attrs

            call = attrs.evolve(call, json=None, content=None)
        #: The call as the service described it (operation, path values, options, context).
        self.call = call

    def resend_call(self) -> Call:
        """The same call again, byte for byte: ``await session.send(error.resend_call())``.

        Same operation, path values, query, options and context; the exact body bytes
        first sent and the call's own headers. Only meaningful when ``resend_safe`` is
        true (the write carries a de-duplication key); raises ``ValueError`` when the
        call cannot be sent again as it was (no call kept, or a body left out).
        """
        import attrs

        call = self.call
        if call is None:
            raise ValueError("this error kept no call to send again")
        if self.body is None and (call.json is not None or call.content is not None):
            raise ValueError("the body of this call was not kept, so it cannot be resent")
        headers = dict(self.call_headers)
        sent = self.request
        content_type = None if sent is None else sent.headers.get("Content-Type")
        if (
            self.body is not None
            and content_type
            and "content-type" not in {name.lower() for name in headers}
        ):
            headers["Content-Type"] = content_type
        return attrs.evolve(call, json=None, content=self.body, headers=headers or None)


class DecodeError(LoyaltyError):
    """A success response carried a body that could not be decoded or structured."""

    def __init__(self, message: str, *, response: Response | None = None) -> None:
        super().__init__(message)
        self.response = response

    #: The response that could not be read (its request redacted, no credential header).
    response: _Redacted[Response] = _Redacted()


class PaginationError(LoyaltyError):
    """Fetching a page failed part-way through a walk.

    ``resume`` is the page number, cursor or URL to start from to carry on where the walk
    stopped; ``items_yielded`` counts the items already handed out. The original error is
    the ``__cause__``.
    """

    def __init__(self, message: str, *, resume: Any, items_yielded: int) -> None:
        super().__init__(message)
        self.resume = resume
        self.items_yielded = items_yielded


class APIError(LoyaltyError):
    """The server answered with an error status.

    ``code``, ``message`` and ``details`` come from the error body in whichever platform
    shape it had; ``body`` keeps the raw text for anything the parser did not map.
    ``retry_after`` is the server's ``Retry-After`` hint in seconds, when it sent one.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: str | None = None,
        details: Sequence[Any] = (),
        request_id: str | None = None,
        body: str = "",
        headers: Mapping[str, str] | None = None,
        request: Request | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status
        self.code = code
        self.message = message
        self.details: list[Any] = list(details)
        self.request_id = request_id
        self.body = body
        self.headers: Mapping[str, str] = _without_credentials(headers or {})
        self.request = request

    #: The request the server answered (credentials left out).
    request: _Redacted[Request] = _Redacted()

    def recast(self, cls: type[E], message: str | None = None) -> E:
        """The same error as a ``cls``, carrying all it carries (``message`` replaces its own)."""
        return cls(
            self.message if message is None else message,
            status=self.status,
            code=self.code,
            details=self.details,
            request_id=self.request_id,
            body=self.body,
            headers=self.headers,
            request=self.request,
            retry_after=self.retry_after,
        )

    def __str__(self) -> str:
        parts = [f"HTTP {self.status}"]
        if self.code:
            parts.append(self.code)
        text = f"{' '.join(parts)}: {self.message}" if self.message else " ".join(parts)
        if self.details:
            text += f" (details: {', '.join(map(str, self.details))})"
        if self.request is not None:
            text += f" [{self.request.describe()}]"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text


def _without_credentials(headers: Mapping[str, str]) -> Mapping[str, str]:
    from loyalty_async.session.redaction import is_secret_header
    from loyalty_async.transport.headers import Headers

    if not any(is_secret_header(name) for name in headers):
        return headers
    return Headers((name, value) for name, value in headers.items() if not is_secret_header(name))


class BadRequestError(APIError):
    """HTTP 400: the request was invalid or broke a business rule."""


class AuthenticationError(APIError):
    """Credentials were rejected (HTTP 401, or a platform's own rejection signal)."""


class PermissionDeniedError(APIError):
    """HTTP 403: the credentials may not do this (or, on Mews, a business rule refused it)."""


class NotFoundError(APIError):
    """HTTP 404: the resource does not exist (Convercus hides deleted accounts this way)."""


class ConflictError(APIError):
    """HTTP 409: the resource changed or already exists."""


class UnprocessableEntityError(APIError):
    """HTTP 422: the body was understood but refused."""


class RateLimitError(APIError):
    """HTTP 429: too many requests. ``retry_after`` is the server's wait hint in seconds."""


class ServerError(APIError):
    """HTTP 5xx: the server failed."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for_status(status: int) -> type[APIError]:
    """Return the :class:`APIError` subclass that stands for ``status``."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIError)
