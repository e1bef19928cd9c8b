"""``loyalty-async bookings``: the points bookings of an account."""

from __future__ import annotations

import argparse
from typing import Any

from loyalty_async.cli.base import add_account_commands, add_group


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``bookings list``."""
    actions = add_group(subparsers, "bookings", help="read points bookings")
    add_account_commands(
        actions,
        [
            (
                "list",
                lambda client: client.bookings.list,
                "every points booking of the account (earn and burn, with their references)",
            )
        ],
    )
