"""The HTTP side of the Accengage stand-in: routes from the SDK's table, signatures, tokens.

Every request must carry ``Accengage-Time`` and an ``Accengage-Signature`` that is the
SHA-1 of the exact body bytes received, the user's API key and that time; anything else
answers ``400 API_ERR_SIGNATURE``. Every route but the token request also needs
``Authorization: Bearer <token>``: none answers ``403``, an unknown one ``400`` and an
expired one ``401``, all labelled ``API_ERR_TOKEN``. Routes are those of
:data:`loyalty_async.accengage.operations.OPERATIONS`; the handlers live in one module
per domain and register with :func:`handles`.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import attrs
import orjson
from aiohttp import web
from yarl import URL

from loyalty_async.accengage.errors import ErrorLabel
from loyalty_async.accengage.operations import OPERATIONS
from loyalty_async.accengage.validation import check_numeric_id
from loyalty_async.auth.accengage import accengage_signature
from loyalty_async.errors import ValidationError
from loyalty_async.operations import Operation
from loyalty_async.sandbox.accengage.state import (
    MISSING,
    RATE_LIMITED,
    AccengageState,
    ApiError,
    App,
    bad_request,
)
from loyalty_async.sandbox.faults import Decision, FaultKind, Faults
from loyalty_async.sandbox.standin import answered, inject_fault

logger = logging.getLogger("loyalty_async.sandbox.accengage")

STATE: web.AppKey[AccengageState] = web.AppKey("accengage_state", AccengageState)

_SIGNATURE = ErrorLabel.SIGNATURE


@attrs.define
class Req:
    """One request as a handler sees it."""

    state: AccengageState
    request: web.Request
    operation: Operation
    body: bytes
    app: App | None = None

    def json(self) -> Any:
        """The body as JSON (400 if it is not)."""
        if not self.body:
            return None
        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError:
            raise bad_request("the body is not JSON") from None

    def object(self) -> dict[str, Any]:
        """The body as a JSON object (400 otherwise)."""
        data = self.json()
        if not isinstance(data, dict):
            raise bad_request("the body must be a JSON object")
        return data

    @property
    def query(self) -> Any:
        """The query parameters."""
        return self.request.query

    def path_id(self, name: str) -> int:
        """A numeric path parameter (400 otherwise, as Accengage answers)."""
        try:
            return int(check_numeric_id(self.request.match_info[name], name))
        except ValidationError:
            raise bad_request(f"{name} must be a positive integer") from None

    def path(self, name: str) -> str:
        """A path parameter as text."""
        return self.request.match_info[name]

    @property
    def my(self) -> App:
        """The app of an app-scoped route."""
        assert self.app is not None
        return self.app


Handler = Callable[[Req], Awaitable[web.StreamResponse]]

#: Operation name → its handler.
HANDLERS: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler for the operations ``names`` (each must be in the table)."""

    def register(handler: Handler) -> Handler:
        for name in names:
            OPERATIONS[name]  # a name not in the table fails at import
            HANDLERS[name] = handler
        return handler

    return register


def error_response(error: ApiError) -> web.Response:
    """The Accengage error body for ``error``."""
    body = {"errors": [{"label": label, "message": message} for label, message in error.entries]}
    return web.json_response(body, status=error.status, dumps=lambda v: orjson.dumps(v).decode())


def ok(data: Any = None, status: int = 200) -> web.Response:
    """A JSON answer (an empty body for ``None``)."""
    if data is None:
        return web.Response(status=status)
    return web.Response(status=status, body=orjson.dumps(data), content_type="application/json")


def page_number(req: Req) -> int:
    """The ``page`` query parameter (from 1; any bad value reads as past the end)."""
    raw = req.query.get("page", "1")
    try:
        return int(raw)
    except ValueError:
        return 0


def link_targets(req: Req, page: int, has_next: bool) -> dict[str, str]:
    """``first``, ``prev`` and ``next`` URLs: this request's URL with another ``page``."""
    url: URL = req.request.url

    def at(number: int) -> str:
        return str(url.update_query(page=str(number)))

    links = {"first": at(1)}
    if page > 1:
        links["prev"] = at(page - 1)
    if has_next:
        links["next"] = at(page + 1)
    return links


def link_header(links: dict[str, str]) -> str:
    """An RFC 8288 ``Link`` header."""
    return ", ".join(f'<{target}>; rel="{rel}"' for rel, target in links.items())


def paged(req: Req, items: Sequence[Any], key: str) -> web.Response:
    """One page of ``items`` under ``key``, with ``Link`` header and ``links`` field."""
    size = req.state.page_size
    page = page_number(req)
    chunk = list(items[(page - 1) * size : page * size]) if page >= 1 else []
    links = link_targets(req, max(page, 1), page >= 1 and page * size < len(items))
    mode = req.state.links
    body: dict[str, Any] = {key: chunk}
    if mode in ("both", "body"):
        body["links"] = links
    response = ok(body)
    if mode in ("both", "header"):
        response.headers["Link"] = link_header(links)
    return response


