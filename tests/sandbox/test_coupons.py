"""Coupons: seeding, assignment, redemption limits and the documented error codes."""

from __future__ import annotations

import datetime as dt

import pytest

from loyalty_async import BadRequestError, ConvercusClient, NotFoundError

from .conftest import Api, Clock


def _redeem_path(reference: str) -> str:
    return f"/v3/accountcoupons/{reference}"


async def test_a_coupon_is_assigned_through_the_api(api: Api) -> None:
    coupon_id = api.sandbox.seed.coupon(title="Free coffee", max_redeem_count=2)
    account_id = await api.new_account()

    reply = await api.post(f"/coupons/{coupon_id}/accounts", json={"accountId": account_id})

    assert reply.status == 201
    account_coupon_id = reply.location_id
    assert reply.headers["Location"] == f"{api.sandbox.url}/v3/accountcoupons/{account_coupon_id}"
    assert reply.json()["couponId"] == coupon_id
    listed = (await api.get(f"/v2/accounts/{account_id}/accountcoupons")).json()
    assert [c["accountCouponId"] for c in listed] == [account_coupon_id]
    (coupon,) = listed
    assert coupon["i18nFields"] == {"en": {"title": "Free coffee"}}
    assert (coupon["redeemCount"], coupon["maxRedeemCount"]) == (0, 2)
    again = await api.post(f"/coupons/{coupon_id}/accounts", json={"accountId": account_id})
    assert (again.status, again.code) == (409, "COUPON_ALREADY_ASSIGNED")


async def test_one_assignation_is_read_by_coupon_and_account(
    api: Api, client: ConvercusClient
) -> None:
    seed = api.sandbox.seed
    coupon_id = seed.coupon(max_redeem_count=3)
    holder, other = seed.account(), seed.account()
    account_coupon_id = seed.assign_coupon(coupon_id, holder)

    reply = await api.get(f"/coupons/{coupon_id}/accounts/{holder}")
    missing = await api.get(f"/coupons/{coupon_id}/accounts/{other}")

    assert reply.status == 200
    held = reply.json()
    assert (held["accountCouponId"], held["accountId"], held["couponId"]) == (
        account_coupon_id,
        holder,
        coupon_id,
    )
    assert (held["redeemCount"], held["maxRedeemCount"]) == (0, 3)
    assert (missing.status, missing.code) == (404, "ASSIGNMENT_NOT_FOUND")
    # What the SDK's reconcile helper for assignations reads.
    found = await client.coupons.assignments.find(coupon_id, holder)
    assert found is not None and found.account_coupon_id == account_coupon_id
    assert await client.coupons.assignments.find(coupon_id, other) is None


async def test_an_account_without_coupons_lists_an_empty_array(api: Api) -> None:
    account_id = await api.new_account()

    assert (await api.get(f"/v2/accounts/{account_id}/accountcoupons")).body == b"[]"


async def test_a_coupon_can_be_defined_over_http(api: Api) -> None:
    reply = await api.post(
        "/v2/coupons",
        json={"i18nFields": {"de": {"title": "Gratis"}}, "usageType": "REWARD", "points": 50},
    )

    assert reply.status == 201
    coupon = (await api.get(f"/coupons/{reply.location_id}")).json()
    assert (coupon["usageType"], coupon["points"], coupon["status"]) == ("REWARD", 50, "ACTIVE")


async def test_redeeming_answers_the_redemption(api: Api, client: ConvercusClient) -> None:
    seed = api.sandbox.seed
    account_id = seed.account()
    account_coupon_id = seed.assign_coupon(seed.coupon(), account_id)

    redemption = await client.call(
        "account_coupons.redeem",
        path_params={"accountCouponIdOrCode": account_coupon_id},
        id_type="ID",
        json={"accountId": account_id, "transactionExternalId": "BON-1", "amount": 12.5},
    )

    assert set(redemption) == {
        "redemptionId",
        "accountCouponId",
        "accountId",
        "redeemedAt",
        "redeemCount",
        "points",
    }
    assert redemption["accountCouponId"] == account_coupon_id
    assert redemption["redeemCount"] == 1
    (listed,) = (await api.get(f"/accounts/{account_id}/couponredemptions")).json()
    assert listed["redemptionId"] == redemption["redemptionId"]
    assert listed["transactionExternalId"] == "BON-1"


