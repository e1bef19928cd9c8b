"""A recording Accengage stand-in on loopback, for wire tests of the typed services.

``wire.on("GET", "/v1/me/apps/P-1/campaigns/7", status=200, json={...})`` scripts one
route; every request is recorded exactly as it arrived (method, raw path, headers, body
bytes). The token route answers a token once the signature over the received bytes
checks out, as Accengage does. The client signs with a clock that stands still, so
every ``Accengage-Time`` is known.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs
import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from loyalty_async.accengage import AccengageClient
from loyalty_async.session.retry import RetryPolicy

EMAIL = "push.admin@example.com"
API_KEY = "k3y-for-tests-0123456789"
PARTNER = "P-1"
TOKEN = "acc-token-7f1c9e"
NOW = 1_700_000_000


@attrs.define
class Seen:
    """One request as the stand-in received it."""

    method: str
    raw_path: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        """The path as it arrived, percent-escapes kept."""
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


Handler = Callable[[Seen], Answer | None]


class Wire:
    """A loopback server that records every request and answers from a script."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.routes: dict[tuple[str, str], list[Answer | Handler]] = {}
        self.token_requests = 0
        self.token = TOKEN
        #: Answer to the token request instead of a token (a refusal).
        self.token_refusal: Answer | None = None
        self.server: TestServer | None = None
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)

    def on(self, method: str, path: str, *answers: Answer | Handler, **answer: Any) -> None:
        """Answer ``method path`` with ``answers`` in turn (the last repeats)."""
        self.routes[(method, path)] = list(answers) or [Answer(**answer)]

    def url(self, path: str = "") -> str:
        assert self.server is not None
        return str(self.server.make_url(path))

    @property
    def calls(self) -> list[Seen]:
        """Every request but the token requests."""
        return [seen for seen in self.seen if seen.path != "/v1/access_token"]

    @property
    def last(self) -> Seen:
        return self.calls[-1]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        seen = Seen(request.method, request.raw_path, dict(request.headers), await request.read())
        self.seen.append(seen)
        if not signature_ok(seen):
            return _error(400, "API_ERR_SIGNATURE")
        if seen.path == "/v1/access_token":
            self.token_requests += 1
            if self.token_refusal is not None:
                return web.json_response(self.token_refusal.json, status=self.token_refusal.status)
            return web.json_response({"token_type": "Bearer", "access_token": self.token})
        script = self.routes.get((seen.method, seen.path))
        if not script:
            return web.json_response({}, status=200)
        step = script.pop(0) if len(script) > 1 else script[0]
        answer = step(seen) if callable(step) else step
        if answer is None:
            assert request.transport is not None
            request.transport.abort()  # the connection drops: no answer at all
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


def _error(status: int, *labels: str) -> web.Response:
    body = {"errors": [{"label": label, "message": f"{label} from the test"} for label in labels]}
    return web.json_response(body, status=status)


def signature_ok(seen: Seen) -> bool:
    """Whether the request's signature is the SHA-1 of the bytes received, the key and time."""
    time_header = seen.headers.get("Accengage-Time", "")
    expected = hashlib.sha1(seen.body + API_KEY.encode() + time_header.encode()).hexdigest()
    return seen.headers.get("Accengage-Signature") == expected


def assert_signed(seen: Seen, *, token: str = TOKEN) -> None:
    """The two signature headers over the exact body received, and the token."""
    assert seen.headers["Accengage-Time"] == str(NOW)
    assert (
        seen.headers["Accengage-Signature"]
        == hashlib.sha1(seen.body + API_KEY.encode() + str(NOW).encode()).hexdigest()
    )
    assert seen.headers["Authorization"] == f"Bearer {token}"
    assert "Expect" not in seen.headers


def pytest_configure(config: pytest.Config) -> None:
    # The plugin test runs a user's suite with pytester (registered as tests/sandbox does).
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


@pytest.fixture(autouse=True)
def no_secrets_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test runs with DEBUG logs on; none may show the key, the token or the e-mail."""
    caplog.set_level(logging.DEBUG, logger="loyalty_async")
    yield
    for record in caplog.records:
        text = record.getMessage()
        for secret in (API_KEY, TOKEN, "acc-token-renewed", EMAIL):
            assert secret not in text, f"a secret leaked into the log: {text[:200]}"


@pytest.fixture
async def wire() -> AsyncIterator[Wire]:
    stand_in = Wire()
    stand_in.server = TestServer(stand_in.app, host="127.0.0.1")
    await stand_in.server.start_server()
    yield stand_in
    await stand_in.server.close()


def make_client(wire: Wire, **overrides: Any) -> AccengageClient:
    settings: dict[str, Any] = {
        "base_url": wire.url(),
        "email": EMAIL,
        "api_key": API_KEY,
        "partner_id": PARTNER,
        "clock": lambda: float(NOW),
        "retry": RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0),
        **overrides,
    }
    return AccengageClient(**settings)


@pytest.fixture
async def client(wire: Wire) -> AsyncIterator[AccengageClient]:
    async with make_client(wire) as accengage:
        yield accengage
