"""OpenTelemetry tracing (``loyalty_async.tracing``) over a real loopback server.

Spans are collected by the SDK's in-memory exporter from a tracer provider of the test's
own; the server answers as scripted: a 503 with ``Retry-After``, a refused token, a
dropped connection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiohttp import web
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from loyalty_async import ConvercusAuth, Request, Response, RetryPolicy, Session
from loyalty_async.tracing import instrument
from tests.core.helpers import PASSWORD, Loopback, make_jwt

FAST = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)
CARD = "V1W2X3Y4Z5"


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    exported = InMemorySpanExporter()
    yield exported
    exported.clear()


def provider(exporter: InMemorySpanExporter) -> TracerProvider:
    traced = TracerProvider()
    traced.add_span_processor(SimpleSpanProcessor(exporter))
    return traced


class Script:
    """The loopback server: a login and a balance route answering as told, in turn."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.logins = 0
        self.tokens: list[str] = []

    async def login(self, request: web.Request) -> web.Response:
        self.logins += 1
        token = make_jwt(exp=4_102_444_800, n=self.logins)
        self.tokens.append(token)
        return web.Response(text=token)

    async def balance(self, request: web.Request) -> web.Response:
        answer = self.answers.pop(0) if self.answers else "ok"
        if answer == "503":
            return web.json_response({"code": "BUSY"}, status=503, headers={"Retry-After": "0"})
        if answer == "401":
            return web.json_response({"code": "TOKEN_EXPIRED"}, status=401)
        if answer == "drop":
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        return web.json_response({"points": 5, "lockedPoints": 0})


async def traced_call(
    serve: Callable[[Loopback], Awaitable[Loopback]],
    exporter: InMemorySpanExporter,
    script: Script,
    **session_options: Any,
) -> list[ReadableSpan]:
    server = Loopback()
    server.route("POST", "/auth/login", script.login)
    server.route("GET", "/accounts/{id}/balance", script.balance)
    await serve(server)
    async with Session(
        server.url(),
        auth=ConvercusAuth("ORG", "api-user", PASSWORD),
        headers={"interaction-id": "till-1"},
        retry=FAST,
        **session_options,
    ) as session:
        instrument(session, tracer_provider=provider(exporter))
        response = await session.request(
            "GET",
            "/accounts/{id}/balance",
            path_params={"id": CARD},
            headers={"id-type": "CARDCODE"},
            operation="accounts.get_balance",
        )
    assert response.status == 200
    return list(exporter.get_finished_spans())


def by_name(spans: list[ReadableSpan], name: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name == name]


def no_secret_in(spans: list[ReadableSpan], *secrets: str) -> None:
    for span in spans:
        texts = [str(value) for value in (span.attributes or {}).values()]
        texts += [str(span.status.description)]
        texts += [
            str(value) for event in span.events for value in (event.attributes or {}).values()
        ]
        for text in texts:
            for secret in (PASSWORD, CARD, *secrets):
                assert secret not in text, (span.name, text)


async def test_a_call_with_a_retry_after_503_is_one_span_with_an_attempt_span_each(
    serve: Callable[[Loopback], Awaitable[Loopback]], exporter: InMemorySpanExporter
) -> None:
    script = Script("503")

    spans = await traced_call(serve, exporter, script)

    (call,) = by_name(spans, "accounts.get_balance")
    gets = sorted(by_name(spans, "GET"), key=lambda span: span.start_time or 0)
    (login_call,) = by_name(spans, "auth.token")
    (login,) = by_name(spans, "POST")
    assert call.kind is SpanKind.INTERNAL and call.status.status_code is StatusCode.UNSET
    assert call.attributes is not None and call.attributes["loyalty_async.attempts"] == 2
    # The attempts and the login are the call's children, the login's request the login's.
    assert {span.parent.span_id for span in (*gets, login_call) if span.parent} == {
        call.context.span_id
    }
    assert login.parent is not None and login.parent.span_id == login_call.context.span_id
    first, second = gets
    assert first.kind is SpanKind.CLIENT
    assert dict(first.attributes or {}) == {
        "http.request.method": "GET",
        "server.address": "127.0.0.1",
        "server.port": int(first.attributes["server.port"]),  # type: ignore[index,arg-type]
        "url.full": f"http://127.0.0.1:{first.attributes['server.port']}/accounts/V1***/balance",  # type: ignore[index]
        "url.template": "/accounts/{id}/balance",
        "http.response.status_code": 503,
        "error.type": "503",
    }
    assert first.status.status_code is StatusCode.ERROR
    assert second.attributes is not None
    assert second.attributes["http.response.status_code"] == 200
    assert second.attributes["http.request.resend_count"] == 1
    assert "error.type" not in second.attributes
    (retry,) = call.events
    assert retry.name == "retry"
    assert dict(retry.attributes or {}) == {
        "loyalty_async.retry.delay": 0.0,
        "loyalty_async.retry.attempt": 1,
        "error.type": "503",
    }
    no_secret_in(spans, *script.tokens)


