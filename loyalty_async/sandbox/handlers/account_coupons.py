"""Account coupons and promo codes: read, redeem, preview, cancel a redemption."""

from __future__ import annotations

from aiohttp import web

from loyalty_async.sandbox.http import Call, Routes, json_response, no_content

routes = Routes()


@routes.handles("account_coupons.list_for_account")
async def _list_account_coupons(call: Call) -> web.StreamResponse:
    return json_response(call.core.coupons.for_account(call.account()["id"]))


@routes.handles("account_coupons.list_redemptions_for_account")
async def _list_redemptions(call: Call) -> web.StreamResponse:
    return json_response(call.core.redemptions.redemptions(call.account()["id"]))


def _reference(call: Call) -> str:
    """The account coupon of the path: an id, or (``id-type: PROMOCODE``) a promo code.

    The older routes name it ``{accountCouponId}`` and take no ``id-type``: always an id.
    """
    if call.has_param("accountCouponIdOrCode"):
        return call.param("accountCouponIdOrCode")
    return call.param("accountCouponId")


@routes.handles("account_coupons.get", "account_coupons.get_v2")
async def _get_account_coupon(call: Call) -> web.StreamResponse:
    return json_response(call.core.coupons.account_coupon(_reference(call), call.id_type))


async def _redeem(call: Call, *, preview: bool) -> web.StreamResponse:
    body = await call.fields()
    result = call.core.redemptions.redeem(
        _reference(call),
        call.id_type,
        body,
        interaction_id=call.interaction_id,
        preview=preview,
    )
    return json_response(result)


@routes.handles(
    "account_coupons.redeem",
    "account_coupons.redeem_v2",
    "account_coupons.redeem_deprecated",
    "account_coupons.redeem_put_deprecated",
    "account_coupons.redeem_put_deprecated_2",
)
async def _redeem_now(call: Call) -> web.StreamResponse:
    return await _redeem(call, preview=False)


@routes.handles(
    "account_coupons.preview_redeem",
    "account_coupons.preview_redeem_v2",
    "account_coupons.preview_redeem_put_deprecated",
)
async def _preview_redeem(call: Call) -> web.StreamResponse:
    return await _redeem(call, preview=True)


@routes.handles(
    "account_coupons.get_code",
    "account_coupons.get_code_deprecated",
    "account_coupons.get_code_v1",
)
async def _get_code(call: Call) -> web.StreamResponse:
    return json_response({"code": call.core.coupons.code_of(_reference(call))})


@routes.handles("account_coupons.cancel_redemption")
async def _cancel_redemption(call: Call) -> web.StreamResponse:
    call.core.redemptions.cancel(call.param("redemptionId"), call.interaction_id)
    return no_content()
