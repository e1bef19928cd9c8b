"""``loyalty-async sandbox``: serve the Convercus sandbox until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterator
from typing import TextIO

from loyalty_async.sandbox.core import Credentials
from loyalty_async.sandbox.faults import Faults
from loyalty_async.sandbox.server import Sandbox


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the ``sandbox`` command."""
    defaults = Credentials()
    parser.add_argument("--host", default="127.0.0.1", help="loopback address (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="TCP port, 0 for any (8080)")
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
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (anyone who can reach it can log in)",
    )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Serve until SIGINT or SIGTERM; return the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        faults = Faults.parse(args.faults)
        credentials = Credentials(args.org, args.username, args.password, args.interaction_id)
        sandbox = Sandbox(
            host=args.host,
            port=args.port,
            db=args.db,
            credentials=credentials,
            faults=faults,
            allow_remote=args.allow_remote,
        )
    except ValueError as exc:
        err.write(f"loyalty-async sandbox: {exc}\n")
        return 2
    try:
        with _failures_logged(err, debug=getattr(args, "debug", False)):
            return asyncio.run(_serve(sandbox, out))
    except OSError as exc:
        err.write(f"loyalty-async sandbox: cannot serve on {args.host}:{args.port}: {exc}\n")
        return 1
    except KeyboardInterrupt:  # platforms without loop signal handlers
        return 0


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


async def _serve(sandbox: Sandbox, out: TextIO) -> int:
    await sandbox.start()
    try:
        credentials = sandbox.credentials
        out.write(
            f"Convercus sandbox listening on {sandbox.url}\n"
            f"  org={credentials.org} username={credentials.username} "
            f"password={credentials.password} interaction-id={credentials.interaction_id}\n"
            f"  database: {sandbox.core.db.path}\n"
            f"  faults: {str(sandbox.faults) or 'none'}\n"
            "Press Ctrl+C to stop.\n"
        )
        out.flush()
        stopped = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, stopped.set)
        await stopped.wait()
        stats = sandbox.stats
        out.write(
            f"stopping: {stats.requests} requests, {stats.records_written} records written, "
            f"{stats.faults_injected} faults injected\n"
        )
        out.flush()
    finally:
        await sandbox.stop()
    return 0
