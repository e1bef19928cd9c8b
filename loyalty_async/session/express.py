"""A bodiless typed call's first attempt, straight to the transport.

A typed method that sends no body asks :func:`express` for its first attempt before it
makes a :class:`~loyalty_async.session.call.Call`. When nothing in the session needs to
see the attempt (no deadline, hooks, observers or DEBUG log; credentials at hand that go
in a header; a transport that exchanges without a
:class:`~loyalty_async.transport.base.Request`), the answer is that exchange, ready to
await: the method's coroutine is then the only one of the SDK's between the caller and the
transport, and no call, request or retry state is made. Otherwise the answer is ``None``
and the method sends its call through :meth:`Session.send
<loyalty_async.session.session.Session.send>`.

An attempt that does not succeed goes on with :func:`recover`: the call and the request
are made then, exactly as ``Session.send`` makes them, and the full path (retries, a
replay after a refused token, an unknown outcome) takes over from that outcome.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from loyalty_async.auth.base import AuthStrategy
from loyalty_async.operations import Operation
from loyalty_async.session import logs
from loyalty_async.session.build import DOT_SEGMENTS, SENT_AS_IS, encode_params, headers_version
from loyalty_async.session.call import Call, Params
from loyalty_async.session.exchange import after_first
from loyalty_async.transport.base import (
    Body,
    Request,
    Response,
    Timeout,
    Transport,
    with_query,
)
from loyalty_async.transport.headers import CheckedHeaders, Headers

if TYPE_CHECKING:
    from loyalty_async.session.session import Session

#: A transport, and its ``exchange`` and ``failed`` when its ``send`` is only those two.
Exchanging = tuple[
    Transport | None,
    Callable[[str, str, Headers, Body | None, Timeout | None], Awaitable[Response]] | None,
    Callable[[BaseException, Request], BaseException] | None,
]


def exchanging_of(session: Session) -> Exchanging:
    """How a first attempt reaches the session's transport (found once per transport).

    By its ``exchange`` and ``failed`` when its ``send`` is only those two; else by ``send``.
    """
    transport = session.transport
    known = session._exchanging
    if known[0] is not transport:
        if getattr(type(transport).send, "__exchange__", False):
            exchange = getattr(transport, "exchange", None)
            known = (transport, exchange, getattr(transport, "failed", None))
        else:
            known = (transport, None, None)
        session._exchanging = known
    return known


# Whether DEBUG logging is on: asked once per call (the logger itself never changes).
_debug_enabled = logs.logger.isEnabledFor
_NO_SIGNING = AuthStrategy.sign
_DEBUG = logging.DEBUG
_get_ident = threading.get_ident


class Lane:
    """What one operation's express attempts share while nothing they depend on changes.

    Made on the operation's first express attempt in a session and made again when the
    session's transport, credentials strategy or base URL is replaced; its merged headers
    follow the fixed headers, the credentials and the session's headers as they change.
    """

    __slots__ = (
        "auth",
        "authorized",
        "base_url",
        "credentials",
        "exchange",
        "fixed",
        "head",
        "merged",
        "method",
        "operation",
        "plan",
        "single",
        "tail",
        "transport",
        "version",
    )

    def __init__(self, session: Session, operation: Operation) -> None:
        # The plan's operation, base URL, method and URL pieces are copied here as well:
        # each is read on every call, one attribute away instead of two.
        plan = self.plan = session.plan_of(operation)
        self.operation = operation
        self.transport = session.transport
        self.auth = auth = session.auth
        self.base_url = session.base_url
        self.method = plan.method
        #: The transport's exchange; ``None``: no express attempt (see :func:`express`).
        self.exchange = exchanging_of(session)[1]
        if auth is not None and type(auth).sign is not _NO_SIGNING:
            self.exchange = None  # a strategy that signs each request needs the request
        self.authorized = session._auth_of(plan) is not None
        #: The path parameter's name if there is exactly one (else ``None``), and the
        #: URL's pieces before and after its value.
        self.single = plan.names[0] if len(plan.names) == 1 else None
        self.head = plan.pieces[0]
        self.tail = plan.pieces[-1]
        # The merged headers of the last attempt, and what they were merged from.
        self.fixed: CheckedHeaders | None = None
        self.credentials: CheckedHeaders | None = None
        self.version = -1  # no version: the first attempt merges
        self.merged = Headers()


#: How many lanes a session keeps (one per operation called: a few hundred at most).
_LANES = 4096


def express(
    session: Session,
    operation: Operation,
    path: Mapping[str, Any] | None,
    query: Params | None,
    headers: CheckedHeaders | None,
) -> Awaitable[Response] | None:
    """The first attempt of a bodiless call as the transport's exchange, or ``None``.

    ``None`` means: send the call through ``Session.send`` (the session is closed or on
    another loop, something watches or logs the call, no token is at hand, the transport
    has no exchange, a path value would be percent-encoded). A path value that cannot be
    sent raises :class:`~loyalty_async.errors.ValidationError`, here or in
    ``Session.send``, before anything is sent. Await the answer; if it raises or answers
    an error status, hand that to :func:`recover`.
    """
    # One frame, and what does not change between calls kept in the operation's lane:
    # every call saved here is a measurable share of a request's cost.
    loop = session._loop
    if (
        session._closed
        or session.deadline is not None
        or session.on_request  # unwatched(), inline
        or session.on_response
        or session.observers
        or loop is None
        or getattr(loop, "_thread_id", None) != _get_ident()  # is_running_here(), inline
        or _debug_enabled(_DEBUG)
    ):
        return None
    lane = session._lanes.get(id(operation))
    if (
        lane is None
        or lane.operation is not operation
        or lane.transport is not session.transport
        or lane.auth is not session.auth
        or lane.base_url is not session.base_url
    ):
        lanes = session._lanes
        if len(lanes) >= _LANES:
            lanes.clear()
        lane = lanes[id(operation)] = Lane(session, operation)
    exchange = lane.exchange
    if exchange is None:
        return None
    credentials = None
    auth = lane.auth
    if auth is not None and lane.authorized:
        credentials = auth.current_headers()
        if credentials is None:
            return None
    version = headers_version(session.headers)
    if lane.fixed is not headers or lane.credentials is not credentials or lane.version != version:
        if headers is not None and type(headers) is not CheckedHeaders:
            return None
        lane.merged = lane.plan.headers(session.headers, headers, False, credentials)
        lane.fixed, lane.credentials, lane.version = headers, credentials, version
    single = lane.single
    if single is not None and path is not None and len(path) == 1:
        # The usual case: a value path_value() would send as it is goes in unchanged.
        value = path.get(single)
        if type(value) is not str or not value or not SENT_AS_IS(value) or value in DOT_SEGMENTS:
            return None  # Session.send checks it, and quotes or refuses it
        url = lane.head + value + lane.tail
    else:
        url = lane.plan.url(path)
    if query:
        url = with_query(url, encode_params(query))
    return exchange(lane.method, url, lane.merged, None, session.timeout)


def unwatched(session: Session) -> bool:
    """Whether nothing watches or logs the session's calls: no hooks, observers, DEBUG log."""
    return not (
        session.on_request or session.on_response or session.observers or _debug_enabled(_DEBUG)
    )


async def recover(session: Session, call: Call, outcome: Response | BaseException) -> Response:
    """Carry on ``call`` after its :func:`express` attempt answered an error or raised.

    ``call`` is the one the attempt stood for (no body, no per-call options).
    """
    request = requested(session, call)
    failed = exchanging_of(session)[2]
    if not isinstance(outcome, Response) and failed is not None:
        outcome = failed(outcome, request)
    return await after_first(
        session, call, request, outcome, call.query, call.headers, session.timeout
    )


def requested(session: Session, call: Call) -> Request:
    """The request an :func:`express` attempt of ``call`` sent, made now.

    The credentials are those at hand now: the same unless another call replaced the
    token meanwhile.
    """
    plan = session.plan_of(call.operation)
    auth = session._auth_of(plan)
    credentials = None if auth is None else auth.current_headers()
    request = plan.request(call, session.headers, call.query, call.headers, None, credentials)
    request.timeout = session.timeout
    return request
