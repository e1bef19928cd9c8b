"""Serving a stand-in from the command line until Ctrl+C or SIGTERM.

Shared by the Accengage and Loyalty Pass stand-ins' commands: start, print a banner, wait
for a signal, print what was served, stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from typing import Protocol, TextIO

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


async def serve_until_stopped(
    stand_in: StandIn, banner: Callable[[StandIn], str], out: TextIO
) -> int:
    """Serve ``stand_in`` until SIGINT or SIGTERM; print ``banner`` first and a summary last."""
    await stand_in.start()
    try:
        out.write(banner(stand_in) + "Press Ctrl+C to stop.\n")
        out.flush()
        stopped = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, stopped.set)
        await stopped.wait()
        stats = stand_in.stats
        out.write(
            f"stopping: {stats.requests} requests, {stats.logins} tokens issued, "
            f"{stats.faults_injected} faults injected\n"
        )
        out.flush()
    finally:
        await stand_in.stop()
    return 0
