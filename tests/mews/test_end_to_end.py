"""Every operation through the public SDK against the stand-in, over real loopback HTTP.

The client comes from the pytest plugin's ``mews_client`` fixture: a plain ``MewsClient``
on the stand-in's URL with its default aiohttp transport, as a program builds it.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from loyalty_async import AiohttpTransport, AuthenticationError, BadRequestError, PaginationError
from loyalty_async.mews import (
    CLEAR,
    ActivityState,
    BusinessRuleError,
    LoyaltyMembershipState,
    LoyaltyMembershipUpdate,
    LoyaltyProgramSubscription,
    LoyaltyProgramType,
    LoyaltyProgramUpdate,
    LoyaltyTierUpdate,
    MewsClient,
    NewLoyaltyMembership,
    NewLoyaltyProgram,
    NewLoyaltyTier,
)
from loyalty_async.sandbox.mews import MewsSandbox

UTC = dt.UTC


async def test_the_fixtures_are_a_real_client_on_the_stand_in(
    mews_client: MewsClient, mews_sandbox: MewsSandbox
) -> None:
    assert isinstance(mews_client.session.transport, AiohttpTransport)
    assert mews_client.session.base_url == mews_sandbox.url
    assert mews_client.rate_limiter is not None  # paced to the stand-in's limit
    assert (mews_client.rate_limiter.limit, mews_sandbox.rate_limit) == (180, (200, 30.0))


async def test_programs_add_read_update_delete(
    mews_client: MewsClient, mews_sandbox: MewsSandbox
) -> None:
    programs = mews_client.loyalty_programs
    added = await programs.add(
        [
            NewLoyaltyProgram("Platinum Club", "PLAT", LoyaltyProgramType.HOTEL, "Paid"),
            NewLoyaltyProgram("Partner Miles", "MILES", "ExternalPartner", "Free"),
        ]
    )
    assert [p.code for p in added] == ["PLAT", "MILES"]
    assert all(p.chain_id == mews_sandbox.credentials[0].chain_ids[0] for p in added)
    found = await programs.get_all(codes=["MILES"]).collect()
    assert [p.id for p in found] == [added[1].id]
    [renamed] = await programs.update(
        [LoyaltyProgramUpdate(added[0].id, name="Platinum Circle", subscription="Free")]
    )
    assert (renamed.name, renamed.code, renamed.subscription) == (
        "Platinum Circle",
        "PLAT",
        LoyaltyProgramSubscription.FREE,
    )
    await programs.delete([added[1].id])
    assert [p.id for p in await programs.get_all().collect()] == [added[0].id]
    deleted = await programs.get_all(activity_states=[ActivityState.DELETED]).collect()
    assert [p.id for p in deleted] == [added[1].id]


async def test_tiers_add_read_update_delete(mews_client: MewsClient) -> None:
    [program] = await mews_client.loyalty_programs.add(
        [NewLoyaltyProgram("Club", "CLUB", "Hotel", "Free")]
    )
    tiers = mews_client.loyalty_tiers
    silver, gold = await tiers.add(
        [
            NewLoyaltyTier(program.id, "Silver", "SILVER", 1),
            NewLoyaltyTier(program.id, "Gold", "GOLD", 2),
        ]
    )
    [moved] = await tiers.update([LoyaltyTierUpdate(gold.id, ordering=3, code="GOLD+")])
    assert (moved.name, moved.code, moved.ordering) == ("Gold", "GOLD+", 3)
    assert [t.name for t in await tiers.get_all([program.id]).collect()] == ["Gold", "Silver"]
    await tiers.delete([silver.id])
    assert [t.id for t in await tiers.get_all([program.id]).collect()] == [gold.id]


async def test_memberships_add_read_update_delete(mews_client: MewsClient) -> None:
    [program] = await mews_client.loyalty_programs.add(
        [NewLoyaltyProgram("Club", "CLUB", "Hotel", "Free")]
    )
    silver, gold = await mews_client.loyalty_tiers.add(
        [NewLoyaltyTier(program.id, "Silver", "S", 1), NewLoyaltyTier(program.id, "Gold", "G", 2)]
    )
    memberships = mews_client.loyalty_memberships
    account = uuid.uuid4()
    expires = dt.datetime(2027, 3, 31, 22, tzinfo=UTC)
    [member] = await memberships.add(
        [
            NewLoyaltyMembership(
                account, program.id, True, membership_number="CLUB-0001", points=250,
                expiration_date=expires, url="https://club.example/0001",
                loyalty_tier_id=silver.id,
            )
        ]
    )  # fmt: skip
    assert (member.account_id, member.state, member.loyalty_tier_id) == (
        str(account),
        LoyaltyMembershipState.ENROLLED,
        silver.id,
    )
    assert member.expiration_date == expires
    [upgraded] = await memberships.update(
        [LoyaltyMembershipUpdate(member.id, loyalty_tier_id=gold.id, points=5000, url=CLEAR)]
    )
    assert (upgraded.loyalty_tier_id, upgraded.points, upgraded.url) == (gold.id, 5000, None)
    assert upgraded.membership_number == "CLUB-0001"  # left out, so unchanged
    found = await memberships.get_all(
        account_ids=[account], membership_numbers=["CLUB-0001"]
    ).collect()
    assert [m.id for m in found] == [member.id]
    await memberships.delete([member.id])
    assert await memberships.get_all().collect() == []


async def test_mews_refusals_arrive_as_typed_errors_with_request_ids(
    mews_client: MewsClient, mews_sandbox: MewsSandbox
) -> None:
    [program] = await mews_client.loyalty_programs.add(
        [NewLoyaltyProgram("Club", "CLUB", "Hotel", "Free")]
    )
    await mews_client.loyalty_memberships.add(
        [NewLoyaltyMembership(uuid.uuid4(), program.id, True)]
    )
    with pytest.raises(BusinessRuleError) as refused:
        await mews_client.loyalty_programs.delete([program.id])
    assert refused.value.status == 403
    assert refused.value.message == (
        "The loyalty program 'Club' still has active memberships. Delete them first."
    )
    assert (
        refused.value.request_id and refused.value.request_id == refused.value.headers["Request-Id"]
    )
    with pytest.raises(BadRequestError) as invalid:
        await mews_client.loyalty_tiers.delete([str(uuid.uuid4())])
    assert invalid.value.message == "Invalid LoyaltyTierIds."
    assert invalid.value.request_id is not None
    async with mews_sandbox.client(access_token="WRONG-TOKEN") as wrong:
        with pytest.raises(AuthenticationError) as denied:
            await wrong.loyalty_programs.delete([program.id])
    assert (denied.value.message, denied.value.status) == ("Invalid AccessToken.", 401)
    assert mews_sandbox.stats.statuses[401] == 1  # a 401 is permanent: never replayed


async def test_a_failed_page_says_where_to_resume(mews_sandbox: MewsSandbox) -> None:
    async with mews_sandbox.client(access_token="WRONG-TOKEN") as wrong:
        with pytest.raises(PaginationError) as stopped:
            await wrong.loyalty_memberships.get_all(
                cursor="c0ffee00-0000-4000-8000-000000000000"
            ).collect()
    assert stopped.value.resume == "c0ffee00-0000-4000-8000-000000000000"
    assert isinstance(stopped.value.__cause__, AuthenticationError)
    assert stopped.value.__cause__.request_id is not None
