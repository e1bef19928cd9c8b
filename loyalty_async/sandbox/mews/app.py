"""The Mews stand-in's HTTP side: routes, tokens in the body, the rate limit, faults.

Routes come from the SDK's Mews operation table, so a path can never differ between the
client and the stand-in. Every route takes ``POST`` only; any other path or method is a
``404``, as on Mews (paths are case-sensitive, no trailing slash). Every answer carries a
``Request-Id`` header, and every error body ``{"Message", "RequestId"}``.
"""

from __future__ import annotations

import collections
import contextvars
import logging
import math
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypedDict

import attrs
import orjson
from aiohttp import web

from loyalty_async.mews.operations import OPERATIONS
from loyalty_async.operations import Operation
from loyalty_async.sandbox.faults import Decision, FaultInjector, FaultKind, Faults
from loyalty_async.sandbox.mews.handlers import HANDLERS, Context
from loyalty_async.sandbox.mews.state import MewsState
from loyalty_async.sandbox.mews.wire import MewsProblem, invalid
from loyalty_async.sandbox.standin import answered, inject_fault
from loyalty_async.sandbox.stats import SandboxStats

logger = logging.getLogger("loyalty_async.sandbox.mews")

#: The ClientToken and AccessToken of Mews's public demo ("Gross pricing" enterprise).
DEMO_CLIENT_TOKEN = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D"
DEMO_ACCESS_TOKEN = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D"
#: The chain the demo token reaches in the stand-in.
DEMO_CHAIN_ID = "8e8f3e2a-61d4-4d53-9b1a-ad2000d2a1c5"


class MewsTokens(TypedDict):
    """The token arguments of :class:`~loyalty_async.mews.MewsClient`."""

    client_token: str
    access_token: str


@attrs.frozen
class MewsCredentials:
    """A token pair the stand-in accepts, and the chains its ``AccessToken`` reaches.

    More than one chain makes it a portfolio token: its writes must name a ``ChainId``.
    """

    client_token: str = DEMO_CLIENT_TOKEN
    access_token: str = DEMO_ACCESS_TOKEN
    chain_ids: tuple[str, ...] = (DEMO_CHAIN_ID,)

    def __repr__(self) -> str:
        return (
            f"MewsCredentials(client_token='***', access_token='***', chain_ids={self.chain_ids})"
        )

    def client_kwargs(self) -> MewsTokens:
        """The tokens as keyword arguments for :class:`~loyalty_async.mews.MewsClient`."""
        return MewsTokens(client_token=self.client_token, access_token=self.access_token)


