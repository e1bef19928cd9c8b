"""Helpers for the batch command tests: CSV files, parsed arguments, sandbox state."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import io
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiohttp import web
from rich.console import Console

from loyalty_async.cli import batch
from loyalty_async.sandbox import Sandbox, app
from loyalty_async.sandbox.app import Call

HEADER = [
    "card_code",
    "email",
    "given_name",
    "family_name",
    "country",
    "birth_date",
    "gender",
    "optin_email",
    "optin_Post",
]

Handler = Callable[[Call], Awaitable[web.StreamResponse]]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def member(n: int, **fields: str) -> list[str]:
    """A valid row of HEADER for member ``n``."""
    values = {
        "card_code": f"CARD{n:04d}",
        "email": f"member{n}@example.com",
        "given_name": f"Given{n}",
        "family_name": f"Family{n}",
        "country": "DE",
        "birth_date": "1990-01-31",
        "gender": "FEMALE",
        "optin_email": "yes",
        "optin_Post": "no",
        **fields,
    }
    return [values[column] for column in HEADER]


def members_file(path: Path, count: int) -> Path:
    return write_csv(path, HEADER, (member(n) for n in range(1, count + 1)))


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="loyalty-async")
    commands = parser.add_subparsers(dest="command", required=True)
    batch.add_commands(commands)
    return parser.parse_args(argv)


def settings(sandbox: Sandbox, **extra: Any) -> dict[str, Any]:
    return {"base_url": sandbox.url, **sandbox.credentials.client_kwargs(), **extra}


def environment(sandbox: Sandbox) -> dict[str, str]:
    credentials = sandbox.credentials
    return {
        **os.environ,
        "CONVERCUS_BASE_URL": sandbox.url,
        "CONVERCUS_ORG": credentials.org,
        "CONVERCUS_USERNAME": credentials.username,
        "CONVERCUS_PASSWORD": credentials.password,
        "CONVERCUS_INTERACTION_ID": credentials.interaction_id,
    }


@attrs.define
class Outcome:
    status: int
    out: str


async def run_import(sandbox: Sandbox, argv: Sequence[str], **extra: Any) -> Outcome:
    """``import members`` in this process (the sandbox shares the event loop)."""
    out = io.StringIO()
    args = parse(["import", "members", *argv])
    status = await batch.import_members(
        args, settings(sandbox, **extra), out=out, console=Console(file=io.StringIO())
    )
    return Outcome(status, out.getvalue())


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@attrs.frozen
class State:
    """The members the sandbox holds, read from its database."""

    accounts: int
    accounts_without_card: int
    users: int
    users_without_membership: int
    cards: dict[str, str]  # card code → account id
    owners: dict[str, dict[str, Any]]  # card code → the owner's user fields and opt-ins


def state(sandbox: Sandbox) -> State:
    db = sandbox.core.db.conn

    def scalar(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    cards: dict[str, str] = {}
    for code, account_id in db.execute(
        "SELECT code, account_id FROM identifiers WHERE type = 'CARDCODE' ORDER BY code"
    ):
        assert code not in cards, f"card {code} is on two accounts"
        cards[code] = account_id
    owners: dict[str, dict[str, Any]] = {}
    for row in db.execute(
        "SELECT i.code, u.email_address, u.given_name, u.family_name, u.country_code, "
        "u.gender_code, u.birth_date, m.optins FROM identifiers i "
        "JOIN memberships m ON m.account_id = i.account_id AND m.member_role = 'OWNER' "
        "JOIN users u ON u.id = m.user_id"
    ):
        code, *fields = tuple(row)
        assert code not in owners, f"card {code} has two owners"
        names = ["email", "given", "family", "country", "gender", "birth", "optins"]
        owners[code] = dict(zip(names, fields, strict=True))
    return State(
        accounts=scalar("SELECT COUNT(*) FROM accounts"),
        accounts_without_card=scalar(
            "SELECT COUNT(*) FROM accounts a WHERE NOT EXISTS "
            "(SELECT 1 FROM identifiers i WHERE i.account_id = a.id)"
        ),
        users=scalar("SELECT COUNT(*) FROM users"),
        users_without_membership=scalar(
            "SELECT COUNT(*) FROM users u WHERE NOT EXISTS "
            "(SELECT 1 FROM memberships m WHERE m.user_id = u.id)"
        ),
        cards=cards,
        owners=owners,
    )


class Gate:
    """Holds the calls of one sandbox operation from the ``open_for``-th on, until opened.

    Held calls wait; once the gate opens they go on to the real handler (``then="pass"``)
    or are answered 503 with nothing done (``then="refuse"``).
    """

    def __init__(self, *, open_for: int, then: str = "pass") -> None:
        self.original: Handler | None = None
        self.open_for = open_for
        self.then = then
        self.calls = 0
        self.held = 0
        self.opened = asyncio.Event()
        self._held_changed = asyncio.Event()

    def wrap(self, original: Handler) -> Gate:
        self.original = original
        return self

    async def __call__(self, call: Call) -> web.StreamResponse:
        assert self.original is not None
        self.calls += 1
        if self.calls > self.open_for and not self.opened.is_set():
            self.held += 1
            self._held_changed.set()
            await self.opened.wait()
            if self.then == "refuse":
                body = {"code": "HELD", "message": "held by the test", "detail": []}
                return web.json_response(body, status=503)
        return await self.original(call)

    async def wait_held(self, count: int, timeout: float = 60) -> None:
        async def held() -> None:
            while self.held < count:
                self._held_changed.clear()
                await self._held_changed.wait()

        await asyncio.wait_for(held(), timeout)


def lose_answers(original: Handler, *, times: int) -> Handler:
    """A handler that does the work, then closes the connection unanswered ``times`` times."""
    remaining = [times]

    async def handler(call: Call) -> web.StreamResponse:
        response = await original(call)
        if remaining[0] > 0:
            remaining[0] -= 1
            transport = call.request.transport
            if transport is not None:
                transport.abort()
        return response

    return handler


@contextlib.asynccontextmanager
async def sandbox_with(
    monkeypatch: pytest.MonkeyPatch,
    handlers: Mapping[str, Callable[[Handler], Handler]] | None = None,
    **options: Any,
) -> AsyncIterator[Sandbox]:
    """A sandbox whose operations' handlers are wrapped (routes are bound at start)."""
    for name, wrap in (handlers or {}).items():
        monkeypatch.setitem(app.HANDLERS, name, wrap(app.HANDLERS[name]))
    async with Sandbox(**options) as sandbox:
        yield sandbox
