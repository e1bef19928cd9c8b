"""``loyalty-async loyalty-pass``: the Loyalty Pass stand-in on the command line."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the ``loyalty-pass`` command group."""
    from loyalty_async.sandbox.loyaltypass import cli as stand_in

    group = subparsers.add_parser(
        "loyalty-pass",
        help="Loyalty Pass earn and burn: an offline stand-in",
        description="Loyalty Pass (routes are placeholders until you give yours). "
        "See docs/loyaltypass.md.",
    )
    commands = group.add_subparsers(dest="loyaltypass_command", required=True, metavar="COMMAND")
    parser = commands.add_parser(
        "sandbox",
        help="serve an offline Loyalty Pass stand-in on loopback",
        description="Serve an offline Loyalty Pass stand-in on loopback until Ctrl+C or "
        "SIGTERM: an OAuth2 token endpoint, bearer checks and a points ledger.",
    )
    stand_in.add_arguments(parser)
    parser.set_defaults(handler=stand_in.run)
