"""Every earn-and-burn write driven through transport faults: once, or an honest "unknown".

Each write meets each fault once: (1) the connection is refused before anything is sent,
(2) 503, (3) 429 with ``Retry-After: 0``, (4) the connection drops after the server
committed, (5) the answer is lost (read timeout) after the server committed. For each we
check how many requests reached the server, how many records exist afterwards (one or
zero, never two), what the caller saw, and what the reconcile helper then says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from loyalty_async import (
    ConvercusClient,
    OutcomeUnknownError,
    RateLimitError,
    RetryPolicy,
)
from loyalty_async.convercus import (
    CouponBadRequestError,
    CouponConditionCode,
    CouponErrorCode,
    LineItem,
    Transaction,
    TransactionRequest,
)
from tests.convercus.fake_server import FAULTS, FakeConvercus, fake_client

ACCOUNT = "7d123457-bfa1-4a83-8213-123456789763"
COUPON = "c-10"
MAX_ATTEMPTS = 4


@pytest.fixture
def server() -> FakeConvercus:
    return FakeConvercus()


@pytest.fixture
async def client(server: FakeConvercus) -> AsyncIterator[ConvercusClient]:
    # The stand-in answers after its work is done: nothing is left to settle.
    async with fake_client(
        server,
        retry=RetryPolicy(max_attempts=MAX_ATTEMPTS, base_delay=0, max_delay=0),
        reconcile_settle=0,
    ) as convercus:
        yield convercus


def receipt(external_id: str | None = "till7-000123") -> TransactionRequest:
    return TransactionRequest(
        transaction_type="EARNTRANSACTION",
        amount=Decimal("24.90"),
        currency_code="EUR",
        external_id=external_id,
        line_items=[LineItem(item_id="4711", extended_amount=Decimal("24.90"))],
    )


@attrs.frozen
class Write:
    """One write under test: how to send it, count its records and reconcile it."""

    name: str
    method: str
    path: str
    resend_safe: bool
    send: Callable[[ConvercusClient, FakeConvercus], Awaitable[Any]]
    records: Callable[[FakeConvercus], int]
    #: Given the OutcomeUnknownError, does the reconcile helper say the write happened?
    happened: Callable[[ConvercusClient, OutcomeUnknownError], Awaitable[bool]]
    context: dict[str, Any]


async def _redeem(client: ConvercusClient, server: FakeConvercus) -> Any:
    coupon_id = next(iter(server.account_coupons))
    return await client.account_coupons.redeem(coupon_id, amount=Decimal("5.00"))


async def _redeem_happened(client: ConvercusClient, error: OutcomeUnknownError) -> bool:
    return bool(await client.account_coupons.reconcile_redemption(error))


async def _transaction_happened(client: ConvercusClient, error: OutcomeUnknownError) -> bool:
    found = await client.transactions.find_by_external_id(
        error.context["account"], error.context["external_id"]
    )
    return found is not None


async def _revenue_happened(client: ConvercusClient, error: OutcomeUnknownError) -> bool:
    # A revenue booking has no account to list; its receipt id makes resending the read.
    return (await client.transactions.resend(error)).transaction_id is not None


WRITES = [
    Write(
        name="transaction",
        method="POST",
        path=f"/accounts/{ACCOUNT}/transactions",
        resend_safe=True,
        send=lambda c, s: c.transactions.create_for_account(ACCOUNT, receipt()),
        records=lambda s: len(s.transactions),
        happened=_transaction_happened,
        context={"account": ACCOUNT, "external_id": "till7-000123", "amount": Decimal("24.90")},
    ),
    Write(
        name="revenue",
        method="POST",
        path="/transactions",
        resend_safe=True,
        send=lambda c, s: c.transactions.book_revenue(receipt()),
        records=lambda s: len(s.transactions),
        happened=_revenue_happened,
        context={"account": None, "external_id": "till7-000123", "currency_code": "EUR"},
    ),
    Write(
        name="booking",
        method="POST",
        path=f"/v2/accounts/{ACCOUNT}/bookings",
        resend_safe=False,
        send=lambda c, s: c.bookings.create(
            ACCOUNT, booking_type="EARNBOOKING", points=500, reference_id="order-1001"
        ),
        records=lambda s: len(s.bookings.get(ACCOUNT, [])),
        happened=lambda c, e: _truthy(c.bookings.reconcile(e)),
        context={"account": ACCOUNT, "reference_id": "order-1001", "points": 500},
    ),
    Write(
        name="redeem",
        method="PATCH",
        path="/v3/accountcoupons/[^/]+",
        resend_safe=False,
        send=_redeem,
        records=lambda s: len(s.redemptions),
        happened=_redeem_happened,
        context={"id_type": "ID", "amount": Decimal("5.00")},
    ),
    Write(
        name="assign",
        method="POST",
        path=f"/coupons/{COUPON}/accounts",
        resend_safe=False,
        send=lambda c, s: c.coupons.assignments.assign(COUPON, ACCOUNT),
        records=lambda s: len(s.assignments),
        happened=lambda c, e: _truthy(c.coupons.assignments.reconcile(e)),
        context={"coupon_id": COUPON, "account": ACCOUNT},
    ),
]


async def _truthy(result: Awaitable[Any]) -> bool:
    return bool(await result)


#: fault → (requests that reach the server, records afterwards, what the caller sees),
#: for a write that may be resent and for one that may not.
EXPECTED = {
    True: {
        "refuse": (1, 1, "result"),
        "503": (2, 1, "result"),
        "429": (2, 1, "result"),
        "drop": (2, 1, "result"),
        "timeout": (2, 1, "result"),
    },
    False: {
        "refuse": (1, 1, "result"),
        "503": (1, 0, "unknown"),
        "429": (1, 0, "rate-limited"),
        "drop": (1, 1, "unknown"),
        "timeout": (1, 1, "unknown"),
    },
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
async def test_each_write_under_each_fault(
    client: ConvercusClient, server: FakeConvercus, write: Write, fault: str
) -> None:
    server.add_account_coupon(ACCOUNT)
    server.fail(write.method, write.path, fault)
    reached, records, seen = EXPECTED[write.resend_safe][fault]

    try:
        result = await write.send(client, server)
    except OutcomeUnknownError as error:
        assert seen == "unknown", f"unexpected OutcomeUnknownError: {error}"
        outcome: Any = error
    except RateLimitError as error:
        assert seen == "rate-limited"
        assert error.retry_after == 0
        outcome = error
    else:
        assert seen == "result", f"expected {seen}, got {result!r}"
        outcome = result

    assert len(server.reached) == reached
    assert write.records(server) == records

    if isinstance(outcome, OutcomeUnknownError):
        assert outcome.operation is not None
        assert outcome.resend_safe is False
        assert outcome.context.items() >= write.context.items()
        # The reconcile helper reads what happened: committed before the fault, or not.
        assert await write.happened(client, outcome) is (records == 1)
        if records == 0:  # safe to send again now, and it lands exactly once
            await write.send(client, server)
        assert write.records(server) == 1
    elif isinstance(outcome, RateLimitError):
        await write.send(client, server)  # told to wait, not doubled: sending later is fine
        assert write.records(server) == 1
    elif isinstance(outcome, Transaction):
        assert outcome.external_id == "till7-000123"
        assert outcome.transaction_id == server.transactions[0]["transactionId"]


@pytest.mark.parametrize("fault", ["drop", "timeout"])
@pytest.mark.parametrize("write", WRITES[:2], ids=lambda w: w.name)
async def test_a_transaction_lost_on_every_attempt_is_booked_once(
    client: ConvercusClient, server: FakeConvercus, write: Write, fault: str
) -> None:
    server.fail(write.method, write.path, fault, times=MAX_ATTEMPTS)

    with pytest.raises(OutcomeUnknownError) as caught:
        await write.send(client, server)

    error = caught.value
    assert len(server.reached) == MAX_ATTEMPTS
    assert len(server.transactions) == 1  # every attempt carried the same externalId
    assert error.resend_safe is True and error.attempts == MAX_ATTEMPTS
    assert error.context.items() >= write.context.items()
    assert await write.happened(client, error) is True
    resent = await client.transactions.resend(error)
    assert resent.transaction_id == server.transactions[0]["transactionId"]
    assert len(server.transactions) == 1


async def test_a_minted_receipt_id_is_reused_by_every_attempt(
    client: ConvercusClient, server: FakeConvercus
) -> None:
    server.fail("POST", f"/accounts/{ACCOUNT}/transactions", "timeout", times=2)

    result = await client.transactions.create_for_account(ACCOUNT, receipt(external_id=None))

    sent = {request.decoded_json()["externalId"] for request in server.reached}
    assert len(server.reached) == 3 and len(sent) == 1
    assert len(server.transactions) == 1
    assert result.external_id == sent.pop()


async def test_a_transaction_failing_503_on_every_attempt_was_not_booked(
    client: ConvercusClient, server: FakeConvercus
) -> None:
    server.fail("POST", f"/accounts/{ACCOUNT}/transactions", "503", times=MAX_ATTEMPTS)

    with pytest.raises(OutcomeUnknownError) as caught:
        await client.transactions.create_for_account(ACCOUNT, receipt())

    assert len(server.reached) == MAX_ATTEMPTS and server.transactions == []
    assert await client.transactions.find_by_external_id(ACCOUNT, "till7-000123") is None
    booked = await client.transactions.resend(caught.value)
    assert len(server.transactions) == 1 and booked.external_id == "till7-000123"


async def test_a_redemption_over_the_limit_is_refused_not_doubled(
    client: ConvercusClient, server: FakeConvercus
) -> None:
    coupon_id = server.add_account_coupon(ACCOUNT, max_redeem_count=1)
    server.fail("PATCH", f"/v3/accountcoupons/{coupon_id}", "drop")

    with pytest.raises(OutcomeUnknownError) as caught:
        await client.account_coupons.redeem(coupon_id, account=ACCOUNT)
    (found,) = await client.account_coupons.reconcile_redemption(caught.value)
    # A caller who resends without reconciling is stopped by the per-account limit.
    with pytest.raises(CouponBadRequestError) as refused:
        await client.account_coupons.redeem(coupon_id, account=ACCOUNT)

    assert found.account_coupon_id == coupon_id
    assert refused.value.code is CouponErrorCode.CONDITION_NOT_FULFILLED
    assert refused.value.details == [CouponConditionCode.NO_MORE_REDEEM_BY_ACCOUNT]
    assert len(server.redemptions) == 1


async def test_reconciling_a_redemption_that_did_not_happen(
    client: ConvercusClient, server: FakeConvercus
) -> None:
    coupon_id = server.add_account_coupon(ACCOUNT, max_redeem_count=5)
    # An earlier redemption of the same coupon, long before this call.
    server.redemptions.append(
        {
            "redemptionId": "r-old",
            "accountCouponId": coupon_id,
            "accountId": ACCOUNT,
            "redeemedAt": (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat(),
        }
    )
    server.fail("PATCH", f"/v3/accountcoupons/{coupon_id}", "503")

    with pytest.raises(OutcomeUnknownError) as caught:
        await client.account_coupons.redeem(coupon_id, transaction_external_id="till7-9")

    assert caught.value.context["account"] is None  # found through the account coupon
    assert await client.account_coupons.reconcile_redemption(caught.value) == []
