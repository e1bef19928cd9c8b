"""``loyalty-async loyalty-pass sandbox``: serve the Loyalty Pass stand-in until interrupted."""

from __future__ import annotations

import argparse
from typing import TextIO

from loyalty_async.sandbox.faults import Faults
from loyalty_async.sandbox.loyaltypass.server import LoyaltyPassSandbox
from loyalty_async.sandbox.loyaltypass.state import LoyaltyPassCredentials
from loyalty_async.sandbox.serve import (
    StandIn,
    add_listen_arguments,
    serve_command,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the command."""
    defaults = LoyaltyPassCredentials()
    add_listen_arguments(parser, port=8082, remote_risk="anyone who can reach it can get a token")
    parser.add_argument("--client-id", default=defaults.client_id, help="the OAuth2 client id")
    parser.add_argument("--client-secret", default=defaults.client_secret, help="its secret")
    parser.add_argument(
        "--token-body",
        choices=("form", "json", "any"),
        default="any",
        help="the token request accepted (any)",
    )
    parser.add_argument(
        "--member",
        action="append",
        default=[],
        metavar="ID=POINTS",
        help="open a member with an opening balance (repeat for more)",
    )
    parser.add_argument(
        "--faults", default="", metavar="SPEC", help='fault injection, e.g. "drop_after=0.1"'
    )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Serve until SIGINT or SIGTERM; return the exit status."""
    return serve_command(
        "loyalty-async loyalty-pass sandbox", args, lambda: _build(args), _banner, out, err
    )


def _build(args: argparse.Namespace) -> LoyaltyPassSandbox:
    sandbox = LoyaltyPassSandbox(
        host=args.host,
        port=args.port,
        credentials=LoyaltyPassCredentials(args.client_id, args.client_secret),
        token_body=args.token_body,
        faults=Faults.parse(args.faults),
        allow_remote=args.allow_remote,
    )
    for member in args.member:
        member_id, sep, points = member.partition("=")
        if not member_id or (sep and not points.isdigit()):
            raise ValueError(f"--member takes ID=POINTS, got {member!r}")
        sandbox.add_member(member_id, int(points or 0))
    return sandbox


def _banner(stand_in: StandIn) -> str:
    assert isinstance(stand_in, LoyaltyPassSandbox)
    login = stand_in.credentials
    return (
        f"Loyalty Pass stand-in listening on {stand_in.url}\n"
        f"  token URL {stand_in.token_url} client_id={login.client_id} "
        f"client_secret={login.client_secret}\n"
        f"  routes: the SDK's placeholder routes; members: {len(stand_in.state.members)}\n"
        f"  faults: {str(stand_in.faults) or 'none'}\n"
    )
