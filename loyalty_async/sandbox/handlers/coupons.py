"""Coupon definitions and their assignment to accounts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from loyalty_async.sandbox import values
from loyalty_async.sandbox.handlers.generic import (
    MAX_BATCH,
    RecordStatus,
    location,
    scope_of,
    show,
)
from loyalty_async.sandbox.http import Call, Routes, created, json_response, no_content
from loyalty_async.sandbox.problems import Problem, invalid

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


@routes.handles("coupons.update", "coupons.update_deprecated")
async def _replace_coupon(call: Call) -> web.StreamResponse:
    body = await call.fields()
    return json_response(call.core.coupons.replace(call.param("couponId"), body))


@routes.handles("coupons.delete", "coupons.delete_deprecated")
async def _delete_coupon(call: Call) -> web.StreamResponse:
    call.core.coupons.delete(call.param("couponId"))
    return no_content()


@routes.handles("coupons.update_status")
async def _set_status(call: Call) -> web.StreamResponse:
    body = await call.fields()
    return json_response(call.core.coupons.set_status(call.param("couponId"), body))


@routes.handles("coupons.verify_external_reference")
async def _verify_reference(call: Call) -> web.StreamResponse:
    reference = call.param("externalReference")
    return json_response(call.core.coupons.by_external_reference(reference))


@routes.handles("coupons.assignments.unassign")
async def _unassign(call: Call) -> web.StreamResponse:
    call.core.coupons.unassign(call.param("couponId"), call.account()["id"])
    return no_content()


@routes.handles("coupons.assignments.count")
async def _count_assigned(call: Call) -> web.StreamResponse:
    return json_response({"count": call.core.coupons.count_assigned([call.param("couponId")])})


@routes.handles("coupons.assignments.update_redemption_limit")
async def _limit_assignment(call: Call) -> web.StreamResponse:
    body = await call.fields()
    coupons = call.core.coupons
    return json_response(
        coupons.limit_assignment(call.param("couponId"), call.account()["id"], body)
    )


@routes.handles("coupons.count_accounts")
async def _count_accounts(call: Call) -> web.StreamResponse:
    """The accounts holding any of the coupons named in the body (an array of ids)."""
    body = await call.body()
    if isinstance(body, Mapping):
        body = body.get("couponIds")
    if not isinstance(body, list) or not body or not all(isinstance(i, str) for i in body):
        raise invalid("the body must be an array of coupon ids", "couponIds")
    return json_response({"count": call.core.coupons.count_assigned(body)})


# --- batch assignation


@routes.handles(
    "coupons.batches.assign_accounts",
    "coupons.batches.assign_accounts_2",
    "coupons.batches.assign_accounts_deprecated",
)
async def _assign_batch(call: Call) -> web.StreamResponse:
    """Assign many accounts at once; each refusal is kept as one of the batch's errors.

    The batch is done when the answer comes (``status`` ``DONE``): read it, its errors
    (``…/errors``, paged) and change its accounts' redemption limit like any batch.
    """
    body = dict(await call.fields())
    accounts = body.get("accountIds")
    if not isinstance(accounts, list) or not 1 <= len(accounts) <= MAX_BATCH:
        raise invalid(f"accountIds must be an array of 1 to {MAX_BATCH} account ids", "accountIds")
    shape = call.core.catalog[call.operation.name]
    scope = scope_of(call, shape)
    coupon_id = call.param("couponId")
    errors: list[dict[str, Any]] = []
    assigned: list[str] = []
    for account_id in accounts:
        try:
            account = call.core.members.resolve(str(account_id), None)
            call.core.coupons.assign(coupon_id, account, body)
            assigned.append(account["id"])
        except Problem as refused:
            errors.append(
                {"accountId": str(account_id), "code": refused.code, "message": refused.message}
            )
    resources, catalog = call.core.resources, call.core.catalog
    with call.core.db.write():
        batch = resources.create(
            shape.kind,
            scope,
            {
                "status": RecordStatus.DONE.value,
                "accountIds": assigned,
                "total": len(accounts),
                "succeeded": len(assigned),
                "failed": len(errors),
                "validFrom": body.get("validFrom"),
                "validTo": body.get("validTo"),
            },
        )
        error_kind = catalog["coupons.batches.list_errors"]
        for error in errors:
            resources.create(error_kind.kind, {**scope, error_kind.scope[-1]: batch.id}, error)
    return created(location(call, batch))


@routes.handles("coupons.batches.update_redemption_limit")
async def _limit_batch(call: Call) -> web.StreamResponse:
    """Set the redemption limit of every account the batch assigned."""
    body = dict(await call.fields())
    shape = call.core.catalog[call.operation.name]
    scope = scope_of(call, shape)
    batch = call.core.resources.get(shape.kind, call.param("batchId"), scope)
    coupon_id = call.param("couponId")
    with call.core.db.write():
        for account_id in batch.body.get("accountIds", []):
            if call.core.coupons.find_assignment(coupon_id, account_id):
                call.core.coupons.limit_assignment(coupon_id, account_id, body)
        limit = values.integer(body, "maxRedeemCount", required=True, minimum=1)
        batch = call.core.resources.save(batch, {**batch.body, "maxRedeemCount": limit})
    return json_response(show(call, batch))
