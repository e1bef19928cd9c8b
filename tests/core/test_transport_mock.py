"""MockTransport, and the Request/Response values every transport speaks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import orjson
import pytest

from loyalty_async import (
    ConnectError,
    Headers,
    MockTransport,
    ReadTimeout,
    Request,
    Response,
    RetryPolicy,
    Session,
    SessionClosedError,
    Transport,
)
from loyalty_async.errors import ConnectionDropped
from loyalty_async.transport.base import ResponseNotReadError
from tests.core.helpers import BASE_URL


async def test_sync_handler_answers_and_requests_are_recorded_in_order() -> None:
    transport = MockTransport(lambda request: Response(200, json={"path": request.url}))
    first = await transport.send(Request("GET", "https://x.test/a"))
    second = await transport.send(Request("DELETE", "https://x.test/b"))
    assert first.json() == {"path": "https://x.test/a"}
    assert [(r.method, r.url) for r in transport.requests] == [
        ("GET", "https://x.test/a"),
        ("DELETE", "https://x.test/b"),
    ]
    assert second.request is transport.requests[1]


async def test_async_handler_is_awaited() -> None:
    async def handler(request: Request) -> Response:
        await asyncio.sleep(0)
        return Response(201, headers={"Location": "/accounts/abc"})

    response = await MockTransport(handler).send(Request("POST", "https://x.test/accounts"))
    assert response.status == 201
    assert response.headers["location"] == "/accounts/abc"
    assert response.content == b""


async def test_a_hand_built_json_request_is_recorded_encoded() -> None:
    transport = MockTransport(lambda request: Response(204))
    await transport.send(Request("POST", "https://x.test/a", json={"b": [1, None]}))
    sent = transport.requests[0]
    assert sent.content == b'{"b":[1,null]}'
    assert sent.json is None
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.decoded_json() == {"b": [1, None]}


@pytest.mark.parametrize("error", [ConnectError, ReadTimeout, ConnectionDropped])
async def test_handler_may_raise_transport_errors(error: type[Exception]) -> None:
    def handler(request: Request) -> Response:
        raise error("simulated")

    transport = MockTransport(handler)
    with pytest.raises(error, match="simulated"):
        await transport.send(Request("GET", "https://x.test/a"))
    assert len(transport.requests) == 1


async def test_a_transport_error_from_the_handler_reaches_the_caller_through_a_session() -> None:
    def handler(request: Request) -> Response:
        raise ConnectError("refused")

    transport = MockTransport(handler)
    async with Session(BASE_URL, transport=transport, retry=RetryPolicy.disabled()) as session:
        with pytest.raises(ConnectError) as caught:
            await session.request("GET", "/a")
    # The session fills in the request the error happened to (a copy without credentials).
    kept = caught.value.request
    assert kept is not None and (kept.method, kept.url) == ("GET", BASE_URL + "/a")


async def test_closed_mock_refuses_to_send() -> None:
    transport = MockTransport(lambda request: Response(200))
    await transport.aclose()
    assert transport.closed
    with pytest.raises(SessionClosedError):
        await transport.send(Request("GET", "https://x.test/a"))


def test_both_transports_satisfy_the_protocol() -> None:
    from loyalty_async import AiohttpTransport

    assert isinstance(MockTransport(lambda r: Response(200)), Transport)
    assert isinstance(AiohttpTransport(), Transport)


async def test_a_transport_of_your_own_plugs_into_a_session() -> None:
    class Recorder:
        """The smallest transport: one coroutine and aclose()."""

        def __init__(self) -> None:
            self.sent: list[tuple[str, str, bytes]] = []
            self.closed = False

        async def send(self, request: Request) -> Response:
            assert isinstance(request.content, bytes)
            self.sent.append((request.method, request.full_url, request.content))
            return Response(200, json={"echo": orjson.loads(request.content)})

        async def aclose(self) -> None:
            self.closed = True

    recorder = Recorder()
    async with Session(BASE_URL, transport=recorder) as session:
        response = await session.request("PUT", "/v/{id}", path_params={"id": 7}, json={"a": 1})
    assert response.json() == {"echo": {"a": 1}}
    assert recorder.sent == [("PUT", f"{BASE_URL}/v/7", b'{"a":1}')]
    assert recorder.closed


# ---------------------------------------------------------------- values


def test_request_full_url_and_copy_are_independent() -> None:
    request = Request("GET", "https://x.test/a?fixed=1", params=[("q", "a b"), ("n", "ü")])
    assert request.full_url == "https://x.test/a?fixed=1&q=a+b&n=%C3%BC"
    clone = request.copy()
    clone.headers["X"] = "1"
    clone.params.append(("more", "1"))
    clone.extensions["k"] = "v"
    assert "X" not in request.headers
    assert request.params == [("q", "a b"), ("n", "ü")]
    assert request.extensions == {}


def test_request_repr_shows_no_headers_or_body() -> None:
    request = Request("POST", "https://x.test/login", headers={"Authorization": "tok"}, json={})
    assert repr(request) == "<Request POST https://x.test/login>"


def test_headers_ignore_case_keep_spelling_and_hide_secrets_in_repr() -> None:
    headers = Headers({"Content-Type": "application/json", "Authorization": "tok-123"})
    headers["id-type"] = "CARDCODE"
    assert headers["content-type"] == "application/json"
    assert "AUTHORIZATION" in headers
    assert list(headers) == ["Content-Type", "Authorization", "id-type"]
    assert headers == {"content-type": "application/json", "authorization": "tok-123",
                       "ID-TYPE": "CARDCODE"}  # fmt: skip
    assert "tok-123" not in repr(headers)
    assert headers.get("missing", "x") == "x"
    del headers["ID-TYPE"]
    assert len(headers) == 2


def test_response_constructors() -> None:
    assert Response(200, json={"a": 1}).headers["Content-Type"] == "application/json"
    text = Response(200, text="eyJ...")
    assert (text.text, text.headers["content-type"]) == ("eyJ...", "text/plain; charset=utf-8")
    assert Response(204).content == b""
    assert Response(200, json=[]).json() == []
    assert Response(200, json=None).content == b"null"
    assert Response(503).is_success is False
    with pytest.raises(ValueError):
        Response(200, text="a", json={})


class _Chunks:
    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks
        self.closed = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk

    async def aclose(self) -> None:
        self.closed += 1


async def test_streamed_response_must_be_read_before_content() -> None:
    stream = _Chunks(b"a\r", b"\nb\n", b"", b"c")
    response = Response(200, stream=stream)
    assert response.is_streamed
    with pytest.raises(ResponseNotReadError):
        _ = response.content
    assert [line async for line in response.aiter_lines()] == ["a", "b", "c"]
    assert stream.closed == 1
    with pytest.raises(ResponseNotReadError):
        await response.aread()
    await response.aclose()
    assert stream.closed == 1


async def test_aread_keeps_the_body_and_closes_the_stream() -> None:
    stream = _Chunks(b'{"a"', b":1}")
    response = Response(200, stream=stream)
    assert await response.aread() == b'{"a":1}'
    assert response.json() == {"a": 1}
    assert stream.closed == 1
    assert [piece async for piece in response.aiter_bytes()] == [b'{"a":1}']
