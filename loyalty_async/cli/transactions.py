"""``loyalty-async transactions``: an account's receipts (earn and pay-with-points)."""

from __future__ import annotations

import argparse
from typing import Any

from loyalty_async.cli.base import add_api_command, add_group, positive_int
from loyalty_async.convercus.client import ConvercusClient
from loyalty_async.convercus.models.earn_burn import Transaction

#: Transactions listed unless ``--limit`` says otherwise.
DEFAULT_LIMIT = 50


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``transactions list|get``."""
    actions = add_group(subparsers, "transactions", help="read transactions")
    parser = add_api_command(
        actions,
        "list",
        _list,
        help="the account's transactions, newest first",
        account=True,
    )
    parser.add_argument(
        "--limit",
        type=positive_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N transactions (default {DEFAULT_LIMIT})",
    )
    parser = add_api_command(
        actions,
        "get",
        lambda client, args: client.transactions.get(args.transaction_id),
        help="a transaction by its technical id",
    )
    parser.add_argument("transaction_id", metavar="TRANSACTION_ID")


async def _list(client: ConvercusClient, args: argparse.Namespace) -> list[Transaction]:
    pager = client.transactions.list_for_account(
        args.account, id_type=args.id_type, page_size=min(args.limit, 1000)
    )
    return await pager.collect(limit=args.limit)
