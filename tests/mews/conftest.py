"""Fixtures of the Mews suite: a recording wire for exact-body tests, and the leak guard.

``wire.on("loyaltyPrograms/getAll", Response(200, json={...}))`` answers one operation
(a callable ``handler(request) -> Response`` may stand in for the response); any other
path answers 404 as Mews does. ``wire.calls`` lists every request, its body encoded
exactly as it went out; ``wire.bodies`` gives those bodies decoded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from loyalty_async import MockTransport, Request, Response
from loyalty_async.mews import MewsClient
from tests.core.conftest import leak_guard  # noqa: F401 - every Mews test is leak-checked
from tests.core.helpers import MEWS_ACCESS_TOKEN, MEWS_CLIENT_TOKEN

BASE_URL = "https://api.mews-demo.test"
PREFIX = "/api/connector/v1/"
CLIENT = "Hotel Group Sync 1.4.0"

#: What MewsAuth adds to every body.
TOKENS = {"ClientToken": MEWS_CLIENT_TOKEN, "AccessToken": MEWS_ACCESS_TOKEN, "Client": CLIENT}

Answer = Response | Callable[[Request], Response]


class MewsWire:
    """Routes Mews operations to answers and records what went out."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.calls: list[Request] = []

    def on(self, operation: str, *answers: Answer) -> None:
        """Answer ``resource/action`` with ``answers`` in turn (the last one repeats)."""
        self.routes[PREFIX + operation] = list(answers)

    def __call__(self, request: Request) -> Response:
        self.calls.append(request)
        answers = self.routes.get(urlsplit(request.url).path)
        if request.method != "POST" or not answers:
            return Response(404, json={"Message": "Not found."}, headers={"Request-Id": "r-404"})
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        return answer(request) if callable(answer) else answer

    @property
    def bodies(self) -> list[Any]:
        """Every body sent, decoded."""
        return [call.decoded_json() for call in self.calls]

    @property
    def last(self) -> Request:
        """The most recent request."""
        return self.calls[-1]


@pytest.fixture
def wire() -> MewsWire:
    return MewsWire()


def client_on(wire: MewsWire, **kwargs: Any) -> MewsClient:
    """A Mews client on the recording wire (unpaced unless a limiter is given)."""
    settings: dict[str, Any] = {
        "base_url": BASE_URL,
        "client_token": MEWS_CLIENT_TOKEN,
        "access_token": MEWS_ACCESS_TOKEN,
        "client": CLIENT,
        "transport": MockTransport(wire),
        "rate_limiter": None,
    }
    settings.update(kwargs)
    return MewsClient(**settings)


@pytest.fixture
async def client(wire: MewsWire) -> AsyncIterator[MewsClient]:
    async with client_on(wire) as mews:
        yield mews


def assert_sent(request: Request, operation: str, body: dict[str, Any]) -> None:
    """``request`` is a POST of exactly ``body`` (plus the tokens) to ``operation``."""
    assert request.method == "POST"
    assert request.url == BASE_URL + PREFIX + operation
    assert request.headers["Content-Type"] == "application/json"
    assert "Authorization" not in request.headers
    assert request.decoded_json() == {**body, **TOKENS}
