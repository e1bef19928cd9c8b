"""Accounts, identifiers and memberships, with the rules of the implementation manual.

Users are :mod:`loyalty_async.sandbox.users`; a membership links one to an account.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from loyalty_async.convercus.enums import (
    AccountStatus,
    IdentifierStatus,
    IdentifierType,
    IdType,
    MemberRole,
)
from loyalty_async.sandbox import values
from loyalty_async.sandbox.db import (
    LIVE_IDENTIFIER,
    Database,
    new_code,
    new_id,
)
from loyalty_async.sandbox.ledger import BURN, CODE_MERGE, EARN, Ledger, balance_json
from loyalty_async.sandbox.problems import Problem, SandboxCode, conflict, invalid, not_found
from loyalty_async.sandbox.users import Users, user_json

OWNER = MemberRole.OWNER.value
ACTIVE = AccountStatus.ACTIVE.value

# Partial unique index identifiers_code serves this lookup: its WHERE must appear verbatim.
RESOLVE_BY_CODE = (
    "SELECT a.* FROM identifiers i JOIN accounts a ON a.id = i.account_id "
    f"WHERE i.type = ? AND i.code = ? AND i.{LIVE_IDENTIFIER} AND a.deleted_at IS NULL"
)
RESOLVE_BY_ID = "SELECT * FROM accounts WHERE id = ? AND deleted_at IS NULL"


def account_json(row: sqlite3.Row) -> dict[str, Any]:
    """The slender account object ``{id, program, status}``."""
    return {"id": row["id"], "program": row["program"], "status": row["status"]}


def identifier_json(row: sqlite3.Row) -> dict[str, Any]:
    """An identifier as the API lists it."""
    return {
        "identifierId": row["id"],
        "code": row["code"],
        "displayCode": row["display_code"],
        "type": row["type"],
        "status": row["status"],
    }


def membership_json(row: sqlite3.Row) -> dict[str, Any]:
    """A membership as the API shows it."""
    return {
        "membershipId": row["id"],
        "accountId": row["account_id"],
        "userId": row["user_id"],
        "memberRole": row["member_role"],
        "partnerId": row["partner_id"],
        "terminated": row["terminated"],
        "createdAt": row["created_at"],
        "optins": json.loads(row["optins"]),
    }


class Members:
    """Accounts and the people behind them."""

    def __init__(self, db: Database, ledger: Ledger, users: Users, *, program: str) -> None:
        self.db = db
        self.ledger = ledger
        self.users = users
        self.program = program

    # ------------------------------------------------------------------ accounts

    def create_account(self, status: str = ACTIVE) -> str:
        """Open a new account and return its id."""
        account_id = new_id()
        with self.db.write():
            self.db.conn.execute(
                "INSERT INTO accounts (id, program, status, created_at) VALUES (?, ?, ?, ?)",
                (account_id, self.program, status, self.db.now()),
            )
            self.db.wrote("accounts")
        return account_id

    def resolve(self, reference: str, id_type: str | None) -> sqlite3.Row:
        """The live account ``reference`` names, read as ``id_type`` (``ID`` when absent)."""
        kind = IdType.ID.value if id_type is None else id_type
        if kind == IdType.ID.value:
            row = self.db.one(RESOLVE_BY_ID, (reference,))
        elif kind in _values(IdentifierType):
            row = self.db.one(RESOLVE_BY_CODE, (kind, reference))
        else:
            raise Problem(
                400,
                SandboxCode.INVALID_ID_TYPE,
                f"id-type must be one of {', '.join(_values(IdType))}; got {id_type!r}",
            )
        if row is None:
            raise not_found(SandboxCode.ACCOUNT_NOT_FOUND, f"no account with {kind} {reference!r}")
        return row

    def delete_anonymous(self, account: sqlite3.Row) -> None:
        """Delete an account without memberships; its identifier codes become free."""
        if self._active_memberships(account["id"]):
            raise Problem(
                400,
                SandboxCode.ACCOUNT_NOT_ANONYMOUS,
                f"account {account['id']} has memberships; only anonymous accounts can be deleted",
            )
        with self.db.write():
            now = self.db.now()
            self.db.conn.execute(
                "UPDATE accounts SET deleted_at = ? WHERE id = ?", (now, account["id"])
            )
            self.db.conn.execute(
                "UPDATE identifiers SET status = ? WHERE account_id = ?",
                (IdentifierStatus.TERMINATED.value, account["id"]),
            )
            self.db.wrote("accounts")

    def merge(self, source: sqlite3.Row, target_id: str, interaction_id: str) -> None:
        """Merge ``source`` into the account ``target_id``.

        The source's points (available and locked) are booked over to the target (booking
        code ``MERGE``), its identifiers move to the target, its memberships end, and the
        source is deleted.
        """
        target = self.resolve(target_id, None)
        if target["id"] == source["id"]:
            raise invalid("an account cannot be merged into itself", "targetAccountId")
        with self.db.write():
            for locked in (False, True):
                points = source["locked_points" if locked else "points"]
                if points:
                    for account_id, kind in ((source["id"], BURN), (target["id"], EARN)):
                        self.ledger.book(
                            account_id,
                            kind,
                            points,
                            code=CODE_MERGE,
                            reason="accounts merged",
                            reference_id=source["id"],
                            interaction_id=interaction_id,
                            locked=locked,
                        )
            now = self.db.now()
            self.db.conn.execute(
                "UPDATE identifiers SET account_id = ? WHERE account_id = ?",
                (target["id"], source["id"]),
            )
            self.db.conn.execute(
                "UPDATE memberships SET terminated = ? WHERE account_id = ? AND terminated IS NULL",
                (now, source["id"]),
            )
            self.db.conn.execute(
                "UPDATE accounts SET deleted_at = ? WHERE id = ?", (now, source["id"])
            )
            self.db.wrote("accounts")

    def fraud(self, account: sqlite3.Row) -> dict[str, Any]:
        """The fraud record that locks the account."""
        row = self.db.one("SELECT * FROM frauds WHERE account_id = ?", (account["id"],))
        if row is None:
            raise not_found(
                SandboxCode.FRAUD_NOT_FOUND, f"account {account['id']} has no fraud record"
            )
        return {
            "accountId": row["account_id"],
            "reason": row["reason"],
            "createdAt": row["created_at"],
        }

    def lock(self, account: sqlite3.Row, body: values.Body) -> dict[str, Any]:
        """Record fraud and lock the account (status ``LOCKED``)."""
        reason = values.text(body, "reason")
        with self.db.write():
            exists = self.db.one("SELECT 1 FROM frauds WHERE account_id = ?", (account["id"],))
            if exists:
                raise conflict(
                    SandboxCode.ACCOUNT_ALREADY_LOCKED, f"account {account['id']} is locked"
                )
            self.db.conn.execute(
                "INSERT INTO frauds (account_id, reason, created_at) VALUES (?, ?, ?)",
                (account["id"], reason, self.db.now()),
            )
            self.db.conn.execute(
                "UPDATE accounts SET status = ? WHERE id = ?",
                (AccountStatus.LOCKED.value, account["id"]),
            )
            self.db.wrote("frauds")
        return self.fraud(account)

    def unlock(self, account: sqlite3.Row) -> None:
        """Remove the fraud record and make the account ``ACTIVE`` again."""
        self.fraud(account)
        with self.db.write():
            self.db.conn.execute("DELETE FROM frauds WHERE account_id = ?", (account["id"],))
            self.db.conn.execute(
                "UPDATE accounts SET status = ? WHERE id = ?", (ACTIVE, account["id"])
            )
            self.db.wrote("frauds")

    # ------------------------------------------------------------------ identifiers

    def add_identifier(self, account: sqlite3.Row, body: values.Body) -> str:
        """Attach an identifier; its code must be unused among identifiers of its type."""
        kind = values.choice(body, "type", IdentifierType, required=True)
        code = values.text(body, "code") or new_code()
        display = values.text(body, "displayCode") or code
        with self.db.write():
            taken = self.db.one(
                f"SELECT 1 FROM identifiers WHERE type = ? AND code = ? AND {LIVE_IDENTIFIER}",
                (kind, code),
            )
            if taken:
                raise conflict(
                    SandboxCode.IDENTIFIER_ALREADY_EXISTS, f"the {kind} {code!r} is already in use"
                )
            identifier_id = new_id()
            self.db.conn.execute(
                "INSERT INTO identifiers (id, account_id, type, code, display_code, status, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    identifier_id,
                    account["id"],
                    kind,
                    code,
                    display,
                    IdentifierStatus.ACTIVE.value,
                    self.db.now(),
                ),
            )
            self.db.wrote("identifiers")
        return identifier_id

    def identifiers(self, account_id: str) -> list[dict[str, Any]]:
        """The account's identifiers (terminated ones left out)."""
        rows = self.db.conn.execute(
            f"SELECT * FROM identifiers WHERE account_id = ? AND {LIVE_IDENTIFIER} ORDER BY seq",
            (account_id,),
        )
        return [identifier_json(row) for row in rows]

    def _identifier_row(self, identifier_id: str) -> sqlite3.Row:
        row = self.db.one("SELECT * FROM identifiers WHERE id = ?", (identifier_id,))
        if row is None:
            raise not_found(SandboxCode.IDENTIFIER_NOT_FOUND, f"no identifier {identifier_id}")
        return row

    def identifier(self, identifier_id: str) -> dict[str, Any]:
        """One identifier, with the account it belongs to."""
        row = self._identifier_row(identifier_id)
        return {**identifier_json(row), "accountId": row["account_id"]}

    def set_identifier_status(
        self, account: sqlite3.Row, identifier_id: str, status: IdentifierStatus
    ) -> dict[str, Any]:
        """Lock or unlock one of the account's live identifiers."""
        row = self._identifier_row(identifier_id)
        if row["account_id"] != account["id"] or row["status"] == IdentifierStatus.TERMINATED.value:
            raise not_found(
                SandboxCode.IDENTIFIER_NOT_FOUND,
                f"account {account['id']} has no live identifier {identifier_id}",
            )
        with self.db.write():
            self.db.conn.execute(
                "UPDATE identifiers SET status = ? WHERE id = ?", (status.value, identifier_id)
            )
            self.db.wrote("identifiers")
        return identifier_json(self._identifier_row(identifier_id))

    def terminate_identifier(self, identifier_id: str) -> None:
        """End an identifier: it no longer resolves and its code may be used again."""
        self._identifier_row(identifier_id)
        with self.db.write():
            self.db.conn.execute(
                "UPDATE identifiers SET status = ? WHERE id = ?",
                (IdentifierStatus.TERMINATED.value, identifier_id),
            )
            self.db.wrote("identifiers")

    # ------------------------------------------------------------------ memberships

    def _active_memberships(self, account_id: str) -> list[sqlite3.Row]:
        return list(
            self.db.conn.execute(
                "SELECT * FROM memberships WHERE account_id = ? AND terminated IS NULL "
                "ORDER BY seq",
                (account_id,),
            )
        )

    def create_membership(self, account: sqlite3.Row, body: values.Body) -> str:
        """Link a user to the account; the first membership must be the one ``OWNER``."""
        role = values.choice(body, "memberRole", MemberRole, required=True)
        user_id = values.need_text(body, "userId")
        given_account = values.text(body, "accountId")
        if given_account is not None and given_account != account["id"]:
            raise invalid("accountId in the body must be the account of the path", "accountId")
        optins = values.optins(body.get("optins"))
        partner_id = values.text(body, "partnerId")
        self.users.row(user_id)
        with self.db.write():
            active = self._active_memberships(account["id"])
            _check_roles([row["member_role"] for row in active], role)
            if any(row["user_id"] == user_id for row in active):
                raise conflict(
                    SandboxCode.MEMBERSHIP_ALREADY_EXISTS,
                    f"user {user_id} is already a member of account {account['id']}",
                )
            membership_id = new_id()
            self.db.conn.execute(
                "INSERT INTO memberships (id, account_id, user_id, member_role, partner_id, "
                "optins, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    membership_id,
                    account["id"],
                    user_id,
                    role,
                    partner_id,
                    json.dumps(optins),
                    self.db.now(),
                ),
            )
            self.db.wrote("memberships")
        return membership_id

    def memberships(self, account_id: str) -> list[dict[str, Any]]:
        """The account's live memberships (``[]`` for an anonymous account)."""
        return [membership_json(row) for row in self._active_memberships(account_id)]

    def _membership_row(self, account_id: str, membership_id: str) -> sqlite3.Row:
        row = self.db.one(
            "SELECT * FROM memberships WHERE id = ? AND account_id = ?",
            (membership_id, account_id),
        )
        if row is None:
            raise not_found(
                SandboxCode.MEMBERSHIP_NOT_FOUND,
                f"account {account_id} has no membership {membership_id}",
            )
        return row

    def membership(self, account_id: str, membership_id: str) -> dict[str, Any]:
        """One membership of the account (a terminated one too)."""
        return membership_json(self._membership_row(account_id, membership_id))

    def update_membership(self, account_id: str, membership_id: str, body: Any) -> dict[str, Any]:
        """PATCH a membership: a bare array replaces the opt-ins; an object merges fields."""
        row = self._membership_row(account_id, membership_id)
        if row["terminated"] is not None:
            raise Problem(
                400, SandboxCode.MEMBERSHIP_TERMINATED, f"membership {membership_id} has ended"
            )
        changes: dict[str, Any] = {}
        if isinstance(body, list):
            changes["optins"] = json.dumps(values.optins(body))
        else:
            fields = values.as_object(body)
            if "optins" in fields:
                changes["optins"] = json.dumps(values.optins(fields["optins"]))
            if "partnerId" in fields:
                changes["partner_id"] = values.text(fields, "partnerId")
            role = values.choice(fields, "memberRole", MemberRole)
            if role is not None and role != row["member_role"]:
                others = [
                    other["member_role"]
                    for other in self._active_memberships(account_id)
                    if other["id"] != membership_id
                ]
                if row["member_role"] == OWNER:
                    raise Problem(
                        400, SandboxCode.OWNER_REQUIRED, f"the account's {OWNER} cannot change role"
                    )
                _check_roles(others, role)
                changes["member_role"] = role
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            with self.db.write():
                self.db.conn.execute(
                    f"UPDATE memberships SET {assignments} WHERE id = ?",
                    (*changes.values(), membership_id),
                )
                self.db.wrote("memberships")
        return self.membership(account_id, membership_id)

    def remove_membership(self, account_id: str, membership_id: str) -> None:
        """End a membership; the OWNER's ends last."""
        row = self._membership_row(account_id, membership_id)
        if row["terminated"] is not None:
            raise Problem(
                400, SandboxCode.MEMBERSHIP_TERMINATED, f"membership {membership_id} has ended"
            )
        if row["member_role"] == OWNER and len(self._active_memberships(account_id)) > 1:
            raise Problem(
                400, SandboxCode.OWNER_REQUIRED, f"end the other memberships before the {OWNER}'s"
            )
        with self.db.write():
            self.db.conn.execute(
                "UPDATE memberships SET terminated = ? WHERE id = ?",
                (self.db.now(), membership_id),
            )
            self.db.wrote("memberships")

    # ------------------------------------------------------------------ aggregates

    def details_parts(self, account: sqlite3.Row) -> dict[str, Any]:
        """The account parts of ``accountdetails``: balance, identifiers, memberships + users."""
        members = []
        for membership in self._active_memberships(account["id"]):
            user = self.db.one("SELECT * FROM users WHERE id = ?", (membership["user_id"],))
            person = user_json(user) if user is not None else {}
            members.append({**person, **membership_json(membership)})
        return {
            "accountId": account["id"],
            "program": account["program"],
            "status": account["status"],
            "accountBalance": balance_json(account),
            "identifiers": self.identifiers(account["id"]),
            "memberships": members,
        }


def _check_roles(active_roles: Sequence[str], role: str | None) -> None:
    """The first live membership is the OWNER; there is never a second OWNER."""
    if not active_roles and role != OWNER:
        raise Problem(
            400,
            SandboxCode.FIRST_MEMBERSHIP_MUST_BE_OWNER,
            f"the first membership of an account must have memberRole {OWNER}",
        )
    if role == OWNER and OWNER in active_roles:
        raise conflict(SandboxCode.OWNER_ALREADY_EXISTS, f"the account already has an {OWNER}")


def _values(kind: type[enum.Enum]) -> list[str]:
    return [member.value for member in kind]
