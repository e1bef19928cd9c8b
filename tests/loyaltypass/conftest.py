"""A recording Loyalty Pass stand-in on loopback, for wire tests.

It answers the token endpoint (recording each token request as it arrived) and every
other path from a script, refusing calls whose bearer token it did not issue.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs
import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from loyalty_async.loyaltypass import LoyaltyPassClient
from loyalty_async.session.retry import RetryPolicy

CLIENT_ID = "shop-17"
CLIENT_SECRET = "lp-secret-4d2e9a7c"
TOKEN_PATH = "/oauth/token"


@attrs.define
class Seen:
    method: str
    raw_path: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.raw_path).path

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.raw_path).query, keep_blank_values=True)

    def json(self) -> Any:
        return orjson.loads(self.body)


@attrs.define
class Answer:
    status: int = 200
    json: Any = None
    text: str | None = None
    headers: dict[str, str] = attrs.Factory(dict)


class Wire:
    """Records every request; issues tokens; answers the rest from a script."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.routes: dict[tuple[str, str], list[Answer | Callable[[Seen], Answer | None]]] = {}
        self.issued: list[str] = []
        self.expires_in: Any = 3600
        self.server: TestServer | None = None
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)

    def on(self, method: str, path: str, *answers: Any) -> None:
        self.routes[(method, path)] = list(answers)

    def url(self, path: str = "") -> str:
        assert self.server is not None
        return str(self.server.make_url(path))

    @property
    def token_requests(self) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == TOKEN_PATH]

    @property
    def calls(self) -> list[Seen]:
        return [seen for seen in self.seen if seen.path != TOKEN_PATH]

    @property
    def last(self) -> Seen:
        return self.calls[-1]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        seen = Seen(request.method, request.raw_path, dict(request.headers), await request.read())
        self.seen.append(seen)
        if seen.path == TOKEN_PATH:
            token = f"lp-token-{len(self.issued) + 1}"
            self.issued.append(token)
            body: dict[str, Any] = {"access_token": token, "token_type": "Bearer"}
            if self.expires_in is not None:
                body["expires_in"] = self.expires_in
            return web.json_response(body)
        if seen.headers.get("Authorization") not in {f"Bearer {t}" for t in self.issued}:
            return web.json_response({"error": "invalid_token"}, status=401)
        script = self.routes.get((seen.method, seen.path))
        if not script:
            return web.json_response({})
        step = script.pop(0) if len(script) > 1 else script[0]
        answer = step(seen) if callable(step) else step
        if answer is None:
            assert request.transport is not None
            request.transport.abort()
            return web.Response(status=204)
        if answer.text is not None:
            return web.Response(status=answer.status, text=answer.text, headers=answer.headers)
        if answer.json is None:
            return web.Response(status=answer.status, headers=answer.headers)
        return web.Response(
            status=answer.status,
            body=orjson.dumps(answer.json),
            content_type="application/json",
            headers=answer.headers,
        )


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def no_secrets_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG, logger="loyalty_async")
    yield
    for record in caplog.records:
        text = record.getMessage()
        assert CLIENT_SECRET not in text and "lp-token-" not in text, text[:200]


@pytest.fixture
async def wire() -> AsyncIterator[Wire]:
    stand_in = Wire()
    stand_in.server = TestServer(stand_in.app, host="127.0.0.1")
    await stand_in.server.start_server()
    yield stand_in
    await stand_in.server.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_client(wire: Wire, **overrides: Any) -> LoyaltyPassClient:
    settings: dict[str, Any] = {
        "base_url": wire.url(),
        "token_url": TOKEN_PATH,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "retry": RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0),
        **overrides,
    }
    return LoyaltyPassClient(**settings)


@pytest.fixture
async def client(wire: Wire, clock: Clock) -> AsyncIterator[LoyaltyPassClient]:
    async with make_client(wire, clock=clock) as loyalty_pass:
        yield loyalty_pass
