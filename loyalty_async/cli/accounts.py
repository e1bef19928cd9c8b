"""``loyalty-async accounts``: an account, its balance, details and level."""

from __future__ import annotations

import argparse
from typing import Any

from loyalty_async.cli.base import add_account_commands, add_group


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``accounts get|balance|details|level``."""
    actions = add_group(subparsers, "accounts", help="read accounts, balances and levels")
    add_account_commands(
        actions,
        [
            (
                "get",
                lambda client: client.accounts.get,
                "the account: technical id, program and status (turns a code into the id)",
            ),
            ("balance", lambda client: client.accounts.get_balance, "points available and locked"),
            (
                "details",
                lambda client: client.accounts.get_details,
                "balance, level, identifiers, members and coupons in one view",
            ),
            (
                "level",
                lambda client: client.accounts.get_level,
                "the status level and the progress to the next one",
            ),
        ],
    )
