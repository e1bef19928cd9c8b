"""A FastAPI app that earns points on receipts and shows balances.

One :class:`~loyalty_async.ConvercusClient` per process: created in the app's lifespan
(its connection pool and its login are shared by every request), closed when it stops.
Run it against the sandbox (``pip install fastapi uvicorn``)::

    loyalty-async sandbox --port 8080 &
    export CONVERCUS_BASE_URL=http://127.0.0.1:8080 CONVERCUS_ORG=SANDBOX
    export CONVERCUS_USERNAME=sandbox CONVERCUS_PASSWORD=sandbox
    export CONVERCUS_INTERACTION_ID=webshop-1
    python examples/fastapi_app.py --port 8000     # or: uvicorn examples.fastapi_app:app
    curl http://127.0.0.1:8000/members/V1W2X3Y4Z5/balance

Run one client per worker process: each uvicorn worker runs the lifespan once.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from pydantic import BaseModel

from loyalty_async import BadRequestError, ConvercusClient, NotFoundError, ValidationError
from loyalty_async.convercus import IdType, TransactionRequest, TransactionType


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The client lives as long as the app: opened at startup, closed at shutdown."""
    async with ConvercusClient.from_env() as client:
        app.state.convercus = client
        yield


app = FastAPI(title="Loyalty points", lifespan=lifespan)


def convercus(request: Request) -> ConvercusClient:
    """The process's client, for the routes that need it."""
    client: ConvercusClient = request.app.state.convercus
    return client


Convercus = Annotated[ConvercusClient, Depends(convercus)]


class Balance(BaseModel):
    """What a member can spend."""

    points: int
    locked_points: int


class Receipt(BaseModel):
    """A till's receipt: its number (booked once, however often it is sent) and amount."""

    receipt_id: str
    amount: Decimal


class Earned(BaseModel):
    """What a receipt earned (``None`` when Convercus does not say)."""

    points: int | None


@app.get("/members/{card}/balance")
async def balance(card: str, client: Convercus) -> Balance:
    """The points of the member with that card."""
    try:
        found = await client.accounts.get_balance(card, id_type=IdType.CARDCODE)
    except NotFoundError:
        raise HTTPException(404, "no member has this card") from None
    return Balance(points=found.points, locked_points=found.locked_points)


@app.post("/members/{card}/receipts", status_code=201)
async def earn(card: str, receipt: Receipt, client: Convercus) -> Earned:
    """Earn points on a receipt."""
    try:
        earned = await client.transactions.create_for_account(
            card,
            TransactionRequest(
                transaction_type=TransactionType.EARNTRANSACTION,
                amount=receipt.amount,
                currency_code="EUR",
                external_id=receipt.receipt_id,
            ),
            id_type=IdType.CARDCODE,
        )
    except (ValidationError, BadRequestError) as error:
        # Refused before sending (ValidationError) or by Convercus (BadRequestError).
        raise HTTPException(400, f"bad receipt: {error}") from None
    except NotFoundError:
        raise HTTPException(404, "no member has this card") from None
    return Earned(points=earned.points)


if __name__ == "__main__":
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    arguments = parser.parse_args()
    uvicorn.run(app, host=arguments.host, port=arguments.port, log_level="warning")
