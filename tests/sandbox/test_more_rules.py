"""The sandbox's own rules for core operations the manual leaves open (see docs/sandbox.md)."""

from __future__ import annotations

import csv
import io

from loyalty_async.sandbox import Sandbox

from .conftest import Api

# ---------------------------------------------------------------------- accounts


async def test_a_merge_moves_points_and_cards_and_deletes_the_source(
    api: Api, sandbox: Sandbox
) -> None:
    source = sandbox.seed.account(identifiers={"CARDCODE": "OLD-1"}, points=30, locked_points=5)
    target = sandbox.seed.account(points=10)

    merged = await api.send("PUT", f"/accounts/{source}/merge/{target}")
    balance = (await api.get(f"/accounts/{target}/balance")).json()
    by_card = (await api.get("/accounts/OLD-1", id_type="CARDCODE")).json()
    gone = await api.get(f"/accounts/{source}")
    itself = await api.send("PUT", f"/accounts/{target}/merge/{target}")

    assert merged.status == 204
    assert balance == {"points": 40, "lockedPoints": 5}
    assert by_card["id"] == target
    assert (gone.status, gone.code) == (404, "ACCOUNT_NOT_FOUND")
    assert (itself.status, itself.code) == (400, "VALIDATION_ERROR")


async def test_an_identifier_is_locked_and_unlocked(api: Api, sandbox: Sandbox) -> None:
    account_id = sandbox.seed.account(identifiers={"CARDCODE": "L-1"})
    (identifier,) = (await api.get(f"/accounts/{account_id}/identifiers")).json()
    path = f"/accounts/{account_id}/identifiers/{identifier['identifierId']}"
    other = sandbox.seed.account()

    locked = await api.post(f"{path}/lock")
    unlocked = await api.post(f"{path}/unlock")
    foreign = await api.post(f"/accounts/{other}/identifiers/{identifier['identifierId']}/lock")

    assert locked.json()["status"] == "LOCKED"
    assert unlocked.json()["status"] == "ACTIVE"
    assert (foreign.status, foreign.code) == (404, "IDENTIFIER_NOT_FOUND")


async def test_a_level_booking_moves_status_points_not_the_balance(
    api: Api, sandbox: Sandbox
) -> None:
    account_id = sandbox.seed.account(points=100)

    booked = await api.post(
        f"/v2/accounts/{account_id}/levelbookings",
        json={"bookingType": "EARNBOOKING", "points": 1200, "reason": "bonus"},
    )
    level = (await api.get(f"/accounts/{account_id}/level")).json()
    balance = (await api.get(f"/accounts/{account_id}/balance")).json()
    listed = (await api.get(f"/accounts/{account_id}/levelbookings")).json()
    too_many = await api.post(
        f"/accounts/{account_id}/levelbookings",
        json={"bookingType": "BURNBOOKING", "points": 5000},
    )

    assert booked.status == 201
    assert (level["name"], level["currentStatePoints"]) == ("SILVER", 1300)
    assert balance == {"points": 100, "lockedPoints": 0}
    assert [(b["points"], b["statusPoints"], b["reason"]) for b in listed] == [
        (1200, 1300, "bonus")
    ]
    assert (too_many.status, too_many.code) == (400, "INSUFFICIENT_POINTS")


async def test_an_anonymous_receipt_is_incentivated_once(api: Api, sandbox: Sandbox) -> None:
    account_id, other = sandbox.seed.account(), sandbox.seed.account()
    receipt = await api.post(
        "/transactions",
        json={"transactionType": "EARNTRANSACTION", "amount": 25, "externalId": "ANON-1"},
    )
    transaction_id = receipt.json()["transactionId"]
    path = f"/accounts/{account_id}/transactions/{transaction_id}"

    first = await api.send("PATCH", path)
    again = await api.send("PATCH", path)
    elsewhere = await api.send("PATCH", f"/accounts/{other}/transactions/{transaction_id}")
    balance = (await api.get(f"/accounts/{account_id}/balance")).json()

    assert (first.json()["accountId"], first.json()["points"]) == (account_id, 25)
    assert again.json() == first.json()
    assert (elsewhere.status, elsewhere.code) == (409, "TRANSACTION_HAS_ACCOUNT")
    assert balance["points"] == 25


