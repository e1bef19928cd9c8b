"""Earn and burn end to end: receipts, de-duplication, bookings and coupon limits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from loyalty_async import BadRequestError, ConvercusClient, NotFoundError
from loyalty_async.convercus import (
    BookingType,
    CouponConditionCode,
    CouponErrorCode,
    CouponIdType,
    CouponNotFoundError,
    CouponRedemptionError,
    IdentifierType,
    IdType,
    LineItem,
    TransactionBadRequestError,
    TransactionErrorCode,
    TransactionRejectedError,
    TransactionRequest,
    TransactionType,
)
from loyalty_async.sandbox import Sandbox


def receipt(external_id: str, amount: str, *lines: str) -> TransactionRequest:
    return TransactionRequest(
        transaction_type=TransactionType.EARNTRANSACTION,
        amount=Decimal(amount),
        currency_code="EUR",
        external_id=external_id,
        line_items=[
            LineItem(item_id=f"item-{n}", extended_amount=Decimal(line))
            for n, line in enumerate(lines)
        ],
    )


def payment(external_id: str, amount: str) -> TransactionRequest:
    return TransactionRequest(
        transaction_type=TransactionType.PAYWITHPOINTS,
        amount=Decimal(amount),
        currency_code="EUR",
        external_id=external_id,
    )


async def card_account(client: ConvercusClient, code: str) -> str:
    account_id = await client.accounts.create()
    await client.identifiers.create(account_id, IdentifierType.CARDCODE, code)
    return account_id


async def test_a_receipt_earns_once_however_often_it_is_sent(
    client: ConvercusClient, convercus_sandbox: Sandbox
) -> None:
    account_id = await card_account(client, "CARD-EARN")
    sale = receipt("till7-000123", "24.90", "19.90", "5.00")

    first = await client.transactions.create_for_account("CARD-EARN", sale, id_type="CARDCODE")
    again = await client.transactions.create_for_account(account_id, sale)

    assert first.transaction_id and first.transaction_id == again.transaction_id
    assert (first.points, first.account_id, first.external_id) == (24, account_id, "till7-000123")
    assert first.amount == Decimal("24.90")
    assert first.transaction_type is TransactionType.EARNTRANSACTION
    assert convercus_sandbox.stats.writes["transactions"] == 1
    assert (await client.accounts.get_balance(account_id)).points == 24
    history = await client.transactions.list_for_account(account_id).collect()
    assert [t.external_id for t in history] == ["till7-000123"]
    assert (await client.transactions.get(first.transaction_id)).external_id == "till7-000123"
    found = await client.transactions.find_by_external_id(
        "CARD-EARN", "till7-000123", id_type=IdType.CARDCODE
    )
    assert found is not None and found.transaction_id == first.transaction_id
    assert await client.transactions.find_by_external_id(account_id, "till7-999") is None
    # Each booked receipt books its points, referenced by the transaction.
    bookings = await client.bookings.list(account_id)
    assert [(b.booking_type, b.booking_type_code, b.points, b.reference_id) for b in bookings] == [
        (BookingType.EARNBOOKING, "TRX", 24, first.transaction_id)
    ]


async def test_paying_with_points_and_paying_more_than_the_balance(
    client: ConvercusClient,
) -> None:
    account_id = await card_account(client, "CARD-BURN")
    await client.transactions.create_for_account(account_id, receipt("r-1", "300.00"))
    preview = await client.transactions.preview_for_account(account_id, payment("r-2", "1.50"))
    assert (preview.transaction_id, preview.points) == (None, 150)

    paid = await client.transactions.create_for_account(account_id, payment("r-2", "1.50"))
    assert paid.points == 150
    assert (await client.accounts.get_balance(account_id)).points == 150

    with pytest.raises(TransactionRejectedError) as refused:
        await client.transactions.create_for_account(account_id, payment("r-3", "1.51"))
    assert isinstance(refused.value, TransactionBadRequestError)
    assert isinstance(refused.value, BadRequestError)
    assert refused.value.code is TransactionErrorCode.INSUFFICIENT_POINTS
    # Nothing was booked for the refused receipt.
    assert (await client.accounts.get_balance(account_id)).points == 150
    assert await client.transactions.find_by_external_id(account_id, "r-3") is None
    history = await client.transactions.list_for_account(account_id, page_size=1).collect()
    assert [t.external_id for t in history] == ["r-2", "r-1"]


async def test_bookings_credit_debit_and_refuse_an_overdraft(client: ConvercusClient) -> None:
    account_id = await card_account(client, "CARD-BOOK")
    earned = await client.bookings.create(
        "CARD-BOOK",
        booking_type=BookingType.EARNBOOKING,
        points=500,
        reference_id="order-1001",
        reason="welcome bonus",
        id_type=IdType.CARDCODE,
    )
    spent = await client.bookings.create(
        account_id, booking_type=BookingType.BURNBOOKING, points=120, reference_id="order-1002"
    )
    minted = await client.bookings.create(
        account_id, booking_type=BookingType.EARNBOOKING, points=1
    )
    with pytest.raises(TransactionRejectedError) as overdraft:
        await client.bookings.create(
            account_id, booking_type=BookingType.BURNBOOKING, points=382, reference_id="too-much"
        )
    assert overdraft.value.code is TransactionErrorCode.INSUFFICIENT_POINTS

    assert (await client.accounts.get_balance(account_id)).points == 381
    by_id = {b.booking_id: b for b in await client.bookings.list(account_id)}
    assert set(by_id) == {earned, spent, minted}
    assert (by_id[earned].reference_id, by_id[earned].reason, by_id[earned].points) == (
        "order-1001",
        "welcome bonus",
        500,
    )
    assert by_id[spent].booking_type is BookingType.BURNBOOKING
    assert by_id[minted].reference_id  # the SDK minted one, so a lost answer can be found
    assert [
        b.booking_id for b in await client.bookings.find_by_reference(account_id, "order-1002")
    ] == [spent]
    assert await client.bookings.find_by_reference(account_id, "too-much") == []


async def test_a_locked_account_neither_earns_nor_redeems(
    client: ConvercusClient, convercus_sandbox: Sandbox
) -> None:
    account_id = await card_account(client, "CARD-LOCK")
    coupon_id = convercus_sandbox.seed.coupon(title="Locked out")
    held = await client.coupons.assignments.assign(coupon_id, account_id)
    await client.accounts.create_fraud("CARD-LOCK", reason="card skimmed", id_type="CARDCODE")

    with pytest.raises(TransactionRejectedError) as earn:
        await client.transactions.create_for_account(account_id, receipt("l-1", "10.00"))
    assert earn.value.code is TransactionErrorCode.ACCOUNT_LOCKED
    with pytest.raises(CouponRedemptionError) as redeem:
        await client.account_coupons.redeem(held.account_coupon_id or "")
    assert redeem.value.code is CouponErrorCode.ACCOUNT_LOCKED

    await client.accounts.remove_fraud(account_id)
    earned = await client.transactions.create_for_account(account_id, receipt("l-1", "10.00"))
    assert earned.points == 10


async def test_coupon_redemption_limits_raise_typed_errors(
    client: ConvercusClient, convercus_sandbox: Sandbox
) -> None:
    seed = convercus_sandbox.seed
    first = await card_account(client, "CARD-A")
    second = await card_account(client, "CARD-B")
    # Twice per member, three times across the program.
    coffee = seed.coupon(title="Coffee", max_redeem_count=2, max_redeem_count_global=3)
    a = (await client.coupons.assignments.assign(coffee, first)).account_coupon_id or ""
    b = (await client.coupons.assignments.assign(coffee, second)).account_coupon_id or ""
    assert {c.account_coupon_id for c in await client.account_coupons.list_for_account(first)} == {
        a
    }

    one = await client.account_coupons.redeem(a, transaction_external_id="rcpt-a1")
    two = await client.account_coupons.redeem(a, transaction_external_id="rcpt-a2")
    assert (one.redeem_count, two.redeem_count) == (1, 2)
    with pytest.raises(CouponRedemptionError) as by_account:
        await client.account_coupons.redeem(a)
    error = by_account.value
    assert isinstance(error, BadRequestError) and error.status == 400
    assert error.code is CouponErrorCode.CONDITION_NOT_FULFILLED
    assert error.conditions == [CouponConditionCode.NO_MORE_REDEEM_BY_ACCOUNT]

    await client.account_coupons.redeem(b)  # the third in the program
    with pytest.raises(CouponRedemptionError) as by_program:
        await client.account_coupons.redeem(b)
    assert by_program.value.conditions == [CouponConditionCode.NO_MORE_REDEEM_BY_PROGRAM]
    # Both limits reached: every failing condition is listed.
    with pytest.raises(CouponRedemptionError) as both:
        await client.account_coupons.redeem(a)
    assert set(both.value.details) == {
        CouponConditionCode.NO_MORE_REDEEM_BY_PROGRAM,
        CouponConditionCode.NO_MORE_REDEEM_BY_ACCOUNT,
    }

    # Cancelling gives a use back; cancelling twice is a typed not-found.
    await client.account_coupons.cancel_redemption(two.redemption_id or "")
    again = await client.account_coupons.redeem(a, transaction_external_id="rcpt-a3")
    assert again.redeem_count == 2
    with pytest.raises(CouponNotFoundError) as cancelled:
        await client.account_coupons.cancel_redemption(two.redemption_id or "")
    assert isinstance(cancelled.value, NotFoundError)
    assert cancelled.value.code == "REDEMPTION_NOT_FOUND"
    redeemed = await client.account_coupons.find_redemptions(
        first, transaction_external_id="rcpt-a1"
    )
    assert [r.redemption_id for r in redeemed] == [one.redemption_id]


async def test_coupon_validity_promo_codes_and_rewards(
    client: ConvercusClient, convercus_sandbox: Sandbox
) -> None:
    seed = convercus_sandbox.seed
    account_id = await card_account(client, "CARD-P")
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    later = await client.coupons.assignments.assign(seed.coupon(valid_from=tomorrow), account_id)
    with pytest.raises(CouponRedemptionError) as early:
        await client.account_coupons.redeem(later.account_coupon_id or "")
    assert early.value.conditions == [CouponConditionCode.NOT_YET_REDEEMABLE]

    with pytest.raises(CouponNotFoundError) as unknown:
        await client.account_coupons.redeem("4b6f0a8e-0000-4000-8000-000000000000")
    assert unknown.value.code is CouponErrorCode.COUPON_NOT_FOUND

    promo = seed.coupon(title="Spring", promo_code="SPRING24")
    with pytest.raises(CouponRedemptionError) as not_held:
        await client.account_coupons.redeem(
            "SPRING24", id_type=CouponIdType.PROMOCODE, account=account_id
        )
    assert not_held.value.code is CouponErrorCode.COUPON_NOT_ASSIGNED_ACCOUNT
    await client.coupons.assignments.assign(promo, account_id)
    redeemed = await client.account_coupons.redeem(
        "SPRING24", id_type=CouponIdType.PROMOCODE, account=account_id
    )
    assert redeemed.account_id == account_id

    # A REWARD coupon costs its points: previewed first, refused without them.
    reward = seed.coupon(title="Tote bag", usage_type="REWARD", points=200)
    held = (await client.coupons.assignments.assign(reward, account_id)).account_coupon_id or ""
    with pytest.raises(CouponRedemptionError) as poor:
        await client.account_coupons.redeem(held)
    assert poor.value.code == "INSUFFICIENT_POINTS"
    assert not poor.value.code.is_known()  # an unknown code is kept as it came
    await client.transactions.create_for_account(account_id, receipt("p-1", "250.00"))
    preview = await client.account_coupons.preview_redeem(held)
    assert (preview.redemption_id, preview.points) == (None, 200)
    await client.account_coupons.redeem(held)
    assert (await client.accounts.get_balance(account_id)).points == 50
