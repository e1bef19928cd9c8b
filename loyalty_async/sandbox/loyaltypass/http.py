"""The HTTP side of the Loyalty Pass stand-in: an OAuth2 token endpoint and bearer checks.

Its routes are the SDK's table (with the same ``routes=`` overrides a client is given),
so a client and a stand-in built with the same routes talk. Values are read from the
route's placeholders first, then the JSON body, then the query, under the SDK's
camelCase names. Refusals answer ``{"code", "message"}``; the token endpoint answers
OAuth2 errors (``{"error", "error_description"}``).
"""

from __future__ import annotations

import base64
import hmac
import logging
from collections.abc import Awaitable, Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson
from aiohttp import web

from loyalty_async.loyaltypass.operations import OPERATIONS, apply_routes
from loyalty_async.modeling import to_camel
from loyalty_async.operations import Operation
from loyalty_async.sandbox.faults import Decision, FaultKind, Faults
from loyalty_async.sandbox.loyaltypass.state import (
    INVALID_REQUEST,
    UNKNOWN_GIFT,
    UNKNOWN_SEGMENT,
    LoyaltyPassState,
    Refusal,
)
from loyalty_async.sandbox.standin import answered, inject_fault

logger = logging.getLogger("loyalty_async.sandbox.loyaltypass")


def _json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    return web.Response(
        status=status, body=orjson.dumps(data), content_type="application/json", headers=headers
    )


def _refusal(refusal: Refusal) -> web.Response:
    return _json({"code": refusal.code, "message": refusal.message}, refusal.status)


def _oauth_error(status: int, error: str, description: str) -> web.Response:
    return _json({"error": error, "error_description": description}, status)


class Req:
    """One request as a handler sees it: values by the SDK's snake_case names."""

    def __init__(self, state: LoyaltyPassState, request: web.Request, body: Any) -> None:
        self.state = state
        self.request = request
        self.body = body if isinstance(body, dict) else {}

    def get(self, name: str) -> Any:
        """A value from the path, the body or the query (``None`` if absent)."""
        if name in self.request.match_info:
            return self.request.match_info[name]
        wire = to_camel(name)
        if wire in self.body:
            return self.body[wire]
        return self.request.query.get(wire)

    def text(self, name: str) -> str:
        """A required text value."""
        value = self.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise Refusal(400, INVALID_REQUEST, f"{to_camel(name)} is required")
        return str(value)

    def amount(self, name: str) -> Decimal:
        """A required amount."""
        value = self.get(name)
        try:
            if isinstance(value, bool) or value is None:
                raise InvalidOperation
            return Decimal(str(value))
        except InvalidOperation:
            raise Refusal(400, INVALID_REQUEST, f"{to_camel(name)} must be an amount") from None


Handler = Callable[[Req], Awaitable[web.StreamResponse]]
HANDLERS: dict[str, Handler] = {}


