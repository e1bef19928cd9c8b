"""The error hierarchy, and lenient parsing of every platform's error bodies."""

from __future__ import annotations

import pytest

from loyalty_async import errors
from loyalty_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ConnectError,
    ConnectionDropped,
    ConnectTimeout,
    DeadlineExceeded,
    DecodeError,
    LoyaltyError,
    NotFoundError,
    OutcomeUnknownError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ReadTimeout,
    RequestTimeout,
    ServerError,
    SessionClosedError,
    TransportError,
    UnprocessableEntityError,
    ValidationError,
    WrongEventLoopError,
    error_class_for_status,
)
from loyalty_async.transport import Response
from tests.core.helpers import BASE_URL, mock_session

TREE = {
    ConfigurationError: LoyaltyError,
    ValidationError: LoyaltyError,
    WrongEventLoopError: LoyaltyError,
    SessionClosedError: LoyaltyError,
    TransportError: LoyaltyError,
    ConnectError: TransportError,
    RequestTimeout: TransportError,
    ConnectTimeout: ConnectError,
    ReadTimeout: RequestTimeout,
    DeadlineExceeded: RequestTimeout,
    ConnectionDropped: TransportError,
    OutcomeUnknownError: LoyaltyError,
    DecodeError: LoyaltyError,
    PaginationError: LoyaltyError,
    APIError: LoyaltyError,
    BadRequestError: APIError,
    AuthenticationError: APIError,
    PermissionDeniedError: APIError,
    NotFoundError: APIError,
    ConflictError: APIError,
    UnprocessableEntityError: APIError,
    RateLimitError: APIError,
    ServerError: APIError,
}


def test_one_hierarchy_rooted_in_loyalty_error() -> None:
    for child, parent in TREE.items():
        assert issubclass(child, parent), child
    assert issubclass(ConnectTimeout, RequestTimeout)
    declared = {
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, Exception)
    }
    assert declared == {LoyaltyError, *TREE}
    # Settings and input errors are also ValueErrors; loop misuse is a RuntimeError.
    assert issubclass(ConfigurationError, ValueError) and issubclass(ValidationError, ValueError)
    assert issubclass(WrongEventLoopError, RuntimeError)


def test_which_transport_errors_may_have_reached_the_server() -> None:
    assert ConnectError("x").may_have_reached_server is False
    assert ConnectTimeout("x").may_have_reached_server is False
    assert ReadTimeout("x").may_have_reached_server is True
    assert ConnectionDropped("x").may_have_reached_server is True
    assert DeadlineExceeded("x").may_have_reached_server is True


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError), (401, AuthenticationError), (403, PermissionDeniedError),
        (404, NotFoundError), (409, ConflictError), (422, UnprocessableEntityError),
        (429, RateLimitError), (500, ServerError), (503, ServerError), (599, ServerError),
        (405, APIError), (418, APIError),
    ],
)  # fmt: skip
def test_error_class_for_status(status: int, cls: type[APIError]) -> None:
    assert error_class_for_status(status) is cls


async def raised(response: Response) -> APIError:
    """The error a session raises for ``response`` to ``GET /things``."""
    async with mock_session(lambda request: response) as (session, _):
        with pytest.raises(APIError) as caught:
            await session.request("GET", "/things", retry=None)
    return caught.value


async def test_convercus_error_body() -> None:
    body = {"code": "ACCOUNT_LOCKED", "message": "account is locked", "detail": ["fraud", "manual"]}
    error = await raised(Response(400, json=body))
    assert type(error) is BadRequestError
    assert (error.status, error.code, error.message) == (400, "ACCOUNT_LOCKED", "account is locked")
    assert error.details == ["fraud", "manual"]
    assert str(error) == (
        "HTTP 400 ACCOUNT_LOCKED: account is locked (details: fraud, manual) [GET /things]"
    )
    assert error.body == '{"code":"ACCOUNT_LOCKED","message":"account is locked",' + (
        '"detail":["fraud","manual"]}'
    )


async def test_convercus_detail_as_string_and_error_list() -> None:
    error = await raised(Response(409, json={"code": 4711, "message": "dup", "detail": "exists"}))
    assert (error.code, error.details) == ("4711", ["exists"])
    error = await raised(Response(422, json={"message": "invalid", "error": ["a", "b"]}))
    assert error.details == ["a", "b"]


async def test_spring_error_body() -> None:
    body = {
        "timestamp": "2024-03-01T10:00:00.000+0000",
        "status": 404,
        "error": "Not Found",
        "message": "No message available",
        "path": "/things",
    }
    error = await raised(Response(404, json=body))
    assert type(error) is NotFoundError
    assert (error.code, error.message) == (None, "No message available")
    bare = await raised(Response(405, json={"status": 405, "error": "Method Not Allowed"}))
    assert bare.message == "Method Not Allowed"


