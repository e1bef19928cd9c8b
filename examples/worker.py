"""A background worker that books the receipts other services queue in Redis.

A receipt is a JSON object ``{"card": ..., "receipt_id": ..., "amount": "24.90"}`` pushed
with ``LPUSH loyalty:receipts``. Each of the worker's tasks moves one receipt to a
processing list while it books it, so a receipt is never lost, and takes it off that list
once Convercus has answered. The receipt number is the transaction's ``external_id``, so
booking it again (after a crash, or an answer lost on the way) cannot earn twice. Receipts
Convercus refuses go to ``loyalty:receipts:failed`` with the reason.

One client for the whole process; Ctrl+C or SIGTERM stops taking receipts, lets those in
hand finish, and closes it. Run it against the sandbox (``pip install "loyalty-async[redis]"``)::

    loyalty-async sandbox --port 8080 &
    export CONVERCUS_BASE_URL=http://127.0.0.1:8080 CONVERCUS_ORG=SANDBOX
    export CONVERCUS_USERNAME=sandbox CONVERCUS_PASSWORD=sandbox
    export CONVERCUS_INTERACTION_ID=worker-1
    python examples/worker.py --redis redis://127.0.0.1:6379/0 --concurrency 8
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
from decimal import Decimal, InvalidOperation

from redis.asyncio import Redis

from loyalty_async import APIError, ConvercusClient, OutcomeUnknownError, ValidationError
from loyalty_async.convercus import IdType, TransactionRequest, TransactionType

QUEUE = "loyalty:receipts"
PROCESSING = "loyalty:receipts:processing"
FAILED = "loyalty:receipts:failed"

log = logging.getLogger("worker")


async def book(client: ConvercusClient, raw: str) -> str | None:
    """Book one queued receipt; the reason it was refused, or ``None`` once it is booked."""
    try:
        receipt = json.loads(raw)
        request = TransactionRequest(
            transaction_type=TransactionType.EARNTRANSACTION,
            amount=Decimal(str(receipt["amount"])),
            currency_code="EUR",
            external_id=str(receipt["receipt_id"]),
        )
        card = str(receipt["card"])
    except (ValueError, KeyError, TypeError, InvalidOperation, ValidationError) as error:
        return f"not a receipt: {error}"
    try:
        await client.transactions.create_for_account(card, request, id_type=IdType.CARDCODE)
    except OutcomeUnknownError as error:
        # The answer was lost. The receipt id makes a resend safe: it returns the one
        # transaction whether the first attempt landed or not.
        await client.transactions.resend(error)
    except APIError as error:
        if error.status >= 500:
            raise  # Convercus is unwell: leave the receipt to be booked again
        return str(error)
    return None


async def work(client: ConvercusClient, redis: Redis, stopping: asyncio.Event) -> None:
    """One consumer: take a receipt, book it, acknowledge it; until asked to stop."""
    while not stopping.is_set():
        taken = await redis.blmove(QUEUE, PROCESSING, timeout=1, src="RIGHT", dest="LEFT")
        if taken is None:
            continue  # nothing queued: look at the stop flag again
        raw = taken if isinstance(taken, str) else taken.decode()
        try:
            refused = await book(client, raw)
        except Exception:
            log.exception("a receipt stays queued to be booked again")
            await redis.lmove(PROCESSING, QUEUE, src="LEFT", dest="LEFT")
            await asyncio.sleep(1)
            continue
        async with redis.pipeline(transaction=True) as done:
            if refused is not None:
                done.lpush(FAILED, json.dumps({"receipt": raw, "reason": refused}))
            done.lrem(PROCESSING, 1, raw)
            await done.execute()


async def main(redis_url: str, concurrency: int) -> None:
    """Run ``concurrency`` consumers until SIGINT or SIGTERM."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        # Receipts a stopped or crashed worker had in hand are booked again: safe, since
        # a receipt id books once.
        while await redis.lmove(PROCESSING, QUEUE, src="RIGHT", dest="RIGHT") is not None:
            pass
        async with ConvercusClient.from_env() as client, asyncio.TaskGroup() as workers:
            for _ in range(concurrency):
                workers.create_task(work(client, redis, stopping))
            log.info("booking receipts from %s with %d consumers", QUEUE, concurrency)
    finally:
        await redis.aclose()
    log.info("stopped")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="the queue's Redis")
    parser.add_argument("--concurrency", type=int, default=8, help="receipts booked at once")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    asyncio.run(main(arguments.redis, arguments.concurrency))
