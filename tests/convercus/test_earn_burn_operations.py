"""Every earn-and-burn operation of the table has its typed method, named after it."""

from __future__ import annotations

import inspect

import pytest

from loyalty_async import ConvercusClient, OutcomeUnknownError, Response
from loyalty_async.convercus import OPERATIONS, Result
from tests.convercus.conftest import BASE_URL, Wire
from tests.convercus.fake_server import fake_client

DOMAINS = ("transactions", "bookings", "account_coupons", "coupons")
NAMES = [op.name for op in OPERATIONS if op.name.split(".")[0] in DOMAINS]


def test_the_domains_declare_every_checklist_operation() -> None:
    assert len(NAMES) == 71


@pytest.mark.parametrize("name", NAMES)
async def test_operation_has_a_method(client: ConvercusClient, name: str) -> None:
    target: object = client
    for part in name.split("."):
        target = getattr(target, part)
    assert callable(target)
    assert inspect.getdoc(target)
    assert target.__name__ == name.rsplit(".", 1)[-1]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name",
    [
        "bookings.create",
        "bookings.create_deprecated",
        "bookings.create_level_booking",
        "bookings.create_level_booking_deprecated",
    ],
)
async def test_booking_creates_answer_with_a_location(
    client: ConvercusClient, wire: Wire, name: str
) -> None:
    operation = OPERATIONS[name]
    path = operation.path.format(accountId="acc-1")
    wire.on("POST", path, Response(201, headers={"Location": f"{BASE_URL}{path}/b-1"}))

    assert operation.result is Result.LOCATION
    assert await client.call(name, path_params={"accountId": "acc-1"}, json={"points": 1}) == "b-1"


def test_only_writes_with_a_receipt_id_or_no_effect_are_resend_safe() -> None:
    safe = {op.name for op in OPERATIONS if op.name in NAMES and op.resend_safe}
    assert safe == {
        "transactions.create_for_account",
        "transactions.book_revenue",
        "transactions.preview_for_account",
        "transactions.preview",
        "account_coupons.preview_redeem",
        "account_coupons.preview_redeem_v2",
        "account_coupons.preview_redeem_put_deprecated",
        "coupons.count_accounts",
    }


async def test_a_route_variant_is_its_own_operation(wire: Wire) -> None:
    """A duplicate entry can be pointed elsewhere by ``routes=`` and errors name it."""
    wire.on("PUT", "/v0/accountcoupons/ac-1/redeem", Response(503))
    route = "/v0/accountcoupons/{accountCouponId}/redeem"
    async with fake_client(
        wire, routes={"account_coupons.redeem_put_deprecated_2": route}
    ) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.account_coupons.with_options(
                headers={"interaction-id": "till-9"}
            ).redeem_put_deprecated_2("ac-1")

    assert [(r.method, r.url) for r in wire.calls] == [
        ("PUT", f"{BASE_URL}/v0/accountcoupons/ac-1/redeem")
    ]
    assert wire.last.headers["interaction-id"] == "till-9"
    assert caught.value.operation == "account_coupons.redeem_put_deprecated_2"
    assert inspect.signature(client.account_coupons.redeem_put_deprecated_2) == inspect.signature(
        client.account_coupons.redeem_v2
    )
