"""Loyalty Pass on the wire: each API, the OAuth2 token request, refresh and route overrides."""

# ruff: noqa: E501 - one case per line reads best, as in the operation tables

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

import attrs
import pytest

from loyalty_async import codec
from loyalty_async.errors import AuthenticationError, ConfigurationError, OutcomeUnknownError
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
from tests.loyaltypass.conftest import (
    CLIENT_ID,
    CLIENT_SECRET,
    TOKEN_PATH,
    Answer,
    Clock,
    Wire,
    make_client,
)

NO_BODY: Any = object()


@attrs.frozen
class Case:
    name: str
    send: Callable[[LoyaltyPassClient], Awaitable[Any]]
    method: str
    path: str
    query: list[tuple[str, str]] = attrs.Factory(list)
    body: Any = NO_BODY
    answer: Answer = attrs.Factory(Answer)
    check: Callable[[Any], bool] = lambda result: result is None


EARN = EarnRequest(
    member_id="M-1",
    reference="R-2024-1",
    amount=Decimal("25.90"),
    currency="EUR",
    extra={"storeCode": "S1"},
)

CASES = [
    Case("segments.map_promotion", lambda c: c.segments.map_promotion("vip", "P-7", member_id="M-1"),
         "POST", "/api/v1/segments/promotion-mapping",
         body={"segmentId": "vip", "promotionId": "P-7", "memberId": "M-1"},
         answer=Answer(200, json={"products": [{"id": "g-1", "points": 300, "brand": "X"}]}),
         check=lambda r: r.products[0].points == Decimal(300) and r.products[0].extra == {"brand": "X"}),
    Case("segments.add_member", lambda c: c.segments.add_member("vip", "M-1"), "POST",
         "/api/v1/segments/members", body={"segmentId": "vip", "memberId": "M-1"}, answer=Answer(204)),
    Case("segments.remove_member", lambda c: c.segments.remove_member("vip", "M-1"), "DELETE",
         "/api/v1/segments/members", body={"segmentId": "vip", "memberId": "M-1"}, answer=Answer(204)),
    Case("earn.evaluate_basket",
         lambda c: c.earn.evaluate_basket(Basket(member_id="M-1", items=[BasketItem(sku="A-1", quantity=Decimal(2), amount=Decimal("12.40"))])),
         "POST", "/api/v1/earn/evaluation",
         body={"memberId": "M-1", "items": [{"sku": "A-1", "quantity": Decimal(2), "amount": Decimal("12.40")}]},
         answer=Answer(200, json={"points": 12, "tier": "gold"}),
         check=lambda r: r.points == 12 and r.extra == {"tier": "gold"}),
    Case("earn.earn", lambda c: c.earn.earn(EARN), "POST", "/api/v1/earn",
         body={"memberId": "M-1", "reference": "R-2024-1", "amount": Decimal("25.90"), "currency": "EUR", "storeCode": "S1"},
         answer=Answer(200, json={"transactionId": "T-9", "points": 25, "balance": "125.50"}),
         check=lambda r: r == PointsPosted(reference="R-2024-1", transaction_id="T-9", points=Decimal(25), balance=Decimal("125.50"))),
    Case("earn.reverse", lambda c: c.earn.reverse(PointsPosted(reference="R-2024-1"), reason="returned"),
         "POST", "/api/v1/earn/reversal", body={"reference": "R-2024-1", "reason": "returned"},
         answer=Answer(200, json={"reference": "R-2024-1/rev", "points": -25}),
         check=lambda r: r.points == -25),
    Case("burn.redeem_voucher", lambda c: c.burn.redeem_voucher(VoucherRequest(member_id="M-1", points=500, reference="V-1", gift_id="g-mug")),
         "POST", "/api/v1/burn/voucher", body={"memberId": "M-1", "points": 500, "reference": "V-1", "giftId": "g-mug"},
         answer=Answer(200, json={"voucherCode": "LP-1", "points": 500, "expiresAt": "2025-01-01T00:00:00Z"}),
         check=lambda r: r.voucher_code == "LP-1" and r.expires_at.year == 2025),
    Case("earn.reward_event", lambda c: c.earn.reward_event(RewardEventRequest(member_id="M-1", event="survey")),
         "POST", "/api/v1/earn/event", body={"memberId": "M-1", "event": "survey"},
         answer=Answer(200, json={"points": 50}), check=lambda r: r.points == 50),
    Case("program.languages", lambda c: c.program.languages(), "GET", "/api/v1/program/languages",
         answer=Answer(200, json=[{"code": "fr", "name": "Français"}, {"code": "nl"}]),
         check=lambda r: [lang.code for lang in r] == ["fr", "nl"]),
    Case("members.identification_cookie", lambda c: c.members.identification_cookie("M-1"), "POST",
         "/api/v1/members/identification", body={"memberId": "M-1"},
         answer=Answer(200, json={"cookie": "lp=abc"}), check=lambda r: r == "lp=abc"),
    Case("members.transactions", lambda c: c.members.transactions("M-1").collect(), "GET",
         "/api/v1/members/transactions", query=[("memberId", "M-1")],
         answer=Answer(200, json={"transactions": [{"transactionId": "T-1", "points": 10, "status": "delivered"}]}),
         check=lambda r: r[0].status == "delivered" and r[0].points == 10),
    Case("catalog.categories", lambda c: c.catalog.categories(), "GET", "/api/v1/catalog/categories",
         answer=Answer(200, json=[{"id": "home", "name": "Home"}]), check=lambda r: r[0].name == "Home"),
    Case("catalog.gifts", lambda c: c.catalog.gifts().collect(), "GET", "/api/v1/catalog/gifts",
         answer=Answer(200, json=[{"id": "g-1", "points": "300.5"}]), check=lambda r: r[0].points == Decimal("300.5")),
]  # fmt: skip


