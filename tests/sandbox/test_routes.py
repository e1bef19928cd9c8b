"""Routes come from the SDK's operation table."""

from __future__ import annotations

import pytest

from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.sandbox import Sandbox, build_app, implemented_operations

from .conftest import Api, Clock


def test_every_handler_is_for_an_operation_of_the_table() -> None:
    assert implemented_operations() <= set(OPERATIONS.names())


async def test_every_operation_of_the_table_is_routed(sandbox: Sandbox) -> None:
    app = build_app(sandbox.core)
    routed = {
        (route.method, route.resource.canonical) for route in app.router.routes() if route.resource
    }

    assert routed == {(op.method, op.path) for op in OPERATIONS}


async def test_a_deprecated_twin_of_an_implemented_route_is_served(api: Api) -> None:
    reply = await api.post("/coupons", json={"usageType": "INCENTIVE"})

    assert reply.status == 201


async def test_an_unknown_path_is_a_convercus_style_404(api: Api) -> None:
    reply = await api.get("/no/such/path")

    assert reply.status == 404
    assert reply.json() == {"code": "NOT_FOUND", "message": "no route /no/such/path", "detail": []}


async def test_a_wrong_method_is_a_convercus_style_405(api: Api) -> None:
    reply = await api.send("PUT", "/accounts")

    assert (reply.status, reply.code) == (405, "METHOD_NOT_ALLOWED")


async def test_route_overrides_move_the_sandbox_with_the_client(clock: Clock) -> None:
    routes = {"accounts.get_balance": "/v2/accounts/{accountId}/balance"}
    async with Sandbox(routes=routes, clock=clock) as sandbox:
        account_id = sandbox.seed.account(points=5)
        async with sandbox.client(routes=routes) as client:
            balance = await client.call(
                "accounts.get_balance", path_params={"accountId": account_id}
            )

    assert balance == {"points": 5, "lockedPoints": 0}


def test_a_non_loopback_host_is_refused() -> None:
    with pytest.raises(ValueError, match="loopback"):
        Sandbox(host="0.0.0.0")