def _handles(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        OPERATIONS[name]  # a name not in the table fails at import
        HANDLERS[name] = handler
        return handler

    return register


def _paged(req: Req, items: list[Any]) -> web.Response:
    """A page of ``items`` (bare array) with a ``Link`` header naming the next one."""
    size = req.state.page_size
    try:
        page = int(req.request.query.get("page", "1"))
    except ValueError:
        page = 0
    chunk = items[(page - 1) * size : page * size] if page >= 1 else []
    headers = {}
    if page >= 1 and page * size < len(items):
        target = req.request.url.update_query(page=str(page + 1))
        headers["Link"] = f'<{target}>; rel="next"'
    return _json(chunk, headers=headers)


# ---------------------------------------------------------------------- handlers


@_handles("earn.evaluate_basket")
async def _evaluate(req: Req) -> web.StreamResponse:
    total = req.get("total")
    if total is None:
        items = req.get("items") or []
        if not isinstance(items, list) or not items:
            raise Refusal(400, INVALID_REQUEST, "give the basket's total or its items")
        total = sum(Decimal(str(item.get("amount", 0))) for item in items if isinstance(item, dict))
    member = req.text("member_id")
    req.state.balance(member)  # an unknown member is refused
    points = req.state.points_for(Decimal(str(total)))
    return _json({"points": points, "memberId": member})


@_handles("earn.earn")
async def _earn(req: Req) -> web.StreamResponse:
    member = req.text("member_id")
    entry = req.state.earn(member, req.text("reference"), req.amount("amount"))
    return _json(
        {
            "transactionId": entry.transaction_id,
            "reference": entry.reference,
            "points": entry.points,
            "balance": req.state.balance(member),
        }
    )


@_handles("earn.reverse")
async def _reverse(req: Req) -> web.StreamResponse:
    reference = req.text("reference")
    member, entry = req.state.reverse(reference, f"{reference}/reversal")
    return _json(
        {
            "transactionId": entry.transaction_id,
            "reference": entry.reference,
            "points": entry.points,
            "balance": req.state.balance(member),
        }
    )


@_handles("burn.redeem_voucher")
async def _redeem(req: Req) -> web.StreamResponse:
    member = req.text("member_id")
    points = req.get("points")
    gift_id = req.get("gift_id")
    if gift_id is not None:
        gift = next((g for g in req.state.gifts if g["id"] == gift_id), None)
        if gift is None:
            raise Refusal(404, UNKNOWN_GIFT, f"no gift {gift_id!r}")
        points = gift["points"] if points is None else points
    if isinstance(points, bool) or not isinstance(points, int):
        raise Refusal(400, INVALID_REQUEST, "points must be a whole number")
    entry = req.state.redeem(member, req.text("reference"), points)
    return _json(
        {
            "voucherCode": req.state.voucher_code(entry),
            "points": -entry.points,
            "balance": req.state.balance(member),
            "reference": entry.reference,
        }
    )


@_handles("earn.reward_event")
async def _reward(req: Req) -> web.StreamResponse:
    member = req.text("member_id")
    reference = req.get("reference") or f"event-{req.state.stats.requests}"
    entry = req.state.reward(member, str(reference), req.text("event"))
    return _json(
        {
            "transactionId": entry.transaction_id,
            "reference": entry.reference,
            "points": entry.points,
            "balance": req.state.balance(member),
        }
    )


@_handles("program.languages")
async def _languages(req: Req) -> web.StreamResponse:
    return _json(req.state.languages)


@_handles("members.identification_cookie")
async def _identification(req: Req) -> web.StreamResponse:
    member = req.text("member_id")
    req.state.balance(member)
    token = base64.urlsafe_b64encode(f"{member}:{req.state.clock():.0f}".encode()).decode()
    return _json({"cookie": f"lp_member={token.rstrip('=')}"})


@_handles("members.transactions")
async def _transactions(req: Req) -> web.StreamResponse:
    member = req.text("member_id")
    req.state.balance(member)
    return _paged(req, [entry.view() for entry in req.state.members[member]])


@_handles("catalog.categories")
async def _categories(req: Req) -> web.StreamResponse:
    return _json(req.state.categories)


@_handles("catalog.gifts")
async def _gifts(req: Req) -> web.StreamResponse:
    return _paged(req, req.state.gifts)


def _segment(req: Req) -> set[str]:
    segment = req.text("segment_id")
    members = req.state.segments.get(segment)
    if members is None:
        raise Refusal(404, UNKNOWN_SEGMENT, f"no segment {segment!r}")
    return members


@_handles("segments.add_member")
async def _add_member(req: Req) -> web.StreamResponse:
    members = _segment(req)
    member = req.text("member_id")
    req.state.balance(member)
    members.add(member)
    return web.Response(status=204)


@_handles("segments.remove_member")
async def _remove_member(req: Req) -> web.StreamResponse:
    _segment(req).discard(req.text("member_id"))
    return web.Response(status=204)


@_handles("segments.map_promotion")
async def _map_promotion(req: Req) -> web.StreamResponse:
    segment = req.text("segment_id")
    members = _segment(req)
    promotion = req.text("promotion_id")
    req.state.promotions.setdefault(promotion, set()).add(segment)
    member = req.get("member_id")
    products = req.state.gifts if member is None or member in members else []
    return _json({"promotionId": promotion, "segmentId": segment, "products": products})


# ---------------------------------------------------------------------- plumbing


async def _token(state: LoyaltyPassState, request: web.Request) -> web.Response:
    state.stats.requests += 1
    state.stats.operations["auth.token"] += 1
    content_type = request.content_type
    fields: Mapping[str, Any]
    if content_type == "application/x-www-form-urlencoded" and state.token_body in ("form", "any"):
        fields = await request.post()
    elif content_type == "application/json" and state.token_body in ("json", "any"):
        try:
            fields = orjson.loads(await request.read())
        except orjson.JSONDecodeError:
            return _oauth_error(400, "invalid_request", "the body is not JSON")
        if not isinstance(fields, dict):
            return _oauth_error(400, "invalid_request", "the body must be an object")
    else:
        return _oauth_error(400, "invalid_request", f"unsupported token request ({content_type})")
    if fields.get("grant_type", "client_credentials") != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "only client_credentials is supported")
    credentials = state.credentials
    client_id = str(fields.get(state.client_id_field, ""))
    secret = str(fields.get(state.client_secret_field, ""))
    if client_id != credentials.client_id or not hmac.compare_digest(
        secret, credentials.client_secret
    ):
        state.stats.auth_failures["bad_client"] += 1
        return _oauth_error(401, "invalid_client", "unknown client or wrong secret")
    return _json(
        {
            "access_token": state.issue_token(),
            "token_type": "Bearer",
            "expires_in": int(state.token_ttl),
        }
    )


