"""Points: the earn rule, bookings, balances and earn/burn transactions.

The balance is kept on the account row and changed in the same transaction as the
booking that moves it, so reading a balance never sums bookings. Available points are
``points``; points booked ``locked`` sit in ``locked_points`` and cannot be spent.
"""

from __future__ import annotations

import math
import sqlite3
from decimal import Decimal
from typing import Any

import attrs

from loyalty_async.convercus.validation import CURRENCY_CODES
from loyalty_async.sandbox import values
from loyalty_async.sandbox.db import Database, new_id
from loyalty_async.sandbox.problems import Problem, invalid, not_found

EARN = "EARNBOOKING"
BURN = "BURNBOOKING"
BOOKING_TYPES = (EARN, BURN)

EARN_TRANSACTION = "EARNTRANSACTION"
PAY_WITH_POINTS = "PAYWITHPOINTS"
#: Accepted transaction types; ``PAYWITHPOINTSTRANSACTION`` is another spelling of the burn.
TRANSACTION_TYPES = {
    EARN_TRANSACTION: EARN_TRANSACTION,
    PAY_WITH_POINTS: PAY_WITH_POINTS,
    "PAYWITHPOINTSTRANSACTION": PAY_WITH_POINTS,
}


def _positive_decimal(
    instance: object, attribute: attrs.Attribute[Decimal], value: Decimal
) -> None:
    if not value.is_finite() or value <= 0:
        raise ValueError(f"{attribute.name} must be a number > 0, got {value}")


@attrs.frozen
class EarnRule:
    """How receipts turn into points.

    An ``EARNTRANSACTION`` earns ``amount * points_per_unit`` points, rounded down. A
    ``PAYWITHPOINTS`` of ``amount`` costs ``amount / point_value`` points, rounded up (the
    member never pays less than the amount is worth). ``point_value`` also prices the
    balance in ``GET …/balance/EUR``.
    """

    points_per_unit: Decimal = attrs.field(
        default=Decimal(1), converter=Decimal, validator=_positive_decimal
    )
    point_value: Decimal = attrs.field(
        default=Decimal("0.01"), converter=Decimal, validator=_positive_decimal
    )
    currency: str = "EUR"

    def earned(self, amount: Decimal) -> int:
        """Points earned on a receipt of ``amount``."""
        return math.floor(amount * self.points_per_unit)

    def cost(self, amount: Decimal) -> int:
        """Points a payment of ``amount`` takes."""
        return math.ceil(amount / self.point_value)


def require_active(account: sqlite3.Row) -> None:
    """Refuse earning, burning and redeeming on an account that is not ``ACTIVE``."""
    if account["status"] != "ACTIVE":
        raise Problem(
            400, "ACCOUNT_LOCKED", f"account {account['id']} is {account['status']}, not ACTIVE"
        )


def balance_json(account: sqlite3.Row) -> dict[str, Any]:
    """``{points, lockedPoints}`` of an account row."""
    return {"points": account["points"], "lockedPoints": account["locked_points"]}


def booking_json(row: sqlite3.Row) -> dict[str, Any]:
    """A booking as the API shows it."""
    partner = {"partnerId": row["partner_id"], "name": None} if row["partner_id"] else None
    store = {"storeId": row["store_id"], "name": None} if row["store_id"] else None
    return {
        "bookingId": row["id"],
        "bookingTime": row["booking_time"],
        "valueTime": row["value_time"],
        "bookingType": row["booking_type"],
        "bookingTypeCode": row["booking_type_code"],
        "points": row["points"],
        "reason": row["reason"],
        "referenceId": row["reference_id"],
        "interactionId": row["interaction_id"],
        "locked": bool(row["locked"]),
        "partner": partner,
        "store": store,
    }


