"""Serving a stand-in from the command line until Ctrl+C or SIGTERM.

Shared by the commands of every stand-in (Convercus, Mews, Accengage, Loyalty Pass): the
``--host``/``--port``/``--allow-remote`` options and their checks, then start, print a
banner, wait for a signal, print what was served, stop, and the exit status of each way
that can end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Protocol, TextIO

from loyalty_async.sandbox.standin import is_loopback
from loyalty_async.sandbox.stats import SandboxStats


class StandIn(Protocol):
    """What a stand-in offers to be served: start, stop, its URL and counters."""

    async def start(self) -> object:
        """Start serving."""
        ...

    async def stop(self) -> None:
        """Stop serving."""
        ...

    @property
    def url(self) -> str:
        """The base URL it serves."""
        ...

    @property
    def stats(self) -> SandboxStats:
        """What it saw."""
        ...


def add_listen_arguments(parser: argparse.ArgumentParser, *, port: int, remote_risk: str) -> None:
    """``--host``, ``--port`` and ``--allow-remote`` (``remote_risk``: what a remote host risks)."""
    parser.add_argument("--host", default="127.0.0.1", help="loopback address (127.0.0.1)")
    parser.add_argument(
        "--port", type=port_number, default=port, help=f"TCP port, 0 for any free one ({port})"
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help=f"allow a non-loopback --host ({remote_risk})",
    )


def port_number(text: str) -> int:
    """A TCP port from the command line: a whole number from 0 to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535, got {text!r}")
    return port


def check_host(args: argparse.Namespace) -> None:
    """Refuse a non-loopback ``--host`` without ``--allow-remote``, naming the flag."""
    if not args.allow_remote and not is_loopback(args.host):
        raise ValueError(
            f"{args.host!r} is not a loopback address and the stand-in serves loopback only; "
            "add --allow-remote if you really mean it"
        )


def requests_served(stand_in: StandIn) -> str:
    """The default summary: requests, tokens issued, faults injected."""
    stats = stand_in.stats
    return (
        f"{stats.requests} requests, {stats.logins} tokens issued, "
        f"{stats.faults_injected} faults injected"
    )


async def serve_until_stopped(
    stand_in: StandIn,
    banner: Callable[[StandIn], str],
    out: TextIO,
    summary: Callable[[StandIn], str] = requests_served,
) -> int:
    """Serve ``stand_in`` until SIGINT or SIGTERM; print ``banner`` first and a summary last.

    The signals are caught from before the stand-in starts, so one that comes while it
    starts or right after the banner still ends the command with the summary.
    """
    stopped = asyncio.Event()
    with _signals_set(stopped):
        await stand_in.start()
        try:
            out.write(banner(stand_in) + "Press Ctrl+C to stop.\n")
            out.flush()
            await stopped.wait()
            out.write(f"stopping: {summary(stand_in)}\n")
            out.flush()
        finally:
            await stand_in.stop()
    return 0


def serve_command(
    command: str,
    args: argparse.Namespace,
    build: Callable[[], StandIn],
    banner: Callable[[StandIn], str],
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    summary: Callable[[StandIn], str] = requests_served,
    around: Callable[[TextIO], contextlib.AbstractContextManager[object]] | None = None,
) -> int:
    """Run a stand-in's command: check ``--host``, ``build`` the stand-in, serve it.

    Returns the exit status: 2 for a bad option (a ``ValueError`` from the checks or from
    ``build``), 1 when the address cannot be served, 0 once stopped. Errors go to ``err``
    after ``command``; ``around(err)`` wraps the serving (to route the stand-in's logs).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        check_host(args)
        stand_in = build()
    except ValueError as exc:
        err.write(f"{command}: {exc}\n")
        return 2
    try:
        with around(err) if around is not None else contextlib.nullcontext():
            return asyncio.run(serve_until_stopped(stand_in, banner, out, summary))
    except (OSError, OverflowError) as exc:
        err.write(f"{command}: cannot serve on {args.host}:{args.port}: {exc}\n")
        return 1
    except KeyboardInterrupt:  # platforms without loop signal handlers
        return 0


@contextlib.contextmanager
def _signals_set(stopped: asyncio.Event) -> Iterator[None]:
    loop = asyncio.get_running_loop()
    caught = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # platforms without them
            loop.add_signal_handler(signum, stopped.set)
            caught.append(signum)
    try:
        yield
    finally:
        for signum in caught:
            loop.remove_signal_handler(signum)
