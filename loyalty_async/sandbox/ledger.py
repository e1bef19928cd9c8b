"""Points: the earn rule, bookings, balances and earn/burn transactions.

The balance is kept on the account row and changed in the same transaction as the
booking that moves it, so reading a balance never sums bookings. Available points are
``points``; points booked ``locked`` sit in ``locked_points`` and cannot be spent.

Every change of a balance goes through :meth:`Ledger.move`, and every refusal of a debit
comes from :meth:`Ledger.require_points` (the one debit rule): bookings, receipts, coupon
redemptions, their previews and the bulk seeds all use it.
"""

from __future__ import annotations

import enum
import sqlite3
from decimal import Decimal
from typing import Any

from loyalty_async.convercus.enums import AccountStatus, BookingType
from loyalty_async.convercus.errors import TransactionErrorCode
from loyalty_async.sandbox import values
from loyalty_async.sandbox.db import Database, new_id
from loyalty_async.sandbox.problems import Problem, SandboxCode, invalid, not_found
from loyalty_async.sandbox.receipts import (
    EARN_TRANSACTION,
    PAY_WITH_POINTS,
    EarnRule,
    read_receipt,
)

EARN = BookingType.EARNBOOKING.value
BURN = BookingType.BURNBOOKING.value

#: Booking codes the sandbox writes (``bookingTypeCode``): receipts, coupons, seeds, resets.
CODE_TRANSACTION = "TRX"
CODE_COUPON = "COU"
CODE_SEED = "SEED"
CODE_RESET = "RESET"
CODE_MERGE = "MERGE"
CODE_LEVEL = "LEVEL"