async def test_the_per_account_limit_is_enforced(api: Api, client: ConvercusClient) -> None:
    seed = api.sandbox.seed
    account_coupon_id = seed.assign_coupon(seed.coupon(max_redeem_count=2), seed.account())
    path = {"accountCouponIdOrCode": account_coupon_id}

    for _ in range(2):
        await client.call("account_coupons.redeem", path_params=path, json={})
    with pytest.raises(BadRequestError) as caught:
        await client.call("account_coupons.redeem", path_params=path, json={})

    assert caught.value.code == "CONDITION_NOT_FULFILLED"
    assert caught.value.details == ["NO_MORE_REDEEM_BY_ACCOUNT"]
    assert api.sandbox.stats.writes["redemptions"] == 2


async def test_the_program_wide_limit_is_enforced(api: Api) -> None:
    seed = api.sandbox.seed
    coupon_id = seed.coupon(max_redeem_count_global=1)
    first = seed.assign_coupon(coupon_id, seed.account())
    second = seed.assign_coupon(coupon_id, seed.account())

    assert (await api.send("PATCH", _redeem_path(first), json={})).status == 200
    reply = await api.send("PATCH", _redeem_path(second), json={})

    assert reply.status == 400
    assert reply.json()["detail"] == ["NO_MORE_REDEEM_BY_PROGRAM"]


async def test_the_validity_window_is_enforced(api: Api, clock: Clock) -> None:
    seed = api.sandbox.seed
    now = dt.datetime.fromtimestamp(clock(), tz=dt.UTC)
    hour = dt.timedelta(hours=1)
    coupon_id = seed.coupon(valid_from=now + hour, valid_to=now + 3 * hour)
    path = _redeem_path(seed.assign_coupon(coupon_id, seed.account()))

    early = await api.send("PATCH", path, json={})
    clock.advance(2 * 3600)
    in_time = await api.send("PATCH", path, json={})
    clock.advance(2 * 3600)
    late = await api.send("PATCH", path, json={})

    assert (early.code, early.json()["detail"]) == (
        "CONDITION_NOT_FULFILLED",
        ["NOT_YET_REDEEMABLE"],
    )
    assert in_time.status == 200
    assert late.json()["detail"] == ["NO_LONGER_REDEEMABLE"]


