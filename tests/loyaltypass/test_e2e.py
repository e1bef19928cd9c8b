"""The public SDK against the Loyalty Pass stand-in over real HTTP, and its models."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal

import aiohttp
import pytest

from loyalty_async.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    OutcomeUnknownError,
    UnprocessableEntityError,
    ValidationError,
)
from loyalty_async.loyaltypass import (
    OPERATIONS,
    Basket,
    BasketItem,
    EarnRequest,
    LoyaltyPassClient,
    PointsPosted,
    RewardEventRequest,
    VoucherRequest,
)
from loyalty_async.loyaltypass.models import Transaction, converter
from loyalty_async.sandbox.loyaltypass import LoyaltyPassSandbox
from tests.loyaltypass.conftest import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def sandbox(clock: Clock) -> AsyncIterator[LoyaltyPassSandbox]:
    async with LoyaltyPassSandbox(page_size=2, clock=clock) as stand_in:
        stand_in.add_member("M-1", points=200)
        yield stand_in


@pytest.fixture
async def client(sandbox: LoyaltyPassSandbox, clock: Clock) -> AsyncIterator[LoyaltyPassClient]:
    async with sandbox.client(clock=clock) as loyalty_pass:
        yield loyalty_pass


async def test_every_api_end_to_end(sandbox: LoyaltyPassSandbox, client: LoyaltyPassClient) -> None:
    preview = await client.earn.evaluate_basket(
        Basket(member_id="M-1", items=[BasketItem(sku="A", amount=Decimal("19.99")),
                                       BasketItem(sku="B", amount=Decimal("5.50"))])
    )  # fmt: skip
    assert preview.points == 25
    assert sandbox.balance("M-1") == 200  # a preview posts nothing

    earned = await client.earn.earn(
        EarnRequest(member_id="M-1", reference="R-1", amount=Decimal("40.00"))
    )
    assert (earned.points, earned.balance, earned.reference) == (40, 240, "R-1")
    reversed_ = await client.earn.reverse(earned, reason="returned")
    assert (reversed_.points, reversed_.balance) == (-40, 200)
    with pytest.raises(ConflictError) as twice:
        await client.earn.reverse("R-1")
    assert twice.value.code == "ALREADY_REVERSED"

    bonus = await client.earn.reward_event(
        RewardEventRequest(member_id="M-1", event="survey", reference="S-1")
    )
    assert (bonus.points, bonus.balance) == (50, 250)

    voucher = await client.burn.redeem_voucher(
        VoucherRequest(member_id="M-1", points=100, reference="V-1")
    )
    assert voucher.voucher_code and voucher.voucher_code.startswith("LP-")
    assert voucher.balance == 150
    with pytest.raises(UnprocessableEntityError) as refused:
        await client.burn.redeem_voucher(
            VoucherRequest(member_id="M-1", points=151, reference="V-2")
        )
    assert refused.value.code == "INSUFFICIENT_POINTS"
    assert sandbox.balance("M-1") == 150

    history = await client.members.transactions("M-1").collect()
    assert [(line.type, line.points) for line in history] == [
        ("opening", 200), ("earn", 40), ("reversal", -40), ("event", 50), ("redemption", -100),
    ]  # fmt: skip
    assert history[1].status == "cancelled" and history[2].extra == {"reverses": "R-1"}

    assert [lang.code for lang in await client.program.languages()] == ["en", "fr"]
    cookie = await client.members.identification_cookie("M-1")
    assert cookie.startswith("lp_member=")
    categories = await client.catalog.categories()
    assert {category.id for category in categories} == {"home", "travel", "vouchers"}
    gifts = await client.catalog.gifts().collect()  # two a page: Link headers followed
    assert [gift.id for gift in gifts] == ["g-mug", "g-blanket", "g-suitcase", "g-voucher-10"]

    await client.segments.add_member("vip", "M-1")
    mapped = await client.segments.map_promotion("vip", "SPRING", member_id="M-1")
    assert [product.id for product in mapped.products] == [gift.id for gift in gifts]
    await client.segments.remove_member("vip", "M-1")
    assert (await client.segments.map_promotion("vip", "SPRING", member_id="M-1")).products == []
    with pytest.raises(NotFoundError):
        await client.segments.add_member("no-such-segment", "M-1")

    assert set(sandbox.stats.operations) - {"auth.token"} == set(OPERATIONS.names())
    assert sandbox.stats.logins == 1


async def test_routes_given_to_client_and_stand_in_work_together(clock: Clock) -> None:
    routes = {
        "earn.earn": "PUT /v2/members/{member_id}/points",
        "earn.reverse": "/v2/reversals/{reference}",
    }
    async with LoyaltyPassSandbox(routes=routes, clock=clock) as sandbox:
        sandbox.add_member("M 7")
        async with sandbox.client(clock=clock) as client:
            posted = await client.earn.earn(
                EarnRequest(member_id="M 7", reference="R/1", amount=Decimal(9))
            )
            await client.earn.reverse(posted)
        assert sandbox.balance("M 7") == 0


async def test_an_ambiguous_earn_is_not_resent_and_is_found_in_the_history(
    sandbox: LoyaltyPassSandbox, client: LoyaltyPassClient
) -> None:
    await client.program.languages()  # a token first; the fault hits the earn itself
    sandbox.faults = "drop_after=1"
    with pytest.raises(OutcomeUnknownError) as unknown:
        await client.earn.earn(EarnRequest(member_id="M-1", reference="R-9", amount=Decimal(30)))
    sandbox.faults = ""
    assert sandbox.stats.operations["earn.earn"] == 1  # sent once, never again
    assert unknown.value.context["reference"] == "R-9"
    # Reconcile before resending: the earn did land.
    history = await client.members.transactions("M-1").collect()
    assert [line.reference for line in history].count("R-9") == 1
    assert sandbox.balance("M-1") == 230


async def test_token_expiry_and_bad_credentials(
    sandbox: LoyaltyPassSandbox, client: LoyaltyPassClient, clock: Clock
) -> None:
    await client.catalog.categories()
    sandbox.expire_tokens()
    await client.catalog.categories()  # 401, one refresh, replayed
    assert sandbox.stats.logins == 2
    clock.now += 3600  # the token's expires_in passes: refreshed ahead of any 401
    await client.catalog.categories()
    assert sandbox.stats.logins == 3
    assert sandbox.stats.auth_failures["bad_token"] == 1
    async with sandbox.client(client_secret="wrong", clock=clock) as wrong:
        with pytest.raises(AuthenticationError) as refused:
            await wrong.catalog.categories()
    assert refused.value.status == 401 and refused.value.code == "invalid_client"


async def test_the_stand_in_wants_a_bearer_token(sandbox: LoyaltyPassSandbox) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{sandbox.url}/api/v1/catalog/categories") as anonymous:
            assert anonymous.status == 401
        credentials = {"client_id": "sandbox-client", "client_secret": "sandbox-secret"}
        async with http.post(sandbox.token_url, json=credentials) as token:
            issued = await token.json()
        assert issued["token_type"] == "Bearer" and issued["expires_in"] == 3600
        headers = {"Authorization": f"Bearer {issued['access_token']}"}
        async with http.get(f"{sandbox.url}/api/v1/catalog/categories", headers=headers) as ok:
            assert ok.status == 200


async def test_one_token_fetch_for_a_thousand_callers(
    sandbox: LoyaltyPassSandbox, client: LoyaltyPassClient
) -> None:
    results = await asyncio.gather(*(client.program.languages() for _ in range(1000)))
    assert len(results) == 1000
    assert sandbox.stats.logins == 1


async def test_bad_input_is_refused_before_anything_is_sent(
    sandbox: LoyaltyPassSandbox, client: LoyaltyPassClient
) -> None:
    for build in (
        lambda: EarnRequest(member_id="", reference="R", amount=Decimal(1)),
        lambda: EarnRequest(member_id="M", reference="R", amount=1.5),  # type: ignore[arg-type]
        lambda: EarnRequest(member_id="M", reference="R", amount=Decimal(-1)),
        lambda: EarnRequest(member_id="M", reference="R", amount=Decimal("NaN")),
        lambda: VoucherRequest(member_id="M", points=0, reference="V"),
        lambda: VoucherRequest(member_id="M", points=True, reference="V"),  # type: ignore[arg-type]
        lambda: Basket(member_id="M"),
        lambda: Basket(member_id="M", items=["A"]),  # type: ignore[list-item]
        lambda: BasketItem(sku="A", amount=Decimal(1), extra=[]),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValidationError):
            build()
    with pytest.raises(ValidationError):
        await client.earn.earn({"memberId": "M-1"})  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        await client.earn.reverse(PointsPosted())
    with pytest.raises(ValidationError):
        await client.members.identification_cookie("")
    with pytest.raises(ValidationError):
        client.members.transactions("  ")
    with pytest.raises(ValidationError):
        await client.segments.add_member("vip", "")
    assert sandbox.stats.requests == 0


def test_answers_keep_fields_the_model_does_not_declare() -> None:
    line = converter.structure(
        {
            "transactionId": 7,
            "points": "12.50",
            "status": "in preparation",
            "carrier": {"id": "DHL"},
        },
        Transaction,
    )
    assert line.transaction_id == "7" and line.points == Decimal("12.50")
    assert line.extra == {"carrier": {"id": "DHL"}}
    assert converter.unstructure(line)["carrier"] == {"id": "DHL"}