def _fault_answer(decision: Decision, faults: Faults) -> web.Response:
    if decision.kind is FaultKind.SERVER_ERROR:
        return _json({"code": "UNAVAILABLE", "message": "fault injected"}, decision.status or 503)
    return _json(
        {"code": "RATE_LIMITED", "message": "fault injected"},
        429,
        {"Retry-After": f"{faults.retry_after:g}"},
    )


async def _dispatch(
    state: LoyaltyPassState, operation: Operation, handler: Handler, request: web.Request
) -> web.StreamResponse:
    stats = state.stats
    stats.requests += 1
    stats.operations[operation.name] += 1
    decision, answer = await inject_fault(state, request, _fault_answer)
    if answer is not None:
        return answer
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not state.token_valid(token.strip()):
        stats.auth_failures["bad_token"] += 1
        return _json({"code": "UNAUTHORIZED", "message": "a valid bearer token is required"}, 401)
    raw = await request.read()
    try:
        body = orjson.loads(raw) if raw else None
    except orjson.JSONDecodeError:
        return _refusal(Refusal(400, INVALID_REQUEST, "the body is not JSON"))
    try:
        response = await handler(Req(state, request, body))
    except Refusal as refusal:
        response = _refusal(refusal)
    except Exception:
        logger.exception("the Loyalty Pass stand-in failed on %s", operation.name)
        response = _json({"code": "INTERNAL", "message": "the stand-in failed"}, 500)
    return answered(state, request, decision, response)


def build_app(state: LoyaltyPassState, routes: Mapping[str, str] | None = None) -> web.Application:
    """The aiohttp application: the token endpoint and one route per operation."""
    app = web.Application()

    async def token(request: web.Request) -> web.StreamResponse:
        return await _token(state, request)

    app.router.add_post(state.credentials.token_path, token)
    for operation in apply_routes(OPERATIONS, routes):
        handler = HANDLERS[operation.name]

        async def endpoint(
            request: web.Request, operation: Operation = operation, handler: Handler = handler
        ) -> web.StreamResponse:
            return await _dispatch(state, operation, handler, request)

        app.router.add_route(operation.method, operation.path, endpoint)
    return app