def test_every_api_has_a_case_and_every_route_is_unconfirmed() -> None:
    assert {case.name for case in CASES} == set(OPERATIONS.names())
    # The 13 published APIs: the token one is the auth strategy's, Segment Member Mapping
    # is two operations (add, remove).
    apis = {operation.title.split(" (")[0] for operation in OPERATIONS}
    assert len(apis) == 12 and len(OPERATIONS) == 13
    assert not any(operation.confirmed for operation in OPERATIONS)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_api_on_the_wire(case: Case, wire: Wire, client: LoyaltyPassClient) -> None:
    wire.on(case.method, case.path, case.answer)
    result = await case.send(client)
    assert len(wire.calls) == 1
    seen = wire.last
    assert (seen.method, seen.path, seen.query) == (case.method, case.path, case.query)
    assert seen.headers["Authorization"] == "Bearer lp-token-1"
    if case.body is NO_BODY:
        assert seen.body == b""
    else:
        assert seen.body == codec.dumps(case.body)
        assert seen.headers["Content-Type"] == "application/json"
    assert case.check(result), result


async def test_the_token_request_is_a_form_by_default(
    wire: Wire, client: LoyaltyPassClient
) -> None:
    await client.program.languages()
    (token,) = wire.token_requests
    assert token.method == "POST"
    assert token.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in token.headers
    assert dict(parse_qsl(token.body.decode())) == {
        "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "grant_type": "client_credentials",
    }  # fmt: skip


async def test_the_token_request_as_json_with_other_field_names(wire: Wire, clock: Clock) -> None:
    async with make_client(
        wire, clock=clock, token_body="json", client_id_field="appKey",
        client_secret_field="appPassword", grant_type=None, scope="earn burn",
        token_extra={"programme": "BE-1"},
    ) as client:  # fmt: skip
        await client.catalog.categories()
    (token,) = wire.token_requests
    assert token.headers["Content-Type"] == "application/json"
    assert token.json() == {
        "appKey": CLIENT_ID, "appPassword": CLIENT_SECRET, "scope": "earn burn", "programme": "BE-1",
    }  # fmt: skip