# ---------------------------------------------------------------------- coupons


async def test_a_coupon_is_replaced_deactivated_and_deleted(api: Api, sandbox: Sandbox) -> None:
    account_id = sandbox.seed.account()
    coupon_id = sandbox.seed.coupon(title="Old", external_reference="EXT-9")
    account_coupon = sandbox.seed.assign_coupon(coupon_id, account_id)

    replaced = await api.send(
        "PUT",
        f"/v2/coupons/{coupon_id}",
        json={"i18nFields": {"en": {"title": "New"}}, "usageType": "REWARD", "points": 5},
    )
    verified = await api.get("/coupons/externalreference/EXT-9")
    inactive = await api.send("PATCH", f"/coupons/{coupon_id}/status", json={"status": "INACTIVE"})
    refused = await api.send("PATCH", f"/v3/accountcoupons/{account_coupon}", json={})
    deleted = await api.send("DELETE", f"/v2/coupons/{coupon_id}")
    gone = await api.get(f"/v3/accountcoupons/{account_coupon}")

    assert replaced.json()["i18nFields"] == {"en": {"title": "New"}}
    assert replaced.json()["externalReference"] is None  # PUT replaces the whole definition
    assert verified.status == 404  # the reference went with the old definition
    assert inactive.json()["status"] == "INACTIVE"
    assert (refused.status, refused.code) == (400, "COUPON_NOT_ACTIVATED")
    assert deleted.status == 204
    assert (gone.status, gone.code) == (404, "COUPON_NOT_FOUND")


async def test_an_assignment_limit_and_unassignment(api: Api, sandbox: Sandbox) -> None:
    account_id = sandbox.seed.account()
    coupon_id = sandbox.seed.coupon()
    account_coupon = sandbox.seed.assign_coupon(coupon_id, account_id)
    path = f"/coupons/{coupon_id}/accounts/{account_id}"

    limited = await api.send("PATCH", path, json={"maxRedeemCount": 1})
    first = await api.send("PATCH", f"/v3/accountcoupons/{account_coupon}", json={})
    second = await api.send("PATCH", f"/v3/accountcoupons/{account_coupon}", json={})
    counted = await api.get(f"/coupons/{coupon_id}/accounts/count")
    across = await api.post("/coupons/accounts/count", json=[coupon_id])
    removed = await api.send("DELETE", path)
    again = await api.send("DELETE", path)

    assert limited.json()["maxRedeemCount"] == 1
    assert first.status == 200
    assert second.json()["detail"] == ["NO_MORE_REDEEM_BY_ACCOUNT"]
    assert counted.json() == across.json() == {"count": 1}
    assert (removed.status, again.status, again.code) == (204, 404, "ASSIGNMENT_NOT_FOUND")


async def test_a_batch_assigns_reports_its_errors_and_limits_its_accounts(
    api: Api, sandbox: Sandbox
) -> None:
    coupon_id = sandbox.seed.coupon()
    a, b = sandbox.seed.account(), sandbox.seed.account()
    sandbox.seed.assign_coupon(coupon_id, b)

    started = await api.post(
        f"/v2/coupons/{coupon_id}/batches", json={"accountIds": [a, b, "nobody"]}
    )
    batch_path = f"/v2/coupons/{coupon_id}/batches/{started.location_id}"
    batch = (await api.get(batch_path)).json()
    errors = (await api.get(f"/coupons/{coupon_id}/batches/{started.location_id}/errors")).json()
    limited = await api.send(
        "PATCH",
        f"/coupons/{coupon_id}/batches/{started.location_id}",
        json={"maxRedeemCount": 3},
    )
    assignment = (await api.get(f"/coupons/{coupon_id}/accounts/{a}")).json()

    assert started.status == 201
    assert (batch["status"], batch["succeeded"], batch["failed"]) == ("DONE", 1, 2)
    assert [e["code"] for e in errors["content"]] == [
        "COUPON_ALREADY_ASSIGNED",
        "ACCOUNT_NOT_FOUND",
    ]
    assert limited.json()["maxRedeemCount"] == 3
    assert assignment["maxRedeemCount"] == 3


