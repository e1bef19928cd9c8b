"""Reports v3: the same rows as a paged JSON list and as a streamed CSV export.

Exports walk a table by its integer key in fixed-size batches (``WHERE seq > ? ORDER BY
seq LIMIT ?``): each batch is one short indexed query, so an export of a million rows
holds one batch in memory at a time and never keeps a cursor open while it waits on the
network. Rows committed while an export runs may appear in it if they sort after the
rows already sent.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

#: How a column's value is shown: as stored, a JSON boolean, or an exact JSON number.
TEXT, BOOL, NUMBER = "text", "bool", "number"


@attrs.frozen
class Column:
    """One report column: its name in the header and JSON, and the SQL that reads it."""

    name: str
    sql: str
    kind: str = TEXT


@attrs.frozen
class Report:
    """A report over one table."""

    table: str
    columns: tuple[Column, ...]
    where: str = ""

    def _select(self) -> str:
        exprs = ", ".join(column.sql for column in self.columns)
        where = f" AND {self.where}" if self.where else ""
        return f"SELECT seq, {exprs} FROM {self.table} WHERE seq > ?{where} ORDER BY seq"

    def header(self) -> list[str]:
        """The CSV header row."""
        return [column.name for column in self.columns]

    def batches(self, conn: sqlite3.Connection, size: int) -> Iterator[list[sqlite3.Row]]:
        """Every row, ``size`` at a time; each batch is a fresh query after the last key."""
        sql = f"{self._select()} LIMIT ?"
        last = 0
        while True:
            rows = conn.execute(sql, (last, size)).fetchall()
            if not rows:
                return
            yield rows
            if len(rows) < size:
                return
            last = rows[-1]["seq"]

    def page(self, conn: sqlite3.Connection, page: int, size: int) -> list[dict[str, Any]]:
        """One page of the JSON list."""
        rows = conn.execute(f"{self._select()} LIMIT ? OFFSET ?", (0, size, page * size))
        return [self.as_json(row) for row in rows]

    def as_json(self, row: sqlite3.Row) -> dict[str, Any]:
        """A row as a JSON object."""
        data: dict[str, Any] = {}
        for index, column in enumerate(self.columns, start=1):
            value = row[index]
            if value is not None and column.kind == BOOL:
                value = bool(value)
            elif value is not None and column.kind == NUMBER:
                value = Decimal(value)
            data[column.name] = value
        return data

    def csv_chunk(self, rows: Sequence[sqlite3.Row], header: bool = False) -> bytes:
        """Rows as CSV text (with the header row first if asked), UTF-8 encoded."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if header:
            writer.writerow(self.header())
        for row in rows:
            writer.writerow(_csv_value(row[i], c.kind) for i, c in enumerate(self.columns, 1))
        return buffer.getvalue().encode("utf-8")


def _csv_value(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == BOOL:
        return "true" if value else "false"
    return value


def _c(name: str, sql: str, kind: str = TEXT) -> Column:
    return Column(name, sql, kind)


#: Report name in the operation table (``reports.<name>.list``; the SDK's ``Report`` values)
#: → the rows it shows.
REPORTS: dict[str, Report] = {
    "transaction": Report(
        "transactions",
        (
            _c("transactionId", "id"),
            _c("externalId", "external_id"),
            _c("accountId", "account_id"),
            _c("transactionType", "transaction_type"),
            _c("amount", "amount", NUMBER),
            _c("currencyCode", "currency_code"),
            _c("points", "points"),
            _c("transactionTime", "transaction_time"),
            _c("interactionId", "interaction_id"),
            _c("createdAt", "created_at"),
        ),
    ),
    "account_booking": Report(
        "bookings",
        (
            _c("bookingId", "id"),
            _c("accountId", "account_id"),
            _c("bookingTime", "booking_time"),
            _c("valueTime", "value_time"),
            _c("bookingType", "booking_type"),
            _c("bookingTypeCode", "booking_type_code"),
            _c("points", "points"),
            _c("reason", "reason"),
            _c("referenceId", "reference_id"),
            _c("interactionId", "interaction_id"),
            _c("locked", "locked", BOOL),
            _c("partnerId", "partner_id"),
            _c("storeId", "store_id"),
        ),
    ),
    "account": Report(
        "accounts",
        (
            _c("accountId", "id"),
            _c("program", "program"),
            _c("status", "status"),
            _c("createdAt", "created_at"),
        ),
        where="deleted_at IS NULL",
    ),
    "account_balance": Report(
        "accounts",
        (
            _c("accountId", "id"),
            _c("points", "points"),
            _c("lockedPoints", "locked_points"),
            _c("statusPoints", "status_points"),
        ),
        where="deleted_at IS NULL",
    ),
    "user": Report(
        "users",
        (
            _c("userId", "id"),
            _c("emailAddress", "email_address"),
            _c("givenName", "given_name"),
            _c("familyName", "family_name"),
            _c("streetHouseNo", "street_house_no"),
            _c("zipCode", "zip_code"),
            _c("city", "city"),
            _c("countryCode", "country_code"),
            _c("genderCode", "gender_code"),
            _c("birthDate", "birth_date"),
            _c("phone", "phone"),
            _c("status", "status"),
            _c("createdAt", "created_at"),
            _c("updatedAt", "updated_at"),
        ),
    ),
    "membership": Report(
        "memberships",
        (
            _c("membershipId", "id"),
            _c("accountId", "account_id"),
            _c("userId", "user_id"),
            _c("memberRole", "member_role"),
            _c("partnerId", "partner_id"),
            _c("createdAt", "created_at"),
            _c("terminated", "terminated"),
        ),
    ),
    "account_identifier": Report(
        "identifiers",
        (
            _c("identifierId", "id"),
            _c("accountId", "account_id"),
            _c("type", "type"),
            _c("code", "code"),
            _c("displayCode", "display_code"),
            _c("status", "status"),
        ),
    ),
    "coupon": Report(
        "coupons",
        (
            _c("couponId", "id"),
            _c("title", "title"),
            _c("externalReference", "external_reference"),
            _c("usageType", "usage_type"),
            _c("status", "status"),
            _c("points", "points"),
            _c("maxRedeemCount", "max_redeem_count"),
            _c("maxRedeemCountGlobal", "max_redeem_count_global"),
            _c("redeemCountGlobal", "redeem_count_global"),
            _c("validFrom", "valid_from"),
            _c("validTo", "valid_to"),
            _c("promoCode", "promo_code"),
        ),
    ),
    "account_coupon": Report(
        "account_coupons",
        (
            _c("accountCouponId", "id"),
            _c("couponId", "coupon_id"),
            _c("accountId", "account_id"),
            _c("redeemCount", "redeem_count"),
            _c("validFrom", "valid_from"),
            _c("validTo", "valid_to"),
            _c("createdAt", "created_at"),
        ),
    ),
    "coupon_redemption": Report(
        "redemptions",
        (
            _c("redemptionId", "id"),
            _c("accountCouponId", "account_coupon_id"),
            _c("couponId", "coupon_id"),
            _c("accountId", "account_id"),
            _c("redeemedAt", "redeemed_at"),
            _c("cancelledAt", "cancelled_at"),
            _c("transactionExternalId", "transaction_external_id"),
            _c("amount", "amount", NUMBER),
            _c("points", "points"),
        ),
    ),
}


def operation_names(report: str) -> tuple[str, str]:
    """The export and list operations of a report: ``reports.<name>.export`` and ``.list``."""
    return f"reports.{report}.export", f"reports.{report}.list"
