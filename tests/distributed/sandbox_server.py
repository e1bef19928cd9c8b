"""The Convercus sandbox in a process of its own, noting when each request arrives.

``python tests/distributed/sandbox_server.py DB ARRIVALS`` serves the sandbox with its data
in ``DB``, prints ``listening on URL``, and on SIGTERM writes the arrival time
(``time.time()``) of every request it got to ``ARRIVALS`` as JSON: the rate the workers
sent, measured where it counts.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import time
from typing import Any

from loyalty_async.sandbox import Sandbox, app


async def serve(db: str, arrivals_path: str) -> None:
    arrivals: list[float] = []
    dispatch = app._dispatch

    async def noted(*args: Any, **kwargs: Any) -> Any:
        arrivals.append(time.time())
        return await dispatch(*args, **kwargs)

    app._dispatch = noted  # type: ignore[assignment]
    sandbox = Sandbox(db=db)
    await sandbox.start()
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopped.set)
    print(f"listening on {sandbox.url}", flush=True)
    try:
        await stopped.wait()
    finally:
        await sandbox.stop()
        with open(arrivals_path, "w") as file:  # noqa: ASYNC230 - once, at the end
            json.dump(arrivals, file)


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], sys.argv[2]))
