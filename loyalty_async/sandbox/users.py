"""Users: the people behind accounts, with the rules of the implementation manual."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from loyalty_async.convercus.enums import GenderCode, MemberRole
from loyalty_async.convercus.validation import check_country_code, check_email
from loyalty_async.sandbox import values
from loyalty_async.sandbox.db import Database, UserStatus, new_id
from loyalty_async.sandbox.ledger import Ledger
from loyalty_async.sandbox.problems import SandboxCode, conflict, invalid, not_found

OWNER = MemberRole.OWNER.value

EMAIL = "emailAddress"

#: User fields on the wire → columns.
USER_FIELDS = {
    EMAIL: "email_address",
    "givenName": "given_name",
    "familyName": "family_name",
    "streetHouseNo": "street_house_no",
    "zipCode": "zip_code",
    "city": "city",
    "countryCode": "country_code",
    "genderCode": "gender_code",
    "birthDate": "birth_date",
    "phone": "phone",
}


def user_json(row: sqlite3.Row) -> dict[str, Any]:
    """A user; fields that are not set are left out."""
    data: dict[str, Any] = {"userId": row["id"]}
    for field, column in USER_FIELDS.items():
        if row[column] is not None:
            data[field] = row[column]
    data["customProperties"] = json.loads(row["custom_properties"])
    return data


def _user_values(body: values.Body, *, partial: bool) -> dict[str, Any]:
    """Columns to write from a user body; with ``partial``, ``null`` clears a field."""
    columns: dict[str, Any] = {}
    for field, column in USER_FIELDS.items():
        if field not in body:
            continue
        if body[field] is None:
            if field == EMAIL:
                raise invalid("emailAddress is mandatory and cannot be deleted", field)
            if partial:
                columns[column] = None
            continue
        columns[column] = _user_field(body, field)
    if "customProperties" in body:
        columns["custom_properties"] = json.dumps(
            values.name_values(body["customProperties"], "customProperties")
        )
    return columns


def _user_field(body: values.Body, field: str) -> str | None:
    """One user field as stored; the SDK's own checks decide what is valid."""
    if field == "genderCode":
        return values.choice(body, field, GenderCode)
    if field == "birthDate":
        return values.date(body, field)
    value = values.text(body, field)
    if field == "countryCode":
        return values.checked(check_country_code, value, field)
    if field == EMAIL:
        return values.checked(check_email, value, field)
    return value


class Users:
    """Users: create, read, replace, update, delete; registration and custom properties."""

    def __init__(self, db: Database, ledger: Ledger) -> None:
        self.db = db
        self.ledger = ledger

    def row(self, user_id: str) -> sqlite3.Row:
        """The live user's row (``404 USER_NOT_FOUND`` for an unknown or deleted one)."""
        row = self.db.one(
            "SELECT * FROM users WHERE id = ? AND status = ?", (user_id, UserStatus.ACTIVE.value)
        )
        if row is None:
            raise not_found(SandboxCode.USER_NOT_FOUND, f"no user {user_id}")
        return row

    def get(self, user_id: str) -> dict[str, Any]:
        """One user."""
        return user_json(self.row(user_id))

    def create(self, body: values.Body) -> str:
        """Create a user; ``emailAddress`` is mandatory."""
        values.need_text(body, EMAIL)
        columns = _user_values(body, partial=False)
        user_id = new_id()
        now = self.db.now()
        columns.update(id=user_id, status=UserStatus.ACTIVE.value, created_at=now, updated_at=now)
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        with self.db.write():
            self.db.conn.execute(
                f"INSERT INTO users ({names}) VALUES ({marks})", tuple(columns.values())
            )
            self.db.wrote("users")
        return user_id

    def replace(self, user_id: str, body: values.Body) -> dict[str, Any]:
        """PUT: the body becomes the whole user; every field it leaves out is deleted."""
        self.row(user_id)
        values.need_text(body, EMAIL)
        columns: dict[str, Any] = dict.fromkeys(USER_FIELDS.values())
        columns["custom_properties"] = "[]"
        columns.update(_user_values(body, partial=False))
        return self._write(user_id, columns)

    def update(self, user_id: str, body: values.Body) -> dict[str, Any]:
        """PATCH: change the given fields; ``null`` deletes one; custom properties go whole."""
        self.row(user_id)
        return self._write(user_id, _user_values(body, partial=True))

    def _write(self, user_id: str, columns: dict[str, Any]) -> dict[str, Any]:
        columns["updated_at"] = self.db.now()
        assignments = ", ".join(f"{column} = ?" for column in columns)
        with self.db.write():
            self.db.conn.execute(
                f"UPDATE users SET {assignments} WHERE id = ?", (*columns.values(), user_id)
            )
            self.db.wrote("users")
        return self.get(user_id)

    def registration(self, user_id: str) -> dict[str, Any]:
        """What the sandbox knows of a user's registration: when and with which address."""
        row = self.row(user_id)
        return {
            "userId": row["id"],
            "emailAddress": row["email_address"],
            "registeredAt": row["created_at"],
        }

    def set_custom_property(
        self, user_id: str, name: str, value: str | None, *, new: bool
    ) -> dict[str, Any]:
        """Add (``new``, ``409`` if taken) or change (``404`` if absent) a custom property."""
        properties = self.get(user_id)["customProperties"]
        present = any(p["name"] == name for p in properties)
        if new and present:
            raise conflict(
                SandboxCode.CUSTOM_PROPERTY_ALREADY_EXISTS, f"the user already has {name!r}"
            )
        if not new and not present:
            raise not_found(SandboxCode.CUSTOM_PROPERTY_NOT_FOUND, f"the user has no {name!r}")
        kept = [p for p in properties if p["name"] != name]
        return self._write(
            user_id, {"custom_properties": json.dumps([*kept, {"name": name, "value": value}])}
        )

    def delete_custom_property(self, user_id: str, name: str) -> None:
        """Remove a custom property (``404`` if the user has none of that name)."""
        properties = self.get(user_id)["customProperties"]
        kept = [p for p in properties if p["name"] != name]
        if len(kept) == len(properties):
            raise not_found(SandboxCode.CUSTOM_PROPERTY_NOT_FOUND, f"the user has no {name!r}")
        self._write(user_id, {"custom_properties": json.dumps(kept)})

    def delete(self, user_id: str, interaction_id: str | None) -> None:
        """Anonymise the user, end its memberships and zero the points of accounts it owns."""
        self.row(user_id)
        cleared = dict.fromkeys(USER_FIELDS.values())
        assignments = ", ".join(f"{column} = NULL" for column in cleared)
        with self.db.write():
            now = self.db.now()
            self.db.conn.execute(
                f"UPDATE users SET {assignments}, custom_properties = '[]', status = ?, "
                "updated_at = ? WHERE id = ?",
                (UserStatus.DELETED.value, now, user_id),
            )
            owned = [
                row["account_id"]
                for row in self.db.conn.execute(
                    "SELECT account_id FROM memberships WHERE user_id = ? "
                    "AND member_role = ? AND terminated IS NULL",
                    (user_id, OWNER),
                )
            ]
            self.db.conn.execute(
                "UPDATE memberships SET terminated = ? WHERE user_id = ? AND terminated IS NULL",
                (now, user_id),
            )
            for account_id in owned:
                self.ledger.zero(account_id, "user deleted", interaction_id)
            self.db.wrote("users")
