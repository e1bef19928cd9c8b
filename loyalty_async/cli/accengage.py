"""``loyalty-async accengage``: the Accengage stand-in on the command line."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the ``accengage`` command group."""
    from loyalty_async.sandbox.accengage import cli as stand_in

    group = subparsers.add_parser(
        "accengage",
        help="Accengage push API: an offline stand-in",
        description="Accengage REST API v1. See docs/accengage.md.",
    )
    commands = group.add_subparsers(dest="accengage_command", required=True, metavar="COMMAND")
    parser = commands.add_parser(
        "sandbox",
        help="serve an offline Accengage stand-in on loopback",
        description="Serve an offline Accengage stand-in on loopback until Ctrl+C or "
        "SIGTERM: it checks signatures and tokens, pages with Link headers and answers the "
        "devices export as CSV.",
    )
    stand_in.add_arguments(parser)
    parser.set_defaults(handler=stand_in.run)
