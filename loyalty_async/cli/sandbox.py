"""``loyalty-async sandbox``: serve the offline Convercus sandbox (see docs/sandbox.md)."""

from __future__ import annotations

import argparse
from typing import Any

from loyalty_async.sandbox import cli as sandbox_cli


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the ``sandbox`` command."""
    parser = subparsers.add_parser(
        "sandbox",
        help="serve a stateful offline Convercus sandbox on loopback",
        description="Serve a stateful, offline Convercus sandbox on loopback until Ctrl+C "
        "or SIGTERM. See docs/sandbox.md.",
    )
    sandbox_cli.add_arguments(parser)
    parser.set_defaults(handler=sandbox_cli.run)
