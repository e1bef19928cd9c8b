"""The state behind one sandbox: settings, database, domains, tokens, faults and stats."""

from __future__ import annotations

import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypedDict

import attrs

from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.operations import OperationTable
from loyalty_async.sandbox.connections import ConnectionWatch
from loyalty_async.sandbox.coupons import Coupons
from loyalty_async.sandbox.db import Database
from loyalty_async.sandbox.faults import FaultInjector, Faults
from loyalty_async.sandbox.ledger import Ledger
from loyalty_async.sandbox.members import Members
from loyalty_async.sandbox.receipts import EarnRule
from loyalty_async.sandbox.redemptions import Redemptions
from loyalty_async.sandbox.references import References
from loyalty_async.sandbox.resources import Resources
from loyalty_async.sandbox.shapes import Catalog
from loyalty_async.sandbox.stats import SandboxStats
from loyalty_async.sandbox.tokens import TokenSigner
from loyalty_async.sandbox.users import Users

#: Convercus tokens live 24 hours.
TOKEN_LIFETIME = 24 * 3600.0

#: Seconds a client may take to send a whole request, and an idle connection is kept.
REQUEST_TIMEOUT = 30.0

#: Status levels by the status points needed to reach them.
DEFAULT_LEVELS: tuple[tuple[str, int], ...] = (("BASIC", 0), ("SILVER", 1000), ("GOLD", 5000))


class ConvercusLogin(TypedDict):
    """The login arguments of :class:`~loyalty_async.ConvercusClient`, typed for ``**``."""

    org: str
    username: str
    password: str
    interaction_id: str


@attrs.frozen
class Credentials:
    """What a client needs to log in to the sandbox and speak for an interaction point."""

    org: str = "SANDBOX"
    username: str = "sandbox"
    password: str = "sandbox"
    interaction_id: str = "sandbox-pos"

    def __repr__(self) -> str:
        return (
            f"Credentials(org={self.org!r}, username={self.username!r}, password='***', "
            f"interaction_id={self.interaction_id!r})"
        )

    def client_kwargs(self) -> ConvercusLogin:
        """Keyword arguments for :class:`~loyalty_async.ConvercusClient`."""
        return {
            "org": self.org,
            "username": self.username,
            "password": self.password,
            "interaction_id": self.interaction_id,
        }


def check_request_timeout(seconds: float) -> float:
    """A request timeout: a finite number of seconds above zero."""
    if not 0 < seconds < float("inf"):
        raise ValueError(f"request_timeout must be a number of seconds > 0, got {seconds}")
    return seconds


def _check_levels(levels: Sequence[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    ordered = tuple(sorted(((str(n), int(t)) for n, t in levels), key=lambda level: level[1]))
    if not ordered or ordered[0][1] != 0:
        raise ValueError("levels must include one that starts at 0 status points")
    return ordered


class SandboxCore:
    """Everything a running sandbox holds; the HTTP layer and the seed helpers share it."""

    def __init__(
        self,
        *,
        db: str | os.PathLike[str] = ":memory:",
        credentials: Credentials | None = None,
        program: str = "SANDBOX",
        earn_rule: EarnRule | None = None,
        levels: Sequence[tuple[str, int]] = DEFAULT_LEVELS,
        faults: Faults | str | None = None,
        routes: Mapping[str, str] | None = None,
        secret: bytes | None = None,
        clock: Callable[[], float] = time.time,
        stats: SandboxStats | None = None,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        self.credentials = credentials or Credentials()
        self.request_timeout = check_request_timeout(request_timeout)
        self.program = program
        self.levels = _check_levels(levels)
        self.clock = clock
        self.operations: OperationTable = OPERATIONS.with_routes(routes)
        self.stats = stats if stats is not None else SandboxStats()
        self.faults = Faults.of(faults)
        self.db = Database(db, clock=clock, stats=self.stats)
        if secret is None:
            # Kept in the file, so tokens stay valid when a sandbox restarts on it.
            secret = bytes.fromhex(self.db.meta("token_secret", lambda: secrets.token_hex(32)))
        self.tokens = TokenSigner(secret, org=self.credentials.org, clock=clock, db=self.db)
        self.ledger = Ledger(self.db, earn_rule or EarnRule())
        self.users = Users(self.db, self.ledger)
        self.members = Members(self.db, self.ledger, self.users, program=program)
        self.coupons = Coupons(self.db, self.ledger, program=program)
        self.redemptions = Redemptions(self.db, self.ledger, self.coupons)
        self.catalog = Catalog(self.operations)
        self.resources = Resources(self.db)
        self.references = References(self)
        #: The open connections, watched for silence (set by the server that serves this).
        self.connections: ConnectionWatch | None = None

    @property
    def faults(self) -> Faults:
        """The fault settings; setting new ones restarts the random sequence from their seed."""
        return self._faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self._faults = faults
        self.injector = FaultInjector(faults)

    @property
    def token_ttl(self) -> float:
        """Seconds a new token lives."""
        return self.faults.token_ttl or TOKEN_LIFETIME

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    # ------------------------------------------------------------------ aggregates

    def level(self, account: sqlite3.Row) -> dict[str, Any]:
        """The status level reached with the account's status points.

        ``neededStatePoints`` is what the current level takes; ``neededStatePointsNextLevel``
        is how many more the next one needs (``None`` at the top).
        """
        points = account["status_points"]
        current, following = self.levels[0], None
        for index, level in enumerate(self.levels):
            if points >= level[1]:
                current = level
                following = self.levels[index + 1] if index + 1 < len(self.levels) else None
        return {
            "name": current[0],
            "currentStatePoints": points,
            "neededStatePoints": current[1],
            "neededStatePointsNextLevel": None if following is None else following[1] - points,
            "validTo": None,
        }

    def details(self, account: sqlite3.Row) -> dict[str, Any]:
        """The aggregated account view."""
        data = self.members.details_parts(account)
        data["level"] = self.level(account)
        data["accountCoupons"] = self.coupons.for_account(account["id"])
        return data

    def balance_value(self, account: sqlite3.Row) -> dict[str, Any]:
        """The available points priced in the program currency."""
        rule = self.ledger.rule
        return {
            "amount": Decimal(account["points"]) * rule.point_value,
            "currencyCode": rule.currency,
            "points": account["points"],
        }