def require_active(
    account: sqlite3.Row, code: enum.Enum = TransactionErrorCode.ACCOUNT_LOCKED
) -> None:
    """Refuse earning, burning and redeeming on an account that is not ``ACTIVE``.

    ``code`` is the ``ACCOUNT_LOCKED`` of the domain that refuses (transactions, coupons).
    """
    if account["status"] != AccountStatus.ACTIVE.value:
        raise Problem(
            400,
            code,
            f"account {account['id']} is {account['status']}, not {AccountStatus.ACTIVE.value}",
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
        """Book ``points`` and move the balance (see :meth:`move`)."""
        with self.db.write():
            self.move(account_id, points if booking_type == EARN else -points, locked=locked)
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

    # ------------------------------------------------------------------ balances

    def require_points(self, account_id: str, points: int, *, locked: bool = False) -> None:
        """The debit rule: ``points`` may be taken only if the account holds that many.

        Available and locked points are separate balances: locked points cannot pay for
        anything, and only a reset takes them. ``400 INSUFFICIENT_POINTS`` otherwise.
        """
        held = self._held(account_id, locked)
        if held < points:
            kind = "locked" if locked else "available"
            raise Problem(
                400,
                TransactionErrorCode.INSUFFICIENT_POINTS,
                f"account {account_id} has fewer than {points} points {kind} (it has {held})",
            )

    def move(self, account_id: str, delta: int, *, locked: bool = False) -> None:
        """Change a balance by ``delta`` points (negative: a debit), in one write.

        A debit follows :meth:`require_points`. A credit that would take the balance past
        a 64-bit number is refused (``400 VALIDATION_ERROR``); credits of available
        points also count as status points.
        """
        column = "locked_points" if locked else "points"
        with self.db.write():
            if delta < 0:
                self.require_points(account_id, -delta, locked=locked)
            elif self._held(account_id, locked) > values.MAX_INTEGER - delta:
                raise invalid(
                    f"{delta} more points would pass the largest balance an account can hold",
                    "points",
                )
            status = 0 if locked or delta < 0 else delta
            self.db.conn.execute(
                f"UPDATE accounts SET {column} = {column} + ?, "
                "status_points = MIN(status_points + ?, ?) WHERE id = ?",
                (delta, status, values.MAX_INTEGER, account_id),
            )

    def move_status(self, account_id: str, delta: int) -> int:
        """Change an account's status points (a level booking); they never go below 0.

        Returns the status points after the change.
        """
        with self.db.write():
            row = self.db.one("SELECT status_points FROM accounts WHERE id = ?", (account_id,))
            if row is None:
                raise not_found(SandboxCode.ACCOUNT_NOT_FOUND, f"no account {account_id}")
            after = row["status_points"] + delta
            if after < 0:
                raise Problem(
                    400,
                    TransactionErrorCode.INSUFFICIENT_POINTS,
                    f"account {account_id} has fewer than {-delta} status points "
                    f"(it has {row['status_points']})",
                )
            if after > values.MAX_INTEGER:
                raise invalid(f"{delta} more status points would pass the largest count", "points")
            self.db.conn.execute(
                "UPDATE accounts SET status_points = ? WHERE id = ?", (after, account_id)
            )
        return int(after)

    def _held(self, account_id: str, locked: bool) -> int:
        row = self.db.one("SELECT points, locked_points FROM accounts WHERE id = ?", (account_id,))
        if row is None:
            raise not_found(SandboxCode.ACCOUNT_NOT_FOUND, f"no account {account_id}")
        return int(row["locked_points" if locked else "points"])

    def book_from_body(self, account: sqlite3.Row, body: values.Body, interaction_id: str) -> str:
        """``POST …/bookings``: check the body, then book."""
        require_active(account)
        booking_type = values.choice(body, "bookingType", BookingType, required=True)
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
        with self.db.write():
            for locked in (False, True):
                points = self._held(account_id, locked)
                if points > 0:
                    self.book(
                        account_id,
                        BURN,
                        points,
                        code=CODE_RESET,
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
        receipt = read_receipt(body, self.rule)
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
                if account is not None and receipt.transaction_type == PAY_WITH_POINTS:
                    self.require_points(account["id"], points)
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
                    code=CODE_TRANSACTION,
                    reason=receipt.reason,
                    reference_id=record["id"],
                    interaction_id=interaction_id,
                    value_time=receipt.value_time,
                )
        return True, transaction_json(record)

    def incentivate(
        self, account: sqlite3.Row, transaction_id: str, interaction_id: str
    ) -> dict[str, Any]:
        """Give a receipt booked without an account (revenue only) to ``account``.

        It then earns (or costs) its points as if it had been booked on the account; a
        receipt already on this account is left as it is, one on another is ``409``.
        """
        with self.db.write():
            row = self.db.one("SELECT * FROM transactions WHERE id = ?", (transaction_id,))
            if row is None:
                raise not_found(
                    SandboxCode.TRANSACTION_NOT_FOUND, f"no transaction {transaction_id}"
                )
            if row["account_id"] == account["id"]:
                return transaction_json(row)
            if row["account_id"] is not None:
                raise Problem(
                    409,
                    SandboxCode.TRANSACTION_HAS_ACCOUNT,
                    f"transaction {transaction_id} belongs to another account",
                )
            require_active(account)
            amount = Decimal(row["amount"])
            earn = row["transaction_type"] == EARN_TRANSACTION
            points = self.rule.earned(amount) if earn else self.rule.cost(amount)
            if points > 0:
                self.book(
                    account["id"],
                    EARN if earn else BURN,
                    points,
                    code=CODE_TRANSACTION,
                    reason=row["reason"],
                    reference_id=transaction_id,
                    interaction_id=interaction_id,
                )
            self.db.conn.execute(
                "UPDATE transactions SET account_id = ?, points = ? WHERE id = ?",
                (account["id"], points, transaction_id),
            )
            self.db.wrote("transactions")
        return self.transaction(transaction_id)

    def transaction(self, transaction_id: str) -> dict[str, Any]:
        """One transaction by its id."""
        row = self.db.one("SELECT * FROM transactions WHERE id = ?", (transaction_id,))
        if row is None:
            raise not_found(SandboxCode.TRANSACTION_NOT_FOUND, f"no transaction {transaction_id}")
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
