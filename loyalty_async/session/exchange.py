"""Exchanging a call's attempts with the server until it succeeds or :func:`decide` gives up.

A call whose first attempt succeeds never comes here: the session sends it directly (see
:meth:`Session.send <loyalty_async.Session.send>`). A :class:`Run` is made for a call whose
first attempt failed, or that needs more than the direct path offers (a deadline, hooks,
debug logging, credentials still to fetch). Each attempt goes one way: credentials, hooks
and log, the transport under the deadline, then the answer turned into a response or an
:class:`~loyalty_async.session.decide.Outcome`, which :func:`decide` turns into the next
step.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from loyalty_async.auth.base import AuthStrategy
from loyalty_async.errors import (
    AuthenticationError,
    DeadlineExceeded,
    LoyaltyError,
    ReadTimeout,
    SessionClosedError,
    TransportError,
)
from loyalty_async.session import logs
from loyalty_async.session.build import CROSS_ORIGIN
from loyalty_async.session.decide import (
    Attempt,
    CallSpec,
    GiveUp,
    Outcome,
    Replay,
    decide,
)
from loyalty_async.session.error_parsing import build_api_error
from loyalty_async.transport.base import BOOTSTRAP, Request, Response, Timeout
from loyalty_async.transport.watchdog import Watch, absorb_late_cancel, expired

if TYPE_CHECKING:
    from loyalty_async.session.call import Call, Params
    from loyalty_async.session.observe import CallTrace
    from loyalty_async.session.session import Session

#: The waits between attempts (a module attribute, so that tests can record them instead).
sleep: Callable[[float], Any] = asyncio.sleep


class Run:
    """One call across its attempts, after its first one failed or needed the full path.

    ``rebuild`` makes a fresh request for a later attempt (the one sent carries the
    credentials and signature of its own attempt).
    """

    __slots__ = (
        "ambiguous",
        "attempts",
        "deadline_at",
        "in_flight",
        "rebuild",
        "replayed",
        "request",
        "sends",
        "session",
        "spec",
        "timeout",
        "traces",
    )

    def __init__(
        self,
        session: Session,
        spec: CallSpec,
        request: Request,
        rebuild: Callable[[], Request],
        timeout: Timeout,
        deadline_at: float | None,
    ) -> None:
        self.session = session
        self.spec = spec
        #: The request of the attempt under way (the first attempt's is the call's own).
        self.request = request
        self.rebuild = rebuild
        self.timeout = timeout
        self.deadline_at = deadline_at
        self.attempts = 1
        self.ambiguous = False
        self.replayed = False
        # True while an attempt is with the transport: it may be on its way or processed.
        self.in_flight = False
        #: Attempts handed to the transport so far (retries and replays included).
        self.sends = 0
        #: What the session's observers record of this call.
        self.traces: tuple[CallTrace, ...] = ()

    # ------------------------------------------------------------------ the loop

    async def run(self, first: Response | Outcome | None = None) -> Response:
        """Make attempts until one succeeds; raise what :func:`decide` gives up with.

        ``first`` is the first attempt's result when it was already made.
        """
        observers = self.session.observers
        if observers:
            self.traces = tuple(o.start_call(self.spec.name, self.request) for o in observers)
        try:
            result = first if first is not None else await self._attempt()
            while not isinstance(result, Response):
                result = await self._next(result)
        except asyncio.CancelledError as cancelled:
            if not self.spec.idempotent and (self.in_flight or self.ambiguous):
                logs.cancelled_write(self.spec, cancelled)
            for trace in self.traces:
                trace.end(cancelled)
            raise
        except BaseException as error:
            for trace in self.traces:
                trace.end(error)
            raise
        for trace in self.traces:
            trace.end(None)
        return result

    async def _next(self, outcome: Outcome) -> Response | Outcome:
        """Act on a failed attempt: give up, replay it, or wait and make the next one."""
        decision = decide(self.spec, self._where(), outcome)
        if isinstance(decision, GiveUp):
            raise decision.error
        if outcome.landed:
            self.ambiguous = True
        if outcome.response is not None:
            await outcome.response.aclose()
        if isinstance(decision, Replay):
            self.replayed = True
            auth = self.session.auth
            request, response = outcome.request, outcome.response
            assert auth is not None and request is not None and response is not None
            if not await auth.on_rejection(request, response):
                # The strategy will not replay: the refusal ends the call.
                ended = decide(self.spec, self._where(), outcome)
                assert isinstance(ended, GiveUp)
                raise ended.error
            logs.replaying(response.status)
            for trace in self.traces:
                trace.replaying(response.status)
            return await self._attempt()
        logs.retrying(self.spec, self.request, decision.delay, self.attempts, outcome.error)
        for trace in self.traces:
            trace.waiting(decision.delay, outcome.error)
        await sleep(decision.delay)
        self.attempts += 1
        if self.session.closed:
            return Outcome(SessionClosedError("the session was closed before a retry"))
        return await self._attempt()

    def _where(self) -> Attempt:
        remaining = None if self.deadline_at is None else self.deadline_at - time.monotonic()
        return Attempt(self.attempts, self.ambiguous, self.replayed, remaining)

    # ------------------------------------------------------------------ one attempt

    async def _attempt(self) -> Response | Outcome:
        """One attempt: credentials, hooks and log, the transport, the answer read."""
        session = self.session
        request = self.request
        if self.attempts > 1 or self.replayed:
            request = self.request = self.rebuild()
        auth = auth_for(session.auth, request)
        deadline_at = self.deadline_at
        remaining = None if deadline_at is None else deadline_at - time.monotonic()
        if remaining is not None and remaining <= 0:
            # Spent before this attempt began (a wait, a slow hook): nothing went out, so
            # the outcome of a write is not in doubt.
            return Outcome(self._deadline_error(sent=False), request=request)
        # The deadline bounds getting the response. A streamed body is read afterwards, at
        # the caller's pace: capping the transport's total would cut a long export off.
        request.timeout = self.timeout if request.stream else self.timeout.capped(remaining)
        watch: Watch | None = None if remaining is None else session.deadlines.watch(remaining)
        sent = False
        try:
            if auth is not None:
                await prepare(auth, request, session)
            if session.on_request:
                await call_hooks(session.on_request, request)
            debug = logs.logger.isEnabledFor(logging.DEBUG)
            started = time.perf_counter() if debug else 0.0
            if debug:
                logs.request_line(request, self.attempts)
            for trace in self.traces:
                trace.attempt(request, self.sends)
            self.sends += 1
            self.in_flight = sent = True
            response = await session.transport.send(request)
            self.in_flight = False
            if watch is not None:
                session.deadlines.release(watch)
                await absorb_late_cancel(watch)  # the answer came as the deadline passed
                watch = None
            answer = await read_answer(session, auth, request, response, debug, started)
            for trace in self.traces:
                trace.answered(request, response)
            return answer
        except asyncio.CancelledError:
            if watch is not None:
                session.deadlines.release(watch)
                if expired(watch):
                    self.in_flight = False
                    late = self._deadline_error(sent=sent)
                    if sent:
                        for trace in self.traces:
                            trace.failed(request, late)
                    return Outcome(late, sent, request=request)
            raise
        except TimeoutError as exc:  # a transport that lets a bare timeout through
            self.in_flight = False
            error = ReadTimeout(f"no response in time for {request.describe()}", request=request)
            error.__cause__ = exc
            return self._failed(error, request, watch, sent)
        except LoyaltyError as exc:
            self.in_flight = False
            return self._failed(exc, request, watch, sent)

    def _failed(
        self, error: LoyaltyError, request: Request, watch: Watch | None, sent: bool
    ) -> Outcome:
        if watch is not None:
            self.session.deadlines.release(watch)
        if not sent:
            # Failed before the request left (a login that failed, a strategy refusing the
            # request): the call's request did not reach the server.
            return Outcome(error, request=request, unsent=True)
        outcome = failure(error, request, self.deadline_at, self.attempts)
        for trace in self.traces:
            trace.failed(request, outcome.error)
        return outcome

    def _deadline_error(self, *, sent: bool) -> DeadlineExceeded:
        where = f"during attempt {self.attempts}" if sent else f"before attempt {self.attempts}"
        return DeadlineExceeded(f"the call's deadline ran out {where}", request=self.request)


# ---------------------------------------------------------------------- shared steps


async def after_first(
    session: Session,
    call: Call,
    request: Request,
    outcome: Response | BaseException,
    query: Params | None,
    headers: Mapping[str, str] | None,
    timeout: Timeout,
) -> Response:
    """Carry on a call whose first attempt went straight to the transport and failed.

    ``outcome`` is the error status answered or what the attempt raised (already the SDK's
    error); ``request`` is what was sent. The full path takes over from there: retries, a
    replay after a refused token, an unknown outcome. A cancellation is raised again
    (logged first for a write). ``query`` and ``headers`` are the call's merged with its
    options, and ``timeout`` the attempt's.
    """
    plan = session.plan_of(call.operation)
    content = request.content
    options = call.options
    if isinstance(outcome, Response):
        auth = session._auth_of(plan)
        first: Response | Outcome = await read_answer(session, auth, request, outcome, False, 0.0)
    elif isinstance(outcome, asyncio.CancelledError):
        spec = session._spec(call, plan, request, headers, content, options)
        if not spec.idempotent:
            logs.cancelled_write(spec, outcome)
        raise outcome
    elif isinstance(outcome, TimeoutError):  # a transport that lets a bare timeout through
        error = ReadTimeout(f"no response in time for {request.describe()}", request=request)
        error.__cause__ = outcome
        first = failure(error, request, None, 1)
    elif isinstance(outcome, LoyaltyError):
        first = failure(outcome, request, None, 1)
    else:
        raise outcome
    run = session._run(call, plan, request, query, headers, content, options, timeout, None)
    return await run.run(first)


def auth_for(auth: AuthStrategy | None, request: Request) -> AuthStrategy | None:
    """The strategy that handles ``request``: none for a request to another origin."""
    if auth is not None and request.extensions.get(CROSS_ORIGIN):
        return auth if request.extensions.get(BOOTSTRAP) else None
    return auth


async def prepare(auth: AuthStrategy, request: Request, session: Session) -> None:
    """Add the credentials (fetching them if needed), then sign the final bytes."""
    if not auth.try_prepare(request):
        await auth.prepare(request, session)
        if request.json is not None:  # the strategy changed the body (Mews adds tokens)
            request.content = session.json_dumps(request.json)
            request.json = None
            request.headers.setdefault("Content-Type", "application/json")
    auth.sign(request)


async def read_answer(
    session: Session,
    auth: AuthStrategy | None,
    request: Request,
    response: Response,
    debug: bool,
    started: float,
) -> Response | Outcome:
    """A response as the call sees it: a success, or the :class:`Outcome` of an error status."""
    response.request = request
    status = response.status
    if status >= 400 and response.is_streamed:
        # Error bodies are small, and needed to parse the error and spot rejections.
        await response.aread()
    if debug:
        logs.response_line(request, response, time.perf_counter() - started)
    if session.on_response:
        await call_hooks(session.on_response, response)
    if status < 400:
        return response
    rejected = (
        auth is not None and not request.extensions.get(BOOTSTRAP) and auth.is_rejection(response)
    )
    error = build_api_error(
        response,
        request,
        error_class=AuthenticationError if rejected else None,
        clock=session.clock,
    )
    # A 5xx: the server may have done the work before failing.
    return Outcome(error, status >= 500, rejected, request, response)


def failure(
    error: LoyaltyError, request: Request, deadline_at: float | None, attempt: int
) -> Outcome:
    """The outcome of an attempt sent to the transport that got no answer."""
    if isinstance(error, TransportError):
        if error.request is None:
            error.request = request
        landed = error.may_have_reached_server
        if deadline_at is not None and time.monotonic() >= deadline_at:
            # The transport's own limit, capped by the deadline, is what ran out.
            deadline = DeadlineExceeded(
                f"the call's deadline ran out during attempt {attempt}", request=request
            )
            deadline.__cause__ = error
            return Outcome(deadline, landed, request=request)
        return Outcome(error, landed, request=request)
    return Outcome(error, request=request)


async def call_hooks(hooks: Sequence[Callable[[Any], Any]], value: Any) -> None:
    """Call each hook with ``value``, awaiting the ones that are coroutines."""
    for hook in hooks:
        result = hook(value)
        if inspect.isawaitable(result):
            await result
