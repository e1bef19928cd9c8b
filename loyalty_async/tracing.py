"""OpenTelemetry tracing of every call: a span per call, a client span per attempt.

Needs the ``opentelemetry`` extra (``pip install "loyalty-async[opentelemetry]"``) and a
tracer provider set up by your application (or passed here)::

    from loyalty_async.tracing import instrument

    instrument(client)  # a ConvercusClient, MewsClient, ... or a Session

Each call opens a span named after its operation (``accounts.get_balance``; method and
masked path for a raw request), with ``loyalty_async.operation`` and, at its end,
``loyalty_async.attempts``. Each attempt is a child span of kind ``CLIENT`` following the
OpenTelemetry semantic conventions for HTTP clients: named by the method, with
``http.request.method``, ``server.address``, ``server.port``, ``url.full``,
``http.request.resend_count`` (on a retry or replay), ``http.response.status_code``, and
``error.type`` with an error status when the attempt failed (the status code, or the
error's class when no answer came). The waits before retries are ``retry`` events on the
call's span (with the wait in seconds and what failed); refused credentials are a
``credentials_refused`` event, and the login that follows is a call of its own, nested
in the call that needed it.

The redaction of the logs applies: ``url.full`` carries the masked path (card codes and
other member data replaced, UUIDs kept) and no query string; no header and no body is
recorded; error messages are the SDK's, which keep no secret and no member data.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from opentelemetry import context, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from loyalty_async._version import __version__
from loyalty_async.errors import LoyaltyError
from loyalty_async.session.observe import CallTrace
from loyalty_async.session.session import Session
from loyalty_async.transport.base import Request, Response

__all__ = ["OpenTelemetryObserver", "instrument"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


class OpenTelemetryObserver:
    """The observer that turns a session's calls into OpenTelemetry spans."""

    def __init__(self, tracer_provider: trace.TracerProvider | None = None) -> None:
        self._tracer = trace.get_tracer("loyalty_async", __version__, tracer_provider)

    def start_call(self, name: str, request: Request) -> CallTrace:
        """Open the span of a call (current until the call ends, so its login nests in it)."""
        return _CallSpan(self._tracer, name)

    def __repr__(self) -> str:
        return "OpenTelemetryObserver()"


def instrument(
    target: Any, *, tracer_provider: trace.TracerProvider | None = None
) -> OpenTelemetryObserver:
    """Trace every call of ``target`` (a client with a ``session``, or a :class:`Session`)."""
    session = target if isinstance(target, Session) else getattr(target, "session", None)
    if not isinstance(session, Session):
        raise TypeError(f"instrument() takes a client or a Session, got {type(target).__name__}")
    observer = OpenTelemetryObserver(tracer_provider)
    session.observers.append(observer)
    return observer


class _CallSpan:
    """The spans of one call."""

    __slots__ = ("_attempt", "_attempts", "_call", "_token", "_tracer")

    def __init__(self, tracer: trace.Tracer, name: str) -> None:
        self._tracer = tracer
        self._call = tracer.start_span(
            name, kind=SpanKind.INTERNAL, attributes={"loyalty_async.operation": name}
        )
        self._token = context.attach(trace.set_span_in_context(self._call))
        self._attempt: trace.Span | None = None
        self._attempts = 0

    def attempt(self, request: Request, resend: int) -> None:
        """Open the client span of an attempt."""
        self._attempts += 1
        url = urlsplit(request.url)
        scheme = url.scheme or "https"
        described = request.describe().partition(" ")[2]  # masked as in the logs
        path = urlsplit(described).path if "://" in described else described.split("?")[0]
        attributes: dict[str, Any] = {
            "http.request.method": request.method,
            "server.address": url.hostname or "",
            "server.port": url.port or _DEFAULT_PORTS.get(scheme, 443),
            "url.full": f"{scheme}://{url.netloc.rpartition('@')[2]}{path}",
        }
        template = request.extensions.get("path_template")
        if isinstance(template, str):
            attributes["url.template"] = template
        if resend:
            attributes["http.request.resend_count"] = resend
        self._attempt = self._tracer.start_span(
            request.method, kind=SpanKind.CLIENT, attributes=attributes
        )

    def answered(self, request: Request, response: Response) -> None:
        """Close the attempt's span with the status that came back."""
        span, self._attempt = self._attempt, None
        if span is None:
            return
        span.set_attribute("http.response.status_code", response.status)
        if response.status >= 400:
            span.set_attribute("error.type", str(response.status))
            span.set_status(Status(StatusCode.ERROR))
        span.end()

    def failed(self, request: Request, error: LoyaltyError) -> None:
        """Close the attempt's span: no answer came."""
        span, self._attempt = self._attempt, None
        if span is not None:
            _fail(span, error)

    def waiting(self, delay: float, error: LoyaltyError) -> None:
        """Record the wait before the next attempt."""
        self._call.add_event(
            "retry",
            {
                "loyalty_async.retry.delay": delay,
                "loyalty_async.retry.attempt": self._attempts,
                "error.type": _error_type(error),
            },
        )

    def replaying(self, status: int) -> None:
        """Record refused credentials (the call is sent again with new ones)."""
        self._call.add_event("credentials_refused", {"http.response.status_code": status})

    def end(self, error: BaseException | None) -> None:
        """Close the call's span (and an attempt cut off by cancellation)."""
        if self._attempt is not None:
            _fail(self._attempt, error or RuntimeError("ended"))
            self._attempt = None
        self._call.set_attribute("loyalty_async.attempts", self._attempts)
        if error is not None:
            _fail(self._call, error)
        else:
            self._call.end()
        context.detach(self._token)


def _error_type(error: BaseException) -> str:
    status = getattr(error, "status", None)
    return str(status) if isinstance(status, int) else type(error).__name__


def _fail(span: trace.Span, error: BaseException) -> None:
    span.set_attribute("error.type", _error_type(error))
    # The SDK's messages keep no secret and mask member data; others say only their kind.
    message = str(error) if isinstance(error, LoyaltyError) else type(error).__name__
    span.set_status(Status(StatusCode.ERROR, message))
    span.end()
