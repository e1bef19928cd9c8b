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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loyalty_async.transport.base import Request, Response


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

    def __init__(
        self,
        message: str,
        *,
        request: Request | None = None,
        operation: str | None = None,
        context: Mapping[str, Any] | None = None,
        attempts: int = 1,
        resend_safe: bool = False,
    ) -> None:
        super().__init__(message)
        self.request = request
        self.operation = operation
        self.context: dict[str, Any] = dict(context or {})
        self.attempts = attempts
        self.resend_safe = resend_safe


class DecodeError(LoyaltyError):
    """A success response carried a body that could not be decoded or structured."""

    def __init__(self, message: str, *, response: Response | None = None) -> None:
        super().__init__(message)
        self.response = response


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
        self.headers: Mapping[str, str] = headers or {}
        self.request = request

    def __str__(self) -> str:
        parts = [f"HTTP {self.status}"]
        if self.code:
            parts.append(self.code)
        text = f"{' '.join(parts)}: {self.message}" if self.message else " ".join(parts)
        if self.details:
            text += f" (details: {', '.join(map(str, self.details))})"
        if self.request is not None:
            text += f" [{self.request.describe()}]"
        return text


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
