"""``loyalty-async identifiers``: the card, app and external codes of an account."""

from __future__ import annotations

import argparse
from typing import Any

from loyalty_async.cli.base import add_account_commands, add_group


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``identifiers list``."""
    actions = add_group(subparsers, "identifiers", help="read an account's identifiers")
    add_account_commands(
        actions,
        [
            (
                "list",
                lambda client: client.identifiers.list_for_account,
                "the account's card, app and external codes",
            )
        ],
    )