async def test_expires_in_decides_when_the_token_is_refreshed(
    wire: Wire, client: LoyaltyPassClient, clock: Clock
) -> None:
    wire.expires_in = 600
    await client.catalog.categories()
    clock.now += 600 - 61  # still fresh: the refresh margin is 60 s
    await client.catalog.categories()
    assert len(wire.token_requests) == 1
    clock.now += 2
    await client.catalog.categories()
    assert len(wire.token_requests) == 2
    assert wire.last.headers["Authorization"] == "Bearer lp-token-2"


async def test_without_expires_in_the_configured_lifetime_applies(wire: Wire, clock: Clock) -> None:
    wire.expires_in = None
    async with make_client(
        wire, clock=clock, token_lifetime=120.0, token_refresh_margin=10.0
    ) as client:
        await client.catalog.categories()
        clock.now += 105
        await client.catalog.categories()
        assert len(wire.token_requests) == 1
        clock.now += 10
        await client.catalog.categories()
    assert len(wire.token_requests) == 2


async def test_a_401_refreshes_once_and_replays(wire: Wire, client: LoyaltyPassClient) -> None:
    wire.on(
        "GET",
        "/api/v1/catalog/categories",
        Answer(401, json={"error": "invalid_token"}),
        Answer(200, json=[]),
    )
    assert await client.catalog.categories() == []
    assert len(wire.token_requests) == 2
    assert [seen.headers["Authorization"] for seen in wire.calls] == [
        "Bearer lp-token-1",
        "Bearer lp-token-2",
    ]
    wire.on("GET", "/api/v1/catalog/categories", Answer(401, json={"error": "invalid_token"}))
    with pytest.raises(AuthenticationError):
        await client.catalog.categories()
    assert len(wire.token_requests) == 3  # one refresh per call, never a loop


async def test_one_token_fetch_for_a_thousand_callers(
    wire: Wire, client: LoyaltyPassClient
) -> None:
    wire.on("GET", "/api/v1/catalog/categories", Answer(200, json=[{"id": "a"}]))
    results = await asyncio.gather(*(client.catalog.categories() for _ in range(1000)))
    assert all(result[0].id == "a" for result in results)
    assert len(wire.token_requests) == 1
    assert client.auth.tokens.fetches == 1  # type: ignore[attr-defined]


async def test_earn_is_never_resent_after_an_ambiguous_failure(
    wire: Wire, client: LoyaltyPassClient
) -> None:
    wire.on("POST", "/api/v1/earn", lambda seen: None)
    with pytest.raises(OutcomeUnknownError) as unknown:
        await client.earn.earn(EARN)
    assert len(wire.calls) == 1
    assert unknown.value.resend_safe is False
    assert unknown.value.context == {"member_id": "M-1", "reference": "R-2024-1", "amount": "25.90"}


async def test_redemption_is_never_resent_after_a_server_error(
    wire: Wire, client: LoyaltyPassClient
) -> None:
    wire.on("POST", "/api/v1/burn/voucher", Answer(503, json={"message": "busy"}))
    with pytest.raises(OutcomeUnknownError):
        await client.burn.redeem_voucher(VoucherRequest(member_id="M-1", points=5, reference="V-2"))
    assert len(wire.calls) == 1


async def test_routes_replace_method_and_path_with_placeholders(wire: Wire, clock: Clock) -> None:
    routes = {
        "earn.earn": "PUT /rest/v2/members/{member_id}/earn/{reference}",
        "members.transactions": "/rest/v2/members/{member_id}/history",
        "catalog.gifts": "GET /rest/v2/gifts",
    }
    async with make_client(wire, clock=clock, routes=routes) as client:
        assert client.unconfirmed_routes() == [
            name for name in OPERATIONS.names() if name not in routes
        ]
        await client.earn.earn(attrs.evolve(EARN, member_id="M/1 2"))
        await client.members.transactions("M-1").collect()
        await client.catalog.gifts().collect()
    earn, history, gifts = wire.calls
    assert (earn.method, earn.path) == ("PUT", "/rest/v2/members/M%2F1%202/earn/R-2024-1")
    assert earn.json()["memberId"] == "M/1 2"  # still in the body as well
    assert (history.method, history.path, history.query) == (
        "GET", "/rest/v2/members/M-1/history", [("memberId", "M-1")],
    )  # fmt: skip
    assert (gifts.method, gifts.path) == ("GET", "/rest/v2/gifts")


