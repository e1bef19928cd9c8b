"""Session.send: one Call value per call of a declared operation."""

from __future__ import annotations

import pytest

from loyalty_async import OutcomeUnknownError, RetryPolicy, ServerError
from loyalty_async.operations import Operation
from loyalty_async.session.call import Call, CallOptions
from loyalty_async.transport.base import Request, Response
from tests.core.helpers import mock_session

BALANCE = Operation("accounts.get_balance", "GET", "/accounts/{accountId}/balance")
BOOK = Operation("bookings.create", "POST", "/v2/accounts/{accountId}/bookings")


def _ok(request: Request) -> Response:
    return Response(200, json={"points": 1})


async def test_send_fills_the_operation_route_with_call_values_and_options() -> None:
    async with mock_session(_ok) as (session, transport):
        call = Call(
            BALANCE,
            path={"accountId": "V1 W2"},
            query={"page": 1},
            headers={"id-type": "CARDCODE"},
            options=CallOptions(headers={"interaction-id": "till-7"}, query={"size": 5}),
        )
        response = await session.send(call)
    assert response.status == 200
    sent = transport.requests[0]
    assert sent.method == "GET"
    assert sent.url.endswith("/accounts/V1%20W2/balance")
    assert sent.params == [("page", "1"), ("size", "5")]
    assert sent.headers["id-type"] == "CARDCODE"
    assert sent.headers["interaction-id"] == "till-7"
    assert sent.extensions["operation"] == "accounts.get_balance"


async def test_options_merge_keeps_earlier_values_and_combines_headers() -> None:
    first = CallOptions(deadline=2.0, headers={"a": "1"}, query={"x": 1})
    merged = first.merge(CallOptions(headers={"b": "2"}, query={"x": 2}))
    assert merged.deadline == 2.0
    assert merged.headers == {"a": "1", "b": "2"}
    assert merged.query == {"x": 2}


async def test_send_follows_the_operations_resend_rules() -> None:
    def failing(request: Request) -> Response:
        return Response(503)

    policy = RetryPolicy(max_attempts=3, base_delay=0, max_delay=0)
    async with mock_session(failing) as (session, transport):
        with pytest.raises(ServerError):
            await session.send(
                Call(BALANCE, path={"accountId": "a"}, options=CallOptions(retry=policy))
            )
        assert len(transport.requests) == 3
        with pytest.raises(OutcomeUnknownError) as caught:
            await session.send(
                Call(
                    BOOK,
                    path={"accountId": "a"},
                    json={"points": 5},
                    options=CallOptions(retry=policy),
                )
            )
    assert len(transport.requests) == 4
    assert caught.value.operation == "bookings.create"
