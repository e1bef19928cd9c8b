"""The sandbox's SQLite database: schema, atomic writes, clock and id helpers.

Everything lives in one ``sqlite3`` connection used from the event-loop thread. Each
request's changes are one transaction (:meth:`Database.write`), so a request either
commits all it wrote or nothing. Every list and lookup the sandbox runs is served by an
index, and exports walk tables by their integer key in batches, never with ``OFFSET``.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import secrets
import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from loyalty_async.convercus.enums import IdentifierStatus
from loyalty_async.sandbox.stats import SandboxStats

SCHEMA_VERSION = 3
#: What brings a file of the version before each one up to it, after the tables the schema
#: lacks were created (a new file is created in the latest shape and needs none of it).
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (),  # revoked_tokens
    3: ("ALTER TABLE account_coupons ADD COLUMN max_redeem_count INTEGER",),  # + resources
}


class UserStatus(str, enum.Enum):
    """Whether a user row is live or was deleted (anonymised); never shown on the wire."""

    ACTIVE = "ACTIVE"
    DELETED = "DELETED"


#: SQL condition of an identifier that still resolves; the partial unique index below and
#: the lookups that it serves must spell it identically.
LIVE_IDENTIFIER = f"status != '{IdentifierStatus.TERMINATED.value}'"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    program TEXT NOT NULL,
    status TEXT NOT NULL,
    points INTEGER NOT NULL DEFAULT 0,
    locked_points INTEGER NOT NULL DEFAULT 0,
    status_points INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE TABLE IF NOT EXISTS frauds (
    account_id TEXT PRIMARY KEY,
    reason TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS identifiers (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    type TEXT NOT NULL,
    code TEXT NOT NULL,
    display_code TEXT,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS identifiers_code
    ON identifiers (type, code) WHERE {LIVE_IDENTIFIER};
CREATE INDEX IF NOT EXISTS identifiers_account ON identifiers (account_id);
CREATE TABLE IF NOT EXISTS users (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    email_address TEXT,
    given_name TEXT,
    family_name TEXT,
    street_house_no TEXT,
    zip_code TEXT,
    city TEXT,
    country_code TEXT,
    gender_code TEXT,
    birth_date TEXT,
    phone TEXT,
    custom_properties TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS memberships (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    member_role TEXT NOT NULL,
    partner_id TEXT,
    optins TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    terminated TEXT
);
CREATE INDEX IF NOT EXISTS memberships_account ON memberships (account_id);
CREATE INDEX IF NOT EXISTS memberships_user ON memberships (user_id);
CREATE TABLE IF NOT EXISTS bookings (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    booking_time TEXT NOT NULL,
    value_time TEXT NOT NULL,
    booking_type TEXT NOT NULL,
    booking_type_code TEXT,
    points INTEGER NOT NULL,
    reason TEXT,
    reference_id TEXT,
    interaction_id TEXT,
    locked INTEGER NOT NULL DEFAULT 0,
    partner_id TEXT,
    store_id TEXT
);
CREATE INDEX IF NOT EXISTS bookings_account ON bookings (account_id, seq);
CREATE TABLE IF NOT EXISTS transactions (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    external_id TEXT UNIQUE,
    account_id TEXT,
    transaction_type TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency_code TEXT NOT NULL,
    points INTEGER NOT NULL,
    transaction_time TEXT NOT NULL,
    value_time TEXT,
    interaction_id TEXT,
    reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_account ON transactions (account_id, seq);
CREATE TABLE IF NOT EXISTS coupons (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    external_reference TEXT,
    usage_type TEXT NOT NULL,
    status TEXT NOT NULL,
    points INTEGER NOT NULL DEFAULT 0,
    max_redeem_count INTEGER,
    max_redeem_count_global INTEGER,
    redeem_count_global INTEGER NOT NULL DEFAULT 0,
    valid_from TEXT,
    valid_to TEXT,
    promo_code TEXT UNIQUE,
    i18n_fields TEXT NOT NULL DEFAULT '{{}}',
    custom_properties TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS account_coupons (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    coupon_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    redeem_count INTEGER NOT NULL DEFAULT 0,
    max_redeem_count INTEGER,
    created_at TEXT NOT NULL,
    UNIQUE (coupon_id, account_id)
);
CREATE INDEX IF NOT EXISTS account_coupons_account ON account_coupons (account_id);
CREATE TABLE IF NOT EXISTS redemptions (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account_coupon_id TEXT NOT NULL,
    coupon_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    redeemed_at TEXT NOT NULL,
    cancelled_at TEXT,
    transaction_external_id TEXT,
    amount TEXT,
    points INTEGER NOT NULL DEFAULT 0,
    interaction_id TEXT
);
CREATE INDEX IF NOT EXISTS redemptions_account ON redemptions (account_id, seq);
CREATE TABLE IF NOT EXISTS revoked_tokens (
    jti TEXT PRIMARY KEY,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS resources (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    scope TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (kind, id, scope)
);
CREATE INDEX IF NOT EXISTS resources_kind ON resources (kind, seq);
"""


