"""``loyalty-async account-coupons``: the coupons a member holds, and their redemptions."""

from __future__ import annotations

import argparse
from typing import Any

from loyalty_async.cli.base import add_account_commands, add_group


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``account-coupons list|redemptions``."""
    actions = add_group(
        subparsers, "account-coupons", help="read the coupons an account holds and redeemed"
    )
    add_account_commands(
        actions,
        [
            (
                "list",
                lambda client: client.account_coupons.list_for_account,
                "the coupons assigned to the account, with their limits and counts",
            ),
            (
                "redemptions",
                lambda client: client.account_coupons.list_redemptions_for_account,
                "every coupon redemption of the account",
            ),
        ],
    )
