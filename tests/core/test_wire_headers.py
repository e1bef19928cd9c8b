"""The headers a server receives, read where the server reads them.

The suite's wire tests look at requests on a ``MockTransport``, which never sees what
aiohttp adds or leaves out. Two things went wrong there unnoticed: a retried JSON request
(the login, a receipt resent after a 503) lost its ``Content-Type: application/json``, and
a write without a body (``POST /accounts``) went out as ``application/octet-stream``,
which a Spring server may answer ``415``; the implementation manual sends
``Content-Type: application/json`` on both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal

from aiohttp import web

from loyalty_async.convercus import IdType, TransactionRequest
from tests.core.helpers import Loopback, client_of, make_jwt

Serve = Callable[[Loopback], Awaitable[Loopback]]

IDENTIFIER = "0f5e3a2c-9d41-4c6b-8e7a-2b1c3d4e5f60"


def first_busy(
    answer: web.Response,
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A handler that answers 503 once, then ``answer``."""
    calls = 0

    async def handler(request: web.Request) -> web.StreamResponse:
        nonlocal calls
        calls += 1
        if calls == 1:
            return web.json_response({"message": "busy"}, status=503)
        return answer

    return handler


async def test_a_retried_login_and_a_retried_receipt_are_still_json(serve: Serve) -> None:
    server = Loopback()
    server.route("POST", "/auth/login", first_busy(web.Response(text=make_jwt(exp=4e9))))
    server.route(
        "POST",
        "/accounts/{accountId}/transactions",
        first_busy(web.json_response({"transactionId": "t-1"}, status=201)),
    )
    await serve(server)
    receipt = TransactionRequest(
        transaction_type="EARNTRANSACTION",
        amount=Decimal("24.90"),
        currency_code="EUR",
        external_id="till7-000123",
    )
    async with client_of(server) as client:
        await client.transactions.create_for_account("V1W2X3Y4Z5", receipt, id_type=IdType.CARDCODE)

    sent = [(seen.method, seen.path) for seen in server.seen]
    assert (
        sent == [("POST", "/auth/login")] * 2 + [("POST", "/accounts/V1W2X3Y4Z5/transactions")] * 2
    )
    for seen in server.seen:
        assert seen.headers["Content-Type"] == "application/json", seen
    first_receipt, second_receipt = server.seen[2:]
    assert second_receipt.body == first_receipt.body  # the same bytes, the same receipt id
    assert second_receipt.headers["interaction-id"] == "till-7"
    assert second_receipt.headers["id-type"] == "CARDCODE"


async def test_writes_without_a_body_are_sent_as_the_manual_shows(serve: Serve) -> None:
    server = Loopback()
    server.route("POST", "/auth/login", first_busy(web.Response(text=make_jwt(exp=4e9))))
    account = "7d123457-bfa1-4a83-8213-123456789763"

    async def create(request: web.Request) -> web.Response:
        return web.Response(status=201, headers={"Location": f"/accounts/{account}"})

    async def lock(request: web.Request) -> web.Response:
        return web.Response()

    server.route("POST", "/accounts", create)
    server.route("POST", "/accounts/{accountId}/identifiers/{identifierId}/lock", lock)
    await serve(server)
    async with client_of(server) as client:
        assert await client.accounts.create() == account
        await client.identifiers.lock(account, IDENTIFIER)

    writes = [seen for seen in server.seen if seen.path != "/auth/login"]
    assert [(seen.method, seen.path) for seen in writes] == [
        ("POST", "/accounts"),
        ("POST", f"/accounts/{account}/identifiers/{IDENTIFIER}/lock"),
    ]
    for seen in writes:
        assert seen.body == b""
        assert seen.headers["Content-Type"] == "application/json", seen
        assert seen.headers["interaction-id"] == "till-7"
