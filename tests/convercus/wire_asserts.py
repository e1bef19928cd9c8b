"""Assertions on what a Convercus call put on the wire."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from loyalty_async import ConvercusClient, MockTransport, Request
from loyalty_async.transport.mock import Handler
from tests.convercus.conftest import BASE_URL, assert_convercus_headers

ACCOUNT = "7d123457-bfa1-4a83-8213-123456789763"
TARGET = "ff2bd33f-3878-4cfc-9ecc-1a541972e498"
USER = "dd820ab2-6833-4ee3-9add-7bebf4dadddd"
MEMBERSHIP = "4670c014-45b4-4d3b-bafd-b4bd13b5d659"
IDENTIFIER = "7b7587da-7467-4fe6-96d5-1d650a49f1fc"
PARTNER = "550e8400-e29b-11d4-a716-446655440000"
CARD = "V1W2X3Y4Z5"

NO_BODY: Any = object()


def make_client(handler: Handler, **options: Any) -> ConvercusClient:
    """A client like the ``client`` fixture's, on ``handler``, with extra ``options``."""
    settings: dict[str, Any] = {
        "base_url": BASE_URL,
        "org": "ORG",
        "username": "api-user",
        "password": "secret",
        "interaction_id": "webshop-1",
        **options,
    }
    return ConvercusClient(transport=MockTransport(handler), **settings)


def location(path: str) -> dict[str, str]:
    """A ``Location`` header pointing at ``path`` on the test server."""
    return {"Location": f"{BASE_URL}{path}"}


def assert_sent(
    request: Request,
    method: str,
    path: str,
    *,
    id_type: str | None = None,
    json: Any = NO_BODY,
    params: list[tuple[str, str]] | None = None,
) -> None:
    """The exact method, path, headers, query and JSON body of one request."""
    assert request.method == method
    url = urlsplit(request.url)
    assert url.scheme + "://" + url.netloc == BASE_URL
    assert url.path == path
    assert request.params == (params or [])
    assert_convercus_headers(request, id_type=id_type)
    if json is NO_BODY:
        assert not request.content, f"expected no body, got {request.content!r}"
    else:
        assert request.headers["Content-Type"] == "application/json"
        assert request.decoded_json() == json