# ---------------------------------------------------------------------- checks


def _signature_ok(req: Req, api_key: str) -> None:
    sent_time = req.request.headers.get("Accengage-Time", "")
    signature = req.request.headers.get("Accengage-Signature", "")
    if not sent_time.isdigit() or not signature:
        raise ApiError(
            400, (_SIGNATURE, "the Accengage-Time or Accengage-Signature header is missing")
        )
    if abs(int(sent_time) - req.state.clock()) > req.state.max_clock_skew:
        raise ApiError(400, (_SIGNATURE, "Accengage-Time is too far from the server's clock"))
    expected = accengage_signature(req.body, api_key, sent_time)
    if not hmac.compare_digest(expected, signature.lower()):
        raise ApiError(400, (_SIGNATURE, "the signature does not match"))


def _authenticate(req: Req) -> str:
    """The e-mail of the caller, after checking its token and signature."""
    state = req.state
    header = req.request.headers.get("Authorization", "")
    if not header:
        raise ApiError(403, (ErrorLabel.TOKEN, "this route requires an access token"))
    scheme, _, token = header.partition(" ")
    entry = state.tokens.get(token.strip()) if scheme.lower() == "bearer" else None
    if entry is None:
        state.stats.auth_failures["invalid"] += 1
        raise ApiError(400, (ErrorLabel.TOKEN, "the access token is invalid"))
    email, expires_at = entry
    _signature_ok(req, state.keys[email])
    if state.clock() >= expires_at:
        state.stats.auth_failures["expired"] += 1
        raise ApiError(401, (ErrorLabel.TOKEN, "the access token has expired"))
    return email


# ---------------------------------------------------------------------- dispatch


def _refusal(decision: Decision, faults: Faults) -> web.StreamResponse:
    if decision.kind is FaultKind.SERVER_ERROR:
        status = decision.status or 503
        return error_response(
            ApiError(status, (ErrorLabel.SERVICE, "fault injected by the stand-in"))
        )
    response = error_response(ApiError(429, (RATE_LIMITED, "fault injected by the stand-in")))
    response.headers["Retry-After"] = f"{faults.retry_after:g}"
    return response


async def _dispatch(
    state: AccengageState, operation: Operation, handler: Handler, request: web.Request
) -> web.StreamResponse:
    stats = state.stats
    stats.requests += 1
    stats.operations[operation.name] += 1
    is_token = operation.name == "auth.access_token"
    decision = Decision()
    if not is_token or state.faults.include_login:
        decision, answer = await inject_fault(state, request, _refusal)
        if answer is not None:
            if decision.kind is not FaultKind.DROP_BEFORE:
                stats.statuses[answer.status] += 1
            return answer
    req = Req(state, request, operation, await request.read())
    try:
        if not is_token:
            _authenticate(req)
            if "partner_id" in request.match_info:
                req.app = state.app(request.match_info["partner_id"])
        response = await handler(req)
    except ApiError as error:
        response = error_response(error)
    except Exception:
        logger.exception("the Accengage stand-in failed on %s", operation.name)
        response = error_response(
            ApiError(500, (ErrorLabel.UNKNOWN, f"the stand-in failed on {operation.name}"))
        )
    return answered(state, request, decision, response)


@web.middleware
async def _unrouted(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    try:
        return await handler(request)
    except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
        return error_response(ApiError(404, (MISSING, f"no route {request.method} {request.path}")))


def build_app(state: AccengageState) -> web.Application:
    """The aiohttp application of the stand-in: one route per operation of the table."""
    # The handler modules register themselves when imported.
    from loyalty_async.sandbox.accengage import audience, content, messaging, places  # noqa: F401

    app = web.Application(middlewares=[_unrouted])
    app[STATE] = state
    for operation in OPERATIONS:
        handler = HANDLERS[operation.name]

        async def endpoint(
            request: web.Request, operation: Operation = operation, handler: Handler = handler
        ) -> web.StreamResponse:
            return await _dispatch(state, operation, handler, request)

        app.router.add_route(operation.method, operation.path, endpoint)
    return app


@handles("auth.access_token")
async def _access_token(req: Req) -> web.StreamResponse:
    """``POST /v1/access_token {email}`` signed with that user's key."""
    data = req.json()
    email = data.get("email") if isinstance(data, dict) else None
    if not isinstance(email, str) or not email:
        raise bad_request("the body does not correspond to any known access token format")
    api_key = req.state.keys.get(email)
    if api_key is None:
        raise ApiError(404, (MISSING, "no user with this e-mail"))
    _signature_ok(req, api_key)
    return ok({"token_type": "Bearer", "access_token": req.state.issue_token(email)})


@handles("me.get")
async def _me(req: Req) -> web.StreamResponse:
    """``GET /v1/me``: ``"Welcome"`` as plain text."""
    return web.Response(text="Welcome", content_type="text/plain")
