"""Fixtures of the core suite: a leak guard on every test and a loopback HTTP server factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from loyalty_async.errors import LoyaltyError
from tests.core import helpers
from tests.core.helpers import Loopback


@pytest.fixture(autouse=True)
def leak_guard(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[LoyaltyError]]:
    """Run every test with DEBUG logs on, and fail it if a secret leaks anywhere.

    Every ``LoyaltyError`` built during the test is kept; at the end neither its text nor
    any captured log line may contain a password, token, key or signature.
    """
    helpers.SECRETS.clear()
    helpers.SECRETS.update(helpers.base_secrets())
    created: list[LoyaltyError] = []

    def recording_init(self: LoyaltyError, *args: Any) -> None:
        created.append(self)
        Exception.__init__(self, *args)

    monkeypatch.setattr(LoyaltyError, "__init__", recording_init, raising=False)
    caplog.set_level(logging.DEBUG, logger="loyalty_async")
    yield created
    texts = [record.getMessage() for record in caplog.records]
    texts += [f"{error!s} {error!r}" for error in created]
    for text in texts:
        for value in helpers.SECRETS:
            assert value not in text, f"a secret leaked into: {text[:300]}"


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Loopback], Awaitable[Loopback]]]:
    """Factory: build a ``Loopback``, add routes, then ``await serve(server)`` starts it."""
    made: list[Loopback] = []

    async def start(server: Loopback) -> Loopback:
        server.server = TestServer(server.app, host="127.0.0.1")
        await server.server.start_server()
        made.append(server)
        return server

    yield start
    for server in made:
        server.release.set()
        assert server.server is not None
        await server.server.close()
