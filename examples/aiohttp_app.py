"""An aiohttp web app that earns points on receipts and shows balances.

One :class:`~loyalty_async.ConvercusClient` per process: created when the app starts (its
connection pool and its login are shared by every request), closed when it stops. Run it
against the sandbox::

    loyalty-async sandbox --port 8080 &
    export CONVERCUS_BASE_URL=http://127.0.0.1:8080 CONVERCUS_ORG=SANDBOX
    export CONVERCUS_USERNAME=sandbox CONVERCUS_PASSWORD=sandbox
    export CONVERCUS_INTERACTION_ID=webshop-1
    python examples/aiohttp_app.py --port 8000
    curl http://127.0.0.1:8000/members/V1W2X3Y4Z5/balance

Ctrl+C or SIGTERM stops it; aiohttp runs the clean-up, which closes the client.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from decimal import Decimal, InvalidOperation

from aiohttp import web

from loyalty_async import BadRequestError, ConvercusClient, NotFoundError, ValidationError
from loyalty_async.convercus import IdType, TransactionRequest, TransactionType

CLIENT = web.AppKey("client", ConvercusClient)


async def convercus(app: web.Application) -> AsyncIterator[None]:
    """The client lives as long as the app: opened at startup, closed at shutdown."""
    async with ConvercusClient.from_env() as client:
        app[CLIENT] = client
        yield


async def balance(request: web.Request) -> web.Response:
    """``GET /members/{card}/balance``: the points of the member with that card."""
    client = request.app[CLIENT]
    try:
        found = await client.accounts.get_balance(
            request.match_info["card"], id_type=IdType.CARDCODE
        )
    except NotFoundError:
        raise web.HTTPNotFound(text="no member has this card") from None
    return web.json_response({"points": found.points, "locked_points": found.locked_points})


async def earn(request: web.Request) -> web.Response:
    """``POST /members/{card}/receipts`` with ``{"receipt_id", "amount"}``: earn points."""
    client = request.app[CLIENT]
    body = await request.json()
    try:
        receipt = TransactionRequest(
            transaction_type=TransactionType.EARNTRANSACTION,
            amount=Decimal(str(body["amount"])),
            currency_code="EUR",
            external_id=str(body["receipt_id"]),  # the till's receipt number: never booked twice
        )
        earned = await client.transactions.create_for_account(
            request.match_info["card"], receipt, id_type=IdType.CARDCODE
        )
    except (KeyError, InvalidOperation, ValidationError, BadRequestError) as error:
        # Refused before sending (ValidationError) or by Convercus (BadRequestError).
        raise web.HTTPBadRequest(text=f"bad receipt: {error}") from None
    except NotFoundError:
        raise web.HTTPNotFound(text="no member has this card") from None
    return web.json_response({"points": earned.points}, status=201)


def build_app() -> web.Application:
    """The app, with the client's lifetime tied to it."""
    app = web.Application()
    app.cleanup_ctx.append(convercus)
    app.add_routes(
        [
            web.get("/members/{card}/balance", balance),
            web.post("/members/{card}/receipts", earn),
        ]
    )
    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    arguments = parser.parse_args()
    web.run_app(build_app(), host=arguments.host, port=arguments.port, print=None)
