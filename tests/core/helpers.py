"""Values and small tools shared by the core tests (fixtures live in ``conftest.py``)."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import attrs
from aiohttp import web
from aiohttp.test_utils import TestServer

from loyalty_async import (
    ConvercusClient,
    MockTransport,
    Request,
    Response,
    RetryPolicy,
    Session,
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

BASE_URL = "https://api.loyalty.test"

# Every credential the tests use. The leak guard (conftest) fails a test if one of these,
# or a token minted with ``make_jwt``, shows up in a log line or an error message.
PASSWORD = "Pa55-w0rd!secret"
CLIENT_SECRET = "cs-7f3a9b2e-client-secret"
API_KEY = "a1b2c3d4e5f6g7h8"
MEWS_CLIENT_TOKEN = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D"
MEWS_ACCESS_TOKEN = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D"
ACCENGAGE_TOKEN = "acc-tok-5e1f0c2d9a"
OAUTH_TOKEN = "oauth-at-8c1d2e3f4a"

SECRETS: set[str] = set()


def base_secrets() -> set[str]:
    return {PASSWORD, CLIENT_SECRET, API_KEY, MEWS_CLIENT_TOKEN, MEWS_ACCESS_TOKEN}


def secret(value: str) -> str:
    """Register ``value`` as a secret the leak guard looks for; return it."""
    SECRETS.add(value)
    return value


def make_jwt(exp: float | None = None, **claims: Any) -> str:
    """A real, unsigned-shape JWT with an ``exp`` claim (registered as a secret)."""

    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    payload: dict[str, Any] = {"sub": "api-user", **claims}
    if exp is not None:
        payload["exp"] = int(exp)
    token = f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(payload)}.c2lnbmF0dXJlLXh5eg"
    return secret(token)


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


#: Retries without real waits: the tests assert the waits that would be taken instead.
FAST = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)
#: Three attempts at once, for the loopback clients.
NO_WAIT = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0)


@asynccontextmanager
async def mock_session(
    handler: Callable[[Request], Any], **kwargs: Any
) -> AsyncIterator[tuple[Session, MockTransport]]:
    """A session on a ``MockTransport`` answering with ``handler``."""
    transport = MockTransport(handler)
    kwargs.setdefault("retry", FAST)
    async with Session(kwargs.pop("base_url", BASE_URL), transport=transport, **kwargs) as session:
        yield session, transport


def ok(request: Request) -> Response:
    return Response(200, json={"ok": True})


@attrs.define
class Seen:
    """One request as the loopback server received it."""

    method: str
    path: str
    raw_path: str
    headers: dict[str, str]
    body: bytes
    peer_port: int


class Loopback:
    """A real aiohttp server on 127.0.0.1 that records what it receives."""

    def __init__(self) -> None:
        self.app = web.Application(middlewares=[self._record])
        self.seen: list[Seen] = []
        #: Set at teardown so handlers parked on it finish before the server closes.
        self.release = asyncio.Event()
        self.server: TestServer | None = None

    @web.middleware
    async def _record(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        self.seen.append(
            Seen(
                request.method,
                request.path,
                request.raw_path,
                dict(request.headers),
                await request.read(),
                peer[1] if peer else 0,
            )
        )
        return await handler(request)

    async def stall(self, request: web.Request) -> web.Response:
        """A handler that never answers (until teardown releases it)."""
        await self.release.wait()
        return web.Response()

    def part_then_stall(
        self, first: bytes, *, length: int | None = None, sent: asyncio.Event | None = None
    ) -> Handler:
        """A handler that sends the headers and ``first``, then stalls mid-body."""

        async def handler(request: web.Request) -> web.StreamResponse:
            headers = {"Content-Length": str(length)} if length is not None else {}
            response = web.StreamResponse(headers=headers)
            await response.prepare(request)
            await response.write(first)
            if sent is not None:
                sent.set()
            await self.release.wait()
            return response

        return handler

    @staticmethod
    async def hang_up(request: web.Request) -> web.Response:
        """A handler that closes the connection instead of answering."""
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    def route(self, method: str, path: str, handler: Handler) -> None:
        self.app.router.add_route(method, path, handler)

    def url(self, path: str = "") -> str:
        assert self.server is not None
        return str(self.server.make_url(path))

    def hits(self, path: str) -> int:
        return sum(1 for seen in self.seen if seen.path == path)


def client_of(server: Loopback, **kwargs: Any) -> ConvercusClient:
    """A Convercus client on ``server`` (till ``till-7``) that retries at once."""
    return ConvercusClient(
        base_url=server.url(),
        org="ORG",
        username="api-user",
        password=PASSWORD,
        interaction_id="till-7",
        retry=NO_WAIT,
        **kwargs,
    )
