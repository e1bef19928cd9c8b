"""A body JSON cannot carry exactly is refused before anything is sent.

orjson writes a NaN or infinite float as ``null`` and refuses integers past 64 bits with a
``TypeError``; through ``client.call`` (the raw escape hatch, where floats are allowed) the
first sent a different value and the second crashed with an unclear error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from loyalty_async import (
    ConfigurationError,
    ConvercusClient,
    MockTransport,
    Request,
    Response,
    Timeout,
    ValidationError,
    codec,
)
from tests.core.helpers import BASE_URL


def refuse_everything(request: Request) -> Response:
    raise AssertionError(f"nothing may be sent, but {request.method} {request.url} was")


@pytest.mark.parametrize(
    "body",
    [
        {"amount": float("nan")},
        {"lineItems": [{"extendedAmount": float("inf")}]},
        [float("-inf")],
        {"amount": Decimal("NaN")},
        {"points": 2**64},
        {"points": -(2**63) - 1},
        {1: "a key that is not text"},
        {"image": b"bytes"},
    ],
)
async def test_a_body_json_cannot_carry_is_refused_before_sending(body: Any) -> None:
    transport = MockTransport(refuse_everything)
    async with ConvercusClient(
        base_url=BASE_URL,
        org="ORG",
        username="u",
        password="p",
        interaction_id="till-7",
        transport=transport,
    ) as client:
        with pytest.raises(ValidationError, match="cannot be sent as JSON"):
            await client.call(
                "transactions.create_for_account", path_params={"accountId": "A1"}, json=body
            )
    assert transport.requests == []


def test_what_json_carries_is_encoded_as_it_is() -> None:
    assert codec.dumps({"a": None, "n": 2**63 - 1, "x": 1.5, "m": Decimal("24.90")}) == (
        b'{"a":null,"n":9223372036854775807,"x":1.5,"m":24.90}'
    )


@pytest.mark.parametrize(
    "limits",
    [
        {"total": float("inf")},
        {"read": float("nan")},
        {"connect": 0},
        {"read": -1.0},
        {"total": 10**400},
        {"total": "5"},
        {"read": True},
    ],
)
def test_a_time_limit_the_event_loop_cannot_hold_is_refused(limits: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError, match="Timeout"):
        Timeout(**limits)
