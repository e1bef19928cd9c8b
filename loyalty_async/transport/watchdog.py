"""Time limits for many tasks with one timer: a watchdog instead of a timer per request.

A call that arms a timer of its own (``asyncio.timeout``, aiohttp's read timeout) pays for
scheduling and cancelling it every time, and aiohttp's read timeout even re-arms on each
chunk received. With hundreds of calls in flight, one watchdog per session or transport
does the same job: each call registers the moment it must be done by, and a single timer
wakes at the earliest of them, cancels the tasks that are overdue and sleeps until the
next. A call that finishes in time only adds and removes an entry.

A watched call learns that its time ran out as a ``CancelledError`` that :func:`expired`
recognises (the watchdog's own, not a caller's), exactly as with ``asyncio.timeout``; the
caller then raises the error its own callers should see.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from asyncio import current_task
from collections.abc import Callable

#: A watch whose deadline passed while its task was runnable (about to resume) is looked
#: at again this much later rather than cancelled mid-step.
_RECHECK = 0.001


class Watch:
    """One task's time limit, and what its watchdog's ``renew`` may look at to extend it."""

    __slots__ = ("deadline", "fired", "period", "probe", "queued", "seen", "task", "until")

    def __init__(
        self, task: asyncio.Task[object], deadline: float, period: float, until: float
    ) -> None:
        self.task = task
        self.deadline = deadline
        self.fired = False
        #: The hard limit no renewal goes past (``inf``: none).
        self.until = until
        #: How far a renewal pushes the deadline.
        self.period = period
        #: Something whose progress a renewal checks (a response body being read).
        self.probe: object | None = None
        self.seen = 0
        #: What the owner has seen of its queueing (a transport's pool), for ``renew``.
        self.queued = 0


#: Decides, when a watch's deadline is reached, whether to extend it: the new deadline,
#: or ``None`` to cancel its task.
Renew = Callable[[Watch, float], float | None]


class Watchdog:
    """Cancels watched tasks whose deadline passed, with one timer for all of them.

    ``renew`` may extend a watch whose deadline is reached instead. Bound to the event
    loop of its first watch (sessions and transports are too).
    """

    def __init__(self, renew: Renew | None = None) -> None:
        self._renew = renew
        self._watches: set[Watch] = set()
        # Watches released in time, handed out again: with hundreds of calls in flight, a
        # new object per request is much of what the garbage collector spends its time on.
        self._spare: list[Watch] = []
        self._timer: asyncio.TimerHandle | None = None
        self._wake_at = math.inf
        self._loop: asyncio.AbstractEventLoop | None = None

    def watch(self, seconds: float, period: float = 0.0, longest: float = math.inf) -> Watch:
        """Watch the current task: it is cancelled if still watched ``seconds`` from now.

        ``renew`` may push the deadline by ``period`` at a time, never past ``longest``
        seconds from now.
        """
        loop = self._loop
        if loop is None:
            loop = self._loop = asyncio.get_running_loop()
        task = current_task(loop)
        if task is None:  # pragma: no cover - a watch is always taken inside a task
            raise RuntimeError("a watchdog watches tasks")
        now = loop.time()
        deadline = now + seconds
        spare = self._spare
        if spare:
            watch = spare.pop()
            watch.task = task
            watch.deadline = deadline
            watch.period = period
            watch.until = now + longest
        else:
            watch = Watch(task, deadline, period, now + longest)
        self._watches.add(watch)
        if deadline < self._wake_at:
            self._schedule(loop, deadline)
        return watch

    def release(self, watch: Watch) -> None:
        """Stop watching (the call is done, in time or not); again changes nothing.

        Read ``watch.fired`` (or call :func:`expired`) right after, before any ``await``:
        a watch released in time is handed out again by a later :meth:`watch`. One that
        fired is not, so it keeps saying so.
        """
        watches = self._watches
        if watch in watches:
            watches.remove(watch)
            watch.task = None  # type: ignore[assignment]  # a spare watches nothing
            watch.probe = None
            watch.seen = watch.queued = 0
            self._spare.append(watch)

    def close(self) -> None:
        """Cancel the timer; tasks still watched are no longer cancelled."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._wake_at = math.inf
        self._watches.clear()
        self._spare.clear()

    def _schedule(self, loop: asyncio.AbstractEventLoop, when: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._wake_at = when
        self._timer = loop.call_at(when, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self._wake_at = math.inf
        loop = self._loop
        assert loop is not None
        now = loop.time()
        earliest = math.inf
        for watch in list(self._watches):
            if watch.deadline <= now:
                renewed = self._renew(watch, now) if self._renew is not None else None
                if renewed is not None:
                    watch.deadline = renewed
                elif _runnable(watch.task):
                    # It is about to resume (its answer came in): let it, then look again.
                    watch.deadline = now + _RECHECK
                else:
                    self._watches.discard(watch)
                    watch.fired = True
                    watch.task.cancel()
                    continue
            earliest = min(earliest, watch.deadline)
        if earliest < math.inf:
            self._schedule(loop, earliest)


def expired(watch: Watch) -> bool:
    """Whether ``watch`` fired and the cancellation it caused is the only one pending.

    Takes back the watchdog's cancellation (``Task.uncancel``). ``False`` if it did not
    fire, or if someone else cancelled the task as well: then the cancellation stands.
    """
    if not watch.fired:
        return False
    watch.fired = False
    return watch.task.uncancel() == 0


async def absorb_late_cancel(watch: Watch) -> None:
    """Swallow a watchdog cancellation that arrived after the call had already finished."""
    if not expired(watch):
        return
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.sleep(0)


def _runnable(task: asyncio.Task[object]) -> bool:
    """Whether ``task`` is scheduled to run (not parked on a future)."""
    return not task.done() and getattr(task, "_fut_waiter", True) is None
