"""``loyalty-async auth``: check the connection settings by logging in."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from loyalty_async.auth.token import jwt_expiry
from loyalty_async.cli.base import add_api_command, add_group
from loyalty_async.convercus.client import ConvercusClient


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``auth login``."""
    actions = add_group(subparsers, "auth", help="check the connection settings")
    add_api_command(
        actions,
        "login",
        _login,
        help="log in and say until when the token is valid (the token is not printed)",
    )


async def _login(client: ConvercusClient, args: argparse.Namespace) -> dict[str, Any]:
    token = await client.auth.login()
    expires = jwt_expiry(token)
    return {
        "loggedIn": True,
        "baseUrl": client.session.base_url,
        "tokenExpiresAt": None
        if expires is None
        else dt.datetime.fromtimestamp(expires, dt.UTC).isoformat(),
    }
