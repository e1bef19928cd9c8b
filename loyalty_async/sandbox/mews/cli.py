"""``loyalty-async mews sandbox``: serve the Mews stand-in until interrupted."""

from __future__ import annotations

import argparse
from typing import TextIO

from loyalty_async.sandbox.mews.server import MEWS_RATE_LIMIT, MewsSandbox
from loyalty_async.sandbox.serve import (
    StandIn,
    add_listen_arguments,
    serve_command,
)


def rate_limit(text: str) -> tuple[int, float] | None:
    """``off``, or ``REQUESTS/SECONDS`` such as ``200/30``."""
    if text.strip().lower() == "off":
        return None
    count, sep, seconds = text.partition("/")
    try:
        limit = (int(count), float(seconds) if sep else MEWS_RATE_LIMIT[1])
    except ValueError:
        limit = (0, 0.0)
    if limit[0] < 1 or not limit[1] > 0:
        raise argparse.ArgumentTypeError(f"use 'off' or REQUESTS/SECONDS such as 200/30: {text!r}")
    return limit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the ``mews sandbox`` command."""
    add_listen_arguments(parser, port=8081, remote_risk="the demo tokens it accepts are public")
    parser.add_argument(
        "--rate-limit",
        type=rate_limit,
        default=MEWS_RATE_LIMIT,
        metavar="N/SECONDS",
        help="requests per AccessToken per window, or 'off' (Mews's 200/30)",
    )
    parser.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help='fault injection, e.g. "5xx=0.05,429=0.02,retry_after=1,drop_after=0.01,seed=7"',
    )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Serve until SIGINT or SIGTERM; return the exit status."""

    def build() -> MewsSandbox:
        return MewsSandbox(
            host=args.host,
            port=args.port,
            rate_limit=args.rate_limit,
            faults=args.faults,
            allow_remote=args.allow_remote,
        )

    return serve_command(
        "loyalty-async mews sandbox", args, build, _banner, out, err, summary=_summary
    )


def _banner(stand_in: StandIn) -> str:
    assert isinstance(stand_in, MewsSandbox)
    tokens = stand_in.credentials[0]
    limit = stand_in.rate_limit
    pace = "off" if limit is None else f"{limit[0]} requests per AccessToken per {limit[1]:g} s"
    return (
        f"Mews sandbox listening on {stand_in.url}\n"
        f"  export MEWS_BASE_URL={stand_in.url}\n"
        f"  export MEWS_CLIENT_TOKEN={tokens.client_token}\n"
        f"  export MEWS_ACCESS_TOKEN={tokens.access_token}\n"
        f"  rate limit: {pace}; faults: {str(stand_in.faults) or 'none'}\n"
    )


def _summary(stand_in: StandIn) -> str:
    stats = stand_in.stats
    return (
        f"{stats.requests} requests, {stats.records_written} records written, "
        f"{stats.statuses[429]} answered 429, {stats.faults_injected} faults injected"
    )