@pytest.mark.parametrize(
    "routes",
    [
        {"earn.burn": "/x"},
        {"earn.earn": "TELEPORT /x"},
        {"earn.earn": "x"},
        {"earn.earn": "/members/{card}/earn"},
        {"catalog.gifts": "/gifts/{member_id}"},
        {"earn.earn": "/bad {"},
    ],
)
def test_bad_routes_are_refused_at_construction(routes: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        LoyaltyPassClient(
            base_url="https://lp.test",
            token_url="/t",
            client_id="a",
            client_secret="b",
            routes=routes,
        )


async def test_field_names_map_both_ways(wire: Wire, clock: Clock) -> None:
    wire.on(
        "POST", "/api/v1/earn", Answer(200, json={"txId": "T-1", "cardNumber": "M-1", "points": 3})
    )
    wire.on("GET", "/api/v1/members/transactions", Answer(200, json=[{"txId": "T-1"}]))
    names = {"memberId": "cardNumber", "transactionId": "txId"}
    async with make_client(wire, clock=clock, field_names=names) as client:
        posted = await client.earn.earn(EARN)
        (line,) = await client.members.transactions("M-1").collect()
    assert wire.calls[0].json()["cardNumber"] == "M-1" and "memberId" not in wire.calls[0].json()
    assert wire.calls[1].query == [("cardNumber", "M-1")]
    assert posted.transaction_id == "T-1" and posted.extra == {"memberId": "M-1"}
    assert line.transaction_id == "T-1"


async def test_transactions_follow_link_pages(wire: Wire, client: LoyaltyPassClient) -> None:
    second = wire.url() + "/api/v1/members/transactions?memberId=M-1&page=2"
    wire.on(
        "GET",
        "/api/v1/members/transactions",
        Answer(200, json=[{"transactionId": "T-1"}], headers={"Link": f'<{second}>; rel="next"'}),
        Answer(200, json=[{"transactionId": "T-2"}]),
    )
    lines = await client.members.transactions("M-1").collect()
    assert [line.transaction_id for line in lines] == ["T-1", "T-2"]
    assert wire.calls[1].raw_path == "/api/v1/members/transactions?memberId=M-1&page=2"
    assert wire.calls[1].headers["Authorization"] == "Bearer lp-token-1"


def test_construction_and_from_env() -> None:
    with pytest.raises(ConfigurationError, match="client_secret"):
        LoyaltyPassClient(base_url="https://lp.test", token_url="/t", client_id="a")
    with pytest.raises(ConfigurationError):
        LoyaltyPassClient(
            base_url="https://lp.test",
            token_url="/t",
            client_id="a",
            client_secret="b",
            token_body="xml",
        )  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        LoyaltyPassClient(
            base_url="https://lp.test",
            token_url="/t",
            client_id="a",
            client_secret="b",
            field_names={"memberId": ""},
        )
    env = {
        "LOYALTYPASS_BASE_URL": "https://lp.test",
        "LOYALTYPASS_TOKEN_URL": "https://lp.test/oauth/token",
        "LOYALTYPASS_CLIENT_ID": "shop",
        "LOYALTYPASS_CLIENT_SECRET": CLIENT_SECRET,
    }
    client = LoyaltyPassClient.from_env(env, routes={"earn.earn": "/e"})
    assert client.session.base_url == "https://lp.test"
    assert client.operations["earn.earn"].path == "/e"
    assert CLIENT_SECRET not in repr(client) and CLIENT_SECRET not in repr(client.auth)
    with pytest.raises(ConfigurationError, match="LOYALTYPASS_CLIENT_SECRET"):
        LoyaltyPassClient.from_env({k: v for k, v in env.items() if "SECRET" not in k})
    assert TOKEN_PATH  # the conftest's token path is the stand-in's default too
