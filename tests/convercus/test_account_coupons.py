"""Account coupons and promo codes on the wire: list, read, redeem, preview, activate, cancel."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from loyalty_async import (
    BadRequestError,
    ConvercusClient,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ReadTimeout,
    Request,
    Response,
    ValidationError,
)
from loyalty_async.convercus import (
    AccountCoupon,
    CouponBadRequestError,
    CouponConditionCode,
    CouponErrorCode,
    CouponNotFoundError,
    CouponRedemptionError,
    CouponUsageType,
)
from loyalty_async.errors import ConnectError, DecodeError
from tests.convercus.conftest import BASE_URL, Wire, assert_convercus_headers
from tests.convercus.fake_server import fake_client

ACCOUNT = "7d123457-bfa1-4a83-8213-123456789763"
AC_ID = "3f1d2c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b"
REDEMPTION = {
    "redemptionId": "r-1",
    "accountCouponId": AC_ID,
    "accountId": ACCOUNT,
    "redeemedAt": "2024-05-17T12:30:00Z",
    "redeemCount": 1,
}
SG_COUPON = {
    "accountCouponId": AC_ID,
    "accountId": ACCOUNT,
    "couponId": "c-10",
    "externalReference": "WELCOME10",
    "i18nFields": {"de": {"title": "10 % Rabatt"}},
    "images": [{"id": "i-1", "name": "banner", "path": "/img/i-1.png", "tags": ["web"]}],
    "validFrom": "2024-01-01T00:00:00Z",
    "validTo": "2024-12-31T23:59:59Z",
    "points": 0,
    "pointsOfRedemption": [{"unitType": "PROGRAM", "value": "P-1"}],
    "redeemCount": 0,
    "redeemCountGlobal": 12,
    "maxRedeemCount": 1,
    "maxRedeemCountGlobal": 1000,
    "stateLevel": None,
    "usageType": "INCENTIVE",
    "customProperties": [{"name": "shelf", "value": "A"}],
}


def body_of(request: Request) -> Any:
    assert isinstance(request.content, bytes)
    return json.loads(request.content, parse_float=Decimal)


async def test_list_for_account_parses_account_coupons(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", "/v2/accounts/APP-7/accountcoupons", Response(200, json=[SG_COUPON]))

    (coupon,) = await client.account_coupons.list_for_account("APP-7", id_type="APPCODE")

    assert wire.last.url == f"{BASE_URL}/v2/accounts/APP-7/accountcoupons"
    assert_convercus_headers(wire.last, id_type="APPCODE")
    assert coupon.account_coupon_id == AC_ID
    assert coupon.usage_type is CouponUsageType.INCENTIVE
    assert coupon.images[0].tags == ["web"]
    assert coupon.points_of_redemption[0].unit_type == "PROGRAM"
    assert coupon.i18n_fields["de"]["title"] == "10 % Rabatt"
    assert coupon.max_redeem_count == 1


async def test_list_for_account_empty(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/v2/accounts/{ACCOUNT}/accountcoupons", Response(200, json=[]))
    assert await client.account_coupons.list_for_account(ACCOUNT) == []
    assert_convercus_headers(wire.last)


async def test_list_redemptions_for_account(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}/couponredemptions", Response(200, json=[REDEMPTION]))

    (redemption,) = await client.account_coupons.list_redemptions_for_account(ACCOUNT)

    assert redemption.redemption_id == "r-1"
    assert redemption.redeemed_at == dt.datetime(2024, 5, 17, 12, 30, tzinfo=dt.UTC)


async def test_get_by_id_and_by_promo_code(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/v3/accountcoupons/{AC_ID}", Response(200, json=SG_COUPON))
    wire.on("GET", "/v3/accountcoupons/SUMMER24", Response(200, json=SG_COUPON))

    by_id = await client.account_coupons.get(AC_ID)
    assert_convercus_headers(wire.last, id_type="ID")
    by_code = await client.account_coupons.get("SUMMER24", id_type="PROMOCODE")
    assert_convercus_headers(wire.last, id_type="PROMOCODE")

    assert by_id == by_code
    assert isinstance(by_id, AccountCoupon)
    with pytest.raises(ValidationError, match="id_type"):
        await client.account_coupons.get("SUMMER24", id_type="CARDCODE")


async def test_redeem_by_id(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PATCH", f"/v3/accountcoupons/{AC_ID}", Response(200, json=REDEMPTION))

    redemption = await client.account_coupons.redeem(
        AC_ID, transaction_external_id="till7-000123", amount=Decimal("24.90")
    )

    assert (wire.last.method, wire.last.url) == ("PATCH", f"{BASE_URL}/v3/accountcoupons/{AC_ID}")
    assert_convercus_headers(wire.last, id_type="ID")
    assert body_of(wire.last) == {
        "transactionExternalId": "till7-000123",
        "amount": Decimal("24.90"),
    }
    assert b'"amount":24.90' in wire.last.content
    assert redemption.redemption_id == "r-1" and redemption.redeem_count == 1


async def test_redeem_a_promo_code_needs_the_account(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PATCH", "/v3/accountcoupons/SUMMER24", Response(200, json=REDEMPTION))

    await client.account_coupons.redeem("SUMMER24", id_type="PROMOCODE", account=ACCOUNT)

    assert_convercus_headers(wire.last, id_type="PROMOCODE")
    assert body_of(wire.last) == {"accountId": ACCOUNT}
    with pytest.raises(ValidationError) as caught:
        await client.account_coupons.redeem("SUMMER24", id_type="PROMOCODE")
    assert caught.value.field == "account"
    with pytest.raises(ValidationError):
        await client.account_coupons.redeem("SUMMER24", id_type="PROMOCODE", account="V1W2")
    with pytest.raises(ValidationError):
        await client.account_coupons.redeem(AC_ID, amount=1.5)
    assert len(wire.calls) == 1


async def test_condition_not_fulfilled_is_typed_with_its_details(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "PATCH",
        f"/v3/accountcoupons/{AC_ID}",
        Response(
            400,
            json={
                "code": "CONDITION_NOT_FULFILLED",
                "message": "coupon cannot be redeemed",
                "detail": ["NO_MORE_REDEEM_BY_ACCOUNT", "WRONG_INTERACTION_POINT", "NEW_RULE"],
            },
        ),
    )

    with pytest.raises(BadRequestError) as caught:
        await client.account_coupons.redeem(AC_ID)

    error = caught.value
    assert isinstance(error, CouponRedemptionError)
    assert isinstance(error, CouponBadRequestError)
    assert error.code is CouponErrorCode.CONDITION_NOT_FULFILLED
    assert error.details == [
        CouponConditionCode.NO_MORE_REDEEM_BY_ACCOUNT,
        CouponConditionCode.WRONG_INTERACTION_POINT,
        "NEW_RULE",
    ]
    assert error.conditions[0] is CouponConditionCode.NO_MORE_REDEEM_BY_ACCOUNT
    assert not error.conditions[2].is_known()
    assert "NO_MORE_REDEEM_BY_ACCOUNT" in str(error)
    assert len(wire.calls) == 1


@pytest.mark.parametrize(
    ("status", "code", "base"),
    [
        (404, "COUPON_NOT_FOUND", NotFoundError),
        (404, "PROMOCODE_NOT_FOUND", NotFoundError),
        (400, "ACCOUNT_LOCKED", BadRequestError),
        (400, "COUPON_NOT_ACTIVATED", BadRequestError),
        (400, "COUPON_SOMETHING_NEW", BadRequestError),
    ],
)
async def test_refusals_keep_their_status_class(
    client: ConvercusClient, wire: Wire, status: int, code: str, base: type[Exception]
) -> None:
    wire.on("PATCH", "/v3/accountcoupons/X1", Response(status, json={"code": code}))

    with pytest.raises(CouponRedemptionError) as caught:
        await client.account_coupons.redeem("X1", id_type="PROMOCODE", account=ACCOUNT)

    assert isinstance(caught.value, base)
    assert caught.value.code == code
    assert caught.value.code is not None
    assert caught.value.code.is_known() is (code != "COUPON_SOMETHING_NEW")


async def test_rate_limit_errors_stay_general(wire: Wire) -> None:
    wire.on("PATCH", f"/v3/accountcoupons/{AC_ID}", Response(429, headers={"Retry-After": "0"}))
    async with fake_client(wire) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.account_coupons.redeem(AC_ID)
    assert not isinstance(caught.value, CouponRedemptionError)
    assert caught.value.retry_after == 0
    assert len(wire.calls) == 1  # a redemption is not resent, not even after a 429


async def test_preview_redeem(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "PATCH",
        "/v3/accountcoupons/SUMMER24/preview",
        Response(200, json={"accountCouponId": AC_ID, "redeemCount": 1, "points": 200}),
    )

    preview = await client.account_coupons.preview_redeem(
        "SUMMER24", id_type="PROMOCODE", account=ACCOUNT
    )

    assert preview.redemption_id is None and preview.redeem_count == 1
    assert preview.points == 200  # what the REWARD costs: the reason to preview
    assert_convercus_headers(wire.last, id_type="PROMOCODE")
    assert body_of(wire.last) == {"accountId": ACCOUNT}


async def test_preview_of_an_incentive_is_not_available(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "PATCH",
        f"/v3/accountcoupons/{AC_ID}/preview",
        Response(400, json={"code": "COUPON_PREVIEW_NOT_AVAILABLE", "message": "REWARD only"}),
    )
    with pytest.raises(CouponBadRequestError) as caught:
        await client.account_coupons.preview_redeem(AC_ID)
    assert caught.value.code is CouponErrorCode.COUPON_PREVIEW_NOT_AVAILABLE


@pytest.mark.parametrize(
    "answer",
    [
        Response(200, text="CVC-4711-XYZ\n"),
        Response(200, json="CVC-4711-XYZ"),
        Response(200, json={"code": "CVC-4711-XYZ"}),
        Response(200, json={"couponCode": "CVC-4711-XYZ"}),
    ],
)
async def test_get_code_reads_text_or_json(
    client: ConvercusClient, wire: Wire, answer: Response
) -> None:
    wire.on("GET", f"/v2/accountcoupons/{AC_ID}/code", answer)
    assert await client.account_coupons.get_code(AC_ID) == "CVC-4711-XYZ"
    assert_convercus_headers(wire.last)


async def test_get_code_without_a_code_is_a_decode_error(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", f"/v2/accountcoupons/{AC_ID}/code", Response(200, json={}))
    with pytest.raises(DecodeError):
        await client.account_coupons.get_code(AC_ID)


async def test_deprecated_code_and_details(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/accountcoupons/{AC_ID}/code", Response(200, text="OLD"))
    wire.on("GET", f"/v1/accountcoupons/{AC_ID}/code", Response(200, text="V1"))
    wire.on("GET", f"/v2/accountcoupons/{AC_ID}", Response(200, json=SG_COUPON))

    assert await client.account_coupons.get_code_deprecated(AC_ID) == "OLD"
    assert await client.account_coupons.get_code_v1(AC_ID) == "V1"
    coupon = await client.account_coupons.get_v2(AC_ID)

    assert coupon.coupon_id == "c-10"
    assert [r.url for r in wire.calls] == [
        f"{BASE_URL}/accountcoupons/{AC_ID}/code",
        f"{BASE_URL}/v1/accountcoupons/{AC_ID}/code",
        f"{BASE_URL}/v2/accountcoupons/{AC_ID}",
    ]
    for request in wire.calls:
        assert_convercus_headers(request)


async def test_set_activation(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "PATCH",
        f"/v3/accountcoupons/{AC_ID}/activation",
        Response(204),
        Response(200, json=SG_COUPON),
    )

    assert await client.account_coupons.set_activation(AC_ID, True) is None
    assert body_of(wire.last) == {"active": True}
    again = await client.account_coupons.set_activation(AC_ID, False)
    assert body_of(wire.last) == {"active": False}
    assert again is not None and again.account_coupon_id == AC_ID
    with pytest.raises(ValidationError):
        await client.account_coupons.set_activation(AC_ID, "yes")


async def test_activation_refused(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "PATCH",
        f"/v3/accountcoupons/{AC_ID}/activation",
        Response(400, json={"code": "COUPON_NOT_ACTIVATABLE"}),
    )
    with pytest.raises(CouponBadRequestError) as caught:
        await client.account_coupons.set_activation(AC_ID, True)
    assert caught.value.code is CouponErrorCode.COUPON_NOT_ACTIVATABLE


async def test_cancel_redemption(client: ConvercusClient, wire: Wire) -> None:
    wire.on("DELETE", "/v3/accountcoupons/redemptions/r-1", Response(204))

    assert await client.account_coupons.cancel_redemption("r-1") is None

    assert (wire.last.method, wire.last.url) == (
        "DELETE",
        f"{BASE_URL}/v3/accountcoupons/redemptions/r-1",
    )
    assert_convercus_headers(wire.last)
    with pytest.raises(CouponNotFoundError):
        await client.account_coupons.cancel_redemption("r-404")


@pytest.mark.parametrize(
    ("method_name", "method", "path"),
    [
        ("redeem_v2", "PATCH", f"/v2/accountcoupons/{AC_ID}"),
        ("redeem_deprecated", "PATCH", f"/accountcoupons/{AC_ID}"),
        ("redeem_put_deprecated", "PUT", f"/accountcoupons/{AC_ID}"),
        ("redeem_put_deprecated_2", "PUT", f"/accountcoupons/{AC_ID}"),
        ("preview_redeem_v2", "PATCH", f"/v2/accountcoupons/{AC_ID}/preview"),
        ("preview_redeem_put_deprecated", "PUT", f"/accountcoupons/{AC_ID}/preview"),
    ],
)
async def test_deprecated_redeems_and_previews(
    client: ConvercusClient, wire: Wire, method_name: str, method: str, path: str
) -> None:
    wire.on(method, path, Response(200, json=REDEMPTION))

    result = await getattr(client.account_coupons, method_name)(
        AC_ID, account=ACCOUNT, transaction_external_id="till7-1"
    )

    assert (wire.last.method, wire.last.url) == (method, f"{BASE_URL}{path}")
    assert_convercus_headers(wire.last)
    assert body_of(wire.last) == {"accountId": ACCOUNT, "transactionExternalId": "till7-1"}
    assert result.redemption_id == "r-1"


@pytest.mark.parametrize("fault", ["503", "timeout"])
async def test_a_put_redeem_is_never_resent(wire: Wire, fault: str) -> None:
    def answer(request: Request) -> Response:
        if fault == "timeout":
            raise ReadTimeout("no answer")
        return Response(503)

    wire.on("PUT", f"/accountcoupons/{AC_ID}", answer)
    async with fake_client(wire) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.account_coupons.redeem_put_deprecated(AC_ID, account=ACCOUNT)

    assert len(wire.calls) == 1  # PUT is idempotent for HTTP, but a redemption is not
    assert caught.value.operation == "account_coupons.redeem_put_deprecated"
    assert caught.value.context["coupon"] == AC_ID
    assert caught.value.context["account"] == ACCOUNT


async def test_a_refused_connection_on_put_redeem_is_raised_as_it_is(wire: Wire) -> None:
    def refuse(request: Request) -> Response:
        raise ConnectError("refused")

    wire.on("PUT", f"/accountcoupons/{AC_ID}", refuse)
    async with fake_client(wire) as client:
        with pytest.raises(ConnectError):
            await client.account_coupons.redeem_put_deprecated_2(AC_ID)


async def test_find_redemptions_filters(client: ConvercusClient, wire: Wire) -> None:
    old = {**REDEMPTION, "redemptionId": "r-0", "redeemedAt": "2024-01-01T00:00:00Z"}
    other = {**REDEMPTION, "redemptionId": "r-2", "accountCouponId": "ac-other"}
    tagged = {**REDEMPTION, "redemptionId": "r-3", "transactionExternalId": "till-9"}
    wire.on(
        "GET",
        f"/accounts/{ACCOUNT}/couponredemptions",
        Response(200, json=[old, REDEMPTION, other, tagged]),
    )
    since = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)

    found = await client.account_coupons.find_redemptions(
        ACCOUNT, account_coupon_id=AC_ID, redeemed_since=since
    )
    assert [r.redemption_id for r in found] == ["r-1", "r-3"]
    found = await client.account_coupons.find_redemptions(
        ACCOUNT, transaction_external_id="till-9", redeemed_since=since
    )
    assert [r.redemption_id for r in found] == ["r-1", "r-2", "r-3"]


async def test_reconcile_without_account_reads_the_coupon_first(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", f"/v3/accountcoupons/{AC_ID}", Response(200, json=SG_COUPON))
    wire.on("GET", f"/accounts/{ACCOUNT}/couponredemptions", Response(200, json=[REDEMPTION]))
    error = OutcomeUnknownError(
        "lost",
        operation="account_coupons.redeem",
        context={
            "coupon": AC_ID,
            "id_type": "ID",
            "account": None,
            "transaction_external_id": None,
            "started_at": dt.datetime(2024, 5, 17, 12, 30, 10, tzinfo=dt.UTC),
        },
    )

    found = await client.account_coupons.reconcile_redemption(error)

    assert [r.redemption_id for r in found] == ["r-1"]
    assert [r.url for r in wire.calls] == [
        f"{BASE_URL}/v3/accountcoupons/{AC_ID}",
        f"{BASE_URL}/accounts/{ACCOUNT}/couponredemptions",
    ]
    # With no clock skew allowed, a redemption 10 s before the call started does not count.
    assert await client.account_coupons.reconcile_redemption(error, clock_skew=dt.timedelta()) == []
    with pytest.raises(ValidationError):
        await client.account_coupons.reconcile_redemption(
            OutcomeUnknownError("x", operation="bookings.create")
        )
