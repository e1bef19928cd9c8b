"""The session: one place that owns everything a call needs besides its own arguments.

A :class:`Session` holds the base URL, default headers (Convercus ``interaction-id``),
the auth strategy, the retry policy, timeouts, the overall deadline, hooks and the JSON
codec. Services build a call (method, path template, parameters, body) and hand it to
:meth:`Session.request`; the session decorates it, sends it through the transport,
retries it when that is safe, and turns error statuses into typed errors.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
import logging
import re
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Collection,
    Mapping,
    Sequence,
)
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import quote, urlencode, urlsplit

import attrs
import backoff

import loyalty_async.codec as codec
from loyalty_async._version import __version__
from loyalty_async.auth.base import BOOTSTRAP, AuthStrategy
from loyalty_async.errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    DeadlineExceeded,
    DecodeError,
    LoyaltyError,
    OutcomeUnknownError,
    ReadTimeout,
    SessionClosedError,
    TransportError,
    ValidationError,
    WrongEventLoopError,
)
from loyalty_async.operations import Operation
from loyalty_async.session.call import Call, CallOptions, Params
from loyalty_async.session.error_parsing import build_api_error
from loyalty_async.session.redaction import (
    SECRET_FIELDS_EXTENSION,
    loggable_headers,
    redact,
    redact_context,
)
from loyalty_async.session.retry import IDEMPOTENT_METHODS, RetryPolicy
from loyalty_async.transport.base import (
    Body,
    Request,
    RequestHook,
    Response,
    ResponseHook,
    Timeout,
    Transport,
)
from loyalty_async.transport.headers import Headers, check_headers

logger = logging.getLogger("loyalty_async")

T = TypeVar("T")

#: Extension key marking a request to another origin than the base URL.
CROSS_ORIGIN = "loyalty_async.cross_origin"

#: Characters left as they are in a path: separators, and escapes already made.
_PATH_SAFE = "/%:@!$&'()*+,;=~?"
# Text that quote() would return unchanged: most paths and ids, so skip quoting them.
_NEEDS_NO_QUOTING = re.compile(r"[-A-Za-z0-9_.~]*").fullmatch
_PATH_NEEDS_NO_QUOTING = re.compile("[-A-Za-z0-9_.~" + re.escape(_PATH_SAFE) + "]*").fullmatch


#: Path segments a proxy or server resolves instead of passing on.
_DOT_SEGMENTS = frozenset({".", ".."})


class _Retry(Exception):
    """Internal signal to the backoff loop: wait ``delay`` seconds, then try again."""

    def __init__(self, error: LoyaltyError, delay: float) -> None:
        super().__init__(str(error))
        self.error = error
        self.delay = delay


class _Call:
    """The state of one logical call across its attempts."""

    __slots__ = (
        "ambiguous",
        "attempts",
        "auth_replayed",
        "call_headers",
        "content",
        "context",
        "deadline_at",
        "extensions",
        "fresh",
        "idempotent",
        "in_flight",
        "json",
        "operation",
        "params",
        "pending",
        "policy",
        "resend_safe",
        "spec",
        "template",
        "timeout",
    )

    def __init__(
        self,
        template: Request,
        *,
        operation: str | None,
        context: Mapping[str, Any] | None,
        resend_safe: bool,
        policy: RetryPolicy,
        timeout: Timeout,
        deadline_at: float | None,
        idempotent: bool | None = None,
        call_headers: Mapping[str, str] | None = None,
        spec: Call | None = None,
    ) -> None:
        self.spec = spec
        # True while an attempt is with the transport: it may be on its way or processed.
        self.in_flight = False
        # The first attempt sends the template itself; later attempts (and the auth replay)
        # rebuild a request from the parts kept here, since an attempt changes its request.
        self.template = template
        self.fresh = True
        self.call_headers = call_headers
        self.json = template.json
        self.content = template.content
        self.params = tuple(template.params)
        self.extensions = dict(template.extensions)
        self.operation = operation
        self.context = context
        self.idempotent = (
            template.method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        )
        self.resend_safe = self.idempotent or resend_safe
        if template.content is not None and not isinstance(template.content, bytes):
            # A streamed body is consumed by its first attempt: nothing is left to resend.
            self.idempotent = self.resend_safe = False
            policy = attrs.evolve(policy, max_attempts=1)
        self.policy = policy
        self.timeout = timeout
        self.deadline_at = deadline_at
        self.attempts = 0
        self.auth_replayed = False
        # True once any attempt may have reached the server without a clear answer.
        self.ambiguous = False
        # A retry the first attempt asked for, not yet handed to backoff.
        self.pending: _Retry | None = None

    def remaining(self) -> float | None:
        if self.deadline_at is None:
            return None
        return self.deadline_at - time.monotonic()


def _encode_params(params: Params | None) -> list[tuple[str, str]]:
    if not params:
        return []
    items = params.items() if isinstance(params, Mapping) else params
    pairs: list[tuple[str, str]] = []
    for key, value in items:
        if value is None:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            pairs.extend((key, _param_text(v)) for v in value if v is not None)
        else:
            pairs.append((key, _param_text(value)))
    return pairs


def _param_text(value: Any) -> str:
    if type(value) is str:  # the usual case, and the text it would come to anyway
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _param_text(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")  # never "1E+2"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


async def _call_hooks(hooks: Sequence[Callable[[Any], Any]], value: Any) -> None:
    for hook in hooks:
        result = hook(value)
        if inspect.isawaitable(result):
            await result


class Session:
    """An authenticated, retrying HTTP session shared by the services of one client.

    Use it as ``async with Session(...) as session:`` or call :meth:`aclose`. It binds to
    the event loop it is first used on and refuses to run on another one.

    :param base_url: scheme and host (and optional prefix) every relative path joins.
    :param transport: how requests travel; an :class:`~loyalty_async.AiohttpTransport`
        is created lazily when omitted.
    :param auth: the authentication strategy (``None`` for unauthenticated APIs).
    :param headers: headers sent with every call (e.g. ``{"interaction-id": "till-1"}``).
    :param retry: the default :class:`RetryPolicy` (a call may pass its own).
    :param timeout: per-attempt time limits.
    :param deadline: seconds a whole call may take across all attempts and waits.
    :param on_request: hooks called with each request just before it is sent.
    :param on_response: hooks called with each response as it arrives.
    :param json_dumps: encoder of JSON payloads to bytes.
    :param json_loads: decoder of JSON bodies.
    :param owns_transport: whether :meth:`aclose` also closes the transport.
    :param clock: wall clock in epoch seconds (``Retry-After`` dates), injectable for tests.
    """

    def __init__(
        self,
        base_url: str,
        *,
        transport: Transport | None = None,
        auth: AuthStrategy | None = None,
        headers: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout | None = None,
        deadline: float | None = None,
        on_request: Sequence[RequestHook] = (),
        on_response: Sequence[ResponseHook] = (),
        json_dumps: codec.JSONDumps = codec.dumps,
        json_loads: codec.JSONLoads = codec.loads,
        owns_transport: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ConfigurationError(f"base_url must start with http:// or https://: {base_url!r}")
        if deadline is not None and deadline <= 0:
            raise ConfigurationError("deadline must be a positive number of seconds")
        if transport is None:
            from loyalty_async.transport.aiohttp_transport import AiohttpTransport

            transport = AiohttpTransport()
        self.base_url = base_url.rstrip("/")
        self._origin = _origin(self.base_url)
        self.transport = transport
        self.auth = auth
        check_headers(headers, ConfigurationError)
        self.headers = Headers(headers)
        self.headers.setdefault("User-Agent", f"loyalty-async/{__version__}")
        self.retry = retry or RetryPolicy()
        self.timeout = timeout or Timeout()
        self.deadline = deadline
        self.on_request: list[RequestHook] = list(on_request)
        self.on_response: list[ResponseHook] = list(on_response)
        self.json_dumps = json_dumps
        self.json_loads = json_loads
        self.clock = clock
        self._owns_transport = owns_transport
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._retriers: dict[RetryPolicy, Callable[[_Call], Any]] = {}

    # ------------------------------------------------------------------ lifecycle

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` has been called."""
        return self._closed

    async def aclose(self) -> None:
        """Close the session (and its transport, if it owns it). Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self._owns_transport:
            await self.transport.aclose()

    async def __aenter__(self) -> Session:
        self._check_usable()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def _check_usable(self) -> None:
        if self._closed:
            raise SessionClosedError("this session is closed; create a new one")
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            raise WrongEventLoopError(
                "this session was first used on another event loop; create one session per "
                "event loop (an asyncio session cannot move between loops or threads)"
            )

    # ------------------------------------------------------------------ public API

    async def request(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content: Body | None = None,
        operation: str | None = None,
        resend_safe: bool = False,
        retry: RetryPolicy | None = None,
        timeout: Timeout | None = None,
        deadline: float | None = None,
        context: Mapping[str, Any] | None = None,
        stream: bool = False,
        idempotent: bool | None = None,
    ) -> Response:
        """Send one call and return its successful response.

        ``path`` is joined to the base URL (an absolute URL is used as is); ``{name}``
        placeholders are filled from ``path_params``, percent-encoded. ``resend_safe``
        declares a write that may be sent again after an ambiguous failure (it carries a
        de-duplication key). ``context`` describes the call for reconciliation and
        appears on :class:`~loyalty_async.errors.OutcomeUnknownError`. With ``stream``,
        the body is not read: use ``async with`` on the response, or :meth:`stream`.
        ``idempotent`` overrides what the HTTP method implies (a ``PUT`` that redeems a
        coupon is not idempotent, whatever HTTP says). A body given as an async stream is
        sent once: it cannot be replayed. A request to another origin than the base URL
        (an absolute URL elsewhere) carries no credentials.

        Raises :class:`~loyalty_async.errors.APIError` subclasses for error statuses,
        :class:`~loyalty_async.errors.TransportError` subclasses when no response came,
        and :class:`~loyalty_async.errors.OutcomeUnknownError` when a write may have
        happened and cannot be safely resent.
        """
        spec = Operation(
            name=operation or "",
            method=method.upper(),
            path=path,
            resend_safe=resend_safe,
            idempotent=idempotent,
        )
        call = Call(
            spec,
            path=path_params,
            query=params,
            json=json,
            content=content,
            headers=headers,
            options=CallOptions(retry=retry, timeout=timeout, deadline=deadline),
            context=context,
            stream=stream,
        )
        return await self.send(call)

    async def send(self, call: Call) -> Response:
        """Send one call of a declared operation and return its successful response.

        The operation gives the method, the path template and whether a write may be
        resent; ``call`` gives the values and per-call options. Errors are those of
        :meth:`request`; a per-call header that cannot be sent as given (a line break, a
        control character) is a :class:`~loyalty_async.errors.ValidationError`.
        """
        self._check_usable()
        operation = call.operation
        options = call.options
        headers = call.headers
        check_headers(headers, ValidationError)
        if options.headers:
            headers = {**headers, **options.headers} if headers else options.headers
        query = call.query
        if options.query:
            if query is None or isinstance(query, Mapping):
                query = {**(query or {}), **options.query}
            else:  # pairs may repeat a key: keep them all, the extra ones after
                query = [*query, *options.query.items()]
        name = operation.name or None
        template = self._build_request(
            operation.method,
            operation.path,
            call.path,
            query,
            headers,
            call.json,
            call.content,
            call.stream,
            name,
        )
        return await self._run(
            template,
            operation=name,
            context=call.context,
            resend_safe=operation.resend_safe if call.resend_safe is None else call.resend_safe,
            policy=options.retry,
            timeout=options.timeout,
            deadline=options.deadline,
            idempotent=operation.idempotent,
            call_headers=headers,
            spec=call,
        )

    @asynccontextmanager
    async def stream(self, method: str, path: str, **kwargs: Any) -> AsyncIterator[Response]:
        """Like :meth:`request` with ``stream=True``; the response is closed on exit."""
        response = await self.request(method, path, stream=True, **kwargs)
        try:
            yield response
        finally:
            await response.aclose()

    def decode_json(self, response: Response) -> Any:
        """Decode a response body as JSON; ``None`` for an empty body.

        Raises :class:`~loyalty_async.errors.DecodeError` if the body is not JSON.
        """
        data = response.content
        if not data or data.isspace():
            return None
        try:
            return self.json_loads(data)
        except ValueError as exc:
            raise DecodeError(
                f"expected a JSON body from HTTP {response.status}, got {len(data)} bytes "
                "that are not JSON",
                response=response,
            ) from exc

    async def send_bootstrap(
        self,
        method: str,
        path_or_url: str,
        *,
        json: Any = None,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        secret_fields: Collection[str] = (),
    ) -> Response:
        """Send an auth strategy's own token request: no token, retried like a safe write.

        ``secret_fields`` names body fields that hold credentials under names the log
        redaction would not recognise (they are never logged).
        """
        content: bytes | None = None
        extra = Headers(headers)
        if form is not None:
            content = urlencode(list(form.items())).encode()
            extra.setdefault("Content-Type", "application/x-www-form-urlencoded")
        self._check_usable()
        template = self._build_request(
            method, path_or_url, None, None, extra, json, content, False, "auth.token"
        )
        template.extensions[BOOTSTRAP] = True
        if secret_fields:
            template.extensions[SECRET_FIELDS_EXTENSION] = frozenset(secret_fields)
        # A token request changes nothing worth reconciling: it is never "outcome unknown".
        return await self._run(
            template,
            operation="auth.token",
            resend_safe=True,
            idempotent=True,
            call_headers=extra,
        )

    # ------------------------------------------------------------------ building

    def _build_request(
        self,
        method: str,
        path: str,
        path_params: Mapping[str, Any] | None,
        params: Params | None,
        headers: Mapping[str, str] | None,
        json: Any,
        content: Body | None,
        stream: bool,
        operation: str | None,
    ) -> Request:
        if json is not None and content is not None:
            raise ValidationError("give either json or content, not both")
        method = method.upper()
        filled = self._fill_path(path, path_params) if path_params else path
        absolute = filled.startswith(("http://", "https://"))
        if absolute:
            url = filled  # e.g. a Link header's next page, already encoded
        else:
            if not _PATH_NEEDS_NO_QUOTING(filled):
                filled = quote(filled, safe=_PATH_SAFE)
            url = self.base_url + filled if filled.startswith("/") else f"{self.base_url}/{filled}"
        merged = self._headers_for(headers)
        if json is not None:
            # Encoded once per call: every attempt sends these very bytes, and an unknown
            # outcome keeps them for an exact resend.
            content = self.json_dumps(json)
            json = None
            merged.setdefault("Content-Type", "application/json")
        extensions: dict[str, Any] = {"path_template": path}
        if absolute and _origin(url) != self._origin:
            # Never hand this session's credentials to another host (e.g. a bad Link header).
            extensions[CROSS_ORIGIN] = True
        if operation is not None:
            extensions["operation"] = operation
        if path_params:
            extensions["path_params"] = {k: _param_text(v) for k, v in path_params.items()}
        return Request._assemble(
            method, url, _encode_params(params), merged, content, json, stream, extensions
        )

    def _headers_for(self, call_headers: Mapping[str, str] | None) -> Headers:
        """The session's headers with the call's own on top, in a new mapping."""
        merged = self.headers.copy()
        if call_headers:
            merged.update(call_headers)
        return merged

    def _next_request(self, call: _Call) -> Request:
        """The request of the next attempt: the template first, then a rebuilt one."""
        if call.fresh:
            call.fresh = False
            return call.template
        template = call.template
        return Request._assemble(
            template.method,
            template.url,
            list(call.params),
            self._headers_for(call.call_headers),
            call.content,
            call.json,
            template.stream,
            dict(call.extensions),
        )

    @staticmethod
    def _fill_path(path: str, path_params: Mapping[str, Any]) -> str:
        quoted: dict[str, str] = {}
        for name, value in path_params.items():
            text = _param_text(value)
            if not text or text.isspace():
                raise ValidationError(f"path parameter {name!r} must not be empty", field=name)
            if text in _DOT_SEGMENTS:
                # A proxy or server would resolve it: "/accounts/../balance" is "/balance".
                raise ValidationError(
                    f"path parameter {name!r} must not be {text!r} (a relative path segment)",
                    field=name,
                )
            quoted[name] = text if _NEEDS_NO_QUOTING(text) else quote(text, safe="")
        try:
            return path.format_map(quoted)
        except KeyError as missing:
            raise ValidationError(
                f"path {path!r} needs parameter {missing.args[0]!r}", field=str(missing.args[0])
            ) from None

    # ------------------------------------------------------------------ attempts

    async def _run(
        self,
        template: Request,
        *,
        operation: str | None,
        resend_safe: bool,
        context: Mapping[str, Any] | None = None,
        policy: RetryPolicy | None = None,
        timeout: Timeout | None = None,
        deadline: float | None = None,
        idempotent: bool | None = None,
        call_headers: Mapping[str, str] | None = None,
        spec: Call | None = None,
    ) -> Response:
        seconds = deadline if deadline is not None else self.deadline
        call = _Call(
            template,
            operation=operation,
            context=context,
            resend_safe=resend_safe,
            policy=policy or self.retry,
            timeout=timeout or self.timeout,
            deadline_at=None if seconds is None else time.monotonic() + seconds,
            idempotent=idempotent,
            call_headers=call_headers,
            spec=spec,
        )
        # Most calls succeed at once: make the first attempt without backoff's per-call set-up,
        # and hand a call over to backoff only when that attempt asks to be retried.
        try:
            try:
                return await self._attempt(call)
            except _Retry as signal:
                call.pending = signal
            try:
                response: Response = await self._retrier(call.policy)(call)
            except _Retry as exhausted:  # backoff ran out of tries before our own count did
                raise self._give_up(call, exhausted.error) from None
            return response
        except asyncio.CancelledError as cancelled:
            if not call.idempotent and (call.in_flight or call.ambiguous):
                _log_cancelled_write(call, cancelled)
            raise

    def _retrier(self, policy: RetryPolicy) -> Callable[[_Call], Any]:
        retrier = self._retriers.get(policy)
        if retrier is None:
            retrier = backoff.on_exception(
                backoff.runtime,
                _Retry,
                max_tries=policy.max_attempts,
                jitter=None,
                logger=None,
                on_backoff=_log_backoff,
                value=lambda signal: signal.delay,
            )(self._retry_attempt)
            self._retriers[policy] = retrier
        return retrier

    async def _retry_attempt(self, call: _Call) -> Response:
        # backoff's first try reports the failure of the attempt made before it: backoff
        # then logs it, waits the delay it asked for, and tries again.
        pending, call.pending = call.pending, None
        if pending is not None:
            raise pending
        if self._closed:
            raise self._give_up(call, SessionClosedError("the session was closed before a retry"))
        return await self._attempt(call)

    async def _attempt(self, call: _Call) -> Response:
        call.attempts += 1
        remaining = call.remaining()
        if remaining is not None and remaining <= 0:
            raise self._give_up(call, self._deadline_error(call))
        try:
            response = await self._exchange(call, remaining)
        except DeadlineExceeded as exc:
            raise self._give_up(call, exc)  # noqa: B904 - the error itself, or its outcome
        except TransportError as exc:
            if exc.may_have_reached_server:
                call.ambiguous = True
                if not call.resend_safe:
                    raise self._give_up(call, exc)  # noqa: B904
            raise self._retry_or_give_up(call, exc, None)  # noqa: B904
        except LoyaltyError as exc:
            # A replayed request refused again, a login that failed, a closed transport:
            # whatever ends a write that may already have landed leaves its outcome unknown.
            raise self._give_up(call, exc)  # noqa: B904
        if response.status < 400:
            return response
        error = build_api_error(response, response.request, clock=self.clock)
        if response.status >= 500:
            # The server may have done the work before failing.
            call.ambiguous = True
        policy = call.policy
        # A 429 did nothing: with the policy's word for it, any write may go again.
        resendable = call.resend_safe or (response.status == 429 and policy.resend_writes_on_429)
        if response.status not in policy.statuses or not resendable:
            raise self._give_up(call, error)
        raise self._retry_or_give_up(call, error, error.retry_after)

    def _retry_or_give_up(
        self, call: _Call, error: LoyaltyError, retry_after: float | None
    ) -> Exception:
        if call.attempts >= call.policy.max_attempts:
            return self._give_up(call, error)
        delay = call.policy.delay(call.attempts, retry_after)
        if delay is None:
            return self._give_up(call, error)
        remaining = call.remaining()
        if remaining is not None and delay >= remaining:
            return self._give_up(call, error)
        return _Retry(error, delay)

    def _give_up(self, call: _Call, error: LoyaltyError) -> LoyaltyError:
        """The error a call ends with: a write left ambiguous becomes outcome-unknown."""
        if isinstance(error, OutcomeUnknownError):
            return error
        # Once any attempt may have reached the server, no later answer settles the call: a
        # refusal answers the last attempt only (a 409 may be with the earlier attempt
        # itself, a 401 says nothing of it), and a failure says nothing at all.
        if call.idempotent or not call.ambiguous:
            return error
        template = call.template
        what = call.operation or f"{template.method} {template.extensions['path_template']}"
        advice = (
            "it carries a de-duplication key, so resending the same request is safe"
            if call.resend_safe
            else "do not resend it before checking whether it took effect"
        )
        unknown = OutcomeUnknownError(
            f"{what}: the outcome is unknown after {call.attempts} attempt(s) "
            f"({type(error).__name__}: {error}); {advice}",
            request=call.template,
            operation=call.operation,
            context=call.context,
            attempts=call.attempts,
            resend_safe=call.resend_safe,
            call=call.spec,
            body=call.content if isinstance(call.content, bytes) else None,
            call_headers=call.call_headers,
        )
        unknown.__cause__ = error
        return unknown

    def _deadline_error(self, call: _Call, *, during: bool = False) -> DeadlineExceeded:
        where = "during" if during else "before"
        return DeadlineExceeded(
            f"the call's deadline ran out {where} attempt {call.attempts}",
            request=call.template,
        )

    async def _within_deadline(self, call: _Call, step: Awaitable[T], *, sending: bool) -> T:
        """Await ``step``, cut short when the call's deadline passes (whatever the transport)."""
        if call.deadline_at is None:
            return await step
        remaining = call.deadline_at - time.monotonic()
        if remaining <= 0:
            # Spent before this step began (a slow request hook, a rate limit waited for
            # there): nothing went out, so the outcome of a write is not in doubt.
            if inspect.iscoroutine(step):
                step.close()
            raise self._deadline_error(call)
        try:
            return await asyncio.wait_for(step, remaining)
        except TimeoutError:
            if sending:
                call.ambiguous = True  # the request may be on its way or processed
            # Cut short before sending (a hook, a token fetch): nothing went out yet.
            raise self._deadline_error(call, during=sending) from None

    def _auth_for(self, request: Request) -> AuthStrategy | None:
        """The strategy that handles ``request``: none for a request to another origin."""
        if request.extensions.get(CROSS_ORIGIN) and not request.extensions.get(BOOTSTRAP):
            return None
        return self.auth

    async def _prepare(self, call: _Call, remaining: float | None) -> Request:
        request = self._next_request(call)
        # The deadline bounds getting the response (enforced around the send, below). A
        # streamed body is read afterwards, at the caller's pace: capping the transport's
        # total by the deadline would cut a long export off mid-stream.
        request.timeout = call.timeout if request.stream else call.timeout.capped(remaining)
        auth = self._auth_for(request)
        if auth is not None:
            await auth.prepare(request, self)
        if request.json is not None:
            request.content = self.json_dumps(request.json)
            request.json = None
            if "Content-Type" not in request.headers:
                request.headers["Content-Type"] = "application/json"
        if auth is not None:
            auth.sign(request)
        return request

    async def _send(self, request: Request, call: _Call) -> Response:
        if self.on_request:
            if call.deadline_at is None:
                await _call_hooks(self.on_request, request)
            else:
                # A hook may wait (a client pacing itself to a rate limit): the wait counts
                # against the deadline, and nothing has been sent while it lasts.
                await self._within_deadline(
                    call, _call_hooks(self.on_request, request), sending=False
                )
        debug = logger.isEnabledFor(logging.DEBUG)
        started = time.perf_counter() if debug else 0.0
        if debug:
            _log_request(request, call.attempts)
        try:
            call.in_flight = True
            try:
                if call.deadline_at is None:
                    response = await self.transport.send(request)
                else:
                    response = await self._within_deadline(
                        call, self.transport.send(request), sending=True
                    )
            except TimeoutError as exc:  # a transport that lets a bare timeout through
                raise ReadTimeout(
                    f"no response in time for {request.describe()}", request=request
                ) from exc
        except DeadlineExceeded:
            call.in_flight = False
            raise
        except TransportError as exc:
            call.in_flight = False
            if exc.request is None:
                exc.request = request
            if call.deadline_at is not None and time.monotonic() >= call.deadline_at:
                # The transport's own limit, capped by the deadline, is what ran out.
                if exc.may_have_reached_server:
                    call.ambiguous = True
                raise self._deadline_error(call, during=True) from exc
            raise
        call.in_flight = False
        response.request = request
        if response.status >= 400 and response.is_streamed:
            # Error bodies are small, and needed to parse the error and spot rejections.
            await response.aread()
        if debug:
            _log_response(request, response, time.perf_counter() - started)
        if self.on_response:
            await _call_hooks(self.on_response, response)
        return response

    async def _prepared(self, call: _Call, remaining: float | None) -> Request:
        """The next attempt's request; a token fetch it needs counts against the deadline."""
        if self.auth is None:
            return await self._prepare(call, remaining)
        return await self._within_deadline(call, self._prepare(call, remaining), sending=False)

    async def _exchange(self, call: _Call, remaining: float | None) -> Response:
        if call.deadline_at is None:
            request = await self._prepare(call, remaining)
        else:
            request = await self._prepared(call, remaining)
        response = await self._send(request, call)
        if response.status < 400:  # a rejection of credentials is always an error status
            return response
        auth = self._auth_for(request)
        if auth is None or request.extensions.get(BOOTSTRAP) or not auth.is_rejection(response):
            return response
        if not call.auth_replayed:
            call.auth_replayed = True
            if await auth.on_rejection(request, response):
                await response.aclose()
                logger.info("credentials refused (HTTP %d); replaying once", response.status)
                remaining = call.remaining()
                if remaining is not None and remaining <= 0:
                    raise self._deadline_error(call, during=True)
                request = await self._prepared(call, remaining)
                response = await self._send(request, call)
                if not auth.is_rejection(response):
                    return response
        raise build_api_error(response, request, error_class=AuthenticationError, clock=self.clock)


