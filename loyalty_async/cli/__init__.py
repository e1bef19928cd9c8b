"""The ``loyalty-async`` command."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from loyalty_async.cli import batch
from loyalty_async.cli.demo import run_demo
from loyalty_async.sandbox import cli as sandbox_cli


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="loyalty-async", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("demo", help="run a customer journey against an offline stand-in")
    sandbox = commands.add_parser(
        "sandbox",
        help="serve a stateful offline Convercus sandbox on loopback",
        description="Serve a stateful, offline Convercus sandbox on loopback until Ctrl+C "
        "or SIGTERM. See docs/sandbox.md.",
    )
    sandbox_cli.add_arguments(sandbox)
    batch.add_commands(commands)
    args = parser.parse_args(argv)
    if hasattr(args, "handler"):
        return int(args.handler(args))
    if args.command == "sandbox":
        return sandbox_cli.run(args)
    # argparse has already refused anything but a known command.
    return asyncio.run(run_demo(sys.stdout))
