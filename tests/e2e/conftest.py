"""End-to-end fixtures: the SDK against the sandbox over real loopback HTTP.

The sandbox and the client come from the pytest plugin that ships with loyalty-async
(``convercus_sandbox``, ``convercus_client``): the client is a plain ``ConvercusClient``
on ``sandbox.url`` with its default ``AiohttpTransport``, as a program would build it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from loyalty_async import AiohttpTransport, ConvercusClient
from loyalty_async.sandbox import Sandbox


@pytest.fixture
async def client(
    convercus_client: ConvercusClient, convercus_sandbox: Sandbox
) -> AsyncIterator[ConvercusClient]:
    # Real HTTP: the default transport, on the sandbox's loopback port.
    assert isinstance(convercus_client.session.transport, AiohttpTransport)
    assert convercus_client.session.base_url == convercus_sandbox.url
    yield convercus_client