# ---------------------------------------------------------------------- logging


def _masked_path(request: Request) -> str:
    return request.describe().partition(" ")[2]


def _log_request(request: Request, attempt: int) -> None:
    body = None
    if isinstance(request.content, bytes) and request.content:
        try:
            body = redact(
                request.decoded_json(), request.extensions.get(SECRET_FIELDS_EXTENSION, ())
            )
        except ValueError:
            body = f"<{len(request.content)} bytes>"
    logger.debug(
        "-> %s %s attempt=%d operation=%s headers=%s body=%s",
        request.method,
        _masked_path(request),
        attempt,
        request.extensions.get("operation", "-"),
        loggable_headers(request.headers),
        body,
    )


def _log_response(request: Request, response: Response, seconds: float) -> None:
    logger.debug(
        "<- %d %s %s in %.1f ms",
        response.status,
        request.method,
        _masked_path(request),
        seconds * 1000,
    )


def _log_cancelled_write(call: _Call, cancelled: asyncio.CancelledError) -> None:
    """Leave a trace to reconcile from: a write cut off by cancellation may have landed."""
    template = call.template
    what = call.operation or f"{template.method} {_masked_path(template)}"
    context = redact_context(call.context or {})
    logger.warning(
        "%s was cancelled after it may have reached the server: its outcome is unknown "
        "(context %s); reconcile before sending it again",
        what,
        context,
    )
    # Shown under the traceback of whoever cancelled.
    cancelled.add_note(
        f"loyalty_async: {what} may have reached the server before this cancellation; "
        f"its outcome is unknown (context {context}). Use deadline= rather than "
        "asyncio.wait_for or asyncio.timeout to get an OutcomeUnknownError instead."
    )


def _log_backoff(details: Mapping[str, Any]) -> None:
    call: _Call = details["args"][0]
    error = details["exception"].error
    logger.warning(
        "retrying %s %s in %.2f s (attempt %d of %d failed: %s)",
        call.template.method,
        call.operation or _masked_path(call.template),
        details["wait"],
        details["tries"],
        call.policy.max_attempts,
        type(error).__name__ if not isinstance(error, APIError) else f"HTTP {error.status}",
    )


def _origin(url: str) -> tuple[str, str]:
    """Scheme and host (with port) of ``url``, lower-cased."""
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()
