"""Session: URLs, parameters, headers, hooks, JSON, lifecycle, event loops and deadlines."""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
from collections.abc import Awaitable, Callable
from decimal import Decimal

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from loyalty_async import (
    AiohttpTransport,
    ConfigurationError,
    ConnectionDropped,
    DeadlineExceeded,
    DecodeError,
    MockTransport,
    OutcomeUnknownError,
    ReadTimeout,
    Request,
    Response,
    ServerError,
    Session,
    SessionClosedError,
    Timeout,
    ValidationError,
    WrongEventLoopError,
)
from loyalty_async._version import __version__
from loyalty_async.operations import Operation
from loyalty_async.session import Call
from loyalty_async.transport.headers import CheckedHeaders
from tests.core.helpers import BASE_URL, FAST, Loopback, mock_session, ok

Serve = Callable[[Loopback], Awaitable[Loopback]]


class Status(enum.Enum):
    ACTIVE = "ACTIVE"


# ---------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("base_url", "path", "expected"),
    [
        ("https://api.test", "/accounts", "https://api.test/accounts"),
        ("https://api.test/", "accounts", "https://api.test/accounts"),
        ("https://api.test/v1/", "/accounts", "https://api.test/v1/accounts"),
        ("https://api.test/v1", "accounts/x", "https://api.test/v1/accounts/x"),
        ("https://api.test", "https://other.test/page?2", "https://other.test/page?2"),
    ],
)
async def test_paths_join_the_base_url(base_url: str, path: str, expected: str) -> None:
    async with mock_session(ok, base_url=base_url) as (session, transport):
        await session.request("GET", path)
    assert transport.requests[0].url == expected


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("V1/W2 X3", "V1%2FW2%20X3"),
        ("a%b", "a%25b"),
        ("Müller?#", "M%C3%BCller%3F%23"),
        ("3fa85f64-5717-4562-b3fc-2c963f66afa6", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        (42, "42"),
    ],
)
async def test_path_parameters_are_percent_encoded(value: object, encoded: str) -> None:
    async with mock_session(ok) as (session, transport):
        await session.request(
            "GET", "/accounts/{accountId}/balance", path_params={"accountId": value}
        )
    assert transport.requests[0].url == f"{BASE_URL}/accounts/{encoded}/balance"


async def test_encoded_path_parameters_reach_a_real_server_intact(serve: Serve) -> None:
    async def balance(request: web.Request) -> web.Response:
        return web.json_response({"code": request.match_info["code"]})

    server = Loopback()
    server.route("GET", "/accounts/{code}/balance", balance)
    await serve(server)
    async with Session(server.url(), transport=AiohttpTransport()) as session:
        response = await session.request(
            "GET", "/accounts/{code}/balance", path_params={"code": "V1/W2 X3"}
        )
    assert server.seen[0].raw_path == "/accounts/V1%2FW2%20X3/balance"
    assert response.json() == {"code": "V1/W2 X3"}


async def test_missing_or_empty_path_parameters_are_refused_before_sending() -> None:
    async with mock_session(ok) as (session, transport):
        with pytest.raises(ValidationError, match="accountId") as missing:
            await session.request("GET", "/accounts/{accountId}", path_params={"other": "x"})
        with pytest.raises(ValidationError) as empty:
            await session.request("GET", "/accounts/{accountId}", path_params={"accountId": " "})
    assert (missing.value.field, empty.value.field) == ("accountId", "accountId")
    assert transport.requests == []


async def test_query_parameters_lists_bools_dates_enums_and_none() -> None:
    async with mock_session(ok) as (session, transport):
        await session.request(
            "GET",
            "/accounts",
            params={
                "status": [Status.ACTIVE, "LOCKED", None],
                "active": True,
                "deleted": False,
                "skip": None,
                "from": dt.date(2024, 3, 1),
                "amount": Decimal("1E+2"),
                "q": "a b&c",
            },
        )
    request = transport.requests[0]
    assert request.params == [
        ("status", "ACTIVE"),
        ("status", "LOCKED"),
        ("active", "true"),
        ("deleted", "false"),
        ("from", "2024-03-01"),
        ("amount", "100"),
        ("q", "a b&c"),
    ]
    assert request.full_url == (
        f"{BASE_URL}/accounts?status=ACTIVE&status=LOCKED&active=true&deleted=false"
        "&from=2024-03-01&amount=100&q=a+b%26c"
    )


async def test_query_parameters_as_pairs_keep_their_order() -> None:
    async with mock_session(ok) as (session, transport):
        await session.request("GET", "/r", params=[("page", 2), ("size", 50), ("page", None)])
    assert transport.requests[0].full_url == f"{BASE_URL}/r?page=2&size=50"


