"""A hostile or broken client gets a 4xx in the Convercus shape, never a 500 or a hang."""

from __future__ import annotations

import asyncio
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.sandbox import Sandbox
from loyalty_async.sandbox.app import MAX_BODY_BYTES

from .conftest import Api, Clock

#: Generous bound on waiting for the sandbox to give up on a client (not a timing check).
PATIENCE = 60.0


def _nested(depth: int) -> bytes:
    return b'{"i18nFields":{"en":{"title":' + b"[" * depth + b"]" * depth + b"}}}"


HOSTILE_COUPONS = {
    "arrays nested 10,000 deep": b"[" * 10_000 + b"]" * 10_000,
    "objects nested 10,000 deep": b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
    "a value nested 900 deep": _nested(900),
    "a lone high surrogate": b'{"externalReference":"\\ud800"}',
    "a lone low surrogate in a key": b'{"i18nFields":{"\\udfff":{"title":"x"}}}',
    "Infinity": b'{"points":Infinity}',
    "-Infinity in a title": b'{"i18nFields":{"en":{"title":-Infinity}}}',
    "NaN": b'{"maxRedeemCount":NaN}',
    "1e999": b'{"points":1e999}',
    "1e999 as a limit": b'{"maxRedeemCountGlobal":1e999}',
    "1e-999999999": b'{"points":1e-999999999}',
    "a 24-digit whole number": b'{"points":100000000000000000000000}',
}


@pytest.mark.parametrize("body", HOSTILE_COUPONS.values(), ids=HOSTILE_COUPONS.keys())
async def test_a_hostile_coupon_body_is_a_400_and_writes_nothing(
    api: Api, sandbox: Sandbox, body: bytes
) -> None:
    reply = await api.post("/v2/coupons", data=body, headers={"Content-Type": "application/json"})

    assert reply.status == 400, reply.body
    assert reply.code in ("MALFORMED_REQUEST", "VALIDATION_ERROR")
    assert set(reply.json()) == {"code", "message", "detail"}
    assert sandbox.stats.writes["coupons"] == 0
    assert sandbox.stats.statuses[500] == 0


async def test_a_lone_surrogate_in_a_user_is_refused_naming_the_field(api: Api) -> None:
    reply = await api.post(
        "/users",
        data=b'{"emailAddress":"ada@example.com","givenName":"A\\udc00"}',
        headers={"Content-Type": "application/json"},
    )

    assert (reply.status, reply.code) == (400, "MALFORMED_REQUEST")
    assert reply.json()["detail"] == ["givenName"]


async def test_an_amount_of_1e999_is_refused_and_books_nothing(api: Api, sandbox: Sandbox) -> None:
    account_id = sandbox.seed.account()

    reply = await api.post(
        f"/accounts/{account_id}/transactions",
        data=b'{"transactionType":"EARNTRANSACTION","amount":1e999,"externalId":"B-1"}',
        headers={"Content-Type": "application/json"},
    )

    assert (reply.status, reply.code) == (400, "VALIDATION_ERROR")
    assert reply.json()["detail"] == ["amount"]
    assert sandbox.stats.writes["transactions"] == 0


async def test_a_receipt_worth_more_points_than_a_balance_holds_is_refused(
    api: Api, sandbox: Sandbox
) -> None:
    account_id = sandbox.seed.account()

    reply = await api.post(
        f"/accounts/{account_id}/transactions",
        json={
            "transactionType": "EARNTRANSACTION",
            "amount": Decimal("1E+30"),
            "externalId": "B-2",
        },
    )

    assert (reply.status, reply.code) == (400, "VALIDATION_ERROR")
    assert sandbox.stats.writes["transactions"] == 0


async def test_a_credit_past_the_largest_balance_is_refused(api: Api, sandbox: Sandbox) -> None:
    account_id = sandbox.seed.account(points=2**63 - 10)

    reply = await api.post(
        f"/v2/accounts/{account_id}/bookings",
        json={"bookingType": "EARNBOOKING", "points": 100},
    )
    balance = (await api.get(f"/accounts/{account_id}/balance")).json()

    assert (reply.status, reply.code) == (400, "VALIDATION_ERROR")
    assert balance == {"points": 2**63 - 10, "lockedPoints": 0}


PAGED = [operation for operation in OPERATIONS if operation.paged]


@pytest.mark.parametrize("page", [10**20, 2**31, "9" * 5000])
async def test_a_page_number_out_of_range_is_a_400(
    api: Api, sandbox: Sandbox, page: int | str
) -> None:
    account_id = sandbox.seed.account()
    routes = [
        "/v2/coupons",
        f"/v2/accounts/{account_id}/transactions",
        "/transactions",
        "/reports/v3/account",
    ]
    for path in routes:
        reply = await api.get(path, params={"page": str(page), "size": "5"})

        assert (reply.status, reply.code) == (400, "VALIDATION_ERROR"), path
        assert reply.json()["detail"] == ["page"]


