"""Redeeming account coupons and promo codes, every limit enforced, and cancelling."""

from __future__ import annotations

import sqlite3
from typing import Any

from loyalty_async.convercus.errors import CouponConditionCode, CouponErrorCode
from loyalty_async.sandbox import values
from loyalty_async.sandbox.coupons import (
    ACCOUNT_COUPON_SQL,
    BY_ID,
    REWARD,
    Coupons,
    CouponStatus,
    account_limit,
    redeem_id_type,
)
from loyalty_async.sandbox.db import Database, new_id
from loyalty_async.sandbox.ledger import BURN, CODE_COUPON, EARN, Ledger, require_active
from loyalty_async.sandbox.problems import Problem, SandboxCode, invalid, not_found


def redemption_json(row: sqlite3.Row) -> dict[str, Any]:
    """A redemption as listed for an account."""
    return {
        "redemptionId": row["id"],
        "accountCouponId": row["account_coupon_id"],
        "couponId": row["coupon_id"],
        "accountId": row["account_id"],
        "redeemedAt": row["redeemed_at"],
        "cancelledAt": row["cancelled_at"],
        "transactionExternalId": row["transaction_external_id"],
        "points": row["points"],
    }


class Redemptions:
    """Redemptions of the coupons :class:`~loyalty_async.sandbox.coupons.Coupons` keeps."""

    def __init__(self, db: Database, ledger: Ledger, coupons: Coupons) -> None:
        self.db = db
        self.ledger = ledger
        self.coupons = coupons

    def redeem(
        self,
        reference: str,
        id_type: str | None,
        body: values.Body,
        *,
        interaction_id: str,
        preview: bool = False,
    ) -> dict[str, Any]:
        """Redeem (or preview redeeming) an account coupon, enforcing every limit."""
        kind = redeem_id_type(id_type)
        account_id = values.text(body, "accountId")
        external_id = values.text(body, "transactionExternalId")
        spent = values.amount(body, "amount")
        with self.db.write():
            row = self._locate(reference, kind, account_id)
            account = self.db.one(
                "SELECT * FROM accounts WHERE id = ? AND deleted_at IS NULL", (row["account_id"],)
            )
            if account is None:
                raise not_found(SandboxCode.ACCOUNT_NOT_FOUND, f"no account {row['account_id']}")
            require_active(account, CouponErrorCode.ACCOUNT_LOCKED)
            if preview and row["usage_type"] != REWARD:
                raise Problem(
                    400,
                    CouponErrorCode.COUPON_PREVIEW_NOT_AVAILABLE,
                    f"a redemption preview is only available for {REWARD} coupons",
                )
            if row["status"] != CouponStatus.ACTIVE.value:
                raise Problem(
                    400, CouponErrorCode.COUPON_NOT_ACTIVATED, f"coupon {row['id']} is not active"
                )
            unmet = self._unmet_conditions(row)
            if unmet:
                raise Problem(
                    400,
                    CouponErrorCode.CONDITION_NOT_FULFILLED,
                    f"the coupon cannot be redeemed now: {', '.join(c.value for c in unmet)}",
                    unmet,
                )
            cost = row["points"] if row["usage_type"] == REWARD else 0
            if cost:
                self.ledger.require_points(row["account_id"], cost)
            result: dict[str, Any] = {
                "accountCouponId": row["ac_id"],
                "accountId": row["account_id"],
                "redeemCount": row["redeem_count"] + 1,
                "points": cost,
            }
            if preview:
                return result
            redemption_id = new_id()
            now = self.db.now()
            self.db.conn.execute(
                "INSERT INTO redemptions (id, account_coupon_id, coupon_id, account_id, "
                "redeemed_at, transaction_external_id, amount, points, interaction_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    redemption_id,
                    row["ac_id"],
                    row["id"],
                    row["account_id"],
                    now,
                    external_id,
                    None if spent is None else str(spent),
                    cost,
                    interaction_id,
                ),
            )
            self._count(row["ac_id"], row["id"], +1)
            if cost:
                self.ledger.book(
                    row["account_id"],
                    BURN,
                    cost,
                    code=CODE_COUPON,
                    reason="coupon redeemed",
                    reference_id=redemption_id,
                    interaction_id=interaction_id,
                )
            self.db.wrote("redemptions")
        return {"redemptionId": redemption_id, "redeemedAt": now, **result}

    def _locate(self, reference: str, kind: str, account_id: str | None) -> sqlite3.Row:
        if kind == BY_ID:
            row = self.coupons.account_coupon_row(reference)
            if account_id is not None and account_id != row["account_id"]:
                raise Problem(
                    400,
                    CouponErrorCode.COUPON_NOT_ASSIGNED_ACCOUNT,
                    f"account coupon {reference} does not belong to account {account_id}",
                )
            return row
        if account_id is None:
            raise invalid("redeeming a promo code needs accountId in the body", "accountId")
        coupon = self.db.one("SELECT id FROM coupons WHERE promo_code = ?", (reference,))
        if coupon is None:
            raise not_found(CouponErrorCode.PROMOCODE_NOT_FOUND, f"no promo code {reference!r}")
        held = self.db.one(
            f"{ACCOUNT_COUPON_SQL} WHERE ac.coupon_id = ? AND ac.account_id = ?",
            (coupon["id"], account_id),
        )
        if held is None:
            raise Problem(
                400,
                CouponErrorCode.COUPON_NOT_ASSIGNED_ACCOUNT,
                f"promo code {reference!r} is not assigned to account {account_id}",
            )
        return held

    def _unmet_conditions(self, row: sqlite3.Row) -> list[CouponConditionCode]:
        now = self.db.now_datetime()
        unmet = []
        valid_from = row["ac_valid_from"] or row["valid_from"]
        valid_to = row["ac_valid_to"] or row["valid_to"]
        if valid_from and now < values.parse_timestamp(valid_from, "validFrom"):
            unmet.append(CouponConditionCode.NOT_YET_REDEEMABLE)
        if valid_to and now > values.parse_timestamp(valid_to, "validTo"):
            unmet.append(CouponConditionCode.NO_LONGER_REDEEMABLE)
        if row["max_redeem_count_global"] is not None and (
            row["redeem_count_global"] >= row["max_redeem_count_global"]
        ):
            unmet.append(CouponConditionCode.NO_MORE_REDEEM_BY_PROGRAM)
        limit = account_limit(row)
        if limit is not None and row["redeem_count"] >= limit:
            unmet.append(CouponConditionCode.NO_MORE_REDEEM_BY_ACCOUNT)
        return unmet

    def _count(self, account_coupon_id: str, coupon_id: str, step: int) -> None:
        self.db.conn.execute(
            "UPDATE account_coupons SET redeem_count = redeem_count + ? WHERE id = ?",
            (step, account_coupon_id),
        )
        self.db.conn.execute(
            "UPDATE coupons SET redeem_count_global = redeem_count_global + ? WHERE id = ?",
            (step, coupon_id),
        )

    def cancel(self, redemption_id: str, interaction_id: str) -> None:
        """Undo a redemption: the counts go down and spent points come back."""
        with self.db.write():
            row = self.db.one(
                "SELECT * FROM redemptions WHERE id = ? AND cancelled_at IS NULL",
                (redemption_id,),
            )
            if row is None:
                raise not_found(
                    SandboxCode.REDEMPTION_NOT_FOUND, f"no open redemption {redemption_id}"
                )
            self.db.conn.execute(
                "UPDATE redemptions SET cancelled_at = ? WHERE id = ?",
                (self.db.now(), redemption_id),
            )
            self._count(row["account_coupon_id"], row["coupon_id"], -1)
            if row["points"]:
                self.ledger.book(
                    row["account_id"],
                    EARN,
                    row["points"],
                    code=CODE_COUPON,
                    reason="coupon redemption cancelled",
                    reference_id=redemption_id,
                    interaction_id=interaction_id,
                )
            self.db.wrote("redemptions")

    def redemptions(self, account_id: str) -> list[dict[str, Any]]:
        """The account's redemptions, newest first."""
        rows = self.db.conn.execute(
            "SELECT * FROM redemptions WHERE account_id = ? ORDER BY seq DESC", (account_id,)
        )
        return [redemption_json(row) for row in rows]
