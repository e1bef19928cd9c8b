"""The HTTP plumbing: routes from the operation table, limits, faults, tokens, errors.

Every operation of the SDK's table (with the sandbox's ``routes=`` overrides) is routed
here, so a path can never differ between the SDK and the sandbox. Each request is read
whole (within the size and time limits), may meet an injected fault, has its token and
``interaction-id`` checked, and is then handed to the operation's handler: the rules of
its domain (:mod:`loyalty_async.sandbox.handlers`, one module per domain), or, for an
operation no domain module handles, the generic resources served from its path
(:mod:`loyalty_async.sandbox.handlers.generic`). Every declared operation is answered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from loyalty_async.operations import Operation
from loyalty_async.sandbox.core import SandboxCore
from loyalty_async.sandbox.faults import Decision, FaultKind, Faults
from loyalty_async.sandbox.handlers import HANDLERS, generic
from loyalty_async.sandbox.http import Call, Handler, problem_response
from loyalty_async.sandbox.problems import Problem, SandboxCode
from loyalty_async.sandbox.standin import answered, inject_fault

logger = logging.getLogger("loyalty_async.sandbox")

CORE: web.AppKey[SandboxCore] = web.AppKey("core", SandboxCore)

#: Largest request body accepted; a larger one is ``413 PAYLOAD_TOO_LARGE``.
MAX_BODY_BYTES = 1024 * 1024

_SERVER_ERROR_CODES = {
    500: SandboxCode.INTERNAL_SERVER_ERROR,
    502: SandboxCode.BAD_GATEWAY,
    503: SandboxCode.SERVICE_UNAVAILABLE,
    504: SandboxCode.GATEWAY_TIMEOUT,
}


def _authenticate(core: SandboxCore, request: web.Request) -> dict[str, Any]:
    header = request.headers.get("Authorization", "").strip()
    if not header:
        raise Problem(
            401, SandboxCode.TOKEN_MISSING, "this call needs the token from POST /auth/login"
        )
    token = header[7:].strip() if header[:7].lower() == "bearer " else header
    return core.tokens.verify(token)


def _refusal(decision: Decision, faults: Faults) -> web.StreamResponse:
    if decision.kind is FaultKind.SERVER_ERROR:
        status = decision.status or 503
        code = _SERVER_ERROR_CODES[status]
        return problem_response(Problem(status, code, "fault injected by the sandbox"))
    wait = faults.retry_after
    header = str(int(wait)) if wait == int(wait) else f"{wait:g}"
    return problem_response(
        Problem(429, SandboxCode.TOO_MANY_REQUESTS, "rate limit (fault injected by the sandbox)"),
        {"Retry-After": header},
    )


async def _read_body(core: SandboxCore, request: web.Request) -> bytes:
    """The whole request body, or a ``413``/``408`` :class:`Problem`.

    A client that stops sending halfway is not waited for longer than
    ``core.request_timeout`` (a half-sent request line or header block is closed after the
    same time by the server's keep-alive timer, see :class:`~loyalty_async.sandbox.Sandbox`).
    """
    length = request.content_length
    if length is not None and length > MAX_BODY_BYTES:
        raise _too_large()
    try:
        return await asyncio.wait_for(request.read(), core.request_timeout)
    except web.HTTPRequestEntityTooLarge:
        raise _too_large() from None
    except TimeoutError:  # TimeoutError from 3.11 on
        raise Problem(
            408,
            SandboxCode.REQUEST_TIMEOUT,
            f"the request body did not arrive within {core.request_timeout:g} s",
        ) from None


def _too_large() -> Problem:
    return Problem(
        413,
        SandboxCode.PAYLOAD_TOO_LARGE,
        f"the request body is larger than {MAX_BODY_BYTES} bytes",
    )


async def _dispatch(
    core: SandboxCore, operation: Operation, handler: Handler, request: web.Request
) -> web.StreamResponse:
    stats = core.stats
    stats.requests += 1
    stats.operations[operation.name] += 1
    try:
        raw = await _read_body(core, request)
    except Problem as problem:
        refused = problem_response(problem)
        refused.force_close()  # the rest of the body is never read
        stats.statuses[refused.status] += 1
        return refused
    is_auth = operation.name.startswith("auth.")
    decision = Decision()
    if not is_auth or core.faults.include_login:
        decision, answer = await inject_fault(core, request, _refusal)
        if answer is not None:
            if decision.kind is not FaultKind.DROP_BEFORE:  # a dropped connection answers none
                stats.statuses[answer.status] += 1
            return answer
    call = Call(core, request, operation, raw)
    try:
        if operation.name != "auth.login":
            call.claims = _authenticate(core, request)
        if not is_auth:
            call.interaction_id = request.headers.get("interaction-id", "").strip()
            if not call.interaction_id:
                raise Problem(
                    400,
                    SandboxCode.INTERACTION_ID_MISSING,
                    "every business call needs the interaction-id header",
                )
        response = await handler(call)
    except Problem as problem:
        if problem.status == 401:
            stats.auth_failures[problem.code] += 1
        response = problem_response(problem)
    except Exception:
        logger.exception("sandbox handler for %s failed", operation.name)
        response = problem_response(
            Problem(
                500,
                SandboxCode.INTERNAL_SERVER_ERROR,
                f"the sandbox failed on {operation.name}",
            )
        )
    return answered(core, request, decision, response)


def _endpoint(
    core: SandboxCore, operation: Operation, handler: Handler
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def endpoint(request: web.Request) -> web.StreamResponse:
        if core.connections is None:  # an app mounted by hand: aiohttp's own timers only
            return await _dispatch(core, operation, handler, request)
        with core.connections.handling(request):
            return await _dispatch(core, operation, handler, request)

    return endpoint


@web.middleware
async def _unrouted(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Answer unknown paths and methods in the Convercus error shape."""
    try:
        return await handler(request)
    except web.HTTPMethodNotAllowed:
        return problem_response(
            Problem(
                405,
                SandboxCode.METHOD_NOT_ALLOWED,
                f"{request.method} is not allowed on {request.path}",
            )
        )
    except web.HTTPNotFound:
        return problem_response(Problem(404, SandboxCode.NOT_FOUND, f"no route {request.path}"))


def implemented_operations() -> frozenset[str]:
    """Names of the operations served by rules of their own (every other one generically)."""
    return frozenset(HANDLERS)


def _specific_first(route: tuple[tuple[str, str], Operation]) -> tuple[list[int], str, str]:
    (method, path), _ = route
    segments = path.strip("/").split("/")
    return [1 if segment.startswith("{") else 0 for segment in segments], path, method


def build_app(core: SandboxCore) -> web.Application:
    """The aiohttp application serving ``core``."""
    app = web.Application(middlewares=[_unrouted], client_max_size=MAX_BODY_BYTES)
    app[CORE] = core
    # Several names may share one route (a deprecated twin): the first with rules of its
    # own serves it, else the first declared; requests are counted under that name.
    routes: dict[tuple[str, str], Operation] = {}
    for operation in core.operations:
        route = (operation.method, operation.path)
        current = routes.get(route)
        if current is None or (current.name not in HANDLERS and operation.name in HANDLERS):
            routes[route] = operation
    # A literal segment wins over a parameter in the same place (``…/accounts/batch``
    # before ``…/accounts/{accountId}``): aiohttp tries routes in the order added.
    for (method, path), operation in sorted(routes.items(), key=_specific_first):
        handler = HANDLERS.get(operation.name, generic.serve)
        app.router.add_route(method, path, _endpoint(core, operation, handler))
    return app
