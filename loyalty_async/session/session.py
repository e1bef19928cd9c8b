"""The session: one place that owns everything a call needs besides its own arguments.

A :class:`Session` holds the base URL, default headers (Convercus ``interaction-id``),
the auth strategy, the retry policy, timeouts, the overall deadline, hooks and the JSON
codec. A service hands it one :class:`~loyalty_async.session.call.Call`; the call goes
one way through the stages of this package: :mod:`~loyalty_async.session.build` (the
request, from a plan compiled once per operation), :mod:`~loyalty_async.session.exchange`
(attempts), :mod:`~loyalty_async.session.decide` (retry or give up) and
:mod:`~loyalty_async.session.logs`. The common case, a first attempt that succeeds with
credentials at hand, goes straight from the built request to the transport.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Collection, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlencode

import attrs

import loyalty_async.codec as codec
from loyalty_async._version import __version__
from loyalty_async.auth.base import AuthStrategy
from loyalty_async.errors import (
    ConfigurationError,
    DecodeError,
    SessionClosedError,
    ValidationError,
    WrongEventLoopError,
)
from loyalty_async.operations import Operation
from loyalty_async.session import logs
from loyalty_async.session.build import HeaderChecks, Plan, url_origin
from loyalty_async.session.call import NO_OPTIONS, Call, CallOptions, Params
from loyalty_async.session.decide import CallSpec
from loyalty_async.session.exchange import Run, after_first
from loyalty_async.session.express import Exchanging, Lane, exchanging_of, unwatched
from loyalty_async.session.observe import Observer
from loyalty_async.session.redaction import SECRET_FIELDS_EXTENSION
from loyalty_async.session.retry import IDEMPOTENT_METHODS, RetryPolicy
from loyalty_async.transport.base import (
    BOOTSTRAP,
    Body,
    Request,
    RequestHook,
    Response,
    ResponseHook,
    Timeout,
    Transport,
    positive_seconds,
)
from loyalty_async.transport.headers import CheckedHeaders, Headers, check_headers
from loyalty_async.transport.loop import is_running_here
from loyalty_async.transport.watchdog import Watchdog

#: How many operations a session keeps compiled, and ad-hoc ones made for ``request()``.
_PLANS = 4096
_ADHOC = 256


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
        if deadline is not None and positive_seconds(deadline) is None:
            raise ConfigurationError(
                f"deadline must be a finite number of seconds above 0, got {deadline!r}"
            )
        if timeout is not None and not isinstance(timeout, Timeout):
            raise ConfigurationError(
                f"timeout must be a Timeout(connect=..., read=..., total=...), got {timeout!r}"
            )
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise ConfigurationError(f"retry must be a RetryPolicy, got {retry!r}")
        check_headers(headers, ConfigurationError)
        if transport is None:
            from loyalty_async.transport.aiohttp_transport import AiohttpTransport

            transport = AiohttpTransport()
        self.base_url = base_url.rstrip("/")
        self.transport = transport
        self._exchanging: Exchanging = (None, None, None)
        self.auth = auth
        self.headers = Headers(headers)
        self.headers.setdefault("User-Agent", f"loyalty-async/{__version__}")
        self.retry = retry or RetryPolicy()
        self.timeout = timeout or Timeout()
        self.deadline = deadline
        self.on_request: list[RequestHook] = list(on_request)
        self.on_response: list[ResponseHook] = list(on_response)
        #: Told of every call's stages (tracing, metrics): see :mod:`loyalty_async.session.observe`.
        self.observers: list[Observer] = []
        self.json_dumps = json_dumps
        self.json_loads = json_loads
        self.clock = clock
        #: Enforces call deadlines with one timer for every call in flight.
        self.deadlines = Watchdog()
        self._owns_transport = owns_transport
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._plans: dict[int, Plan] = {}
        self._lanes: dict[int, Lane] = {}
        self._adhoc: dict[tuple[Any, ...], Operation] = {}
        self._header_checks = HeaderChecks()

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
        self.deadlines.close()

    async def __aenter__(self) -> Session:
        self._check_usable(asyncio.get_running_loop())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def _check_usable(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._closed:
            raise SessionClosedError("this session is closed; create a new one")
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
        """Send one call and return its successful response (the raw escape hatch).

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
        options = NO_OPTIONS
        if retry is not None or timeout is not None or deadline is not None:
            options = CallOptions(retry=retry, timeout=timeout, deadline=deadline)
        call = Call(
            self._adhoc_operation(method, path, operation, resend_safe, idempotent),
            path=path_params,
            query=params,
            json=json,
            content=content,
            headers=headers,
            options=options,
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
        if self._closed or not is_running_here(self._loop):
            self._check_usable(asyncio.get_running_loop())
        plan = self.plan_of(call.operation)
        headers = call.headers
        if headers and type(headers) is not CheckedHeaders:
            self._header_checks.check(headers)
        options = call.options
        query = call.query
        if options is not NO_OPTIONS:
            if options.headers:  # already checked, when the options were made
                headers = {**headers, **options.headers} if headers else options.headers
            if options.query:
                if query is None or isinstance(query, Mapping):
                    query = {**(query or {}), **options.query}
                else:  # pairs may repeat a key: keep them all, the extra ones after
                    query = [*query, *options.query.items()]
        content = call.content
        if call.json is not None:
            if content is not None:
                raise ValidationError("give either json or content, not both")
            # Encoded once per call: every attempt sends these very bytes, and an unknown
            # outcome keeps them for an exact resend.
            content = self.json_dumps(call.json)
        auth = self._auth_of(plan)
        credentials = None if auth is None else auth.current_headers()
        request = plan.request(call, self.headers, query, headers, content, credentials)
        timeout = options.timeout or self.timeout
        deadline = options.deadline if options.deadline is not None else self.deadline

        if (
            deadline is None
            and unwatched(self)
            and (auth is None or credentials is not None or auth.try_prepare(request))
        ):
            # The common case in one coroutine: credentials at hand, nothing to watch or
            # log. Anything but a success goes on to the full path with this outcome.
            if auth is not None:
                auth.sign(request)
            request.timeout = timeout
            _, exchange, failed = exchanging_of(self)
            if request.stream:
                exchange = failed = None  # a stream goes through send, which streams it
            try:
                if exchange is None:
                    response = await self.transport.send(request)
                else:
                    # The transport's send without its Request bookkeeping.
                    response = await exchange(
                        plan.method,
                        request.full_url,
                        request.sent_headers(),
                        content,
                        timeout,
                    )
            except BaseException as raised:
                outcome = raised if failed is None else failed(raised, request)
                return await after_first(self, call, request, outcome, query, headers, timeout)
            if response.status < 400:
                response.request = request
                return response
            return await after_first(self, call, request, response, query, headers, timeout)

        deadline_at = None if deadline is None else time.monotonic() + deadline
        run = self._run(call, plan, request, query, headers, content, options, timeout, deadline_at)
        return await run.run()

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
        data = response._content  # read directly: this runs on every typed call
        if data is None:
            data = response.content  # a streamed response not read yet: this raises
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
        self._check_usable(asyncio.get_running_loop())
        extra = Headers(headers)
        content: bytes | None = None
        if json is not None:
            content = self.json_dumps(json)
            extra.setdefault("Content-Type", "application/json")
        elif form is not None:
            content = urlencode(list(form.items())).encode()
            extra.setdefault("Content-Type", "application/x-www-form-urlencoded")
        # A token request changes nothing worth reconciling: it is never "outcome unknown".
        operation = self._adhoc_operation(method, path_or_url, "auth.token", True, True)
        call = Call(operation, content=content, headers=extra)
        plan = self._plan(operation)
        marks: dict[str, Any] = {BOOTSTRAP: True}
        if secret_fields:
            marks[SECRET_FIELDS_EXTENSION] = frozenset(secret_fields)

        def build() -> Request:
            request = plan.request(call, self.headers, None, extra, content)
            request.extensions.update(marks)
            return request

        request = build()
        deadline_at = None if self.deadline is None else time.monotonic() + self.deadline
        spec = self._spec(call, plan, request, extra, content, NO_OPTIONS)
        return await Run(self, spec, request, build, self.timeout, deadline_at).run()

    # ------------------------------------------------------------------ stages

    def plan_of(self, operation: Operation) -> Plan:
        """The compiled plan of ``operation``: made on its first call, again for a new base URL."""
        plan = self._plans.get(id(operation))
        if plan is None or plan.operation is not operation or plan.base_url is not self.base_url:
            plan = self._plan(operation)
        return plan

    def _auth_of(self, plan: Plan) -> AuthStrategy | None:
        """The strategy that handles ``plan``'s requests: none for another origin's URL."""
        return None if plan.cross_origin else self.auth

    def _plan(self, operation: Operation) -> Plan:
        """Compile the plan of ``operation``."""
        plans = self._plans
        if len(plans) >= _PLANS:
            plans.clear()
        plan = Plan(operation, self.base_url, url_origin(self.base_url))
        plans[id(operation)] = plan
        return plan

    def _adhoc_operation(
        self,
        method: str,
        path: str,
        name: str | None,
        resend_safe: bool,
        idempotent: bool | None,
    ) -> Operation:
        """The operation of a raw ``request()``: made once per distinct route and settings."""
        key = (method, path, name, resend_safe, idempotent)
        operation = self._adhoc.get(key)
        if operation is None:
            if len(self._adhoc) >= _ADHOC:
                self._adhoc.clear()
            operation = Operation(
                name=name or "",
                method=method.upper(),
                path=path,
                resend_safe=resend_safe,
                idempotent=idempotent,
            )
            self._adhoc[key] = operation
        return operation

    def _spec(
        self,
        call: Call,
        plan: Plan,
        request: Request,
        headers: Mapping[str, str] | None,
        content: Any,
        options: CallOptions,
    ) -> CallSpec:
        """What :func:`~loyalty_async.session.decide.decide` needs to know of this call."""
        operation = call.operation
        idempotent = (
            plan.method in IDEMPOTENT_METHODS
            if operation.idempotent is None
            else operation.idempotent
        )
        declared = operation.resend_safe if call.resend_safe is None else call.resend_safe
        policy = options.retry or self.retry
        replayable = content is None or isinstance(content, bytes)
        if not replayable:
            # A streamed body is consumed by its first attempt: nothing is left to resend.
            idempotent = declared = False
            policy = attrs.evolve(policy, max_attempts=1)
        return CallSpec(
            name=plan.name or f"{plan.method} {logs.masked_path(request)}",
            policy=policy,
            idempotent=idempotent,
            resend_safe=idempotent or declared,
            replayable=replayable,
            operation=plan.name,
            context=call.context,
            call=call,
            body=content if isinstance(content, bytes) else None,
            call_headers=headers,
        )

    def _run(
        self,
        call: Call,
        plan: Plan,
        request: Request,
        query: Params | None,
        headers: Mapping[str, str] | None,
        content: Any,
        options: CallOptions,
        timeout: Timeout,
        deadline_at: float | None,
    ) -> Run:
        """The full path of a call: attempts, retries, deadline, hooks and logs."""
        spec = self._spec(call, plan, request, headers, content, options)

        def rebuild() -> Request:
            return plan.request(call, self.headers, query, headers, content)

        return Run(self, spec, request, rebuild, timeout, deadline_at)
