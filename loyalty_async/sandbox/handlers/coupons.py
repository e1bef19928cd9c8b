"""Coupon definitions and their assignment to accounts."""

from __future__ import annotations

from aiohttp import web

from loyalty_async.sandbox import values
from loyalty_async.sandbox.http import Call, Routes, created, json_response

routes = Routes()


@routes.handles("coupons.create", "coupons.create_deprecated")
async def _create_coupon(call: Call) -> web.StreamResponse:
    coupon_id = call.core.coupons.create(await call.fields())
    location = call.location_of("coupons.get", couponId=coupon_id)
    return created(location, call.core.coupons.coupon(coupon_id))


@routes.handles("coupons.list", "coupons.list_deprecated")
async def _list_coupons(call: Call) -> web.StreamResponse:
    return json_response(call.core.coupons.coupons(*call.page()))


@routes.handles("coupons.get")
async def _get_coupon(call: Call) -> web.StreamResponse:
    return json_response(call.core.coupons.coupon(call.param("couponId")))


@routes.handles("coupons.assignments.assign")
async def _assign_coupon(call: Call) -> web.StreamResponse:
    body = await call.fields()
    account = call.core.members.resolve(values.need_text(body, "accountId"), None)
    coupons = call.core.coupons
    account_coupon_id = coupons.assign(call.param("couponId"), account, body)
    location = call.location_of("account_coupons.get", accountCouponIdOrCode=account_coupon_id)
    return created(location, coupons.account_coupon(account_coupon_id, None))


@routes.handles("coupons.assignments.list")
async def _list_assignments(call: Call) -> web.StreamResponse:
    return json_response(call.core.coupons.assigned_accounts(call.param("couponId")))


@routes.handles("coupons.assignments.get")
async def _get_assignment(call: Call) -> web.StreamResponse:
    account = call.account()
    return json_response(call.core.coupons.assignment(call.param("couponId"), account["id"]))