async def test_an_unknown_account_coupon_is_coupon_not_found(client: ConvercusClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.call(
            "account_coupons.redeem",
            path_params={"accountCouponIdOrCode": "00000000-0000-0000-0000-000000000000"},
            json={},
        )

    assert caught.value.code == "COUPON_NOT_FOUND"


async def test_a_locked_account_cannot_redeem(api: Api) -> None:
    seed = api.sandbox.seed
    account_coupon_id = seed.assign_coupon(seed.coupon(), seed.account(locked=True))

    reply = await api.send("PATCH", _redeem_path(account_coupon_id), json={})

    assert (reply.status, reply.code) == (400, "ACCOUNT_LOCKED")


async def test_a_coupon_of_another_account_is_not_assigned(api: Api) -> None:
    seed = api.sandbox.seed
    account_coupon_id = seed.assign_coupon(seed.coupon(), seed.account())

    reply = await api.send(
        "PATCH", _redeem_path(account_coupon_id), json={"accountId": seed.account()}
    )

    assert (reply.status, reply.code) == (400, "COUPON_NOT_ASSIGNED_ACCOUNT")


async def test_an_inactive_coupon_is_not_redeemable(api: Api) -> None:
    seed = api.sandbox.seed
    account_coupon_id = seed.assign_coupon(seed.coupon(status="INACTIVE"), seed.account())

    reply = await api.send("PATCH", _redeem_path(account_coupon_id), json={})

    assert (reply.status, reply.code) == (400, "COUPON_NOT_ACTIVATED")


async def test_a_promo_code_is_redeemed_for_the_account_in_the_body(api: Api) -> None:
    seed = api.sandbox.seed
    account_id = seed.account()
    seed.assign_coupon(seed.coupon(promo_code="SPRING25"), account_id)
    path = _redeem_path("SPRING25")

    without_account = await api.send("PATCH", path, json={}, id_type="PROMOCODE")
    unknown = await api.send(
        "PATCH", _redeem_path("WINTER"), json={"accountId": account_id}, id_type="PROMOCODE"
    )
    not_assigned = await api.send(
        "PATCH", path, json={"accountId": seed.account()}, id_type="PROMOCODE"
    )
    redeemed = await api.send("PATCH", path, json={"accountId": account_id}, id_type="PROMOCODE")

    assert (without_account.status, without_account.json()["detail"]) == (400, ["accountId"])
    assert (unknown.status, unknown.code) == (404, "PROMOCODE_NOT_FOUND")
    assert not_assigned.code == "COUPON_NOT_ASSIGNED_ACCOUNT"
    assert redeemed.status == 200 and redeemed.json()["accountId"] == account_id


async def test_a_reward_costs_points(api: Api) -> None:
    seed = api.sandbox.seed
    account_id = seed.account(points=80)
    path = _redeem_path(seed.assign_coupon(seed.coupon(usage_type="REWARD", points=50), account_id))

    preview = await api.send("PATCH", f"{path}/preview", json={})
    first = await api.send("PATCH", path, json={})
    second = await api.send("PATCH", path, json={})

    assert preview.json()["points"] == 50
    assert first.status == 200
    assert (second.status, second.code) == (400, "INSUFFICIENT_POINTS")
    assert (await api.get(f"/accounts/{account_id}/balance")).json()["points"] == 30


async def test_a_preview_exists_only_for_rewards(api: Api) -> None:
    seed = api.sandbox.seed
    path = _redeem_path(seed.assign_coupon(seed.coupon(), seed.account()))

    reply = await api.send("PATCH", f"{path}/preview", json={})

    assert (reply.status, reply.code) == (400, "COUPON_PREVIEW_NOT_AVAILABLE")


async def test_cancelling_a_redemption_gives_back_the_use_and_the_points(api: Api) -> None:
    seed = api.sandbox.seed
    account_id = seed.account(points=50)
    coupon_id = seed.coupon(usage_type="REWARD", points=50, max_redeem_count=1)
    path = _redeem_path(seed.assign_coupon(coupon_id, account_id))
    redemption_id = (await api.send("PATCH", path, json={})).json()["redemptionId"]

    cancelled = await api.send("DELETE", f"/v3/accountcoupons/redemptions/{redemption_id}")
    again = await api.send("PATCH", path, json={})
    twice = await api.send("DELETE", f"/v3/accountcoupons/redemptions/{redemption_id}")

    assert cancelled.status == 204 and cancelled.body == b""
    assert again.status == 200
    assert (twice.status, twice.code) == (404, "REDEMPTION_NOT_FOUND")
    assert (await api.get(f"/accounts/{account_id}/balance")).json()["points"] == 0


async def test_coupon_definitions_are_listed_in_pages(api: Api) -> None:
    ids = [api.sandbox.seed.coupon(title=f"C{n}") for n in range(3)]

    first = (await api.get("/v2/coupons", params={"size": "2"})).json()
    second = (await api.get("/v2/coupons", params={"size": "2", "page": "1"})).json()

    assert [c["couponId"] for c in first + second] == ids
