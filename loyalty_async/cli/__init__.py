"""The ``loyalty-async`` command."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from loyalty_async.cli.demo import run_demo


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="loyalty-async", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("demo", help="run a customer journey against an offline stand-in")
    parser.parse_args(argv)
    # argparse has already refused anything but a known command.
    return asyncio.run(run_demo(sys.stdout))