# ---------------------------------------------------------------- headers and body


async def test_default_and_per_call_headers() -> None:
    async with mock_session(ok, headers={"interaction-id": "till-1"}) as (session, transport):
        await session.request("GET", "/a")
        await session.request("GET", "/b", headers={"id-type": "CARDCODE"})
        await session.request("GET", "/c", headers={"Interaction-Id": "web-2"})
    first, second, third = transport.requests
    assert first.headers == {
        "interaction-id": "till-1",
        "User-Agent": f"loyalty-async/{__version__}",
    }
    assert second.headers["id-type"] == "CARDCODE"
    assert second.headers["interaction-id"] == "till-1"
    assert third.headers["interaction-id"] == "web-2"
    assert "id-type" not in third.headers
    assert session.headers == {
        "interaction-id": "till-1",
        "user-agent": f"loyalty-async/{__version__}",
    }


async def test_session_headers_changed_between_calls_reach_the_wire() -> None:
    operation = Operation("accounts.get_balance", "GET", "/accounts/{accountId}/balance")
    id_type = CheckedHeaders({"id-type": "CARDCODE"})
    async with mock_session(ok, headers={"interaction-id": "till-1"}) as (session, transport):
        await session.send(Call(operation, path={"accountId": "V1"}, headers=id_type))
        session.headers["interaction-id"] = "till-2"
        session.headers["X-Shift"] = "late"
        await session.send(Call(operation, path={"accountId": "V1"}, headers=id_type))
        del session.headers["X-Shift"]
        await session.send(Call(operation, path={"accountId": "V1"}, headers=id_type))
    sent = [(r.headers["interaction-id"], r.headers.get("X-Shift")) for r in transport.requests]
    assert sent == [("till-1", None), ("till-2", "late"), ("till-2", None)]
    assert all(r.headers["id-type"] == "CARDCODE" for r in transport.requests)


async def test_json_body_with_exact_decimals() -> None:
    async with mock_session(ok) as (session, transport):
        await session.request(
            "POST",
            "/transactions",
            json={
                "amount": Decimal("12.30"),
                "sum": Decimal("0.1") + Decimal("0.2"),
                "big": Decimal("12345678901234567890.123456789"),
                "sci": Decimal("1.5E+3"),
                "when": dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.UTC),
                "ok": True,
            },
        )
    request = transport.requests[0]
    assert request.content == (
        b'{"amount":12.30,"sum":0.3,"big":12345678901234567890.123456789,"sci":1500,'
        b'"when":"2024-03-01T10:00:00+00:00","ok":true}'
    )
    assert request.headers["Content-Type"] == "application/json"


async def test_non_finite_decimals_are_refused() -> None:
    async with mock_session(ok) as (session, transport):
        with pytest.raises(ValidationError, match="NaN"):
            await session.request("POST", "/t", json={"amount": Decimal("NaN")})
    assert transport.requests == []


async def test_raw_content_and_own_content_type_are_kept() -> None:
    async with mock_session(ok) as (session, transport):
        await session.request(
            "POST", "/upload", content=b"a;b\n1;2\n", headers={"Content-Type": "text/csv"}
        )
        await session.request(
            "POST", "/j", json={"a": 1}, headers={"Content-Type": "application/vnd.x+json"}
        )
        with pytest.raises(ValidationError):
            await session.request("POST", "/x", json={}, content=b"{}")
    upload, own = transport.requests
    assert (upload.content, upload.headers["Content-Type"]) == (b"a;b\n1;2\n", "text/csv")
    assert (own.content, own.headers["Content-Type"]) == (b'{"a":1}', "application/vnd.x+json")


async def test_decode_json() -> None:
    async with mock_session(ok) as (session, _):
        assert session.decode_json(Response(200, json={"a": [1.5]})) == {"a": [1.5]}
        assert session.decode_json(Response(200, json=[])) == []
        assert session.decode_json(Response(204)) is None
        assert session.decode_json(Response(200, text="  \n")) is None
        broken = Response(200, text="<html>oops</html>")
        with pytest.raises(DecodeError) as caught:
            session.decode_json(broken)
    # The error keeps a copy of the response (its request redacted), with the same body.
    kept = caught.value.response
    assert kept is not None and (kept.status, kept.content) == (200, b"<html>oops</html>")
    assert "HTTP 200" in str(caught.value)