class IncompatibleDatabase(RuntimeError):
    """The SQLite file was written by another, incompatible version of the sandbox."""


class Database:
    """One SQLite connection with the sandbox schema, a clock and write counting."""

    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        clock: Callable[[], float],
        stats: SandboxStats,
    ) -> None:
        self.path = os.fspath(path)
        self.clock = clock
        self.stats = stats
        # Autocommit mode: transactions are opened explicitly by write().
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self._depth = 0
        self._pending: Counter[str] = Counter()
        try:
            self._prepare()
        except BaseException:
            self.conn.close()
            raise

    def _prepare(self) -> None:
        conn = self.conn
        conn.execute("PRAGMA journal_mode=WAL")
        # WAL with NORMAL survives a crashed process; only power loss may lose the tail.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA cache_size=-65536")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if not 0 <= version <= SCHEMA_VERSION:
            raise IncompatibleDatabase(
                f"{self.path} holds sandbox schema version {version}; this sandbox "
                f"reads versions up to {SCHEMA_VERSION}: use another file"
            )
        # One transaction: a file is brought up to date whole or not at all.
        script = [_SCHEMA]
        if version:  # version 0 is a new file, created in the latest shape
            for step in range(version + 1, SCHEMA_VERSION + 1):
                script.extend(f"{statement};" for statement in _MIGRATIONS[step])
        script.append(f"PRAGMA user_version={SCHEMA_VERSION};")
        conn.executescript("BEGIN IMMEDIATE;\n" + "\n".join(script) + "\nCOMMIT;")

    def close(self) -> None:
        """Close the connection (the file keeps everything committed)."""
        self.conn.close()

    # ------------------------------------------------------------------ writes

    @contextmanager
    def write(self) -> Iterator[None]:
        """Run the block as one transaction; nested blocks join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._pending.clear()
            raise
        finally:
            self._depth = 0
        self.conn.execute("COMMIT")
        self.stats.writes.update(self._pending)
        self._pending.clear()

    def wrote(self, kind: str, count: int = 1) -> None:
        """Count rows written by the current transaction (kept only if it commits)."""
        self._pending[kind] += count

    # ------------------------------------------------------------------ helpers

    def one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        """The first row of a query, or ``None``."""
        row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
        return row

    def meta(self, key: str, default: Callable[[], str]) -> str:
        """A stored setting, created from ``default()`` the first time it is asked for."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return str(row[0])
        value = default()
        with self.write():
            self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
        return value

    def now(self) -> str:
        """The current time as ISO-8601 with offset (UTC), millisecond precision."""
        return iso(self.clock())

    def now_datetime(self) -> dt.datetime:
        """The current time (UTC)."""
        return dt.datetime.fromtimestamp(self.clock(), tz=dt.UTC)


def iso(epoch: float) -> str:
    """Epoch seconds as ISO-8601 with offset."""
    moment = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds")


def new_id() -> str:
    """A new technical id (a UUID, as Convercus uses)."""
    return str(uuid.uuid4())


def new_ids(count: int) -> list[str]:
    """``count`` new version-4 UUIDs at once (bulk seeding makes millions of them)."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes((b & 0x0F) | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes((b & 0x3F) | 0x80 for b in raw[8::16])  # RFC 4122 variant
    text = raw.hex()
    return [
        f"{text[i : i + 8]}-{text[i + 8 : i + 12]}-{text[i + 12 : i + 16]}-"
        f"{text[i + 16 : i + 20]}-{text[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


def new_code(length: int = 10) -> str:
    """A new random identifier code of capitals and digits."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))
