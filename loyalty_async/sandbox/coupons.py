"""Coupon definitions and their assignment to accounts (redemptions: :mod:`.redemptions`)."""

from __future__ import annotations

import enum
import json
import sqlite3
from typing import Any

from loyalty_async.convercus.enums import CouponIdType, CouponUsageType, UnitType
from loyalty_async.convercus.errors import CouponErrorCode
from loyalty_async.sandbox import values
from loyalty_async.sandbox.db import Database, new_id
from loyalty_async.sandbox.ledger import Ledger
from loyalty_async.sandbox.problems import Problem, SandboxCode, conflict, invalid, not_found

INCENTIVE = CouponUsageType.INCENTIVE.value
REWARD = CouponUsageType.REWARD.value
BY_ID = CouponIdType.ID.value
BY_PROMOCODE = CouponIdType.PROMOCODE.value


#: ``pointsOfRedemption[].unitType`` of a coupon redeemable in the whole program.
UNIT_PROGRAM = UnitType.PROGRAM.value


class CouponStatus(str, enum.Enum):
    """Whether a coupon definition can be redeemed (the SDK keeps ``status`` as free text)."""

    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


ACCOUNT_COUPON_SQL = (
    "SELECT ac.id AS ac_id, ac.account_id, ac.redeem_count, ac.valid_from AS ac_valid_from, "
    "ac.valid_to AS ac_valid_to, ac.max_redeem_count AS ac_max_redeem_count, c.* "
    "FROM account_coupons ac JOIN coupons c ON c.id = ac.coupon_id"
)


def coupon_json(row: sqlite3.Row, program: str) -> dict[str, Any]:
    """A coupon definition."""
    return {
        "couponId": row["id"],
        "externalReference": row["external_reference"],
        "i18nFields": json.loads(row["i18n_fields"]),
        "images": [],
        "usageType": row["usage_type"],
        "status": row["status"],
        "points": row["points"],
        "pointsOfRedemption": [{"unitType": UNIT_PROGRAM, "value": program}],
        "maxRedeemCount": row["max_redeem_count"],
        "maxRedeemCountGlobal": row["max_redeem_count_global"],
        "redeemCountGlobal": row["redeem_count_global"],
        "validFrom": row["valid_from"],
        "validTo": row["valid_to"],
        "promoCode": row["promo_code"],
        "customProperties": json.loads(row["custom_properties"]),
    }


def account_coupon_json(row: sqlite3.Row, program: str) -> dict[str, Any]:
    """A coupon as an account holds it (an ``ACCOUNT_COUPON_SQL`` row)."""
    coupon = coupon_json(row, program)
    coupon.pop("couponId")
    return {
        "accountCouponId": row["ac_id"],
        "accountId": row["account_id"],
        "couponId": row["id"],
        **coupon,
        "validFrom": row["ac_valid_from"] or row["valid_from"],
        "validTo": row["ac_valid_to"] or row["valid_to"],
        "maxRedeemCount": account_limit(row),
        "redeemCount": row["redeem_count"],
        "stateLevel": None,
    }


def account_limit(row: sqlite3.Row) -> int | None:
    """How often one account may redeem: its assignment's own limit, else the coupon's."""
    own = row["ac_max_redeem_count"]
    return int(own) if own is not None else row["max_redeem_count"]


