"""``loyalty-async demo``: a short customer journey that needs no credentials.

It answers from an in-memory stand-in through :class:`~loyalty_async.MockTransport`.
"""

from __future__ import annotations

import uuid
from typing import Any, TextIO

from loyalty_async import ConvercusClient, MockTransport, Request, Response


class _Standin:
    """Just enough of Convercus to log in, open an account and read its balance."""

    def __init__(self) -> None:
        self.accounts: dict[str, dict[str, Any]] = {}

    def __call__(self, request: Request) -> Response:
        path = request.url.split("://", 1)[1].partition("/")[2]
        if path == "auth/login":
            return Response(200, text="demo-token")
        if request.headers.get("Authorization") != "demo-token":
            return Response(401, json={"code": "UNAUTHORIZED", "message": "no token"})
        parts = path.split("/")
        if request.method == "POST" and parts == ["accounts"]:
            account_id = str(uuid.uuid4())
            self.accounts[account_id] = {"id": account_id, "program": "DEMO", "status": "ACTIVE"}
            return Response(
                201, headers={"Location": f"https://demo.invalid/accounts/{account_id}"}
            )
        if request.method == "GET" and parts[-1:] == ["balance"] and parts[1] in self.accounts:
            return Response(200, json={"points": 0, "lockedPoints": 0})
        return Response(404, json={"code": "NOT_FOUND", "message": f"no {path}"})


async def run_demo(out: TextIO) -> int:
    """Run the journey and print what happened; return the exit status."""
    client = ConvercusClient(
        base_url="https://demo.invalid",
        org="DEMO",
        username="demo",
        password="demo",
        interaction_id="demo-shop",
        transport=MockTransport(_Standin()),
    )
    async with client:
        account_id = await client.call("accounts.create")
        balance = await client.call("accounts.get_balance", path_params={"accountId": account_id})
    out.write(f"created account {account_id}\n")
    out.write(f"balance: {balance['points']} points ({balance['lockedPoints']} locked)\n")
    return 0
