"""Python-side helpers that put data into a sandbox without going through HTTP.

They follow the same rules as the API (unique codes, one OWNER, ...) and count in
``stats.writes``. The bulk helpers (:meth:`Seeder.accounts`, :meth:`Seeder.bookings`,
:meth:`Seeder.transactions`) insert many rows in one SQLite transaction, for large
exports and benchmarks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from loyalty_async.convercus.enums import AccountStatus, MemberRole
from loyalty_async.sandbox.core import SandboxCore
from loyalty_async.sandbox.coupons import INCENTIVE, CouponStatus
from loyalty_async.sandbox.db import new_ids
from loyalty_async.sandbox.ledger import BURN, CODE_SEED, CODE_TRANSACTION, EARN
from loyalty_async.sandbox.problems import Problem
from loyalty_async.sandbox.receipts import EARN_TRANSACTION
from loyalty_async.sandbox.resources import SINGLETON_ID
from loyalty_async.sandbox.shapes import Role

_SEED_INTERACTION = "sandbox-seed"
_SLICE = 10_000


@attrs.frozen
class SeededMember:
    """An account with a user linked as its OWNER."""

    account_id: str
    user_id: str
    membership_id: str


def _iso(value: dt.datetime | str | None) -> str | None:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("give timezone-aware datetimes (the API wants an offset)")
        return value.isoformat()
    return value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class Seeder:
    """Seed helpers of one running sandbox (``sandbox.seed``)."""

    def __init__(self, core: SandboxCore) -> None:
        self._core = core

    def account(
        self,
        *,
        identifiers: Mapping[str, str] | None = None,
        points: int = 0,
        locked_points: int = 0,
        locked: bool = False,
    ) -> str:
        """Open an account, with identifier codes by type (``{"CARDCODE": "V1W2"}``) and points."""
        core = self._core
        with core.db.write():  # all of it or nothing
            account_id = core.members.create_account()
            account = core.members.resolve(account_id, None)
            for kind, code in (identifiers or {}).items():
                core.members.add_identifier(account, {"type": kind, "code": code})
            if points:
                core.ledger.book(account_id, EARN, points, code=CODE_SEED, reason="seeded")
            if locked_points:
                core.ledger.book(
                    account_id, EARN, locked_points, code=CODE_SEED, reason="seeded", locked=True
                )
            if locked:
                core.members.lock(account, {"reason": "seeded"})
        return account_id

    def accounts(self, count: int, *, points: int = 0) -> list[str]:
        """Open ``count`` accounts at once, each with ``points`` (set directly, no bookings)."""
        db = self._core.db
        ids = new_ids(count)
        now = db.now()
        program, active = self._core.program, AccountStatus.ACTIVE.value
        with db.write():
            db.conn.executemany(
                "INSERT INTO accounts (id, program, status, points, status_points, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                ((account_id, program, active, points, points, now) for account_id in ids),
            )
            db.wrote("accounts", count)
        return ids

    def user(self, email_address: str, **fields: Any) -> str:
        """Create a user; other fields in snake_case (``given_name="Ada"``)."""
        body = {"emailAddress": email_address}
        body.update({_camel(name): value for name, value in fields.items()})
        return self._core.users.create(body)

    def membership(
        self,
        account_id: str,
        user_id: str,
        *,
        role: str = MemberRole.OWNER.value,
        optins: Sequence[Mapping[str, Any]] = (),
    ) -> str:
        """Link a user to an account (the first link must be the OWNER)."""
        account = self._core.members.resolve(account_id, None)
        body = {"memberRole": role, "userId": user_id, "optins": [dict(o) for o in optins]}
        return self._core.members.create_membership(account, body)

    def member(
        self,
        email_address: str,
        *,
        identifiers: Mapping[str, str] | None = None,
        points: int = 0,
        optins: Sequence[Mapping[str, Any]] = (),
        **fields: Any,
    ) -> SeededMember:
        """A registered member: an account, a user, and the OWNER membership between them."""
        with self._core.db.write():
            account_id = self.account(identifiers=identifiers, points=points)
            user_id = self.user(email_address, **fields)
            membership_id = self.membership(account_id, user_id, optins=optins)
        return SeededMember(account_id, user_id, membership_id)

    def coupon(
        self,
        *,
        title: str = "Sandbox coupon",
        usage_type: str = INCENTIVE,
        points: int = 0,
        max_redeem_count: int | None = None,
        max_redeem_count_global: int | None = None,
        valid_from: dt.datetime | str | None = None,
        valid_to: dt.datetime | str | None = None,
        promo_code: str | None = None,
        status: str = CouponStatus.ACTIVE.value,
        external_reference: str | None = None,
    ) -> str:
        """Define a coupon; ``points`` is what redeeming a ``REWARD`` coupon costs."""
        body: dict[str, Any] = {
            "i18nFields": {"en": {"title": title}},
            "usageType": usage_type,
            "points": points,
            "maxRedeemCount": max_redeem_count,
            "maxRedeemCountGlobal": max_redeem_count_global,
            "validFrom": _iso(valid_from),
            "validTo": _iso(valid_to),
            "promoCode": promo_code,
            "status": status,
            "externalReference": external_reference,
        }
        return self._core.coupons.create(body)

    def assign_coupon(
        self,
        coupon_id: str,
        account_id: str,
        *,
        valid_from: dt.datetime | str | None = None,
        valid_to: dt.datetime | str | None = None,
    ) -> str:
        """Give a coupon to an account; return the account coupon id."""
        account = self._core.members.resolve(account_id, None)
        body = {"validFrom": _iso(valid_from), "validTo": _iso(valid_to)}
        return self._core.coupons.assign(coupon_id, account, body)

    def resource(
        self, operation: str, body: Mapping[str, Any] | None = None, /, **path: str
    ) -> str:
        """Put in one record of the kind an operation's path names; return its id.

        Any operation of the kind will do (``"partners.create"``, ``"partners.get"``, or
        ``"webhooks.actions.get"`` for a kind no operation creates). ``path`` gives the
        path parameters that scope the record (``programId="P1"``; an account by its
        technical id) and, for an item path, may give its id; so may the body's id field
        (``partnerId``, ``code``). Nothing is checked: the record is stored as given.
        """
        core = self._core
        shape = core.catalog[operation]
        missing = [name for name in shape.scope if name not in path]
        if missing:
            raise ValueError(f"{operation} needs {', '.join(missing)}")
        fields = dict(body or {})
        record_id = path.get(shape.id_param) if shape.id_param else None
        if record_id is None and fields.get(core.catalog.id_field(shape.kind)) is not None:
            record_id = str(fields[core.catalog.id_field(shape.kind)])
        if shape.role in (Role.SINGLETON_GET, Role.SINGLETON_PUT, Role.SINGLETON_DELETE):
            record_id = SINGLETON_ID
        scope = {name: path[name] for name in shape.scope}
        return core.resources.create(shape.kind, scope, fields, record_id).id

    def bookings(
        self, account_id: str, count: int, *, points: int = 1, booking_type: str = EARN
    ) -> None:
        """Book ``count`` bookings of ``points`` each on an account, in one transaction."""
        if booking_type not in (EARN, BURN):
            raise ValueError(f"booking_type must be {EARN} or {BURN}")
        self._core.members.resolve(account_id, None)
        db = self._core.db
        total = count * points
        now = db.now()
        with db.write():
            try:
                self._core.ledger.move(account_id, total if booking_type == EARN else -total)
            except Problem as refused:  # a seeding mistake, not an API answer
                raise ValueError(refused.message) from None
            for start in range(0, count, _SLICE):
                db.conn.executemany(
                    "INSERT INTO bookings (id, account_id, booking_time, value_time, booking_type, "
                    "booking_type_code, points, reason, interaction_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, 'seeded', ?)",
                    (
                        (
                            booking_id,
                            account_id,
                            now,
                            now,
                            booking_type,
                            CODE_SEED,
                            points,
                            _SEED_INTERACTION,
                        )
                        for booking_id in new_ids(min(_SLICE, count - start))
                    ),
                )
            db.wrote("bookings", count)

    def transactions(
        self, account_id: str | None, count: int, *, amount: Decimal | int | str = "10.00"
    ) -> None:
        """Book ``count`` earn receipts of ``amount`` (with their bookings), in one transaction."""
        core = self._core
        if account_id is not None:
            core.members.resolve(account_id, None)
        db = core.db
        value = Decimal(amount)
        currency = core.ledger.rule.currency
        earned = core.ledger.rule.earned(value) if account_id is not None else 0
        now = db.now()
        with db.write():
            # In slices, so a million receipts never sit in memory at once.
            for start in range(0, count, _SLICE):
                ids = new_ids(min(_SLICE, count - start))
                db.conn.executemany(
                    "INSERT INTO transactions (id, external_id, account_id, transaction_type, "
                    "amount, currency_code, points, transaction_time, interaction_id, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        (
                            transaction_id,
                            f"seed-{transaction_id}",
                            account_id,
                            EARN_TRANSACTION,
                            str(value),
                            currency,
                            earned,
                            now,
                            _SEED_INTERACTION,
                            now,
                        )
                        for transaction_id in ids
                    ),
                )
                if account_id is not None and earned > 0:
                    db.conn.executemany(
                        "INSERT INTO bookings (id, account_id, booking_time, value_time, "
                        "booking_type, booking_type_code, points, reference_id, interaction_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            (
                                booking_id,
                                account_id,
                                now,
                                now,
                                EARN,
                                CODE_TRANSACTION,
                                earned,
                                tid,
                                _SEED_INTERACTION,
                            )
                            for booking_id, tid in zip(new_ids(len(ids)), ids, strict=True)
                        ),
                    )
                    db.wrote("bookings", len(ids))
            db.wrote("transactions", count)
            if account_id is not None and earned > 0:
                core.ledger.move(account_id, earned * count)
