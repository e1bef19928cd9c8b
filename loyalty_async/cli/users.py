"""``loyalty-async users``: a user's personal data."""

from __future__ import annotations

import argparse
from typing import Any

from loyalty_async.cli.base import add_api_command, add_group


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``users get``."""
    actions = add_group(subparsers, "users", help="read users")
    parser = add_api_command(
        actions,
        "get",
        lambda client, args: client.users.get(args.user_id),
        help="a user by id: e-mail, names, address, custom properties",
    )
    parser.add_argument("user_id", metavar="USER_ID", help="the user's id (UUID)")
