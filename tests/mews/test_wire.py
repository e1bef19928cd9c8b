"""Every Mews loyalty operation on the wire: POST, path, tokens in the body, exact bodies."""

from __future__ import annotations

import datetime as dt

import pytest

from loyalty_async import Response
from loyalty_async.mews import (
    CLEAR,
    ActivityState,
    LoyaltyMembership,
    LoyaltyMembershipState,
    LoyaltyMembershipUpdate,
    LoyaltyProgram,
    LoyaltyProgramSubscription,
    LoyaltyProgramType,
    LoyaltyProgramUpdate,
    LoyaltyTier,
    LoyaltyTierUpdate,
    MewsClient,
    NewLoyaltyMembership,
    NewLoyaltyProgram,
    NewLoyaltyTier,
)
from tests.mews.conftest import MewsWire, assert_sent

UTC = dt.UTC
CHAIN = "8a98965a-7c03-48a1-a28c-ab1b009b53c8"
PROGRAM = "3ed9e2f3-4bba-4df6-8d41-ab1b009b6425"
PROGRAM_2 = "da34b396-41f7-47f6-8847-aecf00a3f19e"
TIER = "1d7c0d2e-8f4b-4bdb-a2f0-b1a6009c2f5e"
TIER_2 = "5b6d6e1a-2c31-4d7e-9a6f-b1a6009c3a11"
ACCOUNT = "a58ff7cb-77e3-495a-bd61-aecf00a3f19d"
MEMBERSHIP = "e7f26210-10e7-462e-9da8-ae8300be8ab7"

PROGRAM_JSON = {
    "Id": PROGRAM,
    "ChainId": CHAIN,
    "Name": "Platinum Club",
    "Code": "PC01",
    "Type": "Hotel",
    "Subscription": "Free",
}
MEMBERSHIP_JSON = {
    "Id": MEMBERSHIP,
    "ChainId": CHAIN,
    "AccountId": ACCOUNT,
    "LoyaltyProgramId": PROGRAM,
    "State": "Enrolled",
    "IsPrimary": True,
    "ProviderMembershipId": None,
    "MembershipNumber": "PC-000123",
    "Points": 1200,
    "ExpirationDate": "2026-12-31T23:00:00Z",
    "Url": None,
    "LoyaltyTierId": TIER,
    "CreatorProfile": None,
    "UpdaterProfile": None,
    "Code": None,
}
TIER_JSON = {
    "Id": TIER,
    "LoyaltyProgramId": PROGRAM,
    "Name": "Gold",
    "Code": "GOLD",
    "Ordering": 2,
}


# ---------------------------------------------------------------------- programs


