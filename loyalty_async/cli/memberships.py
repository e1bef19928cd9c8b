"""``loyalty-async memberships``: who is a member of an account, and their opt-ins."""

from __future__ import annotations

import argparse
from typing import Any

from loyalty_async.cli.base import add_account_commands, add_api_command, add_group


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``memberships list|get``."""
    actions = add_group(subparsers, "memberships", help="read an account's memberships")
    add_account_commands(
        actions,
        [
            (
                "list",
                lambda client: client.memberships.list,
                "the account's live memberships with roles and opt-ins ([] if anonymous)",
            )
        ],
    )
    parser = add_api_command(
        actions,
        "get",
        lambda client, args: client.memberships.get(
            args.account, args.membership_id, id_type=args.id_type
        ),
        help="one membership of the account",
        account=True,
    )
    parser.add_argument("membership_id", metavar="MEMBERSHIP_ID", help="the membership's id")
