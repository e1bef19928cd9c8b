"""``loyalty-async sandbox``: serve the Convercus sandbox until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import logging
from collections.abc import Iterator
from typing import TextIO

from loyalty_async.sandbox.core import Credentials
from loyalty_async.sandbox.faults import Faults
from loyalty_async.sandbox.serve import (
    StandIn,
    add_listen_arguments,
    serve_command,
)
from loyalty_async.sandbox.server import Sandbox


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the ``sandbox`` command."""
    defaults = Credentials()
    add_listen_arguments(parser, port=8080, remote_risk="anyone who can reach it can log in")
    parser.add_argument(
        "--db", default=":memory:", help="SQLite file that keeps the data (in memory if not given)"
    )
    parser.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help='fault injection, e.g. "5xx=0.05,429=0.02,retry_after=1,latency=0.01,'
        'drop_before=0.01,drop_after=0.02,token_ttl=30,seed=7"',
    )
    parser.add_argument("--org", default=defaults.org, help=f"organisation ({defaults.org})")
    parser.add_argument("--username", default=defaults.username, help="API user name")
    parser.add_argument("--password", default=defaults.password, help="API user password")
    parser.add_argument(
        "--interaction-id", default=defaults.interaction_id, help="interaction point to suggest"
    )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Serve until SIGINT or SIGTERM; return the exit status."""

    def build() -> Sandbox:
        return Sandbox(
            host=args.host,
            port=args.port,
            db=args.db,
            credentials=Credentials(args.org, args.username, args.password, args.interaction_id),
            faults=Faults.parse(args.faults),
            allow_remote=args.allow_remote,
        )

    debug = getattr(args, "debug", False)
    return serve_command(
        "loyalty-async sandbox",
        args,
        build,
        _banner,
        out,
        err,
        summary=_summary,
        around=lambda err: _failures_logged(err, debug=debug),
    )


@contextlib.contextmanager
def _failures_logged(err: TextIO, *, debug: bool) -> Iterator[None]:
    """Write the sandbox's warnings and errors (a ``500``'s traceback) to ``err``.

    With ``--debug`` the command line already logs everything to stderr.
    """
    if debug:
        yield
        return
    logger = logging.getLogger("loyalty_async.sandbox")
    handler = logging.StreamHandler(err)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _banner(stand_in: StandIn) -> str:
    assert isinstance(stand_in, Sandbox)
    credentials = stand_in.credentials
    return (
        f"Convercus sandbox listening on {stand_in.url}\n"
        f"  org={credentials.org} username={credentials.username} "
        f"password={credentials.password} interaction-id={credentials.interaction_id}\n"
        f"  database: {stand_in.core.db.path}\n"
        f"  faults: {str(stand_in.faults) or 'none'}\n"
    )


def _summary(stand_in: StandIn) -> str:
    stats = stand_in.stats
    return (
        f"{stats.requests} requests, {stats.records_written} records written, "
        f"{stats.faults_injected} faults injected"
    )