class SlidingWindow:
    """Mews's limit as the stand-in enforces it: ``limit`` requests per token per ``seconds``.

    The window slides: a request is admitted when fewer than ``limit`` requests of the same
    ``AccessToken`` were admitted in the ``seconds`` before it. Refused requests do not
    count.
    """

    def __init__(
        self, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1 or not seconds > 0:
            raise ValueError("the rate limit needs at least 1 request in a window above 0 s")
        self.limit = limit
        self.seconds = seconds
        self._clock = clock
        self._admitted: dict[str, collections.deque[float]] = {}

    def admit(self, key: str) -> float | None:
        """Count a request of ``key``: ``None`` if admitted, else the seconds until it would be."""
        now = self._clock()
        times = self._admitted.setdefault(key, collections.deque())
        while times and times[0] <= now - self.seconds:
            times.popleft()
        if len(times) >= self.limit:
            return times[0] + self.seconds - now
        times.append(now)
        return None


@attrs.define
class MewsCore:
    """Everything one running stand-in holds."""

    state: MewsState
    credentials: Sequence[MewsCredentials]
    window: SlidingWindow | None
    faults: Faults = attrs.field(factory=Faults)
    stats: SandboxStats = attrs.field(factory=SandboxStats)
    injector: FaultInjector = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.injector = FaultInjector(self.faults)

    def chains_of(self, body: Mapping[str, Any]) -> tuple[str, ...]:
        """The chains the body's tokens reach; ``401`` for tokens the stand-in does not know."""
        client_token, access_token = body.get("ClientToken"), body.get("AccessToken")
        for pair in self.credentials:
            if client_token == pair.client_token and access_token == pair.access_token:
                return pair.chain_ids
        known_client = any(client_token == pair.client_token for pair in self.credentials)
        token = "AccessToken" if known_client else "ClientToken"
        raise MewsProblem(401, f"Invalid {token}.")


MEWS: web.AppKey[MewsCore] = web.AppKey("mews", MewsCore)
# The id of the request being answered (set per request by the middleware, in its task).
_REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("mews_request_id")


def _answer(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    return web.Response(
        body=orjson.dumps(data), status=status, content_type="application/json", headers=headers
    )


def _error(problem: MewsProblem) -> web.Response:
    body = {"Message": problem.message, "RequestId": _REQUEST_ID.get(None)}
    return _answer(body, problem.status, problem.headers)


async def _read_body(request: web.Request) -> dict[str, Any]:
    try:
        body = orjson.loads(await request.read())
    except orjson.JSONDecodeError:
        raise MewsProblem(400, "Invalid JSON: the request body could not be parsed.") from None
    if not isinstance(body, dict):
        raise MewsProblem(400, "Invalid JSON: the request body must be a JSON object.")
    return body


def _rate_limited(wait: float) -> MewsProblem:
    seconds = max(1, math.ceil(wait))
    return MewsProblem(
        429,
        "The rate limit of this access token was reached. Retry after the Retry-After delay.",
        {"Retry-After": str(seconds)},
    )


def _refusal(decision: Decision, faults: Faults) -> web.Response:
    if decision.kind is FaultKind.SERVER_ERROR:
        return _error(MewsProblem(decision.status or 503, "Fault injected by the sandbox."))
    return _error(_rate_limited(faults.retry_after))


def _endpoint(
    core: MewsCore, operation: Operation
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    handler = HANDLERS[operation.name]

    async def endpoint(request: web.Request) -> web.StreamResponse:
        stats = core.stats
        stats.requests += 1
        stats.operations[operation.name] += 1
        decision = Decision()
        try:
            body = await _read_body(request)
            if core.window is not None:
                wait = core.window.admit(str(body.get("AccessToken")))
                if wait is not None:
                    raise _rate_limited(wait)
            decision, faulted = await inject_fault(core, request, _refusal)
            if faulted is not None:
                if decision.kind is not FaultKind.DROP_BEFORE:
                    stats.statuses[faulted.status] += 1
                return faulted
            chains = core.chains_of(body)
            client = body.get("Client")
            if not isinstance(client, str) or not client.strip():
                raise invalid("Client", "Name and version of the client application.")
            answer = _answer(handler(Context(core.state, stats, chains), body))
        except MewsProblem as problem:
            if problem.status == 401:
                stats.auth_failures[problem.message] += 1
            answer = _error(problem)
        except Exception:
            logger.exception("the Mews stand-in failed on %s", operation.name)
            answer = _error(MewsProblem(500, "The sandbox failed."))
        return answered(core, request, decision, answer)

    return endpoint


@web.middleware
async def _mews_conventions(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """A ``Request-Id`` on every answer; unknown paths and methods are ``404``."""
    request_id = str(uuid.uuid4())
    _REQUEST_ID.set(request_id)
    try:
        response = await handler(request)
    except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
        response = _error(MewsProblem(404, f"Not found: {request.method} {request.path}."))
    response.headers["Request-Id"] = request_id
    return response


def build_app(core: MewsCore) -> web.Application:
    """The aiohttp application serving ``core``."""
    app = web.Application(middlewares=[_mews_conventions])
    app[MEWS] = core
    for operation in OPERATIONS:
        app.router.add_route("POST", operation.path, _endpoint(core, operation))
    return app
