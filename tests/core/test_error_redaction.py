"""What an error holds follows the logging rules: no credential anywhere, member data masked.

Errors travel further than logs (bug reports, ``repr`` in a debugger, a CLI's stderr), so
every object reachable from one is searched for the live token and the password, and
everything an error shows as text for the member data the request carried.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator

import orjson
import pytest
from aiohttp import web

from loyalty_async import (
    AuthenticationError,
    ConvercusAuth,
    DecodeError,
    NotFoundError,
    OutcomeUnknownError,
    Request,
    Response,
    Session,
)
from loyalty_async.operations import Operation
from loyalty_async.session import Call, CallOptions
from tests.core.helpers import FAST, PASSWORD, Loopback, make_jwt

Serve = Callable[[Loopback], Awaitable[Loopback]]

CARD = "SECRETCARD99"
EMAIL = "ann.smith@example.com"


def reachable(root: object) -> Iterator[str | bytes]:
    """Every string and byte string reachable from ``root`` through attributes and containers."""
    seen: set[int] = set()
    stack: list[object] = [root]
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, str | bytes | bytearray):
            yield bytes(value) if isinstance(value, bytearray) else value
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            stack.extend(value)
        elif isinstance(value, BaseException):
            stack.extend([value.args, value.__cause__, value.__context__, vars(value)])
            stack.extend([str(value), repr(value)])
        elif type(value).__module__.startswith(("loyalty_async", "multidict")):
            stack.append(repr(value))
            if hasattr(value, "items"):
                stack.extend(value.items())  # header mappings
            slots = [s for cls in type(value).__mro__ for s in getattr(cls, "__slots__", ())]
            stack.extend(getattr(value, name, None) for name in slots)
            stack.append(getattr(value, "__dict__", None))


def assert_clean(error: BaseException, *secrets: str) -> None:
    for found in reachable(error):
        for secret in secrets:
            needle: str | bytes = secret.encode() if isinstance(found, bytes) else secret
            assert needle not in found, f"{secret[:8]}… is reachable from the error: {found!r:.200}"


class Platform:
    """Login, a balance that echoes the card code it did not find, a user write that fails."""

    def __init__(self) -> None:
        self.token = make_jwt(exp=2_000_000_000)
        self.server = Loopback()
        self.server.route("POST", "/auth/login", self.login)
        self.server.route("GET", "/accounts/{id}/balance", self.balance)
        self.server.route("POST", "/users", self.users)
        self.refuse_login = False

    async def login(self, request: web.Request) -> web.Response:
        if self.refuse_login:
            return web.json_response({"message": "bad credentials"}, status=401)
        return web.Response(text=self.token)

    async def balance(self, request: web.Request) -> web.Response:
        code = request.match_info["id"]
        return web.json_response(
            {
                "code": "ACCOUNT_NOT_FOUND",
                "message": f"no account with CARDCODE '{code}'",
                "detail": [f"checked {code} in program P-1"],
            },
            status=404,
        )

    async def users(self, request: web.Request) -> web.Response:
        return web.json_response({"message": "internal error"}, status=500)


@pytest.fixture
async def platform(serve: Serve) -> Platform:
    platform = Platform()
    await serve(platform.server)
    return platform


def session_for(platform: Platform) -> Session:
    return Session(
        platform.server.url(),
        auth=ConvercusAuth("ORG", "api-user", PASSWORD),
        headers={"interaction-id": "webshop-1"},
        retry=FAST,
    )


async def test_an_api_error_holds_no_token_and_shows_member_data_masked(
    platform: Platform,
) -> None:
    async with session_for(platform) as session:
        with pytest.raises(NotFoundError) as caught:
            await session.request(
                "GET",
                "/accounts/{id}/balance",
                path_params={"id": CARD},
                headers={"id-type": "CARDCODE"},
            )
    error = caught.value
    assert_clean(error, platform.token, PASSWORD)
    request = error.request
    assert request is not None
    assert "Authorization" not in request.headers
    assert request.headers["id-type"] == "CARDCODE"
    # What the error shows as text is masked like a log line ...
    assert repr(request) == "<Request GET /accounts/SE***/balance>"
    for shown in (str(error), repr(error), error.message, error.body, *map(str, error.details)):
        assert CARD not in shown
    assert error.message == "no account with CARDCODE 'SE***'"
    assert error.details == ["checked SE*** in program P-1"]
    # ... while the data a caller acts on stays exact.
    assert request.url.endswith(f"/accounts/{CARD}/balance")
    assert error.code == "ACCOUNT_NOT_FOUND"


async def test_a_refused_login_keeps_no_password_in_the_error(platform: Platform) -> None:
    platform.refuse_login = True
    async with session_for(platform) as session:
        with pytest.raises(AuthenticationError) as caught:
            await session.request("GET", "/accounts/{id}/balance", path_params={"id": CARD})
    error = caught.value
    assert_clean(error, PASSWORD)
    assert error.request is not None and error.request.url.endswith("/auth/login")
    assert error.request.content is None  # the login body is the password's
    cause = error.__cause__
    assert isinstance(cause, AuthenticationError) and cause.status == 401
    assert cause.request is not None and cause.request.content is None
    assert platform.server.seen[0].body == (
        b'{"org":"ORG","userName":"api-user","password":"' + PASSWORD.encode() + b'"}'
    )


USERS = Operation("users.create", "POST", "/users")


async def test_an_unknown_outcome_keeps_the_exact_bytes_and_own_headers_but_no_token(
    platform: Platform,
) -> None:
    body = {"emailAddress": EMAIL, "reason": f"moved, write to {EMAIL}", "amount": 24.90}
    async with session_for(platform) as session:
        call = Call(
            USERS,
            json=body,
            headers={"id-type": "CARDCODE"},
            options=CallOptions(headers={"interaction-id": "till-7"}),
            context={"account": CARD, "reference_id": "ref-1"},
        )
        with pytest.raises(OutcomeUnknownError) as caught:
            await session.send(call)
    error = caught.value
    assert_clean(error, platform.token, PASSWORD)
    sent = platform.server.seen[-1]
    assert error.body == sent.body == orjson.dumps(body)
    assert error.call_headers == {"id-type": "CARDCODE", "interaction-id": "till-7"}
    assert error.request is not None and error.request.content == sent.body
    assert "Authorization" not in error.request.headers
    again = error.resend_call()
    assert (again.operation, again.json, again.content) == (USERS, None, sent.body)
    assert again.headers == {
        "id-type": "CARDCODE",
        "interaction-id": "till-7",
        "Content-Type": "application/json",
    }
    assert again.context == {"account": CARD, "reference_id": "ref-1"}


async def test_a_decode_error_keeps_no_token(platform: Platform) -> None:
    async with session_for(platform) as session:
        response = Response(200, text="<html>", request=None)
        sent = Request("GET", platform.server.url("/x"), headers={"Authorization": platform.token})
        response.request = sent
        with pytest.raises(DecodeError) as caught:
            session.decode_json(response)
    assert_clean(caught.value, platform.token)
    kept = caught.value.response
    assert kept is not None and kept.request is not None and kept.request.url == sent.url


def test_a_request_repr_shows_only_the_masked_path() -> None:
    request = Request(
        "POST",
        f"https://api.test/accounts/{CARD}/transactions?email={EMAIL}",
        headers={"Authorization": "Bearer abc.def.ghi"},
        extensions={"path_template": "/accounts/{id}/transactions", "path_params": {"id": CARD}},
    )
    assert repr(request) == "<Request POST /accounts/SE***/transactions>"


async def test_e_mails_in_free_text_fields_are_masked_in_debug_logs(
    platform: Platform, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="loyalty_async")
    async with session_for(platform) as session:
        with pytest.raises(OutcomeUnknownError):
            await session.request(
                "POST", "/users", json={"reason": f"customer {EMAIL} called", "points": 5}
            )
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "customer a***@example.com called" in logged
    assert EMAIL not in logged
