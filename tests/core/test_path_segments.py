"""No path parameter may be ``.``, ``..`` or empty: a proxy would resolve it into another route.

``accounts.get_balance("..")`` would go out as ``GET /accounts/../balance``, which a proxy
or server normalises to ``GET /balance``; ``coupons.assignments.unassign(coupon_id="..")``
to ``DELETE /accounts/{id}``. The session refuses such values before anything is sent,
for every operation of every table the SDK declares.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import loyalty_async
from loyalty_async import MockTransport, Request, Response, Session, ValidationError
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.operations import Operation, OperationTable
from loyalty_async.session import Call
from tests.core.helpers import BASE_URL

BAD_SEGMENTS = [".", "..", "", "   "]


def declared_tables() -> list[OperationTable]:
    """Every operation table a module of the SDK declares (Convercus today, more to come)."""
    tables: dict[int, OperationTable] = {}
    for module in pkgutil.walk_packages(loyalty_async.__path__, "loyalty_async."):
        if module.name.endswith("__main__"):
            continue
        try:
            loaded = importlib.import_module(module.name)
        except ModuleNotFoundError as exc:
            if (exc.name or "").startswith("loyalty_async"):
                raise
            continue  # a module of an optional extra that is not installed here
        for value in vars(loaded).values():
            if isinstance(value, OperationTable):
                tables[id(value)] = value
    return list(tables.values())


TABLES = declared_tables()
ROUTED = [
    (operation, parameter)
    for table in TABLES
    for operation in table
    for parameter in operation.parameters
]


def test_the_walk_finds_the_convercus_table() -> None:
    assert any(table is OPERATIONS for table in TABLES)
    # Most operations address something by a path parameter; the check must reach them all.
    assert len(ROUTED) > 300


def refuse_everything(request: Request) -> Response:
    raise AssertionError(f"nothing may be sent, but {request.method} {request.url} was")


@pytest.mark.parametrize("bad", BAD_SEGMENTS)
async def test_every_path_parameter_of_every_operation_refuses_dot_segments(bad: str) -> None:
    transport = MockTransport(refuse_everything)
    async with Session(BASE_URL, transport=transport) as session:
        for operation, parameter in ROUTED:
            values = {name: "ok-value" for name in operation.parameters}
            values[parameter] = bad
            with pytest.raises(ValidationError) as caught:
                await session.send(Call(operation, path=values, json={"a": 1}))
            assert caught.value.field == parameter, operation.name
    assert transport.requests == []


@pytest.mark.parametrize("good", ["...", ".hidden", "a..b", "V1.W2", "a/..", "%2e%2e"])
async def test_dots_inside_a_value_are_sent_encoded_as_one_segment(good: str) -> None:
    transport = MockTransport(lambda request: Response(200, json={}))
    operation = Operation("things.get", "GET", "/things/{id}/details")
    async with Session(BASE_URL, transport=transport) as session:
        await session.send(Call(operation, path={"id": good}))
    path = transport.requests[0].url.removeprefix(BASE_URL)
    segments = path.split("/")
    assert segments[0] == "" and segments[1] == "things" and segments[3] == "details"
    assert segments[2] not in (".", "..", "")


async def test_the_raw_request_refuses_dot_segments_too() -> None:
    transport = MockTransport(refuse_everything)
    async with Session(BASE_URL, transport=transport) as session:
        with pytest.raises(ValidationError) as caught:
            await session.request("GET", "/accounts/{id}/balance", path_params={"id": ".."})
    assert caught.value.field == "id"
