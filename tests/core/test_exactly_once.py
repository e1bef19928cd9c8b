"""A write that may have landed ends as "outcome unknown", whatever ends it, and no call vanishes.

A real loopback server books receipts and de-duplicates them by ``externalId``, as
Convercus does. Its first answer is lost after the booking is committed; what comes next
(a refused token, a failing login, the session closed, a cancellation) must never hide
that the receipt may be booked.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Awaitable, Callable
from decimal import Decimal

import orjson
import pytest
from aiohttp import web

from loyalty_async import (
    AiohttpTransport,
    AuthenticationError,
    ConvercusClient,
    OutcomeUnknownError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    Session,
    SessionClosedError,
)
from loyalty_async.convercus import IdType, LineItem, TransactionRequest
from loyalty_async.operations import Operation
from loyalty_async.session import Call, CallOptions
from tests.core.helpers import FAST, PASSWORD, Loopback, make_jwt

Serve = Callable[[Loopback], Awaitable[Loopback]]

CARD = "V1W2X3Y4Z5"


class Ledger:
    """A Convercus stand-in: login, and receipts booked once per ``externalId``.

    ``receipts`` scripts the answers to ``POST /accounts/{id}/transactions`` in turn (the
    last one repeats): ``"lost"`` books, then hangs up without answering; ``"401"`` refuses
    the token; ``"ok"`` books (or finds the booking) and answers. ``logins`` scripts the
    login the same way: ``"ok"`` or ``"503"``.
    """

    def __init__(self, receipts: list[str], logins: list[str] | None = None) -> None:
        self.receipts = receipts
        self.logins = logins or ["ok"]
        self.login_count = 0
        self.booked: dict[str, dict[str, object]] = {}
        self.bodies: list[bytes] = []
        self.server = Loopback()
        self.server.route("POST", "/auth/login", self.login)
        self.server.route("POST", "/accounts/{accountId}/transactions", self.receipt)

    @staticmethod
    def _next(script: list[str]) -> str:
        return script.pop(0) if len(script) > 1 else script[0]

    async def login(self, request: web.Request) -> web.Response:
        self.login_count += 1
        if self._next(self.logins) == "503":
            return web.json_response({"message": "login service down"}, status=503)
        return web.Response(text=make_jwt(exp=2_000_000_000, n=self.login_count))

    async def receipt(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.bodies.append(body)
        action = self._next(self.receipts)
        if action == "401":
            return web.json_response(
                {"code": "UNAUTHORIZED", "message": "token refused"}, status=401
            )
        data = orjson.loads(body)
        booked = self.booked.setdefault(
            data["externalId"], {"transactionId": f"t-{len(self.booked) + 1}", **data}
        )
        if action == "lost":
            assert request.transport is not None
            request.transport.close()  # committed, but the answer never leaves
        return web.json_response(booked, status=201)

    def client(self) -> ConvercusClient:
        return ConvercusClient(
            base_url=self.server.url(),
            org="ORG",
            username="api-user",
            password=PASSWORD,
            interaction_id="till-7",
            retry=FAST,
        )


def receipt() -> TransactionRequest:
    """A receipt without a receipt id: the SDK mints one, once per call."""
    return TransactionRequest(
        transaction_type="EARNTRANSACTION",
        amount=Decimal("24.90"),
        currency_code="EUR",
        line_items=[LineItem(item_id="4711", extended_amount=Decimal("24.90"))],
    )


async def test_a_refused_replay_after_a_lost_answer_is_outcome_unknown(serve: Serve) -> None:
    ledger = Ledger(["lost", "401"])
    await serve(ledger.server)
    async with ledger.client() as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.transactions.create_for_account(CARD, receipt(), id_type=IdType.CARDCODE)
        error = caught.value
        # Attempt 1 booked and lost its answer; attempt 2 and its replay were refused.
        assert len(ledger.bodies) == 3
        assert isinstance(error.__cause__, AuthenticationError)
        assert error.resend_safe
        assert error.operation == "transactions.create_for_account"
        external_id = error.context["external_id"]
        assert list(ledger.booked) == [external_id]

        # Sending the very call again books nothing twice.
        ledger.receipts[:] = ["ok"]
        await client.session.send(error.resend_call())
    assert list(ledger.booked) == [external_id]
    assert ledger.bodies[-1] == ledger.bodies[0]


async def test_a_failed_login_after_a_lost_answer_is_outcome_unknown(serve: Serve) -> None:
    ledger = Ledger(["lost", "401"], logins=["ok", "503"])
    await serve(ledger.server)
    async with ledger.client() as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.transactions.create_for_account(CARD, receipt(), id_type=IdType.CARDCODE)
    error = caught.value
    cause = error.__cause__
    assert isinstance(cause, ServerError) and cause.status == 503
    assert cause.request is not None and cause.request.url.endswith("/auth/login")
    assert error.resend_safe and error.context["external_id"] in ledger.booked
    # One login, then the re-login tried as often as the policy allows.
    assert ledger.login_count == 1 + FAST.max_attempts


async def test_a_refused_token_on_the_first_attempt_stays_an_authentication_error(
    serve: Serve,
) -> None:
    ledger = Ledger(["401"])
    await serve(ledger.server)
    async with ledger.client() as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.transactions.create_for_account(CARD, receipt(), id_type=IdType.CARDCODE)
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert ledger.booked == {}


# ---------------------------------------------------------------- aclose() under load

BOOK = Operation("bookings.create", "POST", "/bookings")
READ = Operation("accounts.get", "GET", "/accounts/{id}")


async def test_closing_while_calls_wait_for_a_connection_never_raises_a_bare_cancel(
    serve: Serve,
) -> None:
    server = Loopback()
    arrived = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        if len(server.seen) == 2:
            arrived.set()
        await server.release.wait()
        return web.json_response({})

    server.route("POST", "/bookings", slow)
    server.route("GET", "/accounts/{id}", slow)
    await serve(server)
    session = Session(
        server.url(),
        transport=AiohttpTransport(pool_size=2),
        retry=RetryPolicy.disabled(),
    )
    calls = [Call(BOOK, json={"points": n}) for n in range(2)]  # these two get the pool
    calls += [Call(BOOK, json={"points": n}) for n in range(2, 5)]
    calls += [Call(READ, path={"id": f"a-{n}"}) for n in range(5)]
    outcomes: list[BaseException] = []

    async def send(call: Call) -> None:
        try:
            await session.send(call)
        except Exception as exc:  # a CancelledError would escape and fail the group
            outcomes.append(exc)

    async with asyncio.TaskGroup() as group:
        for call in calls:
            group.create_task(send(call))
        await asyncio.wait_for(arrived.wait(), 10)
        await session.aclose()

    kinds = collections.Counter(type(exc).__name__ for exc in outcomes)
    # The two bookings on the wire may have landed; the eight calls still queued never left.
    assert kinds == {"OutcomeUnknownError": 2, "SessionClosedError": 8}
    assert [seen.method for seen in server.seen] == ["POST", "POST"]
    closed = [exc for exc in outcomes if isinstance(exc, SessionClosedError)]
    assert all("was not sent" in str(exc) for exc in closed)


# ---------------------------------------------------------------- cancellation


async def test_a_write_cancelled_in_flight_leaves_a_warning_to_reconcile_from(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    server = Loopback()
    server.route("POST", "/accounts/{id}/bookings", server.stall)
    await serve(server)
    booking = Operation("bookings.create", "POST", "/accounts/{id}/bookings")
    async with Session(server.url(), retry=FAST) as session:
        call = Call(
            booking,
            path={"id": CARD},
            json={"points": 10, "referenceId": "ref-2024-0042"},
            context={"account": CARD, "reference_id": "ref-2024-0042", "points": 10},
        )
        with pytest.raises(TimeoutError) as caught:
            await asyncio.wait_for(session.send(call), 0.2)

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "bookings.create" in warnings[0] and "ref-2024-0042" in warnings[0]
    assert "V1***" in warnings[0] and CARD not in warnings[0]
    notes = getattr(caught.value.__cause__, "__notes__", [])
    assert any("bookings.create" in note and "ref-2024-0042" in note for note in notes)
    assert not any(CARD in note for note in notes)


async def test_a_read_cancelled_in_flight_leaves_no_warning(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    server = Loopback()
    server.route("GET", "/accounts/{id}", server.stall)
    await serve(server)
    async with Session(server.url()) as session:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(session.send(Call(READ, path={"id": "a-1"})), 0.2)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


# ---------------------------------------------------------------- 429 on writes


@pytest.mark.parametrize("opt_in", [False, True])
async def test_a_429_on_a_write_is_resent_only_with_the_policy_flag(
    serve: Serve, opt_in: bool
) -> None:
    server = Loopback()

    async def busy_then_booked(request: web.Request) -> web.Response:
        if server.hits("/bookings") == 1:
            return web.json_response(
                {"code": "TOO_MANY_REQUESTS"}, status=429, headers={"Retry-After": "0"}
            )
        return web.json_response({"bookingId": "b-1"}, status=201)

    server.route("POST", "/bookings", busy_then_booked)
    await serve(server)
    policy = RetryPolicy(max_attempts=3, base_delay=0, max_delay=0, resend_writes_on_429=opt_in)
    async with Session(server.url()) as session:
        call = Call(BOOK, json={"points": 10}, options=CallOptions(retry=policy))
        if opt_in:
            response = await session.send(call)
            assert response.status == 201
        else:
            with pytest.raises(RateLimitError):
                await session.send(call)
    bodies = [seen.body for seen in server.seen]
    assert bodies == [b'{"points":10}'] * (2 if opt_in else 1)
