"""What a call may not do whatever the retry policy says.

Credentials stay on the base URL's origin, a streamed body is sent once, a conflict after
an ambiguous attempt is not taken as a refusal, and an operation can declare that its
``PUT`` is not idempotent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from loyalty_async import (
    ConflictError,
    ConvercusAuth,
    OutcomeUnknownError,
    ReadTimeout,
    Request,
    Response,
    ServerError,
)
from tests.core.helpers import BASE_URL, PASSWORD, mock_session


def login_then(answer: Response) -> object:
    def handler(request: Request) -> Response:
        if request.url.endswith("/auth/login"):
            return Response(200, text="tok-1")
        return answer

    return handler


async def test_an_absolute_url_on_another_host_gets_no_credentials() -> None:
    async with mock_session(
        login_then(Response(200, json=[])), auth=ConvercusAuth("ORG", "user", PASSWORD)
    ) as (session, transport):
        await session.request("GET", f"{BASE_URL}/accounts?page=2")
        await session.request("GET", "https://elsewhere.test/accounts?page=3")

    same, foreign = (r for r in transport.requests if not r.url.endswith("/auth/login"))
    assert same.headers["Authorization"] == "tok-1"
    assert foreign.url == "https://elsewhere.test/accounts?page=3"
    assert "Authorization" not in foreign.headers


async def test_a_rejection_from_another_host_is_not_answered_with_a_login() -> None:
    async with mock_session(
        login_then(Response(401, json={"message": "who are you"})),
        auth=ConvercusAuth("ORG", "user", PASSWORD),
    ) as (session, transport):
        with pytest.raises(Exception) as raised:
            await session.request("GET", "https://elsewhere.test/x")

    assert getattr(raised.value, "status", None) == 401
    assert [r.url for r in transport.requests] == ["https://elsewhere.test/x"]


async def test_a_streamed_body_is_sent_once_even_when_the_method_is_idempotent() -> None:
    async def body() -> AsyncIterator[bytes]:
        yield b"part-1,"
        yield b"part-2"

    async with mock_session(lambda request: Response(503)) as (session, transport):
        with pytest.raises(OutcomeUnknownError) as raised:
            await session.request("PUT", "/uploads/1", content=body())

    assert len(transport.requests) == 1
    assert raised.value.resend_safe is False
    assert isinstance(raised.value.__cause__, ServerError)


async def test_a_conflict_after_an_ambiguous_attempt_is_an_unknown_outcome() -> None:
    answers: list[Response | Exception] = [ReadTimeout("lost"), Response(409, json={"code": "DUP"})]

    def handler(request: Request) -> Response:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async with mock_session(handler) as (session, transport):
        with pytest.raises(OutcomeUnknownError) as raised:
            await session.request(
                "POST", "/transactions", json={"externalId": "r-1"}, resend_safe=True
            )

    assert len(transport.requests) == 2
    assert raised.value.resend_safe is True
    assert isinstance(raised.value.__cause__, ConflictError)


async def test_a_conflict_on_the_first_attempt_stays_a_conflict() -> None:
    async with mock_session(lambda request: Response(409, json={"code": "DUP"})) as (
        session,
        transport,
    ):
        with pytest.raises(ConflictError):
            await session.request("POST", "/transactions", json={}, resend_safe=True)

    assert len(transport.requests) == 1


async def test_a_put_declared_not_idempotent_is_never_resent_after_it_may_have_landed() -> None:
    def handler(request: Request) -> Response:
        raise ReadTimeout("lost")

    async with mock_session(handler) as (session, transport):
        with pytest.raises(OutcomeUnknownError) as raised:
            await session.request(
                "PUT", "/accountcoupons/c-1", json={}, idempotent=False, operation="redeem"
            )
        with pytest.raises(ReadTimeout):
            await session.request("PUT", "/accountcoupons/c-2", json={})

    assert [r.url for r in transport.requests].count(f"{BASE_URL}/accountcoupons/c-1") == 1
    assert [r.url for r in transport.requests].count(f"{BASE_URL}/accountcoupons/c-2") == 4
    assert raised.value.operation == "redeem"
