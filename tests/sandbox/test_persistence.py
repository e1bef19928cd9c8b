"""A sandbox stopped and started again on the same SQLite file keeps its members."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiohttp
import pytest

from loyalty_async.sandbox import Sandbox
from loyalty_async.sandbox.db import IncompatibleDatabase

from .conftest import Api, Clock


async def test_members_points_and_coupons_survive_a_restart(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "sandbox.sqlite"
    async with Sandbox(db=path, clock=clock) as first, aiohttp.ClientSession() as session:
        api = Api(session, first)
        await api.login()
        account_id = await api.new_account()
        await api.post(
            f"/accounts/{account_id}/identifiers", json={"type": "CARDCODE", "code": "K-9"}
        )
        user_id = await api.new_user("kept@example.com", givenName="Kept")
        await api.post(
            f"/accounts/{account_id}/memberships", json={"memberRole": "OWNER", "userId": user_id}
        )
        await api.post(
            f"/accounts/{account_id}/transactions",
            json={"transactionType": "EARNTRANSACTION", "amount": 42, "externalId": "KEEP-1"},
        )
        first.seed.assign_coupon(first.seed.coupon(max_redeem_count=1), account_id)
        before = (await api.get(f"/v3/accountdetails/{account_id}")).json()
        token = api.token

    async with Sandbox(db=path, clock=clock) as second, aiohttp.ClientSession() as session:
        api = Api(session, second)
        api.token = token  # the signing key is kept in the file too
        after = (await api.get("/v3/accountdetails/K-9", id_type="CARDCODE")).json()
        repeat = await api.post(
            f"/accounts/{account_id}/transactions",
            json={"transactionType": "EARNTRANSACTION", "amount": 42, "externalId": "KEEP-1"},
        )
        user = (await api.get(f"/users/{user_id}")).json()

    assert after == before
    assert after["accountBalance"]["points"] == 42
    assert repeat.status == 200  # the receipt id is still known
    assert user["givenName"] == "Kept"


async def test_an_in_memory_sandbox_starts_empty_each_time(clock: Clock) -> None:
    sandbox = Sandbox(clock=clock)
    async with sandbox:
        sandbox.seed.account()
        assert sandbox.stats.writes["accounts"] == 1
    async with sandbox:
        rows = sandbox.core.db.conn.execute("SELECT COUNT(*) FROM accounts").fetchone()[0]

    assert rows == 0


async def test_a_file_from_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version=99")
    conn.close()

    with pytest.raises(IncompatibleDatabase, match="version 99"):
        await Sandbox(db=path).start()


#: What each older schema version lacked, undone on a file of today's version.
OLDER_SCHEMAS = {
    1: (
        "DROP TABLE revoked_tokens",
        "DROP TABLE resources",
        "ALTER TABLE account_coupons DROP COLUMN max_redeem_count",
    ),
    2: ("DROP TABLE resources", "ALTER TABLE account_coupons DROP COLUMN max_redeem_count"),
}


@pytest.mark.parametrize("old", sorted(OLDER_SCHEMAS))
async def test_a_file_of_an_older_schema_version_is_brought_up_to_date(
    tmp_path: Path, clock: Clock, old: int
) -> None:
    path = tmp_path / f"v{old}.sqlite"
    async with Sandbox(db=path, clock=clock) as first:
        account_id = first.seed.account(points=7)
        coupon_id = first.seed.coupon(max_redeem_count=5)
        first.seed.assign_coupon(coupon_id, account_id)
    with sqlite3.connect(path) as conn:  # as a sandbox of that version left it
        for statement in OLDER_SCHEMAS[old]:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version={old}")
    conn.close()

    async with Sandbox(db=path, clock=clock) as second, aiohttp.ClientSession() as session:
        api = Api(session, second)
        await api.login()
        limited = await api.send(
            "PATCH", f"/coupons/{coupon_id}/accounts/{account_id}", json={"maxRedeemCount": 1}
        )
        partner = await api.post("/programs/P1/partners", json={"name": "Kept"})
        logout = await api.send("DELETE", "/auth/logout", interaction=False)
        version = second.core.db.conn.execute("PRAGMA user_version").fetchone()[0]
        points = second.core.db.one("SELECT points FROM accounts WHERE id = ?", (account_id,))

    assert (limited.status, limited.json()["maxRedeemCount"]) == (200, 1)
    assert partner.status == 201
    assert logout.status == 204
    assert version == 3
    assert points is not None and points["points"] == 7