async def test_custom_json_codec_is_used_both_ways() -> None:
    def dumps(value: object) -> bytes:
        return b"CUSTOM" + repr(value).encode()

    def loads(data: bytes) -> object:
        return {"decoded": data.decode()}

    async with mock_session(ok, json_dumps=dumps, json_loads=loads) as (session, transport):
        await session.request("POST", "/a", json={"x": 1})
        assert session.decode_json(Response(200, text="raw")) == {"decoded": "raw"}
    assert transport.requests[0].content == b"CUSTOM{'x': 1}"


# ---------------------------------------------------------------- hooks


async def test_sync_and_async_hooks_see_every_attempt() -> None:
    answers = iter([Response(503), Response(200, json={"n": 1})])
    events: list[str] = []

    def on_request(request: Request) -> None:
        events.append(f"sync-req {request.method} {request.headers.get('X-Trace')}")

    async def on_request_async(request: Request) -> None:
        await asyncio.sleep(0)
        request.headers["X-Trace"] = "t-1"  # hooks may decorate the outgoing request
        events.append("async-req")

    async def on_response(response: Response) -> None:
        events.append(f"resp {response.status}")

    async with mock_session(
        lambda request: next(answers),
        on_request=[on_request, on_request_async],
        on_response=[on_response, lambda response: events.append("sync-resp")],
    ) as (session, transport):
        await session.request("GET", "/a")
    assert events == [
        "sync-req GET None", "async-req", "resp 503", "sync-resp",
        "sync-req GET None", "async-req", "resp 200", "sync-resp",
    ]  # fmt: skip
    assert [r.headers["X-Trace"] for r in transport.requests] == ["t-1", "t-1"]


# ---------------------------------------------------------------- lifecycle


async def test_closed_session_refuses_calls_and_closes_its_transport() -> None:
    transport = MockTransport(ok)
    session = Session(BASE_URL, transport=transport)
    async with session:
        await session.request("GET", "/a")
    assert session.closed and transport.closed
    await session.aclose()
    with pytest.raises(SessionClosedError):
        await session.request("GET", "/a")
    with pytest.raises(SessionClosedError):
        async with session:
            pass
    assert len(transport.requests) == 1


async def test_a_session_that_does_not_own_its_transport_leaves_it_open() -> None:
    transport = MockTransport(ok)
    async with Session(BASE_URL, transport=transport, owns_transport=False) as session:
        await session.request("GET", "/a")
    assert not transport.closed


def test_construction_needs_no_loop_and_checks_settings() -> None:
    session = Session(BASE_URL)  # the default transport is made lazily
    assert isinstance(session.transport, AiohttpTransport)
    with pytest.raises(ConfigurationError):
        Session("api.test")
    with pytest.raises(ConfigurationError):
        Session(BASE_URL, deadline=0)


@pytest.mark.parametrize(
    "settings",
    [
        {"deadline": float("inf")},
        {"deadline": float("nan")},
        {"deadline": 10**400},
        {"deadline": "5"},
        {"timeout": 5.0},
        {"retry": "three times"},
    ],
)
def test_settings_that_would_fail_at_call_time_are_refused_at_construction(
    settings: dict[str, object],
) -> None:
    # They used to be kept and fail on the first call (OverflowError inside aiohttp's
    # timers, AttributeError: 'float' object has no attribute 'capped').
    with pytest.raises(ConfigurationError):
        Session(BASE_URL, **settings)  # type: ignore[arg-type]


def test_use_from_another_event_loop_is_a_clear_error_not_a_hang() -> None:
    first = asyncio.new_event_loop()
    second = asyncio.new_event_loop()

    async def hello(request: web.Request) -> web.Response:
        return web.json_response({"hello": "world"})

    app = web.Application()
    app.router.add_get("/hello", hello)
    server = TestServer(app, host="127.0.0.1")
    try:
        first.run_until_complete(server.start_server())
        session = Session(str(server.make_url("")), transport=AiohttpTransport())
        response = first.run_until_complete(session.request("GET", "/hello"))
        assert response.json() == {"hello": "world"}
        with pytest.raises(WrongEventLoopError, match="one session per event loop"):
            second.run_until_complete(asyncio.wait_for(session.request("GET", "/hello"), timeout=5))
        first.run_until_complete(session.aclose())
    finally:
        first.run_until_complete(server.close())
        first.close()
        second.close()


# ---------------------------------------------------------------- deadlines


