"""Retry rules: what is resent, what never is, and how long the session waits first."""

from __future__ import annotations

import asyncio
import email.utils
import random
import re
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web

from loyalty_async import (
    AiohttpTransport,
    BadRequestError,
    ConflictError,
    ConnectError,
    ConnectionDropped,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ReadTimeout,
    Request,
    Response,
    RetryPolicy,
    ServerError,
    Session,
    Timeout,
    UnprocessableEntityError,
)
from loyalty_async.errors import APIError
from loyalty_async.session import exchange, parse_retry_after
from tests.core.helpers import FAST, Clock, Loopback, mock_session

Serve = Callable[[Loopback], Awaitable[Loopback]]
IDEMPOTENT = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]
RETRYABLE = [429, 500, 502, 503, 504]


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the retry loop takes, recorded instead of slept."""
    taken: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float) -> None:
        taken.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(exchange, "sleep", sleep)
    return taken


def then(*answers: Response | Exception) -> Callable[[Request], Response]:
    """A handler that gives ``answers`` in turn, raising the exceptions among them."""
    queue = list(answers)

    def handler(request: Request) -> Response:
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler


def retry_logs(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]


# ---------------------------------------------------------------- never left: always retried


@pytest.mark.parametrize("method", [*IDEMPOTENT, "POST", "PATCH"])
async def test_connection_refused_is_retried_for_every_method(method: str) -> None:
    handler = then(ConnectError("refused"), Response(200, json={"ok": True}))
    async with mock_session(handler) as (session, transport):
        response = await session.request(method, "/a", json=None if method != "POST" else {"x": 1})
    assert response.status == 200
    assert len(transport.requests) == 2


async def test_refused_port_on_a_real_socket_is_retried_then_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with Session(
        f"http://127.0.0.1:{port}",
        transport=AiohttpTransport(),
        retry=FAST.__class__(max_attempts=3, base_delay=0, max_delay=0),
    ) as session:
        with pytest.raises(ConnectError) as caught:
            await session.request("POST", "/transactions", json={"points": 5})
    # A write that provably never left stays a plain ConnectError, never "outcome unknown".
    assert type(caught.value) is ConnectError
    logs = retry_logs(caplog)
    assert len(logs) == 2
    assert logs[0].startswith(
        "retrying POST /transactions in 0.00 s (attempt 1 of 3 failed: ConnectError)"
    )


# ---------------------------------------------------------------- statuses


@pytest.mark.parametrize("status", RETRYABLE)
@pytest.mark.parametrize("method", IDEMPOTENT)
async def test_retryable_statuses_are_retried_for_idempotent_methods(
    method: str, status: int
) -> None:
    handler = then(Response(status, headers={"Retry-After": "0"}), Response(200))
    async with mock_session(handler) as (session, transport):
        response = await session.request(method, "/a")
    assert response.status == 200
    assert len(transport.requests) == 2


@pytest.mark.parametrize("status", RETRYABLE)
async def test_retryable_statuses_are_retried_for_resend_safe_writes(status: int) -> None:
    handler = then(Response(status), Response(201, headers={"Location": "/t/1"}))
    async with mock_session(handler) as (session, transport):
        response = await session.request(
            "POST", "/transactions", json={"externalId": "r-1"}, resend_safe=True
        )
    assert response.headers["Location"] == "/t/1"
    first, second = transport.requests
    assert first.content == second.content == b'{"externalId":"r-1"}'


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_5xx_on_an_unsafe_post_is_outcome_unknown_and_never_resent(status: int) -> None:
    handler = then(Response(status, json={"code": "INTERNAL", "message": "boom"}), Response(201))
    async with mock_session(handler) as (session, transport):
        with pytest.raises(OutcomeUnknownError) as caught:
            await session.request(
                "POST",
                "/accounts/{id}/coupons",
                path_params={"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
                json={"couponId": "c-1"},
                operation="account_coupons.assign",
                context={"coupon": "c-1"},
            )
    assert len(transport.requests) == 1
    error = caught.value
    assert isinstance(error.__cause__, ServerError)
    assert error.__cause__.status == status
    assert (error.operation, error.context, error.resend_safe) == (
        "account_coupons.assign",
        {"coupon": "c-1"},
        False,
    )
    assert error.request is not None and error.request.url.endswith("/coupons")


async def test_429_on_an_unsafe_post_is_a_rate_limit_error_not_resent() -> None:
    handler = then(Response(429, headers={"Retry-After": "3"}, json={"message": "slow down"}))
    async with mock_session(handler) as (session, transport):
        with pytest.raises(RateLimitError) as caught:
            await session.request("POST", "/users", json={"n": 1})
    assert len(transport.requests) == 1
    assert caught.value.retry_after == 3.0
    assert caught.value.status == 429


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 408, 409, 410, 412, 422])
@pytest.mark.parametrize("method", ["GET", "PUT", "POST"])
async def test_other_4xx_are_never_retried(method: str, status: int) -> None:
    async with mock_session(then(Response(status), Response(200))) as (session, transport):
        with pytest.raises(APIError) as caught:
            await session.request(method, "/a", resend_safe=True)
    assert caught.value.status == status
    assert len(transport.requests) == 1


async def test_exhausted_retries_raise_the_last_error() -> None:
    async with mock_session(then(Response(503))) as (session, transport):
        with pytest.raises(ServerError):
            await session.request("GET", "/a")
        with pytest.raises(OutcomeUnknownError) as caught:
            await session.request("POST", "/t", json={}, resend_safe=True)
    assert len(transport.requests) == 8
    assert caught.value.resend_safe is True
    assert caught.value.attempts == 4
    assert "resending the same request is safe" in str(caught.value)


async def test_refused_then_5xx_on_an_unsafe_post_is_outcome_unknown_after_two_attempts() -> None:
    handler = then(ConnectError("refused"), Response(502))
    async with mock_session(handler) as (session, transport):
        with pytest.raises(OutcomeUnknownError) as caught:
            await session.request("POST", "/t", json={})
    assert len(transport.requests) == 2
    assert caught.value.attempts == 2


# ---------------------------------------------------------------- timeouts and drops


@pytest.mark.parametrize("fault", [ReadTimeout("slow"), ConnectionDropped("reset")])
@pytest.mark.parametrize("method", IDEMPOTENT)
async def test_read_timeouts_and_drops_are_retried_for_idempotent_methods(
    method: str, fault: Exception
) -> None:
    async with mock_session(then(fault, Response(200))) as (session, transport):
        assert (await session.request(method, "/a")).status == 200
    assert len(transport.requests) == 2


@pytest.mark.parametrize("fault", [ReadTimeout("slow"), ConnectionDropped("reset")])
async def test_read_timeouts_and_drops_on_unsafe_writes_are_outcome_unknown(
    fault: Exception,
) -> None:
    async with mock_session(then(fault)) as (session, transport):
        with pytest.raises(OutcomeUnknownError) as post:
            await session.request("POST", "/a", json={"a": 1})
        with pytest.raises(OutcomeUnknownError):
            await session.request("PATCH", "/a", json={"a": 1})
    assert len(transport.requests) == 2
    assert post.value.__cause__ is fault


async def test_a_dropped_connection_is_retried_on_a_real_server_for_get(serve: Serve) -> None:
    async def flaky(request: web.Request) -> web.Response:
        if server.hits("/flaky") == 1:
            assert request.transport is not None
            request.transport.close()
        return web.json_response({"attempt": server.hits("/flaky")})

    server = Loopback()
    server.route("GET", "/flaky", flaky)
    await serve(server)
    async with Session(server.url(), transport=AiohttpTransport(), retry=FAST) as session:
        response = await session.request("GET", "/flaky")
    assert response.json() == {"attempt": 2}
    assert server.hits("/flaky") == 2


async def test_a_read_timeout_is_retried_on_a_real_server_for_a_resend_safe_post(
    serve: Serve,
) -> None:
    async def slow_first(request: web.Request) -> web.Response:
        if server.hits("/transactions") == 1:
            await server.release.wait()
        return web.Response(status=201, headers={"Location": "/transactions/t-1"})

    server = Loopback()
    server.route("POST", "/transactions", slow_first)
    await serve(server)
    async with Session(
        server.url(), transport=AiohttpTransport(), retry=FAST, timeout=Timeout(read=0.1)
    ) as session:
        response = await session.request(
            "POST", "/transactions", json={"externalId": "rcpt-9", "amount": 5}, resend_safe=True
        )
    assert response.status == 201
    assert [seen.body for seen in server.seen] == [b'{"externalId":"rcpt-9","amount":5}'] * 2


# ---------------------------------------------------------------- waits


async def test_retry_after_in_seconds_is_honoured(
    waits: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    handler = then(Response(429, headers={"Retry-After": "2"}), Response(200))
    async with mock_session(handler) as (session, _):
        await session.request("GET", "/balance", operation="accounts.get_balance")
    assert waits == [2.0]
    assert retry_logs(caplog) == [
        "retrying GET accounts.get_balance in 2.00 s (attempt 1 of 4 failed: HTTP 429)"
    ]


async def test_retry_after_on_503_is_honoured_too(waits: list[float]) -> None:
    handler = then(Response(503, headers={"Retry-After": "1.5"}), Response(200))
    async with mock_session(handler) as (session, _):
        await session.request("GET", "/a")
    assert waits == [1.5]


async def test_retry_after_as_an_http_date_is_honoured(waits: list[float]) -> None:
    clock = Clock()
    date = email.utils.formatdate(clock.now + 7, usegmt=True)
    handler = then(Response(429, headers={"Retry-After": date}), Response(200))
    async with mock_session(handler, clock=clock) as (session, _):
        await session.request("GET", "/a")
    assert waits == [7.0]


async def test_retry_after_beyond_the_cap_fails_at_once(waits: list[float]) -> None:
    too_long = Response(429, headers={"Retry-After": "120"})
    handler = then(too_long, too_long, Response(200))
    async with mock_session(handler) as (session, transport):
        with pytest.raises(RateLimitError) as caught:
            await session.request("GET", "/a")
        assert len(transport.requests) == 1
        # A call may allow a longer wait than the session's default cap.
        await session.request("GET", "/a", retry=RetryPolicy(retry_after_cap=300))
    assert caught.value.retry_after == 120.0
    assert waits == [120.0]


async def test_exponential_backoff_with_full_jitter_within_bounds(
    waits: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    policy = RetryPolicy(max_attempts=6, base_delay=0.5, max_delay=3.0)
    async with mock_session(then(Response(503)), retry=policy) as (session, transport):
        with pytest.raises(ServerError):
            await session.request("GET", "/a")
    assert len(transport.requests) == 6
    ceilings = [0.5, 1.0, 2.0, 3.0, 3.0]
    assert len(waits) == 5
    assert all(0.0 <= wait <= ceiling for wait, ceiling in zip(waits, ceilings, strict=True))
    logged = [float(re.search(r"in (\S+) s", m).group(1)) for m in retry_logs(caplog)]  # type: ignore[union-attr]
    assert logged == [round(wait, 2) for wait in waits]


def test_backoff_delay_grows_exponentially_up_to_the_cap() -> None:
    policy = RetryPolicy(base_delay=0.25, max_delay=2.0)
    exact = [policy.backoff_delay(n, jitter=lambda ceiling: ceiling) for n in range(1, 7)]
    assert exact == [0.25, 0.5, 1.0, 2.0, 2.0, 2.0]
    rng = random.Random(7)
    for n in range(1, 7):
        samples = [policy.backoff_delay(n, jitter=lambda c: rng.uniform(0, c)) for _ in range(50)]
        assert all(0 <= s <= exact[n - 1] for s in samples)
    assert all(0 <= policy.backoff_delay(3) <= 1.0 for _ in range(200))  # backoff's full jitter
    assert policy.backoff_delay(10_000, jitter=lambda c: c) == 2.0  # no overflow
    assert policy.delay(1, retry_after=4.0) == 4.0
    assert policy.delay(1, retry_after=31.0) is None


def test_retry_policy_validates_its_settings() -> None:
    for bad in ({"max_attempts": 0}, {"base_delay": -1.0}, {"retry_after_cap": float("nan")}):
        with pytest.raises(ValueError):
            RetryPolicy(**bad)  # type: ignore[arg-type]
    assert RetryPolicy.disabled().max_attempts == 1
    assert RetryPolicy(statuses=[503]).statuses == frozenset({503})


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("5", 5.0),
        (" 0 ", 0.0),
        ("-3", 0.0),
        ("2.5", 2.5),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
        ("inf", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    clock = Clock(1445412480.0)  # 2015-10-21 07:28:00 UTC
    expected = 0.0 if value and value.startswith("Wed") else seconds
    assert parse_retry_after(value, clock) == expected
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", clock) == 30.0


# ---------------------------------------------------------------- configuration


async def test_attempts_and_statuses_per_session_and_per_call() -> None:
    async with mock_session(
        then(Response(503)), retry=RetryPolicy(max_attempts=2, base_delay=0)
    ) as (
        session,
        transport,
    ):
        with pytest.raises(ServerError):
            await session.request("GET", "/a")
        assert len(transport.requests) == 2
        with pytest.raises(ServerError):
            await session.request("GET", "/a", retry=RetryPolicy.disabled())
        assert len(transport.requests) == 3

    conflict_then_ok = then(Response(409), Response(200))
    async with mock_session(conflict_then_ok) as (session, transport):
        policy = RetryPolicy(base_delay=0, statuses={409})
        assert (await session.request("GET", "/a", retry=policy)).status == 200
    assert len(transport.requests) == 2


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
    ],
)
async def test_client_errors_keep_their_class(status: int, error: type[APIError]) -> None:
    async with mock_session(then(Response(status))) as (session, _):
        with pytest.raises(error):
            await session.request("POST", "/a", json={})
