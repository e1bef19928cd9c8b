"""Pacing requests below the Mews limit: at most N requests in any window of W seconds.

Mews counts requests per ``AccessToken`` in a sliding 30-second window (200 of them, in
demo and production, "best effort and approximate"). A client that stays below the limit
never sees a 429, so the :class:`~loyalty_async.mews.MewsClient` paces itself with a
:class:`SlidingWindowLimiter` by default: 180 requests per 30 s, a tenth below the
documented limit.

Mews counts a request when it arrives, which the client never sees: somewhere between
sending it and receiving the answer. So the limiter counts each request from the moment
it is let through until ``window`` seconds after its exchange ended (answered or failed).
However long the trip, every request Mews can still be counting is counted here too.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import math
import time
from collections.abc import Awaitable, Callable

from loyalty_async.errors import ConfigurationError

#: The documented limit: requests per ``AccessToken`` ...
MEWS_LIMIT = 200
#: ... in any window of this many seconds.
MEWS_WINDOW = 30.0
#: The share of the documented limit the client allows itself by default.
DEFAULT_HEADROOM = 0.9


class SlidingWindowLimiter:
    """Lets at most ``limit`` requests be counted in any ``window`` seconds.

    :meth:`acquire` waits for room and returns a slot; :meth:`sending` marks it on its way;
    :meth:`release` ends it when the exchange is over, and it still counts for ``window``
    seconds after that. A slot never marked sending (its request was dropped before it
    left, a deadline ran out) stops counting two windows after it was taken. Up to
    ``limit`` requests go at once; later ones follow as slots age out, served in the
    order they asked. :meth:`hold` stops every request for a while (a 429 said to wait).

    One limiter serves one event loop. Clients that share an ``AccessToken`` should share
    one limiter (pass the same object as ``rate_limiter=``): Mews counts per token.
    """

    def __init__(
        self,
        limit: int = round(MEWS_LIMIT * DEFAULT_HEADROOM),
        window: float = MEWS_WINDOW,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ConfigurationError(f"limit must be a whole number of at least 1: {limit!r}")
        if not (isinstance(window, int | float) and math.isfinite(window) and window > 0):
            raise ConfigurationError(f"window must be a positive number of seconds: {window!r}")
        self.limit = limit
        self.window = float(window)
        self._clock = clock
        self._sleep = sleep
        # When each released slot stops counting (answer + window), in release order.
        self._ending: collections.deque[float] = collections.deque()
        # Slots not released yet, by number: when each started; and those on their way.
        self._open: dict[int, float] = {}
        self._sending: set[int] = set()
        self._numbers = itertools.count(1)
        self._held_until = -math.inf
        self._lock = asyncio.Lock()
        self._released = asyncio.Event()
        #: Requests let through so far.
        self.acquired = 0
        #: How many of them had to wait, and the seconds they waited in all.
        self.delayed = 0
        self.waited = 0.0

    def __repr__(self) -> str:
        return f"SlidingWindowLimiter(limit={self.limit}, window={self.window:g})"

    @classmethod
    def for_mews(
        cls, headroom: float = DEFAULT_HEADROOM, *, window: float = MEWS_WINDOW
    ) -> SlidingWindowLimiter:
        """``headroom`` (0 to 1) of the documented 200 requests per ``window`` seconds.

        ``window`` scales the limit in time (tests run it in a fraction of a second).
        """
        if not 0 < headroom <= 1:
            raise ConfigurationError(f"headroom must be above 0 and at most 1: {headroom!r}")
        return cls(max(1, math.floor(MEWS_LIMIT * headroom)), window)

    @property
    def counted(self) -> int:
        """How many requests count against the window now (in flight or recently answered)."""
        self._forget(self._clock())
        return len(self._ending) + len(self._open)

    def delay(self) -> float:
        """Seconds the next request would have to wait now (``0.0``: it may go at once)."""
        now = self._clock()
        self._forget(now)
        wait = self._held_until - now
        counted = len(self._ending) + len(self._open)
        if counted >= self.limit:
            # Room comes when enough slots stop counting. A slot on its way stops a window
            # after its release, so not before now + window (the wait is checked again at
            # each release); one never sent, two windows after it was taken.
            ends = sorted(
                [
                    *self._ending,
                    *(
                        now + self.window if n in self._sending else start + 2 * self.window
                        for n, start in self._open.items()
                    ),
                ]
            )
            wait = max(wait, ends[counted - self.limit] - now)
        return max(wait, 0.0)

    async def acquire(self) -> int:
        """Wait until one more request may go; return its slot, for :meth:`release`."""
        async with self._lock:
            waited = 0.0
            while (wait := self.delay()) > 0:
                before = self._clock()
                await self._pause(wait)
                waited += self._clock() - before
            number = next(self._numbers)
            self._open[number] = self._clock()
            self.acquired += 1
            if waited:
                self.delayed += 1
                self.waited += waited
            return number

    def sending(self, slot: int | None) -> None:
        """The request of ``slot`` is on its way: it counts until :meth:`release`, however long."""
        if slot is not None and slot in self._open:
            self._sending.add(slot)

    def release(self, slot: int | None) -> None:
        """The exchange of ``slot`` is over: it counts for one more window from now."""
        if slot is not None and self._open.pop(slot, None) is not None:
            self._sending.discard(slot)
            self._ending.append(self._clock() + self.window)
            self._released.set()

    def hold(self, seconds: float) -> None:
        """Let no request start for ``seconds`` from now (on top of the window)."""
        if seconds > 0 and math.isfinite(seconds):
            self._held_until = max(self._held_until, self._clock() + seconds)

    def _forget(self, now: float) -> None:
        while self._ending and self._ending[0] <= now:
            self._ending.popleft()
        stale = [
            n
            for n, start in self._open.items()
            if start + 2 * self.window <= now and n not in self._sending
        ]
        for number in stale:
            del self._open[number]

    async def _pause(self, seconds: float) -> None:
        """Sleep ``seconds``, or less if an answer arrives and may make room sooner."""
        if not self._open:
            await self._sleep(seconds)
            return
        self._released.clear()
        sleeping = asyncio.ensure_future(self._sleep(seconds))
        answered = asyncio.ensure_future(self._released.wait())
        try:
            await asyncio.wait({sleeping, answered}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeping, answered):
                task.cancel()
            await asyncio.gather(sleeping, answered, return_exceptions=True)
