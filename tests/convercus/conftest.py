"""A recording stand-in for Convercus, for wire tests of the typed services.

``wire.on("GET", "/accounts/abc/balance", Response(200, json={...}))`` answers one route
(a callable ``handler(request) -> Response`` may stand in for the response); login is
answered with a plain-text token. ``wire.calls`` lists every business request in order
(login excluded), with its body already encoded exactly as it went out.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from urllib.parse import urlsplit

import pytest

from loyalty_async import ConvercusClient, MockTransport, Request, Response

TOKEN = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.sig"
BASE_URL = "https://convercus.test"

Answer = Response | Callable[[Request], Response]


class Wire:
    """Routes (method, path) to answers and records what went out."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Answer]] = {}
        self.calls: list[Request] = []
        self.logins = 0

    def on(self, method: str, path: str, *answers: Answer) -> None:
        """Answer ``method path`` with ``answers`` in turn (the last one repeats)."""
        self.routes[(method, path)] = list(answers)

    def __call__(self, request: Request) -> Response:
        path = urlsplit(request.url).path
        if path == "/auth/login":
            self.logins += 1
            return Response(200, text=TOKEN)
        self.calls.append(request)
        answers = self.routes.get((request.method, path))
        if not answers:
            return Response(404, json={"code": "NOT_FOUND", "message": f"no route {path}"})
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        return answer(request) if callable(answer) else answer

    @property
    def last(self) -> Request:
        """The most recent business request."""
        return self.calls[-1]


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
async def client(wire: Wire) -> AsyncIterator[ConvercusClient]:
    async with ConvercusClient(
        base_url=BASE_URL,
        org="ORG",
        username="api-user",
        password="secret",
        interaction_id="webshop-1",
        transport=MockTransport(wire),
    ) as convercus:
        yield convercus


def assert_convercus_headers(request: Request, *, id_type: str | None = None) -> None:
    """Every business call carries the raw token and the interaction point; id-type if given."""
    assert request.headers["Authorization"] == TOKEN
    assert request.headers["interaction-id"] == "webshop-1"
    if id_type is None:
        assert "id-type" not in request.headers
    else:
        assert request.headers["id-type"] == id_type
