"""The aiohttp application: Convercus routes, wire conventions, auth and fault injection.

Routes come from the SDK's operation table, so a path can never differ between the SDK
and the sandbox. Operations without a handler here answer ``501
NOT_IMPLEMENTED_IN_SANDBOX``.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
from aiohttp import web

from loyalty_async.codec import dumps
from loyalty_async.operations import Operation
from loyalty_async.sandbox import values
from loyalty_async.sandbox.core import SandboxCore
from loyalty_async.sandbox.faults import Decision, FaultKind
from loyalty_async.sandbox.ledger import balance_json
from loyalty_async.sandbox.members import account_json
from loyalty_async.sandbox.problems import Problem, invalid
from loyalty_async.sandbox.reports import REPORTS, Report, operation_names

logger = logging.getLogger("loyalty_async.sandbox")

CORE: web.AppKey[SandboxCore] = web.AppKey("core", SandboxCore)

#: ``size`` of a paged list when none is given (Spring's default).
DEFAULT_PAGE_SIZE = 20
#: Largest ``size`` a paged list accepts (larger is refused, never silently cut).
MAX_PAGE_SIZE = 1000
#: Largest ``page`` number (Spring reads it as a Java ``int``).
MAX_PAGE = 2**31 - 1
#: Largest request body accepted; a larger one is ``413 PAYLOAD_TOO_LARGE``.
MAX_BODY_BYTES = 1024 * 1024
#: Rows per chunk of a streamed export.
EXPORT_BATCH = 1000

_REASONS = {500: "INTERNAL_SERVER_ERROR", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE"}


@attrs.define
class Call:
    """One request to one operation, with helpers to read it."""

    core: SandboxCore
    request: web.Request
    operation: Operation
    raw: bytes = b""
    interaction_id: str = ""
    claims: dict[str, Any] = attrs.Factory(dict)

    async def body(self) -> Any:
        """The decoded JSON body (``None`` when empty)."""
        return values.decode(self.raw)

    async def fields(self) -> values.Body:
        """The body, which must be a JSON object (an empty body counts as ``{}``)."""
        return values.as_object(await self.body())

    def param(self, name: str) -> str:
        """A path parameter."""
        return self.request.match_info[name]

    @property
    def id_type(self) -> str | None:
        """The ``id-type`` header, if this operation reads one."""
        if not self.operation.id_type:
            return None
        return self.request.headers.get("id-type")

    def account(self) -> sqlite3.Row:
        """The account the path's ``{accountId}`` names (read as the ``id-type`` says)."""
        return self.core.members.resolve(self.param("accountId"), self.id_type)

    def page(self) -> tuple[int, int]:
        """``page`` (from 0, default 0) and ``size`` (default 20) of a paged list."""
        query = self.request.query
        page = _query_int(query.get("page"), "page", 0, 0, MAX_PAGE)
        size = _query_int(query.get("size"), "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        return page, size

    def optional_page(self) -> tuple[int | None, int | None]:
        """Like :meth:`page`, but ``(None, None)`` (everything) when neither is given."""
        if "page" not in self.request.query and "size" not in self.request.query:
            return None, None
        return self.page()

    def location(self, path: str) -> str:
        """An absolute URL on this server."""
        return f"{self.request.url.origin()}{path}"


def _query_int(raw: str | None, name: str, default: int, minimum: int, maximum: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        number = int(raw)
    except ValueError:  # also a number of more than 4300 digits
        raise invalid(f"{name} must be a whole number, got {raw[:40]!r}", name) from None
    if number < minimum:
        raise invalid(f"{name} must be at least {minimum}", name)
    if number > maximum:
        raise invalid(f"{name} must be at most {maximum}", name)
    return number


# ---------------------------------------------------------------------- responses


def json_response(data: Any, status: int = 200) -> web.Response:
    """A JSON answer (exact decimals)."""
    return web.Response(status=status, body=dumps(data), content_type="application/json")


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> web.Response:
    """An error answer with the ``{code, message, detail}`` body."""
    response = json_response(problem.body(), problem.status)
    if headers:
        response.headers.update(headers)
    return response


def created(call: Call, path: str, data: Any = None) -> web.Response:
    """``201`` with ``Location``; no body unless the contract gives one."""
    response = web.Response(status=201) if data is None else json_response(data, 201)
    response.headers["Location"] = call.location(path)
    return response


def no_content() -> web.Response:
    """``204`` with an empty body."""
    return web.Response(status=204)


# ---------------------------------------------------------------------- handlers

Handler = Callable[[Call], Awaitable[web.StreamResponse]]
HANDLERS: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler for the operations called ``names``."""

    def register(handler: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = handler
        return handler

    return register


@handles("auth.login")
async def _login(call: Call) -> web.StreamResponse:
    body = await call.fields()
    given = [values.need_text(body, field) for field in ("org", "userName", "password")]
    expected = call.core.credentials
    wanted = (expected.org, expected.username, expected.password)
    matches = [
        hmac.compare_digest(a.encode(), b.encode()) for a, b in zip(given, wanted, strict=True)
    ]
    if not all(matches):
        raise Problem(401, "BAD_CREDENTIALS", "wrong org, user name or password")
    call.core.stats.logins += 1
    token = call.core.tokens.issue(expected.username, call.core.token_ttl)
    return web.Response(text=token, content_type="text/plain")


@handles("auth.logout")
async def _logout(call: Call) -> web.StreamResponse:
    call.core.tokens.revoke(call.claims)
    return no_content()


# --- accounts


@handles("accounts.create")
async def _create_account(call: Call) -> web.StreamResponse:
    await call.body()  # no body is documented; any JSON is accepted and ignored
    account_id = call.core.members.create_account()
    return created(call, f"/accounts/{account_id}")


@handles("accounts.get")
async def _get_account(call: Call) -> web.StreamResponse:
    return json_response(account_json(call.account()))


@handles("accounts.delete_anonymous")
async def _delete_account(call: Call) -> web.StreamResponse:
    call.core.members.delete_anonymous(call.account())
    return no_content()


@handles("accounts.get_details")
async def _get_details(call: Call) -> web.StreamResponse:
    return json_response(call.core.details(call.account()))


@handles("accounts.get_balance")
async def _get_balance(call: Call) -> web.StreamResponse:
    return json_response(balance_json(call.account()))


@handles("accounts.get_balance_eur")
async def _get_balance_value(call: Call) -> web.StreamResponse:
    return json_response(call.core.balance_value(call.account()))


@handles("accounts.get_level")
async def _get_level(call: Call) -> web.StreamResponse:
    return json_response(call.core.level(call.account()))


@handles("accounts.get_fraud_info")
async def _get_fraud(call: Call) -> web.StreamResponse:
    return json_response(call.core.members.fraud(call.account()))


@handles("accounts.create_fraud")
async def _create_fraud(call: Call) -> web.StreamResponse:
    body = await call.fields()
    return json_response(call.core.members.lock(call.account(), body))


@handles("accounts.remove_fraud")
async def _remove_fraud(call: Call) -> web.StreamResponse:
    call.core.members.unlock(call.account())
    return no_content()


# --- identifiers


@handles("identifiers.create")
async def _create_identifier(call: Call) -> web.StreamResponse:
    body = await call.fields()
    identifier_id = call.core.members.add_identifier(call.account(), body)
    return created(call, f"/identifiers/{identifier_id}")


@handles("identifiers.list_for_account")
async def _list_identifiers(call: Call) -> web.StreamResponse:
    return json_response(call.core.members.identifiers(call.account()["id"]))


@handles("identifiers.get")
async def _get_identifier(call: Call) -> web.StreamResponse:
    return json_response(call.core.members.identifier(call.param("identifierId")))


@handles("identifiers.terminate")
async def _terminate_identifier(call: Call) -> web.StreamResponse:
    call.core.members.terminate_identifier(call.param("identifierId"))
    return no_content()


# --- users


@handles("users.create")
async def _create_user(call: Call) -> web.StreamResponse:
    user_id = call.core.members.create_user(await call.fields())
    return created(call, f"/users/{user_id}")


@handles("users.get")
async def _get_user(call: Call) -> web.StreamResponse:
    return json_response(call.core.members.user(call.param("userId")))


@handles("users.replace")
async def _replace_user(call: Call) -> web.StreamResponse:
    body = await call.fields()
    return json_response(call.core.members.replace_user(call.param("userId"), body))


@handles("users.update")
async def _update_user(call: Call) -> web.StreamResponse:
    body = await call.fields()
    return json_response(call.core.members.update_user(call.param("userId"), body))


@handles("users.delete")
async def _delete_user(call: Call) -> web.StreamResponse:
    call.core.members.delete_user(call.param("userId"), call.interaction_id)
    return no_content()


# --- memberships


@handles("memberships.create")
async def _create_membership(call: Call) -> web.StreamResponse:
    body = await call.fields()
    account = call.account()
    membership_id = call.core.members.create_membership(account, body)
    return created(call, f"/accounts/{account['id']}/memberships/{membership_id}")


@handles("memberships.list")
async def _list_memberships(call: Call) -> web.StreamResponse:
    return json_response(call.core.members.memberships(call.account()["id"]))


@handles("memberships.get")
async def _get_membership(call: Call) -> web.StreamResponse:
    account = call.account()
    return json_response(call.core.members.membership(account["id"], call.param("membershipId")))


@handles("memberships.update", "memberships.update_optins")
async def _update_membership(call: Call) -> web.StreamResponse:
    body = await call.body()
    account = call.account()
    membership = call.core.members.update_membership(
        account["id"], call.param("membershipId"), body
    )
    return json_response(membership)


@handles("memberships.remove")
async def _remove_membership(call: Call) -> web.StreamResponse:
    account = call.account()
    call.core.members.remove_membership(account["id"], call.param("membershipId"))
    return no_content()


# --- bookings


@handles("bookings.create", "bookings.create_deprecated")
async def _create_booking(call: Call) -> web.StreamResponse:
    body = await call.fields()
    account = call.account()
    booking_id = call.core.ledger.book_from_body(account, body, call.interaction_id)
    return created(call, f"/accounts/{account['id']}/bookings/{booking_id}")


@handles("bookings.list")
async def _list_bookings(call: Call) -> web.StreamResponse:
    account = call.account()
    return json_response(call.core.ledger.bookings(account["id"], *call.optional_page()))


# --- transactions


@handles(
    "transactions.create_for_account",
    "transactions.book_revenue",
    "transactions.preview_for_account",
    "transactions.preview",
)
async def _transact(call: Call) -> web.StreamResponse:
    body = await call.fields()
    # The routes with an {accountId} earn and burn; the others book revenue only.
    account = call.account() if "accountId" in call.request.match_info else None
    preview = call.operation.path.endswith("/preview")
    is_new, transaction = call.core.ledger.transact(
        account, body, interaction_id=call.interaction_id, preview=preview
    )
    if preview:
        transaction.pop("transactionId")
        return json_response(transaction)
    if not is_new:
        return json_response(transaction)
    return created(call, f"/transactions/{transaction['transactionId']}", transaction)


@handles("transactions.get")
async def _get_transaction(call: Call) -> web.StreamResponse:
    return json_response(call.core.ledger.transaction(call.param("transactionId")))


@handles(
    "transactions.list_for_account", "transactions.list_for_account_deprecated", "transactions.list"
)
async def _list_transactions(call: Call) -> web.StreamResponse:
    account_id = call.account()["id"] if "accountId" in call.request.match_info else None
    return json_response(call.core.ledger.transactions(account_id, *call.page()))


# --- coupons


@handles("coupons.create", "coupons.create_deprecated")
async def _create_coupon(call: Call) -> web.StreamResponse:
    coupon_id = call.core.coupons.create(await call.fields())
    return created(call, f"/coupons/{coupon_id}", call.core.coupons.coupon(coupon_id))


@handles("coupons.list", "coupons.list_deprecated")
async def _list_coupons(call: Call) -> web.StreamResponse:
    return json_response(call.core.coupons.coupons(*call.page()))


@handles("coupons.get")
async def _get_coupon(call: Call) -> web.StreamResponse:
    return json_response(call.core.coupons.coupon(call.param("couponId")))


@handles("coupons.assignments.assign")
async def _assign_coupon(call: Call) -> web.StreamResponse:
    body = await call.fields()
    account = call.core.members.resolve(values.need_text(body, "accountId"), None)
    coupons = call.core.coupons
    account_coupon_id = coupons.assign(call.param("couponId"), account, body)
    return created(
        call,
        f"/v3/accountcoupons/{account_coupon_id}",
        coupons.account_coupon(account_coupon_id, None),
    )


@handles("coupons.assignments.list")
async def _list_assignments(call: Call) -> web.StreamResponse:
    return json_response(call.core.coupons.assigned_accounts(call.param("couponId")))


@handles("coupons.assignments.get")
async def _get_assignment(call: Call) -> web.StreamResponse:
    account = call.account()
    return json_response(call.core.coupons.assignment(call.param("couponId"), account["id"]))


@handles("account_coupons.list_for_account")
async def _list_account_coupons(call: Call) -> web.StreamResponse:
    return json_response(call.core.coupons.for_account(call.account()["id"]))


@handles("account_coupons.list_redemptions_for_account")
async def _list_redemptions(call: Call) -> web.StreamResponse:
    return json_response(call.core.coupons.redemptions(call.account()["id"]))


@handles("account_coupons.get")
async def _get_account_coupon(call: Call) -> web.StreamResponse:
    reference = call.param("accountCouponIdOrCode")
    return json_response(call.core.coupons.account_coupon(reference, call.id_type))


@handles("account_coupons.redeem", "account_coupons.preview_redeem")
async def _redeem(call: Call) -> web.StreamResponse:
    body = await call.fields()
    result = call.core.coupons.redeem(
        call.param("accountCouponIdOrCode"),
        call.id_type,
        body,
        interaction_id=call.interaction_id,
        preview=call.operation.name.endswith("preview_redeem"),
    )
    return json_response(result)


@handles("account_coupons.cancel_redemption")
async def _cancel_redemption(call: Call) -> web.StreamResponse:
    call.core.coupons.cancel(call.param("redemptionId"), call.interaction_id)
    return no_content()


# --- reports


def _report_handlers(name: str, report: Report) -> None:
    export_name, list_name = operation_names(name)

    @handles(list_name)
    async def _list(call: Call) -> web.StreamResponse:
        return json_response(report.page(call.core.db.conn, *call.page()))

    @handles(export_name)
    async def _export(call: Call) -> web.StreamResponse:
        return await _stream_export(call, name, report)


async def _stream_export(call: Call, name: str, report: Report) -> web.StreamResponse:
    """Write the report as CSV, one batch of rows per chunk, as the rows are read."""
    stats = call.core.stats
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{name}.csv"',
        }
    )
    response.enable_chunked_encoding()
    await response.prepare(call.request)
    stats.exports += 1
    header = True
    try:
        for rows in report.batches(call.core.db.conn, EXPORT_BATCH):
            chunk = report.csv_chunk(rows, header=header)
            header = False
            await response.write(chunk)
            stats.export_rows += len(rows)
            stats.export_chunks += 1
            stats.largest_export_chunk = max(stats.largest_export_chunk, len(chunk))
        if header:
            await response.write(report.csv_chunk([], header=True))
        await response.write_eof()
    except ConnectionError:
        # The client went away mid-export; there is nobody left to answer.
        pass
    return response


for _name, _report in REPORTS.items():
    _report_handlers(_name, _report)


# ---------------------------------------------------------------------- dispatch


def _authenticate(core: SandboxCore, request: web.Request) -> dict[str, Any]:
    header = request.headers.get("Authorization", "").strip()
    if not header:
        raise Problem(401, "TOKEN_MISSING", "this call needs the token from POST /auth/login")
    token = header[7:].strip() if header[:7].lower() == "bearer " else header
    return core.tokens.verify(token)


def _drop(request: web.Request) -> web.Response:
    """Close the connection at once; the response returned is never delivered."""
    transport = request.transport
    if transport is not None:
        transport.abort()
    return web.Response(status=204)


async def _inject(
    core: SandboxCore, request: web.Request
) -> tuple[Decision, web.StreamResponse | None]:
    """Apply latency and draw the request's fault; a response means the fault answers it."""
    faults = core.faults
    if faults.latency > 0:
        core.stats.faults[FaultKind.LATENCY.value] += 1
        await asyncio.sleep(faults.latency)
    decision = core.injector.decide()
    if decision.kind is not None and decision.kind is not FaultKind.DROP_AFTER:
        core.stats.faults[decision.kind.value] += 1
    if decision.kind is FaultKind.SERVER_ERROR:
        status = decision.status or 503
        code = _REASONS.get(status, "GATEWAY_TIMEOUT")
        return decision, problem_response(Problem(status, code, "fault injected by the sandbox"))
    if decision.kind is FaultKind.RATE_LIMITED:
        wait = faults.retry_after
        header = str(int(wait)) if wait == int(wait) else f"{wait:g}"
        return decision, problem_response(
            Problem(429, "TOO_MANY_REQUESTS", "rate limit (fault injected by the sandbox)"),
            {"Retry-After": header},
        )
    if decision.kind is FaultKind.DROP_BEFORE:
        return decision, _drop(request)  # the whole request arrived; nothing is done with it
    return decision, None


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
    except asyncio.TimeoutError:  # TimeoutError from 3.11 on
        raise Problem(
            408,
            "REQUEST_TIMEOUT",
            f"the request body did not arrive within {core.request_timeout:g} s",
        ) from None


def _too_large() -> Problem:
    return Problem(
        413, "PAYLOAD_TOO_LARGE", f"the request body is larger than {MAX_BODY_BYTES} bytes"
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
        decision, answer = await _inject(core, request)
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
                    "INTERACTION_ID_MISSING",
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
            Problem(500, "INTERNAL_SERVER_ERROR", f"the sandbox failed on {operation.name}")
        )
    if decision.kind is FaultKind.DROP_AFTER and not response.prepared:
        stats.faults[FaultKind.DROP_AFTER.value] += 1
        return _drop(request)
    stats.statuses[response.status] += 1
    return response


async def _not_implemented(call: Call) -> web.StreamResponse:
    raise Problem(
        501,
        "NOT_IMPLEMENTED_IN_SANDBOX",
        f"the sandbox does not implement {call.operation.name} "
        f"({call.operation.method} {call.operation.path})",
    )


def _endpoint(
    core: SandboxCore, operation: Operation, handler: Handler
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def endpoint(request: web.Request) -> web.StreamResponse:
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
            Problem(405, "METHOD_NOT_ALLOWED", f"{request.method} is not allowed on {request.path}")
        )
    except web.HTTPNotFound:
        return problem_response(Problem(404, "NOT_FOUND", f"no route {request.path}"))


def implemented_operations() -> frozenset[str]:
    """Names of the operations the sandbox implements."""
    return frozenset(HANDLERS)


def build_app(core: SandboxCore) -> web.Application:
    """The aiohttp application serving ``core``."""
    app = web.Application(middlewares=[_unrouted], client_max_size=MAX_BODY_BYTES)
    app[CORE] = core
    # Several names may share one route (a deprecated twin): the first with a handler serves.
    routes: dict[tuple[str, str], Operation] = {}
    for operation in core.operations:
        route = (operation.method, operation.path)
        current = routes.get(route)
        if current is None or (current.name not in HANDLERS and operation.name in HANDLERS):
            routes[route] = operation
    for (method, path), operation in routes.items():
        handler = HANDLERS.get(operation.name, _not_implemented)
        app.router.add_route(method, path, _endpoint(core, operation, handler))
    return app
