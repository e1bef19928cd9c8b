"""A client whose event loop has ended: closing it later works, using it says why it cannot.

The sandbox serves from a thread of its own, so that the test can run the client in one
``asyncio.run`` after another as a script would, with warnings as errors (a connection
left open would be a ResourceWarning when collected).
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Iterator

import pytest

from loyalty_async import ConvercusClient, WrongEventLoopError
from loyalty_async.sandbox import Sandbox


class ThreadedSandbox:
    """A sandbox running on its own event loop in a thread."""

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stopped: asyncio.Event | None = None
        self.sandbox: Sandbox | None = None
        self.thread = threading.Thread(target=asyncio.run, args=(self._serve(),))

    async def _serve(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.stopped = asyncio.Event()
        async with Sandbox() as self.sandbox:
            self.ready.set()
            await self.stopped.wait()

    def client(self) -> ConvercusClient:
        assert self.sandbox is not None
        return ConvercusClient(
            base_url=self.sandbox.url, **self.sandbox.credentials.client_kwargs()
        )

    def stop(self) -> None:
        assert self.loop is not None and self.stopped is not None
        self.loop.call_soon_threadsafe(self.stopped.set)
        self.thread.join()


@pytest.fixture
def served() -> Iterator[ThreadedSandbox]:
    threaded = ThreadedSandbox()
    threaded.thread.start()
    assert threaded.ready.wait(60)
    try:
        yield threaded
    finally:
        threaded.stop()


def test_a_client_whose_loop_ended_closes_later_without_an_error(
    served: ThreadedSandbox,
) -> None:
    client = served.client()

    account_id = asyncio.run(client.accounts.create())  # the script never closed it
    asyncio.run(client.aclose())  # WrongEventLoopError before
    gc.collect()  # an open connection or session would warn here (an error under -W error)

    assert len(account_id) == 36
    assert client.session.closed
    assert served.sandbox is not None and served.sandbox.stats.logins == 1


def test_the_connections_are_closed_when_the_loop_ends(served: ThreadedSandbox) -> None:
    client = served.client()

    async def use() -> object:
        transport = client.session.transport
        await client.accounts.create()
        return transport

    transport = asyncio.run(use())
    gc.collect()

    assert transport._session is None  # type: ignore[attr-defined]  # closed by asyncio.run
    asyncio.run(client.aclose())


def test_using_it_on_a_new_loop_says_the_loop_it_belonged_to_has_gone(
    served: ThreadedSandbox,
) -> None:
    client = served.client()
    asyncio.run(client.accounts.create())

    async def again() -> None:
        await client.accounts.create()

    with pytest.raises(WrongEventLoopError, match="another event loop"):
        asyncio.run(again())
    asyncio.run(client.aclose())


async def test_closing_from_another_loop_that_still_runs_is_refused(
    served: ThreadedSandbox,
) -> None:
    client = served.client()
    await client.accounts.create()  # opened on this test's loop, which is running
    try:
        with pytest.raises(WrongEventLoopError):
            await asyncio.to_thread(asyncio.run, client.session.transport.aclose())
    finally:
        await client.aclose()