async def test_an_account_coupon_code_and_the_older_redeem_routes(
    api: Api, sandbox: Sandbox
) -> None:
    account_id = sandbox.seed.account()
    promo = sandbox.seed.coupon(promo_code="SPRING")
    plain = sandbox.seed.coupon()
    promo_coupon = sandbox.seed.assign_coupon(promo, account_id)
    plain_coupon = sandbox.seed.assign_coupon(plain, account_id)

    promo_code = (await api.get(f"/v2/accountcoupons/{promo_coupon}/code")).json()
    plain_code = (await api.get(f"/v1/accountcoupons/{plain_coupon}/code")).json()
    again = (await api.get(f"/accountcoupons/{plain_coupon}/code")).json()
    redeemed = await api.send("PUT", f"/accountcoupons/{plain_coupon}", json={})
    read = (await api.get(f"/v2/accountcoupons/{plain_coupon}")).json()

    assert promo_code == {"code": "SPRING"}
    assert plain_code == again and len(plain_code["code"]) == 12
    assert redeemed.json()["redeemCount"] == 1
    assert read["redeemCount"] == 1


# ---------------------------------------------------------------------- users


async def test_user_custom_properties_one_by_one(api: Api, sandbox: Sandbox) -> None:
    user_id = sandbox.seed.user("ada@example.com")
    path = f"/users/{user_id}/customproperties"

    added = await api.post(path, json={"name": "color", "value": "green"})
    taken = await api.post(path, json={"name": "color", "value": "red"})
    changed = await api.send("PUT", f"{path}/color", json={"value": "blue"})
    shown = (await api.get(f"/users/{user_id}")).json()["customProperties"]
    deleted = await api.send("DELETE", f"{path}/color")
    missing = await api.send("DELETE", f"{path}/color")

    assert (added.status, taken.status, taken.code) == (204, 409, "CUSTOM_PROPERTY_ALREADY_EXISTS")
    assert changed.status == 204
    assert shown == [{"name": "color", "value": "blue"}]
    assert (deleted.status, missing.status) == (204, 404)


async def test_passwords_are_accepted_and_never_kept(api: Api, sandbox: Sandbox) -> None:
    user_id = sandbox.seed.user("ada@example.com")

    changed = await api.send("PATCH", f"/users/{user_id}/password", json={"password": "N3w!"})
    empty = await api.send("PATCH", f"/users/{user_id}/password", json={})
    reset = await api.post("/users/passwordreset", json={"emailAddress": "who@example.com"})
    registration = (await api.get(f"/users/{user_id}/registration")).json()
    stored = sandbox.core.db.conn.execute("SELECT body FROM resources").fetchall()

    assert (changed.status, empty.status, reset.status) == (204, 400, 204)
    assert registration["emailAddress"] == "ada@example.com"
    assert not any("N3w!" in row[0] for row in stored)


# ---------------------------------------------------------------------- reports


async def test_partner_and_store_reports_show_every_program_s_records(api: Api) -> None:
    for program in ("P-1", "P-2"):
        await api.post(f"/programs/{program}/partners", json={"name": f"Shop {program}"})

    listed = (await api.get("/reports/v3/partner")).json()
    exported = (await api.get("/reports/v3/partner/export")).body.decode()
    empty = await api.get("/reports/v3/segment")
    empty_export = await api.get("/reports/v3/account-snapshot/export")

    assert [p["name"] for p in listed] == ["Shop P-1", "Shop P-2"]
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [(r["programId"], r["name"]) for r in rows] == [("P-1", "Shop P-1"), ("P-2", "Shop P-2")]
    assert empty.json() == []
    assert (empty_export.status, empty_export.body) == (200, b"")
