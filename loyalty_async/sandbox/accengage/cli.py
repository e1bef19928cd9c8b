"""``loyalty-async accengage sandbox``: serve the Accengage stand-in until interrupted."""

from __future__ import annotations

import argparse
from typing import TextIO

from loyalty_async.sandbox.accengage.server import AccengageSandbox
from loyalty_async.sandbox.accengage.state import AccengageCredentials
from loyalty_async.sandbox.faults import Faults
from loyalty_async.sandbox.serve import (
    StandIn,
    add_listen_arguments,
    serve_command,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the command."""
    defaults = AccengageCredentials()
    add_listen_arguments(parser, port=8081, remote_risk="anyone who can reach it can use the key")
    parser.add_argument("--email", default=defaults.email, help="the dashboard user's e-mail")
    parser.add_argument("--api-key", default=defaults.api_key, help="that user's API key")
    parser.add_argument("--partner-id", default=defaults.partner_id, help="the app's partner id")
    parser.add_argument(
        "--devices", type=int, default=0, metavar="N", help="seed N devices into the app"
    )
    parser.add_argument(
        "--faults", default="", metavar="SPEC", help='fault injection, e.g. "5xx=0.05,seed=7"'
    )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Serve until SIGINT or SIGTERM; return the exit status."""
    return serve_command(
        "loyalty-async accengage sandbox", args, lambda: _build(args), _banner, out, err
    )


def _build(args: argparse.Namespace) -> AccengageSandbox:
    sandbox = AccengageSandbox(
        host=args.host,
        port=args.port,
        credentials=AccengageCredentials(args.email, args.api_key, args.partner_id),
        faults=Faults.parse(args.faults),
        allow_remote=args.allow_remote,
    )
    if args.devices < 0:
        raise ValueError("--devices must be 0 or more")
    sandbox.seed_devices(args.devices)
    return sandbox


def _banner(stand_in: StandIn) -> str:
    assert isinstance(stand_in, AccengageSandbox)
    login = stand_in.credentials
    app = stand_in.state.apps[login.partner_id]
    return (
        f"Accengage stand-in listening on {stand_in.url}\n"
        f"  email={login.email} api_key={login.api_key} partner_id={login.partner_id}\n"
        f"  devices: {len(app.devices)}\n"
        f"  faults: {str(stand_in.faults) or 'none'}\n"
    )
