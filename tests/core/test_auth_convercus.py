"""ConvercusAuth: login on the wire, token forms, refresh, replay, and single-flight login."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import orjson
import pytest
from aiohttp import web

from loyalty_async import (
    AiohttpTransport,
    AuthenticationError,
    ConfigurationError,
    ConvercusAuth,
    DeadlineExceeded,
    OutcomeUnknownError,
    Request,
    Response,
    RetryPolicy,
    ServerError,
    Session,
)
from loyalty_async.auth.convercus import parse_login_token
from loyalty_async.auth.token import jwt_expiry
from tests.core.helpers import PASSWORD, Clock, Loopback, make_jwt, mock_session, secret

Serve = Callable[[Loopback], Awaitable[Loopback]]
LOGIN_BODY = {"org": "ORG", "userName": "api-user", "password": PASSWORD}


def convercus_auth(clock: Clock | None = None, **kwargs: object) -> ConvercusAuth:
    return ConvercusAuth("ORG", "api-user", PASSWORD, clock=clock or Clock(), **kwargs)  # type: ignore[arg-type]


class FakeConvercus:
    """Answers ``/auth/login`` with the next token and accepts only the newest token."""

    def __init__(self, *tokens: str, login_delay: float = 0.0) -> None:
        self.tokens = list(tokens)
        self.issued: list[str] = []
        self.logins = 0
        self.calls: list[Request] = []
        self.login_delay = login_delay
        self.reject_all = False
        self.login_answer: Response | None = None

    async def __call__(self, request: Request) -> Response:
        if urlsplit(request.url).path == "/auth/login":
            self.logins += 1
            if self.login_delay:
                await asyncio.sleep(self.login_delay)
            if self.login_answer is not None:
                return self.login_answer
            token = self.tokens.pop(0) if len(self.tokens) > 1 else self.tokens[0]
            self.issued.append(token)
            return Response(200, text=token)
        self.calls.append(request)
        newest = self.issued[-1]
        if self.reject_all or request.headers.get("Authorization") not in (
            newest,
            f"Bearer {newest}",
        ):
            return Response(401, json={"code": "UNAUTHORIZED", "message": "token expired"})
        return Response(200, json={"points": 10})


# ---------------------------------------------------------------- login on the wire


async def test_login_then_call_on_a_real_server(serve: Serve) -> None:
    token = make_jwt(exp=2_000_000_000)

    async def login(request: web.Request) -> web.Response:
        return web.Response(text=f"  {token}\n", content_type="text/plain")

    async def balance(request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != token:
            return web.json_response({"code": "UNAUTHORIZED"}, status=401)
        return web.json_response({"points": 100, "lockedPoints": 0})

    server = Loopback()
    server.route("POST", "/auth/login", login)
    server.route("GET", "/accounts/{id}/balance", balance)
    await serve(server)
    async with Session(
        server.url(),
        transport=AiohttpTransport(),
        auth=convercus_auth(),
        headers={"interaction-id": "webshop-1"},
    ) as session:
        response = await session.request(
            "GET",
            "/accounts/{id}/balance",
            path_params={"id": "V1W2X3"},
            headers={"id-type": "CARDCODE"},
        )
    assert response.json() == {"points": 100, "lockedPoints": 0}
    login_seen, call_seen = server.seen
    assert (login_seen.method, login_seen.path) == ("POST", "/auth/login")
    assert orjson.loads(login_seen.body) == LOGIN_BODY
    assert login_seen.body == (
        b'{"org":"ORG","userName":"api-user","password":"' + PASSWORD.encode() + b'"}'
    )
    assert login_seen.headers["Content-Type"] == "application/json"
    assert "Authorization" not in login_seen.headers
    assert call_seen.headers["Authorization"] == token
    assert call_seen.headers["interaction-id"] == "webshop-1"
    assert call_seen.headers["id-type"] == "CARDCODE"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("eyJ.tok.en", "text/plain"),
        ("  eyJ.tok.en \r\n", "text/plain"),
        ('"eyJ.tok.en"', "application/json"),
        ("'eyJ.tok.en'", "text/plain"),
        ('{"token": "eyJ.tok.en"}', "application/json"),
        ('{"jwt": " eyJ.tok.en "}', "application/json"),
        ('{"accessToken": "eyJ.tok.en", "other": 1}', "application/json"),
        ('{"access_token": "eyJ.tok.en"}', "application/json"),
    ],
)
def test_token_forms(body: str, content_type: str) -> None:
    secret("eyJ.tok.en")
    response = Response(200, content=body.encode(), headers={"Content-Type": content_type})
    assert parse_login_token(response) == "eyJ.tok.en"


@pytest.mark.parametrize("body", ["", "  ", '""', '{"user": "x"}', '{"token": ""}'])
def test_login_responses_without_a_token_are_refused(body: str) -> None:
    with pytest.raises(AuthenticationError):
        parse_login_token(Response(200, content=body.encode()))


@pytest.mark.parametrize(("scheme", "header"), [("raw", "{t}"), ("bearer", "Bearer {t}")])
async def test_auth_scheme(scheme: str, header: str) -> None:
    token = make_jwt(exp=2_000_000_000)
    fake = FakeConvercus(token)
    async with mock_session(fake, auth=convercus_auth(auth_scheme=scheme)) as (session, _):
        await session.request("GET", "/a")
    assert fake.calls[0].headers["Authorization"] == header.format(t=token)


def test_settings_are_checked() -> None:
    with pytest.raises(ConfigurationError, match="password"):
        ConvercusAuth("ORG", "user", "")
    with pytest.raises(ConfigurationError):
        ConvercusAuth("ORG", "user", PASSWORD, auth_scheme="basic")  # type: ignore[arg-type]
    auth = convercus_auth()
    assert PASSWORD not in repr(auth)


# ---------------------------------------------------------------- refresh


async def test_token_is_refreshed_before_its_exp_claim() -> None:
    clock = Clock()
    first, second = make_jwt(exp=clock.now + 3600), make_jwt(exp=clock.now + 7200)
    assert jwt_expiry(first) == clock.now + 3600
    fake = FakeConvercus(first, second)
    async with mock_session(fake, auth=convercus_auth(clock)) as (session, _):
        await session.request("GET", "/a")
        clock.advance(3600 - 301)  # still outside the 300 s refresh margin
        await session.request("GET", "/a")
        assert fake.logins == 1
        clock.advance(1)  # now inside it: log in before the token runs out
        await session.request("GET", "/a")
    assert fake.logins == 2
    assert [c.headers["Authorization"] for c in fake.calls] == [first, first, second]


async def test_a_token_shorter_lived_than_the_margin_is_refreshed_halfway_not_every_call() -> None:
    # A 60 s token under the default 300 s margin used to be stale from birth: every call
    # logged in again.
    clock = Clock()
    first, second = make_jwt(exp=clock.now + 60), make_jwt(exp=clock.now + 200)
    fake = FakeConvercus(first, second)
    async with mock_session(fake, auth=convercus_auth(clock)) as (session, _):
        for _ in range(5):
            await session.request("GET", "/a")
        clock.advance(29)
        await session.request("GET", "/a")
        assert fake.logins == 1
        clock.advance(1)  # half of its 60 s are gone: refresh, still before it runs out
        await session.request("GET", "/a")
    assert fake.logins == 2
    assert [c.headers["Authorization"] for c in fake.calls] == [first] * 6 + [second]


@pytest.mark.parametrize("lifetime", [None, 600.0])
async def test_token_without_a_readable_exp_lives_token_lifetime(lifetime: float | None) -> None:
    clock = Clock()
    opaque = [secret("opaque-token-1"), secret("opaque-token-2")]
    fake = FakeConvercus(*opaque)
    kwargs = {} if lifetime is None else {"token_lifetime": lifetime}
    expected_life = lifetime or 24 * 3600.0
    async with mock_session(fake, auth=convercus_auth(clock, **kwargs)) as (session, _):
        await session.request("GET", "/a")
        clock.advance(expected_life - 301)
        await session.request("GET", "/a")
        assert fake.logins == 1
        clock.advance(2)
        await session.request("GET", "/a")
    assert fake.logins == 2
    assert fake.calls[-1].headers["Authorization"] == "opaque-token-2"


@pytest.mark.parametrize("token", ["a.b", "a.!!!.c", "x.eyJleHAiOiJzb29uIn0.y", "x.W10.y"])
def test_unreadable_exp(token: str) -> None:
    assert jwt_expiry(token) is None


# ---------------------------------------------------------------- rejection and replay


@pytest.mark.parametrize("status", [401, 403])
async def test_rejection_logs_in_again_and_replays_once(status: int) -> None:
    first, second = make_jwt(exp=2_000_000_000, n=1), make_jwt(exp=2_000_000_000, n=2)
    answers = iter([Response(status, json={"message": "expired"}), Response(201)])
    logins: list[str] = []

    def handler(request: Request) -> Response:
        if request.url.endswith("/auth/login"):
            logins.append(first if not logins else second)
            return Response(200, text=logins[-1])
        return next(answers)

    async with mock_session(handler, auth=convercus_auth()) as (session, transport):
        response = await session.request("POST", "/users", json={"givenName": "Ann"})
    assert response.status == 201
    sent = [(r.url.rsplit("/", 1)[1], r.headers.get("Authorization")) for r in transport.requests]
    assert sent == [("login", None), ("users", first), ("login", None), ("users", second)]
    # The replay is the very same call: same body bytes.
    assert transport.requests[1].content == transport.requests[3].content


async def test_second_rejection_raises_authentication_error() -> None:
    fake = FakeConvercus(make_jwt(exp=2_000_000_000, n=1), make_jwt(exp=2_000_000_000, n=2))
    fake.reject_all = True
    async with mock_session(fake, auth=convercus_auth()) as (session, _):
        with pytest.raises(AuthenticationError) as caught:
            await session.request("GET", "/accounts")
    assert (fake.logins, len(fake.calls)) == (2, 2)
    assert caught.value.status == 401
    assert caught.value.code == "UNAUTHORIZED"


@pytest.mark.parametrize("status", [400, 401, 403])
async def test_rejected_login_raises_without_the_password(status: int) -> None:
    fake = FakeConvercus("unused")
    fake.login_answer = Response(
        status, json={"code": "BAD_CREDENTIALS", "message": "wrong user or password"}
    )
    async with mock_session(fake, auth=convercus_auth()) as (session, _transport):
        with pytest.raises(AuthenticationError) as caught:
            await session.request("POST", "/transactions", json={"points": 1})
    assert fake.logins == 1
    assert fake.calls == []  # the business call never went out
    error = caught.value
    assert error.status == status
    assert error.code == "BAD_CREDENTIALS"
    assert PASSWORD not in str(error) and PASSWORD not in repr(error)
    assert "login refused for org 'ORG', user 'api-user'" in str(error)


async def test_a_failing_login_server_is_retried_and_never_outcome_unknown() -> None:
    fake = FakeConvercus("unused")
    fake.login_answer = Response(503)
    policy = RetryPolicy(max_attempts=3, base_delay=0)
    async with mock_session(fake, auth=convercus_auth(), retry=policy) as (session, _):
        with pytest.raises(ServerError) as caught:
            await session.request("GET", "/accounts")
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert fake.logins == 3


async def test_logout_sends_the_token_and_forgets_it() -> None:
    token = make_jwt(exp=2_000_000_000)
    fake = FakeConvercus(token)
    auth = convercus_auth()
    async with mock_session(fake, auth=auth) as (session, transport):
        await session.request("GET", "/a")
        await auth.logout(session)
        await auth.logout(session)  # nothing to log out any more
    logout = transport.requests[-1]
    assert (logout.method, logout.url.endswith("/auth/logout")) == ("DELETE", True)
    assert logout.headers["Authorization"] == token
    assert auth.tokens.current() is None


# ---------------------------------------------------------------- single flight


async def test_a_thousand_concurrent_calls_cause_exactly_one_login() -> None:
    fake = FakeConvercus(make_jwt(exp=2_000_000_000), login_delay=0.05)
    async with mock_session(fake, auth=convercus_auth()) as (session, _):
        responses = await asyncio.gather(*(session.request("GET", "/a") for _ in range(1000)))
    assert fake.logins == 1
    assert len(fake.calls) == 1000
    assert all(r.status == 200 for r in responses)


async def test_token_rejected_while_a_thousand_calls_are_in_flight_causes_one_new_login() -> None:
    old, new = make_jwt(exp=2_000_000_000, n=1), make_jwt(exp=2_000_000_000, n=2)
    arrived = 0
    everyone_in = asyncio.Event()
    logins = 0

    async def handler(request: Request) -> Response:
        nonlocal arrived, logins
        if request.url.endswith("/auth/login"):
            logins += 1
            await asyncio.sleep(0.02)
            return Response(200, text=old if logins == 1 else new)
        if request.headers["Authorization"] == old:
            arrived += 1
            if arrived == 1000:
                everyone_in.set()
            await everyone_in.wait()  # all 1000 hold the old token at the same moment
            return Response(401, json={"message": "JWT expired"})
        return Response(200, json={"ok": True})

    async with mock_session(handler, auth=convercus_auth()) as (session, transport):
        responses = await asyncio.gather(*(session.request("GET", "/a") for _ in range(1000)))
    assert all(r.status == 200 for r in responses)
    assert logins == 2
    assert len(transport.requests) == 2 + 2000


async def test_token_expiring_by_the_clock_under_load_causes_one_new_login() -> None:
    clock = Clock()
    fake = FakeConvercus(
        make_jwt(exp=clock.now + 1000, n=1), make_jwt(exp=clock.now + 9000, n=2), login_delay=0.02
    )
    async with mock_session(fake, auth=convercus_auth(clock)) as (session, _):
        await asyncio.gather(*(session.request("GET", "/a") for _ in range(500)))
        clock.advance(1000)
        await asyncio.gather(*(session.request("GET", "/a") for _ in range(1000)))
    assert fake.logins == 2
    assert len(fake.calls) == 1500


async def test_a_refused_login_is_shared_by_every_waiting_caller() -> None:
    fake = FakeConvercus("unused", login_delay=0.02)
    fake.login_answer = Response(401, json={"message": "bad credentials"})
    async with mock_session(fake, auth=convercus_auth()) as (session, _):
        results = await asyncio.gather(
            *(session.request("GET", "/a") for _ in range(200)), return_exceptions=True
        )
        # A later call tries again (the password may have been fixed meanwhile).
        with pytest.raises(AuthenticationError):
            await session.request("GET", "/a")
    assert all(isinstance(result, AuthenticationError) for result in results)
    assert fake.logins == 2
    assert fake.calls == []


Handler = Callable[[web.Request], Awaitable[web.Response]]


async def _serve_login_and_call(serve: Serve, login: Handler, call: Handler) -> Loopback:
    """A loopback server answering ``POST /auth/login`` and ``GET /a``."""
    server = Loopback()
    server.route("POST", "/auth/login", login)
    server.route("GET", "/a", call)
    return await serve(server)


async def _call_at_once(server: Loopback, calls: int) -> list[Response]:
    """``calls`` concurrent ``GET /a`` through one logged-out session."""
    async with Session(
        server.url(), transport=AiohttpTransport(pool_size=50), auth=convercus_auth()
    ) as session:
        return await asyncio.gather(*(session.request("GET", "/a") for _ in range(calls)))


async def test_single_flight_login_on_a_real_server(serve: Serve) -> None:
    token = make_jwt(exp=2_000_000_000)

    async def login(request: web.Request) -> web.Response:
        await asyncio.sleep(0.05)
        return web.Response(text=token)

    async def call(request: web.Request) -> web.Response:
        assert request.headers["Authorization"] == token
        return web.json_response({"ok": True})

    server = await _serve_login_and_call(serve, login, call)
    await _call_at_once(server, 200)
    assert server.hits("/auth/login") == 1
    assert server.hits("/a") == 200


async def test_refusals_of_an_old_token_that_arrive_late_keep_the_new_one(serve: Serve) -> None:
    old, new = make_jwt(exp=2_000_000_000, n=1), make_jwt(exp=2_000_000_000, n=2)
    issued: list[str] = []
    new_issued = asyncio.Event()
    answered_old = 0

    async def login(request: web.Request) -> web.Response:
        issued.append(old if not issued else new)
        if len(issued) > 1:
            new_issued.set()
        return web.Response(text=issued[-1], content_type="text/plain")

    async def call(request: web.Request) -> web.Response:
        nonlocal answered_old
        if request.headers.get("Authorization") == old:
            answered_old += 1
            if answered_old > 1:  # every refusal but the first comes after the new login
                await new_issued.wait()
            return web.json_response({"code": "UNAUTHORIZED"}, status=401)
        return web.json_response({"ok": True})

    server = await _serve_login_and_call(serve, login, call)
    responses = await _call_at_once(server, 20)
    assert all(r.status == 200 for r in responses)
    # One login at the start, one after the first refusal: a late refusal of the old token
    # does not throw away the new one.
    assert issued == [old, new]
    assert answered_old == 20


async def test_a_hanging_login_counts_against_the_call_deadline() -> None:
    async def handler(request: Request) -> Response:
        if request.url.endswith("/auth/login"):
            await asyncio.sleep(3600)
        return Response(200)

    async with mock_session(handler, auth=convercus_auth()) as (session, transport):
        with pytest.raises(DeadlineExceeded):
            await session.request("GET", "/a", deadline=0.1)
        # Nothing was sent but the login: a write is plainly late, not "outcome unknown".
        with pytest.raises(DeadlineExceeded):
            await session.request("POST", "/t", json={"p": 1}, deadline=0.1)
    assert [r.url.rsplit("/", 1)[1] for r in transport.requests] == ["login", "login"]