async def test_mews_error_body_and_request_id() -> None:
    body = {"Message": "Invalid LoyaltyProgramId.", "RequestId": "body-id", "Details": "trace"}
    error = await raised(Response(400, json=body))
    assert (error.message, error.details, error.request_id) == (
        "Invalid LoyaltyProgramId.",
        ["trace"],
        "body-id",
    )
    # The header wins over the body.
    error = await raised(Response(403, json=body, headers={"Request-Id": "hdr-1"}))
    assert error.request_id == "hdr-1"
    error = await raised(Response(500, json={}, headers={"X-Request-Id": "x-2"}))
    assert error.request_id == "x-2"


async def test_the_request_id_is_in_the_text_of_every_api_error() -> None:
    for status in (400, 401, 403, 404, 409, 422, 429, 500, 503):
        error = await raised(Response(status, json={}, headers={"X-Request-Id": f"req-{status}"}))
        assert str(error).endswith(f"(request id req-{status})"), str(error)
    assert "request id" not in str(await raised(Response(404, json={})))


async def test_accengage_error_body() -> None:
    body = {
        "errors": [
            {"label": "API_ERR_PARAM", "message": "name is required"},
            {"label": "API_ERR_PARAM", "message": "type is invalid"},
            {"label": "API_ERR_LIMIT"},
        ]
    }
    error = await raised(Response(400, json=body))
    assert (error.code, error.message) == ("API_ERR_PARAM", "name is required")
    assert error.details == ["API_ERR_PARAM: type is invalid", "API_ERR_LIMIT"]


async def test_oauth2_error_body() -> None:
    error = await raised(
        Response(400, json={"error": "invalid_grant", "error_description": "expired code"})
    )
    assert (error.code, error.message) == ("invalid_grant", "expired code")


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (Response(500), "HTTP 500"),
        (Response(502, text=""), "HTTP 502"),
        (Response(503, text="   "), "HTTP 503"),
        (Response(500, text="upstream connect error"), "upstream connect error"),
        (Response(404, json=[1, 2]), "[1,2]"),
        (Response(400, json="just a string"), '"just a string"'),
        (Response(400, json={"errors": ["a", "b"]}), "HTTP 400"),
        (Response(400, json={"message": None, "code": None}), "HTTP 400"),
        (Response(400, content=b"\xff\xfe{"), "\ufffd\ufffd{"),
        (Response(400, content=b'{"message": "cut'), '{"message": "cut'),
    ],
)
async def test_odd_error_bodies_never_crash(response: Response, message: str) -> None:
    error = await raised(response)
    assert error.message == message
    assert str(error).startswith(f"HTTP {response.status}")


async def test_html_error_page_is_shortened() -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body>" + "x" * 5000 + "</body></html>"
    error = await raised(Response(502, text=page, headers={"Content-Type": "text/html"}))
    assert error.message.startswith("<html><head><title>502 Bad Gateway")
    assert len(error.message) == 300
    assert len(error.body) == 4096


async def test_reason_phrase_is_the_fallback_message() -> None:
    response = Response(418, reason="I'm a teapot")
    assert (await raised(response)).message == "I'm a teapot"


async def test_tokens_in_error_bodies_are_scrubbed() -> None:
    body = {
        "message": "bad token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
        "detail": "Bearer abc",
    }
    error = await raised(Response(401, json=body))
    assert "eyJhbGciOiJIUzI1NiJ9" not in str(error) and "eyJhbGciOiJIUzI1NiJ9" not in error.body
    assert error.message == "bad token [REDACTED]"


async def test_a_malformed_success_body_is_a_decode_error() -> None:
    async with mock_session(lambda r: Response(200, text='{"points": 1')) as (session, _):
        response = await session.request("GET", "/balance")
        with pytest.raises(DecodeError) as caught:
            session.decode_json(response)
    kept = caught.value.response
    assert kept is not None and (kept.status, kept.content) == (200, b'{"points": 1')
    assert kept.request is not None and kept.request.url == BASE_URL + "/balance"
    assert "not JSON" in str(caught.value)


def test_outcome_unknown_carries_what_reconciliation_needs() -> None:
    error = OutcomeUnknownError(
        "transactions.earn: outcome unknown",
        operation="transactions.earn",
        context={"externalId": "r-1"},
        attempts=2,
        resend_safe=True,
    )
    assert (error.operation, error.context, error.attempts, error.resend_safe) == (
        "transactions.earn",
        {"externalId": "r-1"},
        2,
        True,
    )
    assert OutcomeUnknownError("x").context == {}
