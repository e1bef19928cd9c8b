"""Fixtures for the sandbox tests: a sandbox on a movable clock, and a raw HTTP caller.

``api`` speaks to the sandbox with plain aiohttp (so every header and byte on the wire
is the test's own); ``client`` is the SDK's ``ConvercusClient`` on the same sandbox.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import attrs
import orjson
import pytest

from loyalty_async import ConvercusClient
from loyalty_async.codec import dumps
from loyalty_async.sandbox import Sandbox


def pytest_configure(config: pytest.Config) -> None:
    # `pytest_plugins` is refused outside the top-level conftest; registering the plugin
    # when this conftest loads has the same effect for the pytester tests below it.
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


class Clock:
    """A wall clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@attrs.frozen
class Reply:
    """What came back: status, headers and the raw body."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return orjson.loads(self.body)

    @property
    def code(self) -> str:
        return str(self.json()["code"])

    @property
    def location_id(self) -> str:
        return self.headers["Location"].rsplit("/", 1)[1]


class Api:
    """A raw Convercus caller: the raw token and interaction-id go on every call by default."""

    def __init__(self, session: aiohttp.ClientSession, sandbox: Sandbox) -> None:
        self.session = session
        self.sandbox = sandbox
        self.token = ""

    async def login(self, **overrides: str) -> Reply:
        credentials = self.sandbox.credentials
        body = {
            "org": credentials.org,
            "userName": credentials.username,
            "password": credentials.password,
            **overrides,
        }
        reply = await self.send("POST", "/auth/login", json=body, auth=False, interaction=False)
        if reply.status == 200:
            self.token = reply.body.decode()
        return reply

    async def send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        id_type: str | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        interaction: bool = True,
        params: Mapping[str, str] | None = None,
    ) -> Reply:
        sent: dict[str, str] = {}
        if auth:
            sent["Authorization"] = self.token
        if interaction:
            sent["interaction-id"] = self.sandbox.credentials.interaction_id
        if id_type is not None:
            sent["id-type"] = id_type
        if json is not None:
            data = dumps(json)
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        url = self.sandbox.url + path
        async with self.session.request(
            method, url, data=data, headers=sent, params=params
        ) as response:
            return Reply(response.status, dict(response.headers), await response.read())

    async def get(self, path: str, **kwargs: Any) -> Reply:
        return await self.send("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> Reply:
        return await self.send("POST", path, **kwargs)

    async def new_account(self) -> str:
        reply = await self.post("/accounts")
        assert reply.status == 201
        return reply.location_id

    async def new_user(self, email: str = "ada@example.com", **fields: Any) -> str:
        reply = await self.post("/users", json={"emailAddress": email, **fields})
        assert reply.status == 201, reply.body
        return reply.location_id


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sandbox_options() -> dict[str, Any]:
    return {}


@pytest.fixture
async def sandbox(clock: Clock, sandbox_options: dict[str, Any]) -> AsyncIterator[Sandbox]:
    async with Sandbox(clock=clock, **sandbox_options) as running:
        yield running


@pytest.fixture
async def api(sandbox: Sandbox) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession() as session:
        caller = Api(session, sandbox)
        assert (await caller.login()).status == 200
        yield caller


@pytest.fixture
async def client(sandbox: Sandbox, clock: Clock) -> AsyncIterator[ConvercusClient]:
    async with sandbox.client(clock=clock) as convercus:
        yield convercus