async def test_the_last_possible_page_is_served_empty(api: Api) -> None:
    reply = await api.get("/v2/coupons", params={"page": str(2**31 - 1), "size": "1000"})

    assert (reply.status, reply.json()) == (200, [])


async def test_a_body_over_1_mb_is_a_413(api: Api, sandbox: Sandbox) -> None:
    body = b'{"externalReference":"' + b"x" * MAX_BODY_BYTES + b'"}'

    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{sandbox.url}/v2/coupons",
            data=io.BytesIO(body),  # announced with its Content-Length
            headers={"Authorization": api.token, "interaction-id": "till-1"},
        ) as response,
    ):
        status, code = response.status, (await response.json())["code"]
    after = await api.get("/v2/coupons")

    assert (status, code) == (413, "PAYLOAD_TOO_LARGE")
    assert sandbox.stats.writes["coupons"] == 0
    assert after.status == 200  # the sandbox keeps serving


async def test_a_chunked_body_over_1_mb_is_a_413(api: Api, sandbox: Sandbox) -> None:
    async def chunks() -> Any:
        yield b'{"externalReference":"'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{sandbox.url}/v2/coupons",
            data=chunks(),
            headers={"Authorization": api.token, "interaction-id": "till-1"},
        ) as response,
    ):
        status, body = response.status, await response.json()

    assert (status, body["code"]) == (413, "PAYLOAD_TOO_LARGE")


# ---------------------------------------------------------------------- half-sent requests


async def _read_until_closed(reader: asyncio.StreamReader) -> bytes:
    received = b""
    while chunk := await reader.read(65536):
        received += chunk
    return received


async def test_a_half_sent_body_is_answered_408_and_closed(clock: Clock) -> None:
    async with Sandbox(clock=clock, request_timeout=0.5) as sandbox:
        async with aiohttp.ClientSession() as session:
            api = Api(session, sandbox)
            await api.login()
        reader, writer = await asyncio.open_connection(sandbox.host, sandbox.port)
        try:
            writer.write(
                b"POST /v2/coupons HTTP/1.1\r\nHost: sandbox\r\n"
                + f"Authorization: {api.token}\r\n".encode()
                + b"interaction-id: till-1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000\r\n\r\n"
                b'{"externalRef'
            )
            await writer.drain()
            received = await asyncio.wait_for(_read_until_closed(reader), PATIENCE)
        finally:
            writer.close()
        written = sandbox.stats.writes["coupons"]

    assert received.startswith(b"HTTP/1.1 408 "), received[:200]
    assert b'"code":"REQUEST_TIMEOUT"' in received
    assert written == 0


@pytest.mark.parametrize(
    "partial",
    [b"POST /v2/coupons HTTP/1.1\r\nHost: sand", b"GET /accou", b""],
    ids=["half a header block", "half a request line", "nothing at all"],
)
async def test_a_half_sent_request_head_is_closed(clock: Clock, partial: bytes) -> None:
    async with Sandbox(clock=clock, request_timeout=0.5) as sandbox:
        reader, writer = await asyncio.open_connection(sandbox.host, sandbox.port)
        try:
            writer.write(partial)
            await writer.drain()
            received = await asyncio.wait_for(_read_until_closed(reader), PATIENCE)
        finally:
            writer.close()

    assert received == b""


async def test_a_request_in_hand_is_not_cut_however_long_it_takes(clock: Clock) -> None:
    # The handler outlives request_timeout (latency); the silent connection stays open.
    async with (
        Sandbox(clock=clock, request_timeout=0.3, faults="latency=1.2") as sandbox,
        aiohttp.ClientSession() as session,
    ):
        api = Api(session, sandbox)
        await api.login()
        reply = await api.post("/accounts")

    assert reply.status == 201


@pytest.mark.parametrize("seconds", [0, -1.0, float("nan")])
def test_a_request_timeout_must_be_positive(seconds: float) -> None:
    with pytest.raises(ValueError, match="request_timeout"):
        Sandbox(request_timeout=seconds)


# ---------------------------------------------------------------------- tokens


async def test_a_logged_out_token_stays_refused_after_a_restart(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "sandbox.sqlite"
    async with Sandbox(db=path, clock=clock) as first, aiohttp.ClientSession() as session:
        api = Api(session, first)
        await api.login()
        token = api.token
        assert (await api.send("DELETE", "/auth/logout", interaction=False)).status == 204

    async with Sandbox(db=path, clock=clock) as second, aiohttp.ClientSession() as session:
        api = Api(session, second)
        api.token = token
        refused = await api.post("/accounts")
        await api.login()
        fresh = await api.post("/accounts")

    assert (refused.status, refused.code) == (401, "TOKEN_INVALID")
    assert fresh.status == 201
