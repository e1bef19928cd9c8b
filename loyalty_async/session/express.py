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
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from loyalty_async.auth.base import AuthStrategy
from loyalty_async.operations import Operation
from loyalty_async.session import logs
from loyalty_async.session.build import encode_params
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
from loyalty_async.transport.loop import is_running_here

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
    has no exchange). A path value that cannot be
    sent raises :class:`~loyalty_async.errors.ValidationError` here, before anything is
    sent. Await the answer; if it raises or answers an error status, hand that to
    :func:`recover`.
    """
    if session._closed or not is_running_here(session._loop):
        return None
    if session.deadline is not None or not unwatched(session):
        return None
    exchange = exchanging_of(session)[1]
    if exchange is None or (headers is not None and type(headers) is not CheckedHeaders):
        return None
    plan = session.plan_of(operation)
    credentials = None
    auth = session.auth
    if auth is not None and not plan.cross_origin:
        if type(auth).sign is not _NO_SIGNING:
            return None  # a strategy that signs each request needs the request
        credentials = auth.current_headers()
        if credentials is None:
            return None
    url = plan.url(path)
    if query:
        url = with_query(url, encode_params(query))
    merged = plan.headers(session.headers, headers, False, credentials)
    return exchange(plan.method, url, merged, None, session.timeout)


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
    auth = None if plan.cross_origin else session.auth
    credentials = None if auth is None else auth.current_headers()
    request = plan.request(call, session.headers, call.query, call.headers, None, credentials)
    request.timeout = session.timeout
    return request
