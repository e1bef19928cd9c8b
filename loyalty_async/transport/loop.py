"""Whether an event loop is the one running the current code, without a system call."""

from __future__ import annotations

import asyncio
import threading

_get_ident = threading.get_ident


def is_running_here(loop: asyncio.AbstractEventLoop | None) -> bool:
    """Whether ``loop`` is the event loop running in this thread.

    On Python 3.11 ``asyncio.get_running_loop()`` asks the kernel for the process id on
    every call (to notice a fork): a system call per request on the hot path. An asyncio
    loop records the thread that runs it while it runs (``_thread_id``), and a thread
    runs one loop at a time, so comparing that with this thread answers the same
    question. A loop that keeps no such record (uvloop) gives ``False``: the caller then
    asks asyncio, as before.
    """
    return loop is not None and getattr(loop, "_thread_id", None) == _get_ident()