async def test_deadline_spans_attempts_for_a_get_on_a_real_server(serve: Serve) -> None:
    server = Loopback()
    server.route("GET", "/stall", server.stall)
    await serve(server)
    async with Session(
        server.url(), transport=AiohttpTransport(), timeout=Timeout(read=30.0), retry=FAST
    ) as session:
        with pytest.raises(DeadlineExceeded) as caught:
            await session.request("GET", "/stall", deadline=0.3)
    assert server.hits("/stall") == 1
    assert caught.value.may_have_reached_server is True


async def test_deadline_bounds_a_transport_that_ignores_timeouts() -> None:
    async def never(request: Request) -> Response:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async with mock_session(never, deadline=0.1) as (session, transport):
        with pytest.raises(DeadlineExceeded):
            await session.request("GET", "/a")
        with pytest.raises(OutcomeUnknownError) as caught:
            await session.request("POST", "/orders", json={"n": 1}, operation="orders.create")
    assert len(transport.requests) == 2
    assert isinstance(caught.value.__cause__, DeadlineExceeded)
    assert caught.value.operation == "orders.create"


async def test_unsafe_post_that_timed_out_is_outcome_unknown(serve: Serve) -> None:
    server = Loopback()
    server.route("POST", "/transactions", server.stall)
    await serve(server)
    async with Session(server.url(), transport=AiohttpTransport(), retry=FAST) as session:
        with pytest.raises(OutcomeUnknownError) as caught:
            await session.request(
                "POST",
                "/transactions",
                json={"points": 10},
                operation="transactions.earn",
                context={"account": "abc", "points": 10},
                timeout=Timeout(read=0.1),
            )
    assert server.hits("/transactions") == 1
    error = caught.value
    assert isinstance(error.__cause__, ReadTimeout)
    assert (error.operation, error.context, error.attempts) == (
        "transactions.earn",
        {"account": "abc", "points": 10},
        1,
    )
    assert error.request is not None and error.request.method == "POST"
    assert "do not resend" in str(error)


async def test_attempt_timeouts_are_capped_by_the_remaining_deadline() -> None:
    seen: list[Timeout] = []
    answers = iter([Response(503), Response(503), Response(200), Response(200)])

    def handler(request: Request) -> Response:
        assert request.timeout is not None
        seen.append(request.timeout)
        return next(answers)

    async with mock_session(handler, timeout=Timeout(connect=2.0, read=3.0)) as (session, _):
        await session.request("GET", "/a", deadline=10.0)
        await session.request("GET", "/a", deadline=10.0, timeout=Timeout(total=1.0))
    first, second, third, fourth = seen
    assert (first.connect, first.read) == (2.0, 3.0)
    assert first.total is not None and 9.0 < first.total <= 10.0
    assert second.total is not None and third.total is not None
    assert third.total <= second.total <= first.total
    assert fourth.total == 1.0  # already shorter than the deadline


def test_timeout_capped_never_turns_into_no_limit() -> None:
    # aiohttp reads a total of 0 as "no limit": an exhausted deadline must stay a limit.
    capped = Timeout().capped(-3.0)
    assert capped.total is not None and capped.total > 0
    assert Timeout(total=2.0).capped(None) == Timeout(total=2.0)
    assert Timeout(total=2.0).capped(5.0).total == 2.0
    assert Timeout().capped(1.5).total == 1.5


async def test_no_retry_wait_is_started_that_would_outlast_the_deadline(
    caplog: pytest.LogCaptureFixture,
) -> None:
    answers = iter([Response(503, headers={"Retry-After": "20"}), Response(200)])
    async with mock_session(lambda request: next(answers), deadline=1.0) as (session, transport):
        with pytest.raises(ServerError) as caught:
            await session.request("GET", "/a")
    assert caught.value.status == 503
    assert len(transport.requests) == 1
    assert not [r for r in caplog.records if r.getMessage().startswith("retrying")]


async def test_a_deadline_already_spent_fails_before_sending() -> None:
    async with mock_session(ok) as (session, transport):
        with pytest.raises(DeadlineExceeded):
            await session.request("GET", "/a", deadline=-1)
    assert transport.requests == []


async def test_dropped_connection_on_unsafe_post_is_outcome_unknown(serve: Serve) -> None:
    server = Loopback()
    server.route("POST", "/coupons", Loopback.hang_up)
    await serve(server)
    async with Session(server.url(), transport=AiohttpTransport(), retry=FAST) as session:
        with pytest.raises(OutcomeUnknownError) as caught:
            await session.request("POST", "/coupons", json={"c": 1})
    assert isinstance(caught.value.__cause__, ConnectionDropped)
    assert server.hits("/coupons") == 1
    assert caught.value.operation is None
    assert "POST /coupons" in str(caught.value)