class Coupons:
    """Coupon definitions and account coupons."""

    def __init__(self, db: Database, ledger: Ledger, *, program: str) -> None:
        self.db = db
        self.ledger = ledger
        self.program = program

    # ------------------------------------------------------------------ definitions

    def create(self, body: values.Body) -> str:
        """Define a coupon from a camelCase body; return its id."""
        coupon_id = new_id()
        with self.db.write():
            columns = self._definition(body, coupon_id)
            self.db.conn.execute(
                f"INSERT INTO coupons ({', '.join(columns)}, created_at) "
                f"VALUES ({', '.join('?' for _ in columns)}, ?)",
                (*columns.values(), self.db.now()),
            )
            self.db.wrote("coupons")
        return coupon_id

    def replace(self, coupon_id: str, body: values.Body) -> dict[str, Any]:
        """``PUT``: the body becomes the whole definition (its counts are kept)."""
        self.coupon_row(coupon_id)
        with self.db.write():
            columns = self._definition(body, coupon_id)
            assignments = ", ".join(f"{column} = ?" for column in columns)
            self.db.conn.execute(
                f"UPDATE coupons SET {assignments} WHERE id = ?", (*columns.values(), coupon_id)
            )
            self.db.wrote("coupons")
        return self.coupon(coupon_id)

    def set_status(self, coupon_id: str, body: values.Body) -> dict[str, Any]:
        """Activate or deactivate a coupon definition (``{"status"}``)."""
        self.coupon_row(coupon_id)
        status = values.choice(body, "status", CouponStatus, required=True)
        with self.db.write():
            self.db.conn.execute("UPDATE coupons SET status = ? WHERE id = ?", (status, coupon_id))
            self.db.wrote("coupons")
        return self.coupon(coupon_id)

    def delete(self, coupon_id: str) -> None:
        """Delete a definition and its assignments (redemptions stay as history)."""
        self.coupon_row(coupon_id)
        with self.db.write():
            self.db.conn.execute("DELETE FROM account_coupons WHERE coupon_id = ?", (coupon_id,))
            self.db.conn.execute("DELETE FROM coupons WHERE id = ?", (coupon_id,))
            self.db.wrote("coupons")

    def by_external_reference(self, reference: str) -> dict[str, Any]:
        """The coupon with this external reference (``404 COUPON_NOT_FOUND`` if none)."""
        row = self.db.one(
            "SELECT * FROM coupons WHERE external_reference = ? ORDER BY seq", (reference,)
        )
        if row is None:
            raise not_found(
                CouponErrorCode.COUPON_NOT_FOUND, f"no coupon has external reference {reference!r}"
            )
        return coupon_json(row, self.program)

    def _definition(self, body: values.Body, coupon_id: str) -> dict[str, Any]:
        """The columns of a definition read from a body (inside the write that stores it)."""
        i18n = body.get("i18nFields") or {}
        if not isinstance(i18n, dict) or not all(isinstance(v, dict) for v in i18n.values()):
            raise invalid("i18nFields must map a language to an object", "i18nFields")
        titles = (v.get("title") for v in i18n.values())
        title = next((t for t in titles if isinstance(t, str) and t), None)
        custom = values.name_values(body.get("customProperties"), "customProperties")
        valid_from = values.timestamp(body, "validFrom")
        valid_to = values.timestamp(body, "validTo")
        if (
            valid_from
            and valid_to
            and values.parse_timestamp(valid_from, "validFrom")
            > values.parse_timestamp(valid_to, "validTo")
        ):
            raise invalid("validFrom must not be after validTo", "validFrom", "validTo")
        promo_code = values.text(body, "promoCode")
        if promo_code is not None:
            taken = self.db.one(
                "SELECT 1 FROM coupons WHERE promo_code = ? AND id != ?", (promo_code, coupon_id)
            )
            if taken:
                raise conflict(
                    SandboxCode.PROMOCODE_ALREADY_EXISTS, f"promo code {promo_code!r} is in use"
                )
        return {
            "id": coupon_id,
            "title": title,
            "external_reference": values.text(body, "externalReference"),
            "usage_type": values.choice(body, "usageType", CouponUsageType) or INCENTIVE,
            "status": values.choice(body, "status", CouponStatus) or CouponStatus.ACTIVE.value,
            "points": values.integer(body, "points", minimum=0) or 0,
            "max_redeem_count": values.integer(body, "maxRedeemCount", minimum=1),
            "max_redeem_count_global": values.integer(body, "maxRedeemCountGlobal", minimum=1),
            "valid_from": valid_from,
            "valid_to": valid_to,
            "promo_code": promo_code,
            "i18n_fields": json.dumps(i18n),
            "custom_properties": json.dumps(custom),
        }

    def coupon_row(self, coupon_id: str) -> sqlite3.Row:
        """A definition's row (``404 COUPON_NOT_FOUND`` if unknown)."""
        row = self.db.one("SELECT * FROM coupons WHERE id = ?", (coupon_id,))
        if row is None:
            raise not_found(CouponErrorCode.COUPON_NOT_FOUND, f"no coupon {coupon_id}")
        return row

    def coupon(self, coupon_id: str) -> dict[str, Any]:
        """One coupon definition."""
        return coupon_json(self.coupon_row(coupon_id), self.program)

    def coupons(self, page: int, size: int) -> list[dict[str, Any]]:
        """One page of coupon definitions, oldest first."""
        rows = self.db.conn.execute(
            "SELECT * FROM coupons ORDER BY seq LIMIT ? OFFSET ?", (size, page * size)
        )
        return [coupon_json(row, self.program) for row in rows]

    # ------------------------------------------------------------------ assignment

    def assign(self, coupon_id: str, account: sqlite3.Row, body: values.Body) -> str:
        """Give the coupon to an account; return the account coupon id."""
        self.coupon_row(coupon_id)
        valid_from = values.timestamp(body, "validFrom")
        valid_to = values.timestamp(body, "validTo")
        with self.db.write():
            taken = self.db.one(
                "SELECT 1 FROM account_coupons WHERE coupon_id = ? AND account_id = ?",
                (coupon_id, account["id"]),
            )
            if taken:
                raise conflict(
                    SandboxCode.COUPON_ALREADY_ASSIGNED,
                    f"coupon {coupon_id} is already assigned to account {account['id']}",
                )
            account_coupon_id = new_id()
            self.db.conn.execute(
                "INSERT INTO account_coupons (id, coupon_id, account_id, valid_from, valid_to, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (account_coupon_id, coupon_id, account["id"], valid_from, valid_to, self.db.now()),
            )
            self.db.wrote("account_coupons")
        return account_coupon_id

    def unassign(self, coupon_id: str, account_id: str) -> None:
        """Take the coupon from an account (``404 ASSIGNMENT_NOT_FOUND`` if it has none)."""
        self.assignment(coupon_id, account_id)
        with self.db.write():
            self.db.conn.execute(
                "DELETE FROM account_coupons WHERE coupon_id = ? AND account_id = ?",
                (coupon_id, account_id),
            )
            self.db.wrote("account_coupons")

    def find_assignment(self, coupon_id: str, account_id: str) -> bool:
        """Whether the account holds the coupon."""
        row = self.db.one(
            "SELECT 1 FROM account_coupons WHERE coupon_id = ? AND account_id = ?",
            (coupon_id, account_id),
        )
        return row is not None

    def count_assigned(self, coupon_ids: list[str]) -> int:
        """How many accounts hold any of the coupons (each known coupon is checked)."""
        for coupon_id in coupon_ids:
            self.coupon_row(coupon_id)
        marks = ", ".join("?" for _ in coupon_ids)
        row = self.db.one(
            f"SELECT COUNT(DISTINCT account_id) FROM account_coupons WHERE coupon_id IN ({marks})",
            coupon_ids,
        )
        return int(row[0]) if row is not None else 0

    def limit_assignment(
        self, coupon_id: str, account_id: str, body: values.Body
    ) -> dict[str, Any]:
        """Set how often this account may redeem the coupon (``{"maxRedeemCount"}``)."""
        self.assignment(coupon_id, account_id)
        limit = values.integer(body, "maxRedeemCount", required=True, minimum=1)
        with self.db.write():
            self.db.conn.execute(
                "UPDATE account_coupons SET max_redeem_count = ? "
                "WHERE coupon_id = ? AND account_id = ?",
                (limit, coupon_id, account_id),
            )
            self.db.wrote("account_coupons")
        return self.assignment(coupon_id, account_id)

    def assigned_accounts(self, coupon_id: str) -> list[dict[str, Any]]:
        """The accounts holding the coupon."""
        self.coupon_row(coupon_id)
        rows = self.db.conn.execute(
            f"{ACCOUNT_COUPON_SQL} WHERE ac.coupon_id = ? ORDER BY ac.seq", (coupon_id,)
        )
        return [account_coupon_json(row, self.program) for row in rows]

    def assignment(self, coupon_id: str, account_id: str) -> dict[str, Any]:
        """One account's assignation to the coupon (``404 ASSIGNMENT_NOT_FOUND`` if none)."""
        self.coupon_row(coupon_id)
        row = self.db.one(
            f"{ACCOUNT_COUPON_SQL} WHERE ac.coupon_id = ? AND ac.account_id = ?",
            (coupon_id, account_id),
        )
        if row is None:
            raise not_found(
                SandboxCode.ASSIGNMENT_NOT_FOUND,
                f"coupon {coupon_id} is not assigned to {account_id}",
            )
        return account_coupon_json(row, self.program)

    def for_account(self, account_id: str) -> list[dict[str, Any]]:
        """The coupons an account holds."""
        rows = self.db.conn.execute(
            f"{ACCOUNT_COUPON_SQL} WHERE ac.account_id = ? ORDER BY ac.seq", (account_id,)
        )
        return [account_coupon_json(row, self.program) for row in rows]

    def account_coupon(self, reference: str, id_type: str | None) -> dict[str, Any]:
        """An account coupon by id, or (``PROMOCODE``) the coupon a promo code stands for."""
        kind = redeem_id_type(id_type)
        if kind == BY_PROMOCODE:
            row = self.db.one("SELECT * FROM coupons WHERE promo_code = ?", (reference,))
            if row is None:
                raise not_found(CouponErrorCode.PROMOCODE_NOT_FOUND, f"no promo code {reference!r}")
            return coupon_json(row, self.program)
        return account_coupon_json(self.account_coupon_row(reference), self.program)

    def code_of(self, account_coupon_id: str) -> str:
        """The code a member shows for an account coupon.

        The coupon's promo code, or one made from the account coupon's id (the same each time).
        """
        row = self.account_coupon_row(account_coupon_id)
        if row["promo_code"]:
            return str(row["promo_code"])
        return str(row["ac_id"]).replace("-", "")[:12].upper()

    def account_coupon_row(self, account_coupon_id: str) -> sqlite3.Row:
        """An account coupon's row joined with its definition (``404`` if unknown)."""
        row = self.db.one(f"{ACCOUNT_COUPON_SQL} WHERE ac.id = ?", (account_coupon_id,))
        if row is None:
            raise not_found(
                CouponErrorCode.COUPON_NOT_FOUND, f"no account coupon {account_coupon_id}"
            )
        return row


def redeem_id_type(id_type: str | None) -> str:
    """The ``id-type`` of an account-coupon route: ``ID`` (also when absent) or ``PROMOCODE``."""
    kind = BY_ID if id_type is None else id_type
    allowed = [member.value for member in CouponIdType]
    if kind not in allowed:
        raise Problem(
            400,
            SandboxCode.INVALID_ID_TYPE,
            f"id-type must be {' or '.join(allowed)} here; got {id_type!r}",
        )
    return kind
