"""Wire cases for the program-administration services: one call, what it must send, what
the stand-in answers, and what the SDK must make of the answer.

Each case states its route and body literally (never derived from the operation table),
so a wrong row or a wrong binding fails the case.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import pytest

from loyalty_async import ConvercusClient, Response
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import NO_BODY, assert_sent, location

PROGRAM = "pgm-4711"
PARTNER = "550e8400-e29b-11d4-a716-446655440000"
STORE = "0b9c6f7e-2f1d-4f55-8f4a-7d1e2c3b4a50"
GROUP = "3c2d1e0f-aaaa-4bbb-8ccc-1d2e3f4a5b6c"
SUBGROUP = "7a6b5c4d-1111-4222-8333-444455556666"
ITEM = "e1d2c3b4-9999-4888-a777-666655554444"
BLACKLIST = "5f4e3d2c-0000-4abc-9def-0123456789ab"
PROPERTY = "a0b1c2d3-e4f5-4061-8273-8495a6b7c8d9"
ENDPOINT = "c4b3a291-8070-4605-9403-0a1b2c3d4e5f"
RESOURCE = "d9c8b7a6-5432-4109-8765-43210fedcba9"
TAG = "f0e1d2c3-b4a5-4968-8776-655443322110"
LEVEL_SET = "12345678-90ab-4cde-8f01-234567890abc"
TILL = "till-hh-01"

Call = Callable[[ConvercusClient], Awaitable[Any]]


@attrs.frozen
class WireCase:
    """One typed call, the request it must send, the answer it gets, and a check of the result."""

    call: Call
    method: str
    path: str
    answer: Response
    check: Callable[[Any], None]
    json: Any = NO_BODY
    params: list[tuple[str, str]] | None = None


def created(path: str, new_id: str) -> Response:
    """A ``201 Created`` with the new resource in ``Location`` and no body."""
    return Response(201, headers=location(f"{path}/{new_id}"))


def is_id(expected: str) -> Callable[[Any], None]:
    """The result is the id read from ``Location``."""

    def check(result: Any) -> None:
        assert result == expected

    return check


def is_none(result: Any) -> None:
    """The call returns nothing."""
    assert result is None


def has(**expected: Any) -> Callable[[Any], None]:
    """The result has these attribute values (a list: its first item has them)."""

    def check(result: Any) -> None:
        target = result[0] if isinstance(result, list) else result
        for name, value in expected.items():
            assert getattr(target, name) == value, name

    return check


def case(
    call: Call,
    method: str,
    path: str,
    answer: Response,
    check: Callable[[Any], None],
    *,
    json: Any = NO_BODY,
    params: list[tuple[str, str]] | None = None,
    id: str,
) -> Any:
    """A ``pytest.param`` holding one :class:`WireCase`."""
    return pytest.param(WireCase(call, method, path, answer, check, json, params), id=id)


async def run_case(client: ConvercusClient, wire: Wire, wire_case: WireCase) -> None:
    """Send the case's call against the stand-in; check the request and the result."""
    wire.on(wire_case.method, wire_case.path, wire_case.answer)

    result = await wire_case.call(client)

    assert len(wire.calls) == 1
    assert_sent(
        wire.last, wire_case.method, wire_case.path, json=wire_case.json, params=wire_case.params
    )
    wire_case.check(result)