def transaction_json(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    """A transaction as the API answers it (see CONTRACT: Transactions)."""
    return {
        "transactionId": row["id"],
        "externalId": row["external_id"],
        "accountId": row["account_id"],
        "transactionType": row["transaction_type"],
        "amount": Decimal(row["amount"]),
        "currencyCode": row["currency_code"],
        "points": row["points"],
        "transactionTime": row["transaction_time"],
    }


@attrs.frozen
class _Receipt:
    transaction_type: str
    amount: Decimal
    currency_code: str
    external_id: str | None
    transaction_time: str | None
    value_time: str | None
    reason: str | None


def _read_receipt(body: values.Body, rule: EarnRule) -> _Receipt:
    kind = values.need_text(body, "transactionType")
    if kind not in TRANSACTION_TYPES:
        raise invalid(
            f"transactionType must be {EARN_TRANSACTION} or {PAY_WITH_POINTS}; got {kind!r}",
            "transactionType",
        )
    total = values.amount(body, "amount", required=True)
    assert total is not None  # required=True raised otherwise
    currency = values.text(body, "currencyCode") or rule.currency
    if currency not in CURRENCY_CODES:
        raise invalid(f"currencyCode must be an ISO 4217 code, got {currency!r}", "currencyCode")
    external_id = values.text(body, "externalId")
    if external_id is not None and not external_id.strip():
        raise invalid("externalId must not be blank", "externalId")
    _check_items(body, total)
    link = body.get("linkedTransaction")
    if link is not None:
        values.as_object(link, "linkedTransaction")
    return _Receipt(
        transaction_type=TRANSACTION_TYPES[kind],
        amount=total,
        currency_code=currency,
        external_id=external_id,
        transaction_time=values.timestamp(body, "transactionTime"),
        value_time=values.timestamp(body, "valueTime"),
        reason=values.text(body, "reason"),
    )


def _check_items(body: values.Body, total: Decimal) -> None:
    """Line and tender items must be well formed; line items must add up to ``amount``."""
    for field in ("lineItems", "tenderItems"):
        items = body.get(field)
        if items is not None and not isinstance(items, list):
            raise invalid(f"{field} must be an array", field)
    lines = body.get("lineItems") or []
    extended: list[Decimal] = []
    for index, item in enumerate(lines):
        entry = values.as_object(item, f"lineItems[{index}]")
        if entry.get("extendedAmount") is not None:
            extended.append(
                values.signed_amount(entry["extendedAmount"], f"lineItems[{index}].extendedAmount")
            )
    if lines and len(extended) == len(lines) and sum(extended, Decimal(0)) != total:
        raise invalid(
            f"amount {total} must equal the sum of lineItems[].extendedAmount "
            f"({sum(extended, Decimal(0))})",
            "amount",
            "lineItems",
        )
    for index, item in enumerate(body.get("tenderItems") or []):
        entry = values.as_object(item, f"tenderItems[{index}]")
        if entry.get("amount") is not None:
            values.signed_amount(entry["amount"], f"tenderItems[{index}].amount")


class Ledger:
    """Bookings, balances and transactions on top of the database."""

    def __init__(self, db: Database, rule: EarnRule) -> None:
        self.db = db
        self.rule = rule

    # ------------------------------------------------------------------ bookings

    def book(
        self,
        account_id: str,
        booking_type: str,
        points: int,
        *,
        code: str | None = None,
        reason: str | None = None,
        reference_id: str | None = None,
        interaction_id: str | None = None,
        partner_id: str | None = None,
        store_id: str | None = None,
        locked: bool = False,
        value_time: str | None = None,
    ) -> str:
        """Book ``points`` and move the balance; a burn over the balance is refused."""
        column = "locked_points" if locked else "points"
        with self.db.write():
            if booking_type == EARN:
                # A balance is a 64-bit number: a credit that would pass it is refused.
                cursor = self.db.conn.execute(
                    f"UPDATE accounts SET {column} = {column} + ?, "
                    "status_points = status_points + ? WHERE id = ? "
                    f"AND {column} <= ? - ? AND status_points <= ? - ?",
                    (
                        points,
                        0 if locked else points,
                        account_id,
                        values.MAX_INTEGER,
                        points,
                        values.MAX_INTEGER,
                        0 if locked else points,
                    ),
                )
                if cursor.rowcount == 0:
                    raise invalid(
                        f"{points} more points would pass the largest balance an account can hold",
                        "points",
                    )
            else:
                cursor = self.db.conn.execute(
                    f"UPDATE accounts SET {column} = {column} - ? WHERE id = ? AND {column} >= ?",
                    (points, account_id, points),
                )
                if cursor.rowcount == 0:
                    raise Problem(
                        400,
                        "INSUFFICIENT_POINTS",
                        f"account {account_id} has fewer than {points} points available",
                    )
            booking_id = new_id()
            now = self.db.now()
            self.db.conn.execute(
                "INSERT INTO bookings (id, account_id, booking_time, value_time, booking_type, "
                "booking_type_code, points, reason, reference_id, interaction_id, locked, "
                "partner_id, store_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    booking_id,
                    account_id,
                    now,
                    value_time or now,
                    booking_type,
                    code,
                    points,
                    reason,
                    reference_id,
                    interaction_id,
                    int(locked),
                    partner_id,
                    store_id,
                ),
            )
            self.db.wrote("bookings")
        return booking_id

    def book_from_body(self, account: sqlite3.Row, body: values.Body, interaction_id: str) -> str:
        """``POST …/bookings``: check the body, then book."""
        require_active(account)
        booking_type = values.choice(body, "bookingType", BOOKING_TYPES, required=True)
        points = values.integer(body, "points", required=True, minimum=1)
        assert booking_type is not None and points is not None  # required=True raised otherwise
        return self.book(
            account["id"],
            booking_type,
            points,
            code=values.text(body, "bookingTypeCode"),
            reason=values.text(body, "reason"),
            reference_id=values.text(body, "referenceId"),
            interaction_id=interaction_id,
            partner_id=values.text(body, "partnerId"),
            store_id=values.text(body, "storeId"),
            value_time=values.timestamp(body, "valueTime"),
        )

    def bookings(self, account_id: str, page: int | None, size: int | None) -> list[Any]:
        """The account's bookings, newest first (one page when ``size`` is given)."""
        sql = "SELECT * FROM bookings WHERE account_id = ? ORDER BY seq DESC"
        params: tuple[Any, ...] = (account_id,)
        if size is not None:
            sql += " LIMIT ? OFFSET ?"
            params += (size, (page or 0) * size)
        return [booking_json(row) for row in self.db.conn.execute(sql, params)]

    def zero(self, account_id: str, reason: str, interaction_id: str | None) -> None:
        """Take every point (available and locked) off an account with burn bookings."""
        row = self.db.one("SELECT points, locked_points FROM accounts WHERE id = ?", (account_id,))
        if row is None:
            raise not_found("ACCOUNT_NOT_FOUND", f"no account {account_id}")
        with self.db.write():
            for points, locked in ((row["points"], False), (row["locked_points"], True)):
                if points > 0:
                    self.book(
                        account_id,
                        BURN,
                        points,
                        code="RESET",
                        reason=reason,
                        interaction_id=interaction_id,
                        locked=locked,
                    )

    # ------------------------------------------------------------------ transactions

    def transact(
        self,
        account: sqlite3.Row | None,
        body: values.Body,
        *,
        interaction_id: str,
        preview: bool = False,
    ) -> tuple[bool, dict[str, Any]]:
        """Book (or preview) a receipt; return ``(created, transaction)``.

        A receipt whose ``externalId`` is already known is not booked again: the existing
        transaction comes back with ``created`` false.
        """
        receipt = _read_receipt(body, self.rule)
        if account is None and receipt.transaction_type == PAY_WITH_POINTS:
            raise invalid("PAYWITHPOINTS needs an account", "transactionType")
        with self.db.write():
            if not preview and receipt.external_id is not None:
                existing = self.db.one(
                    "SELECT * FROM transactions WHERE external_id = ?", (receipt.external_id,)
                )
                if existing is not None:
                    return False, transaction_json(existing)
            if account is not None:
                require_active(account)
            points = 0
            if account is not None:
                if receipt.transaction_type == EARN_TRANSACTION:
                    points = self.rule.earned(receipt.amount)
                else:
                    points = self.rule.cost(receipt.amount)
                if points > values.MAX_INTEGER:
                    raise invalid(
                        f"amount {receipt.amount} is worth more points than a balance holds",
                        "amount",
                    )
            record: dict[str, Any] = {
                "id": None if preview else new_id(),
                "external_id": receipt.external_id,
                "account_id": None if account is None else account["id"],
                "transaction_type": receipt.transaction_type,
                "amount": str(receipt.amount),
                "currency_code": receipt.currency_code,
                "points": points,
                "transaction_time": receipt.transaction_time or self.db.now(),
            }
            if preview:
                burns = receipt.transaction_type == PAY_WITH_POINTS
                if account is not None and burns and account["points"] < points:
                    raise Problem(
                        400,
                        "INSUFFICIENT_POINTS",
                        f"account {account['id']} has {account['points']} points; "
                        f"paying {receipt.amount} takes {points}",
                    )
                return True, transaction_json(record)
            self.db.conn.execute(
                "INSERT INTO transactions (id, external_id, account_id, transaction_type, amount, "
                "currency_code, points, transaction_time, value_time, interaction_id, reason, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record["id"],
                    record["external_id"],
                    record["account_id"],
                    record["transaction_type"],
                    record["amount"],
                    record["currency_code"],
                    points,
                    record["transaction_time"],
                    receipt.value_time,
                    interaction_id,
                    receipt.reason,
                    self.db.now(),
                ),
            )
            self.db.wrote("transactions")
            if account is not None and points > 0:
                earn = receipt.transaction_type == EARN_TRANSACTION
                self.book(
                    account["id"],
                    EARN if earn else BURN,
                    points,
                    code="TRX",
                    reason=receipt.reason,
                    reference_id=record["id"],
                    interaction_id=interaction_id,
                    value_time=receipt.value_time,
                )
        return True, transaction_json(record)

    def transaction(self, transaction_id: str) -> dict[str, Any]:
        """One transaction by its id."""
        row = self.db.one("SELECT * FROM transactions WHERE id = ?", (transaction_id,))
        if row is None:
            raise not_found("TRANSACTION_NOT_FOUND", f"no transaction {transaction_id}")
        return transaction_json(row)

    def transactions(self, account_id: str | None, page: int, size: int) -> list[dict[str, Any]]:
        """One page of the account's transactions (all of them without an account), newest first."""
        params: tuple[str, ...] = ()
        sql = "SELECT * FROM transactions"
        if account_id is not None:
            sql, params = "SELECT * FROM transactions WHERE account_id = ?", (account_id,)
        rows = self.db.conn.execute(
            f"{sql} ORDER BY seq DESC LIMIT ? OFFSET ?", (*params, size, page * size)
        )
        return [transaction_json(row) for row in rows]