async def test_programs_get_all_sends_filters_and_limitation(
    client: MewsClient, wire: MewsWire
) -> None:
    wire.on(
        "loyaltyPrograms/getAll",
        Response(200, json={"LoyaltyPrograms": [PROGRAM_JSON], "Cursor": PROGRAM}),
    )
    start = dt.datetime(2025, 10, 5, tzinfo=UTC)
    pager = client.loyalty_programs.get_all(
        chain_ids=[CHAIN],
        loyalty_program_ids=[PROGRAM, PROGRAM_2],
        codes=["PC01"],
        activity_states=[ActivityState.ACTIVE],
        created_utc=(start, start + dt.timedelta(days=5)),
        updated_utc=(
            dt.datetime(2025, 10, 10, 2, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            start + dt.timedelta(days=12),
        ),
        page_size=100,
    )
    assert wire.calls == []  # nothing sent before the walk starts
    programs = await pager.collect()
    assert programs == [
        LoyaltyProgram(
            PROGRAM, "Platinum Club", "PC01", CHAIN, LoyaltyProgramType.HOTEL,
            LoyaltyProgramSubscription.FREE,
        )
    ]  # fmt: skip
    assert_sent(
        wire.last,
        "loyaltyPrograms/getAll",
        {
            "ChainIds": [CHAIN],
            "LoyaltyProgramIds": [PROGRAM, PROGRAM_2],
            "Codes": ["PC01"],
            "ActivityStates": ["Active"],
            "CreatedUtc": {"StartUtc": "2025-10-05T00:00:00Z", "EndUtc": "2025-10-10T00:00:00Z"},
            "UpdatedUtc": {"StartUtc": "2025-10-10T00:00:00Z", "EndUtc": "2025-10-17T00:00:00Z"},
            "Limitation": {"Cursor": None, "Count": 100},
        },
    )


async def test_programs_get_all_without_filters_sends_only_limitation(
    client: MewsClient, wire: MewsWire
) -> None:
    wire.on("loyaltyPrograms/getAll", Response(200, json={"LoyaltyPrograms": [], "Cursor": None}))
    assert await client.loyalty_programs.get_all().collect() == []
    assert_sent(wire.last, "loyaltyPrograms/getAll", {"Limitation": {"Cursor": None, "Count": 100}})


async def test_programs_add(client: MewsClient, wire: MewsWire) -> None:
    wire.on("loyaltyPrograms/add", Response(200, json={"LoyaltyPrograms": [PROGRAM_JSON]}))
    added = await client.loyalty_programs.add(
        [NewLoyaltyProgram("Platinum Club", "PC01", LoyaltyProgramType.HOTEL, "Free")],
        chain_id=CHAIN,
    )
    assert [p.id for p in added] == [PROGRAM]
    assert_sent(
        wire.last,
        "loyaltyPrograms/add",
        {
            "LoyaltyPrograms": [
                {"Name": "Platinum Club", "Code": "PC01", "Type": "Hotel", "Subscription": "Free"}
            ],
            "ChainId": CHAIN,
        },
    )


async def test_programs_update_wraps_each_value(client: MewsClient, wire: MewsWire) -> None:
    wire.on("loyaltyPrograms/update", Response(200, json={"LoyaltyPrograms": [PROGRAM_JSON]}))
    updated = await client.loyalty_programs.update(
        [
            LoyaltyProgramUpdate(PROGRAM, name="Platinum Club"),
            LoyaltyProgramUpdate(PROGRAM_2, type="SoftBrand", subscription="Paid"),
        ]
    )
    assert updated[0].name == "Platinum Club"
    assert_sent(
        wire.last,
        "loyaltyPrograms/update",
        {
            "LoyaltyProgramUpdates": [
                {"LoyaltyProgramId": PROGRAM, "Name": {"Value": "Platinum Club"}},
                {
                    "LoyaltyProgramId": PROGRAM_2,
                    "Type": {"Value": "SoftBrand"},
                    "Subscription": {"Value": "Paid"},
                },
            ]
        },
    )


async def test_programs_delete(client: MewsClient, wire: MewsWire) -> None:
    wire.on("loyaltyPrograms/delete", Response(200, json={}))
    assert await client.loyalty_programs.delete([PROGRAM, PROGRAM_2]) is None
    assert_sent(wire.last, "loyaltyPrograms/delete", {"LoyaltyProgramIds": [PROGRAM, PROGRAM_2]})


# ---------------------------------------------------------------------- memberships


async def test_memberships_get_all_sends_every_filter(client: MewsClient, wire: MewsWire) -> None:
    wire.on(
        "loyaltyMemberships/getAll",
        Response(200, json={"LoyaltyMemberships": [MEMBERSHIP_JSON], "Cursor": MEMBERSHIP}),
    )
    start = dt.datetime(2026, 1, 1, tzinfo=UTC)
    found = await client.loyalty_memberships.get_all(
        chain_ids=[CHAIN],
        loyalty_membership_ids=[MEMBERSHIP],
        account_ids=[ACCOUNT],
        loyalty_program_ids=[PROGRAM],
        membership_states=[LoyaltyMembershipState.ENROLLED, "Pending"],
        activity_states=["Active", ActivityState.DELETED],
        membership_numbers=["PC-000123"],
        provider_membership_ids=["ext-9"],
        created_utc=(start, start + dt.timedelta(days=31)),
        updated_utc=(start, start + dt.timedelta(hours=1)),
        page_size=2,
        cursor="c0ffee00-0000-4000-8000-000000000000",
    ).collect()
    assert found == [
        LoyaltyMembership(
            MEMBERSHIP, ACCOUNT, PROGRAM, LoyaltyMembershipState.ENROLLED, True, CHAIN,
            membership_number="PC-000123", points=1200,
            expiration_date=dt.datetime(2026, 12, 31, 23, tzinfo=UTC), loyalty_tier_id=TIER,
        )
    ]  # fmt: skip
    assert_sent(
        wire.last,
        "loyaltyMemberships/getAll",
        {
            "ChainIds": [CHAIN],
            "LoyaltyMembershipIds": [MEMBERSHIP],
            "AccountIds": [ACCOUNT],
            "LoyaltyProgramIds": [PROGRAM],
            "MembershipStates": ["Enrolled", "Pending"],
            "ActivityStates": ["Active", "Deleted"],
            "MembershipNumbers": ["PC-000123"],
            "ProviderMembershipIds": ["ext-9"],
            "CreatedUtc": {"StartUtc": "2026-01-01T00:00:00Z", "EndUtc": "2026-02-01T00:00:00Z"},
            "UpdatedUtc": {"StartUtc": "2026-01-01T00:00:00Z", "EndUtc": "2026-01-01T01:00:00Z"},
            "Limitation": {"Cursor": "c0ffee00-0000-4000-8000-000000000000", "Count": 2},
        },
    )


async def test_memberships_add(client: MewsClient, wire: MewsWire) -> None:
    wire.on(
        "loyaltyMemberships/add",
        Response(200, json={"LoyaltyMemberships": [MEMBERSHIP_JSON], "Cursor": MEMBERSHIP}),
    )
    expires = dt.datetime(2027, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    added = await client.loyalty_memberships.add(
        [
            NewLoyaltyMembership(
                ACCOUNT, PROGRAM, True, state=LoyaltyMembershipState.ENROLLED,
                membership_number="PC-000123", points=1200, expiration_date=expires,
                url="https://club.example/m/123", loyalty_tier_id=TIER,
            ),
            NewLoyaltyMembership(ACCOUNT, PROGRAM, False),
        ],
        chain_id=CHAIN,
    )  # fmt: skip
    assert added[0].id == MEMBERSHIP
    assert_sent(
        wire.last,
        "loyaltyMemberships/add",
        {
            "LoyaltyMemberships": [
                {
                    "AccountId": ACCOUNT,
                    "LoyaltyProgramId": PROGRAM,
                    "IsPrimary": True,
                    "State": "Enrolled",
                    "MembershipNumber": "PC-000123",
                    "Points": 1200,
                    "ExpirationDate": "2026-12-31T23:00:00Z",
                    "Url": "https://club.example/m/123",
                    "LoyaltyTierId": TIER,
                },
                {"AccountId": ACCOUNT, "LoyaltyProgramId": PROGRAM, "IsPrimary": False},
            ],
            "ChainId": CHAIN,
        },
    )


async def test_memberships_update_sets_clears_and_leaves_out(
    client: MewsClient, wire: MewsWire
) -> None:
    wire.on(
        "loyaltyMemberships/update",
        Response(200, json={"LoyaltyMemberships": [MEMBERSHIP_JSON], "Cursor": MEMBERSHIP}),
    )
    await client.loyalty_memberships.update(
        [
            LoyaltyMembershipUpdate(
                MEMBERSHIP, loyalty_tier_id=TIER_2, points=1500, url=CLEAR,
                expiration_date=CLEAR, is_primary=False,
            ),
            LoyaltyMembershipUpdate(
                MEMBERSHIP, loyalty_program_id=PROGRAM_2, state="Canceled",
                membership_number="PC-9", provider_membership_id=CLEAR,
                expiration_date=dt.datetime(2027, 6, 30, 12, 30, 15, 250000, tzinfo=UTC),
            ),
        ],
        chain_id=CHAIN,
    )  # fmt: skip
    assert_sent(
        wire.last,
        "loyaltyMemberships/update",
        {
            "LoyaltyMembershipUpdates": [
                {
                    "LoyaltyMembershipId": MEMBERSHIP,
                    "IsPrimary": {"Value": False},
                    "Points": {"Value": 1500},
                    "ExpirationDate": {"Value": None},
                    "Url": {"Value": None},
                    "LoyaltyTierId": {"Value": TIER_2},
                },
                {
                    "LoyaltyMembershipId": MEMBERSHIP,
                    "LoyaltyProgramId": {"Value": PROGRAM_2},
                    "State": {"Value": "Canceled"},
                    "MembershipNumber": {"Value": "PC-9"},
                    "ProviderMembershipId": {"Value": None},
                    "ExpirationDate": {"Value": "2027-06-30T12:30:15.25Z"},
                },
            ],
            "ChainId": CHAIN,
        },
    )


async def test_memberships_delete(client: MewsClient, wire: MewsWire) -> None:
    wire.on("loyaltyMemberships/delete", Response(200, json={}))
    assert await client.loyalty_memberships.delete([MEMBERSHIP], chain_id=CHAIN) is None
    assert_sent(
        wire.last,
        "loyaltyMemberships/delete",
        {"LoyaltyMembershipIds": [MEMBERSHIP], "ChainId": CHAIN},
    )


# ---------------------------------------------------------------------- tiers


async def test_tiers_get_all_requires_programs(client: MewsClient, wire: MewsWire) -> None:
    wire.on(
        "loyaltyTiers/getAll", Response(200, json={"LoyaltyTiers": [TIER_JSON], "Cursor": TIER})
    )
    tiers = await client.loyalty_tiers.get_all(
        [PROGRAM],
        chain_ids=[CHAIN],
        loyalty_tier_ids=[TIER],
        activity_states=["Active"],
        updated_utc=(dt.datetime(2026, 3, 1, tzinfo=UTC), dt.datetime(2026, 3, 2, tzinfo=UTC)),
        page_size=1000,
    ).collect()
    assert tiers == [LoyaltyTier(TIER, PROGRAM, "Gold", "GOLD", 2)]
    assert_sent(
        wire.last,
        "loyaltyTiers/getAll",
        {
            "LoyaltyProgramIds": [PROGRAM],
            "ChainIds": [CHAIN],
            "LoyaltyTierIds": [TIER],
            "ActivityStates": ["Active"],
            "UpdatedUtc": {"StartUtc": "2026-03-01T00:00:00Z", "EndUtc": "2026-03-02T00:00:00Z"},
            "Limitation": {"Cursor": None, "Count": 1000},
        },
    )


async def test_tiers_add(client: MewsClient, wire: MewsWire) -> None:
    wire.on("loyaltyTiers/add", Response(200, json={"LoyaltyTiers": [TIER_JSON]}))
    added = await client.loyalty_tiers.add([NewLoyaltyTier(PROGRAM, "Gold", "GOLD", 2)])
    assert added == [LoyaltyTier(TIER, PROGRAM, "Gold", "GOLD", 2)]
    assert_sent(
        wire.last,
        "loyaltyTiers/add",
        {
            "LoyaltyTiers": [
                {"LoyaltyProgramId": PROGRAM, "Name": "Gold", "Code": "GOLD", "Ordering": 2}
            ]
        },
    )


async def test_tiers_update(client: MewsClient, wire: MewsWire) -> None:
    wire.on("loyaltyTiers/update", Response(200, json={"LoyaltyTiers": [TIER_JSON]}))
    await client.loyalty_tiers.update(
        [LoyaltyTierUpdate(TIER, name="Gold", ordering=0), LoyaltyTierUpdate(TIER_2, code="PLAT")]
    )
    assert_sent(
        wire.last,
        "loyaltyTiers/update",
        {
            "LoyaltyTierUpdates": [
                {"LoyaltyTierId": TIER, "Name": {"Value": "Gold"}, "Ordering": {"Value": 0}},
                {"LoyaltyTierId": TIER_2, "Code": {"Value": "PLAT"}},
            ]
        },
    )


async def test_tiers_delete(client: MewsClient, wire: MewsWire) -> None:
    wire.on("loyaltyTiers/delete", Response(200, json={}))
    await client.loyalty_tiers.delete([TIER, TIER_2])
    assert_sent(wire.last, "loyaltyTiers/delete", {"LoyaltyTierIds": [TIER, TIER_2]})


# ---------------------------------------------------------------------- shared conventions


async def test_language_and_culture_travel_with_the_tokens(wire: MewsWire) -> None:
    from tests.mews.conftest import client_on

    wire.on("loyaltyTiers/delete", Response(200, json={}))
    async with client_on(wire, language_code="en-US", culture_code="en-GB") as client:
        await client.loyalty_tiers.delete([TIER])
    body = wire.last.decoded_json()
    assert (body["LanguageCode"], body["CultureCode"]) == ("en-US", "en-GB")


@pytest.mark.parametrize("operation", ["loyaltyPrograms/getAll", "loyaltyTiers/add"])
async def test_client_call_sends_a_raw_body_to_any_operation(
    client: MewsClient, wire: MewsWire, operation: str
) -> None:
    wire.on(operation, Response(200, json={"Anything": [1]}))
    name = {
        "loyaltyPrograms/getAll": "loyalty_programs.get_all",
        "loyaltyTiers/add": "loyalty_tiers.add",
    }
    answer = await client.call(name[operation], {"Limitation": {"Count": 1}})
    assert answer == {"Anything": [1]}
    assert_sent(wire.last, operation, {"Limitation": {"Count": 1}})


async def test_routes_override_a_path(wire: MewsWire) -> None:
    from tests.mews.conftest import client_on

    wire.on("loyaltyTiers/remove", Response(200, json={}))
    routes = {"loyalty_tiers.delete": "/api/connector/v1/loyaltyTiers/remove"}
    async with client_on(wire, routes=routes) as client:
        await client.loyalty_tiers.delete([TIER])
    assert_sent(wire.last, "loyaltyTiers/remove", {"LoyaltyTierIds": [TIER]})
