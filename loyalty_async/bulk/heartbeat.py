"""A task that renews something every few seconds until it is stopped, and surely stops.

Stopping by cancellation alone is not enough: on Python 3.11, ``asyncio.wait_for`` drops
a cancellation that arrives as the operation it waits for completes, and redis-py wraps
its socket writes in it. A heartbeat cancelled at that moment would go on beating, and
whoever awaits its end would wait forever (a worker hanging at the end of a chunk). So
the heartbeat also checks a flag before each beat and stops when it is set.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class Heartbeat:
    """Calls ``beat`` every ``interval`` seconds, in a task of its own, until :meth:`stop`.

    An exception raised by ``beat`` ends the heartbeat; :meth:`stop` raises it.
    """

    def __init__(self, beat: Callable[[], Awaitable[object]], interval: float) -> None:
        self._beat = beat
        self._interval = interval
        self._stopping = False
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            if self._stopping:
                return
            await self._beat()

    async def stop(self) -> None:
        """Stop beating (a beat under way is cancelled) and wait until the task has ended."""
        self._stopping = True
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # the caller was cancelled too: that is not ours to swallow