async def test_a_refused_token_is_an_event_and_the_new_login_nests_in_the_call(
    serve: Callable[[Loopback], Awaitable[Loopback]], exporter: InMemorySpanExporter
) -> None:
    script = Script("401")

    spans = await traced_call(serve, exporter, script)

    (call,) = by_name(spans, "accounts.get_balance")
    assert [event.name for event in call.events] == ["credentials_refused"]
    assert dict(call.events[0].attributes or {}) == {"http.response.status_code": 401}
    logins = by_name(spans, "auth.token")
    assert len(logins) == 2
    assert all(span.parent and span.parent.span_id == call.context.span_id for span in logins)
    gets = sorted(by_name(spans, "GET"), key=lambda span: span.start_time or 0)
    assert [span.attributes["http.response.status_code"] for span in gets] == [401, 200]  # type: ignore[index]
    assert gets[1].attributes["http.request.resend_count"] == 1  # type: ignore[index]
    no_secret_in(spans, *script.tokens)


async def test_an_attempt_without_an_answer_fails_its_span_and_the_hooks_see_every_attempt(
    serve: Callable[[Loopback], Awaitable[Loopback]], exporter: InMemorySpanExporter
) -> None:
    script = Script("drop", "503")
    sent: list[Request] = []
    answered: list[Response] = []

    spans = await traced_call(
        serve, exporter, script, on_request=[sent.append], on_response=[answered.append]
    )

    gets = sorted(by_name(spans, "GET"), key=lambda span: span.start_time or 0)
    assert [span.attributes.get("error.type") for span in gets] == [  # type: ignore[union-attr]
        "ConnectionDropped",
        "503",
        None,
    ]
    assert [span.attributes.get("http.request.resend_count") for span in gets] == [None, 1, 2]  # type: ignore[union-attr]
    (call,) = by_name(spans, "accounts.get_balance")
    assert [event.attributes["error.type"] for event in call.events] == [  # type: ignore[index]
        "ConnectionDropped",
        "503",
    ]
    # The session's own hooks: every attempt, the retries and the login's included, and
    # every answer, the failed one too.
    assert [request.method for request in sent] == ["POST", "GET", "GET", "GET"]
    assert [response.status for response in answered] == [200, 503, 200]
    no_secret_in(spans, *script.tokens)


async def test_a_call_that_fails_ends_its_span_with_the_error(
    serve: Callable[[Loopback], Awaitable[Loopback]], exporter: InMemorySpanExporter
) -> None:
    script = Script("503", "503", "503", "503")

    with pytest.raises(Exception, match="HTTP 503"):
        await traced_call(serve, exporter, script)

    (call,) = by_name(exporter.get_finished_spans(), "accounts.get_balance")
    assert call.status.status_code is StatusCode.ERROR
    assert call.attributes is not None and call.attributes["error.type"] == "503"
    assert call.attributes["loyalty_async.attempts"] == 4
    assert "V1***" in str(call.status.description) and CARD not in str(call.status.description)


def test_instrument_refuses_what_has_no_session() -> None:
    with pytest.raises(TypeError, match="takes a client or a Session"):
        instrument(object())
