"""Logging: one stdlib logger, secrets never shown, member data only masked."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web

from loyalty_async import (
    AiohttpTransport,
    ConvercusAuth,
    NotFoundError,
    OAuth2ClientCredentials,
    Response,
    Session,
)
from loyalty_async.errors import LoyaltyError
from loyalty_async.session.redaction import loggable_headers, mask, redact, scrub
from tests.core.helpers import (
    CLIENT_SECRET,
    FAST,
    PASSWORD,
    Clock,
    Loopback,
    make_jwt,
    mock_session,
)

Serve = Callable[[Loopback], Awaitable[Loopback]]

MEMBER = {
    "emailAddress": "ann.smith@example.com",
    "phone": "+491701234567",
    "birthDate": "1990-05-17",
    "code": "V1W2X3Y4Z5",
    "password": PASSWORD,
    "givenName": "Ann",
    "preferences": [{"channel": "EMAIL", "email": "ann.work@example.org"}],
}
RAW_MEMBER_VALUES = [
    "ann.smith@example.com", "+491701234567", "1990-05-17", "V1W2X3Y4Z5", "ann.work@example.org",
]  # fmt: skip


async def test_a_full_flow_logs_no_secret_and_only_masked_member_data(
    serve: Serve, caplog: pytest.LogCaptureFixture, leak_guard: list[LoyaltyError]
) -> None:
    token = make_jwt(exp=2_000_000_000)
    root_handlers = list(logging.getLogger().handlers)

    async def login(request: web.Request) -> web.Response:
        return web.Response(text=token)

    async def create_user(request: web.Request) -> web.Response:
        if server.hits("/users") == 1:
            return web.json_response({"message": "try again"}, status=503)
        return web.Response(status=201, headers={"Location": "/users/u-1"})

    async def balance(request: web.Request) -> web.Response:
        body = {"code": "NOT_FOUND", "message": "no account", "detail": f"Bearer {token}"}
        return web.json_response(body, status=404)

    server = Loopback()
    server.route("POST", "/auth/login", login)
    server.route("POST", "/users", create_user)
    server.route("GET", "/accounts/{code}/balance", balance)
    await serve(server)
    auth = ConvercusAuth("ORG", "api-user", PASSWORD, clock=Clock())
    async with Session(
        server.url(), transport=AiohttpTransport(), auth=auth, retry=FAST,
        headers={"interaction-id": "webshop-1"},
    ) as session:  # fmt: skip
        created = await session.request("POST", "/users", json=MEMBER, resend_safe=True)
        with pytest.raises(NotFoundError) as missing:
            await session.request(
                "GET", "/accounts/{code}/balance", path_params={"code": "V1W2X3Y4Z5"}
            )
    assert created.headers["Location"] == "/users/u-1"

    records = caplog.records
    text = "\n".join(record.getMessage() for record in records)
    assert {record.name for record in records} == {"loyalty_async"}
    # Every kind of line is there: requests, responses, the login, the retry.
    assert "-> POST /auth/login" in text and "<- 200 POST /auth/login" in text
    assert "logged in to Convercus as ORG/api-user" in text
    assert "retrying POST /users in 0.00 s (attempt 1 of 4 failed: HTTP 503)" in text
    assert "<- 404 GET /accounts/V1***/balance" in text
    # Secrets: never (the leak guard checks the password and the token on every test).
    assert PASSWORD not in text and token not in text
    assert "'password': '[REDACTED]'" in text
    assert "'Authorization': '[REDACTED]'" in text
    # Member data: masked only.
    for raw in RAW_MEMBER_VALUES:
        assert raw not in text
    for masked in ("a***@example.com", "'phone': '+4***'", "'birthDate': '19***'",
                   "'code': 'V1***'", "a***@example.org", "'userName': 'ap***'"):  # fmt: skip
        assert masked in text
    # The error message masks the card code and scrubs the echoed token.
    error = str(missing.value)
    assert "V1W2X3Y4Z5" not in error and token not in error
    assert error.startswith("HTTP 404 NOT_FOUND: no account")
    assert error.endswith("[GET /accounts/V1***/balance]")
    assert missing.value.request is not None
    assert missing.value.request.url.endswith("/accounts/V1W2X3Y4Z5/balance")
    # A library never configures logging.
    assert logging.getLogger().handlers == root_handlers
    package_logger = logging.getLogger("loyalty_async")
    assert all(isinstance(h, logging.NullHandler) for h in package_logger.handlers)
    assert leak_guard  # errors were recorded and checked


async def test_oauth2_secret_under_a_custom_field_name_is_not_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def handler(request: object) -> Response:
        if str(getattr(request, "url", "")).endswith("/token"):
            return Response(200, json={"access_token": "oauth-at-logtest", "expires_in": 60})
        return Response(200)

    auth = OAuth2ClientCredentials(
        "https://idp.test/token", "shop-1", CLIENT_SECRET, body_format="json",
        secret_field="appKeyPass",
    )  # fmt: skip
    async with mock_session(handler, auth=auth) as (session, _):
        await session.request("GET", "/a")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "'appKeyPass': '[REDACTED]'" in text
    assert "oauth-at-logtest" not in text


async def test_nothing_is_formatted_when_debug_is_off(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="loyalty_async")
    async with mock_session(lambda r: Response(200)) as (session, _):
        await session.request("POST", "/a", json=MEMBER)
    assert caplog.records == []


def test_redaction_helpers() -> None:
    assert mask("ann@example.com") == "a***@example.com"
    assert mask("V1W2X3") == "V1***"
    assert mask("ab") == "***"
    assert mask(4711) == "47***"
    assert redact(
        {
            "ClientToken": "x",
            "client-secret": "y",
            "nested": {"newPassword": "z"},
            "amount": 5,
            "tokenType": "Bearer",
        }
    ) == {
        "ClientToken": "[REDACTED]",
        "client-secret": "[REDACTED]",
        "nested": {"newPassword": "[REDACTED]"},
        "amount": 5,
        "tokenType": "[REDACTED]",
    }
    assert loggable_headers(
        {
            "Authorization": "t",
            "Accengage-Signature": "s",
            "id-type": "ID",
            "Cookie": "c",
            "Retry-After": "3",
        }
    ) == {
        "Authorization": "[REDACTED]",
        "Accengage-Signature": "[REDACTED]",
        "id-type": "ID",
        "Cookie": "[REDACTED]",
        "Retry-After": "3",
    }
    jwt = make_jwt(exp=1)
    assert scrub(f"token {jwt} and Bearer abc.def and basic dXNlcjpwYXNz") == (
        "token [REDACTED] and Bearer [REDACTED] and basic [REDACTED]"
    )
