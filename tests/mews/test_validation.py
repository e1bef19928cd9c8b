"""Bad input is refused before any request, with a message naming what is wrong."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from loyalty_async import ValidationError
from loyalty_async.mews import (
    CLEAR,
    UNSET,
    LoyaltyMembershipUpdate,
    LoyaltyProgramType,
    LoyaltyProgramUpdate,
    LoyaltyTierUpdate,
    MewsClient,
    NewLoyaltyMembership,
    NewLoyaltyProgram,
    NewLoyaltyTier,
    TimeInterval,
)
from tests.mews.conftest import MewsWire

UTC = dt.UTC
PROGRAM = "3ed9e2f3-4bba-4df6-8d41-ab1b009b6425"
ACCOUNT = "a58ff7cb-77e3-495a-bd61-aecf00a3f19d"


def program(n: int = 0) -> NewLoyaltyProgram:
    return NewLoyaltyProgram(f"Club {n}", f"C{n}", "Hotel", "Free")


async def refused(call: Callable[[], Awaitable[Any]], wire: MewsWire, *words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        await call()
    for word in words:
        assert word in str(caught.value)
    assert wire.calls == []


async def test_a_batch_over_1000_is_refused(client: MewsClient, wire: MewsWire) -> None:
    await refused(
        lambda: client.loyalty_programs.add([program(n) for n in range(1001)]),
        wire,
        "loyalty_programs has 1001 items",
        "at most 1000",
    )
    await refused(
        lambda: client.loyalty_memberships.delete(str(uuid.uuid4()) for _ in range(1001)),
        wire,
        "loyalty_membership_ids has 1001 items",
    )
    ids = [str(uuid.uuid4()) for _ in range(1001)]
    with pytest.raises(ValidationError, match="account_ids has 1001 items"):
        client.loyalty_memberships.get_all(account_ids=ids)
    assert wire.calls == []


async def test_an_empty_batch_or_filter_is_refused(client: MewsClient, wire: MewsWire) -> None:
    await refused(lambda: client.loyalty_tiers.add([]), wire, "loyalty_tiers is empty")
    await refused(lambda: client.loyalty_programs.delete([]), wire, "loyalty_program_ids is empty")
    with pytest.raises(ValidationError, match="codes is empty"):
        client.loyalty_programs.get_all(codes=[])


def test_names_and_codes_over_their_limits_are_refused() -> None:
    with pytest.raises(
        ValidationError, match="name is 101 characters long; Mews accepts at most 100"
    ):
        NewLoyaltyProgram("x" * 101, "C", "Hotel", "Free")
    NewLoyaltyProgram("x" * 100, "c" * 50, "Hotel", "Free")  # the limits themselves are fine
    with pytest.raises(ValidationError, match="code is 51 characters long"):
        NewLoyaltyProgram("Club", "c" * 51, "Hotel", "Free")
    with pytest.raises(ValidationError, match="name is 51 characters long"):
        NewLoyaltyTier(PROGRAM, "n" * 51, "T", 1)
    with pytest.raises(ValidationError, match="name is 101 characters long"):
        LoyaltyProgramUpdate(PROGRAM, name="x" * 101)
    with pytest.raises(ValidationError, match="membership_number is 256 characters long"):
        NewLoyaltyMembership(ACCOUNT, PROGRAM, True, membership_number="9" * 256)
    with pytest.raises(ValidationError, match="provider_membership_id is 101 characters"):
        LoyaltyMembershipUpdate(PROGRAM, provider_membership_id="p" * 101)


@pytest.mark.parametrize("bad", ["", "   ", "not-a-guid", None, 42])
def test_empty_or_malformed_ids_are_refused(bad: Any) -> None:
    with pytest.raises(ValidationError, match="account_id"):
        NewLoyaltyMembership(bad, PROGRAM, True)
    with pytest.raises(ValidationError, match="loyalty_tier_id"):
        LoyaltyTierUpdate(bad, name="Gold")


async def test_ids_in_lists_are_checked_one_by_one(client: MewsClient, wire: MewsWire) -> None:
    await refused(
        lambda: client.loyalty_tiers.delete([PROGRAM, ""]),
        wire,
        "loyalty_tier_ids[1] must be a non-empty string",
    )
    with pytest.raises(ValidationError, match=r"chain_ids\[0\] must be a Mews id"):
        client.loyalty_programs.get_all(chain_ids=["chain-1"])
    with pytest.raises(ValidationError, match="chain_id must be a Mews id"):
        await client.loyalty_programs.add([program()], chain_id="HQ")
    # A uuid.UUID is as good as its text.
    NewLoyaltyMembership(uuid.UUID(ACCOUNT), uuid.UUID(PROGRAM), True)


async def test_naive_datetimes_are_refused(client: MewsClient, wire: MewsWire) -> None:
    naive = dt.datetime(2026, 1, 1)
    with pytest.raises(ValidationError, match="expiration_date must carry a UTC offset"):
        NewLoyaltyMembership(ACCOUNT, PROGRAM, True, expiration_date=naive)
    with pytest.raises(ValidationError, match="expiration_date must carry a UTC offset"):
        LoyaltyMembershipUpdate(ACCOUNT, expiration_date=naive)
    with pytest.raises(ValidationError, match="created_utc: start_utc must carry a UTC offset"):
        client.loyalty_memberships.get_all(created_utc=(naive, dt.datetime.now(UTC)))
    with pytest.raises(ValidationError, match="updated_utc: end_utc must carry a UTC offset"):
        client.loyalty_tiers.get_all([PROGRAM], updated_utc=(dt.datetime.now(UTC), naive))
    with pytest.raises(ValidationError, match="starts after it ends"):
        TimeInterval(dt.datetime(2026, 2, 1, tzinfo=UTC), dt.datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ValidationError, match="a TimeInterval or a"):
        client.loyalty_programs.get_all(created_utc="last week")  # type: ignore[arg-type]
    assert wire.calls == []


def test_update_wrappers_refuse_none_and_clearing_required_fields() -> None:
    with pytest.raises(ValidationError, match="changes nothing: set at least one of name, type"):
        LoyaltyProgramUpdate(PROGRAM)
    with pytest.raises(ValidationError, match="name cannot be cleared"):
        LoyaltyProgramUpdate(PROGRAM, name=CLEAR)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="state cannot be cleared"):
        LoyaltyMembershipUpdate(ACCOUNT, state=CLEAR)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"points=None is ambiguous.*or pass CLEAR"):
        LoyaltyMembershipUpdate(ACCOUNT, points=None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="ordering must be a whole number"):
        LoyaltyTierUpdate(PROGRAM, ordering="2")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="is_primary must be True or False"):
        LoyaltyMembershipUpdate(ACCOUNT, is_primary=1)  # type: ignore[arg-type]
    update = LoyaltyMembershipUpdate(ACCOUNT, url=CLEAR)
    assert (update.url, update.points) == (CLEAR, UNSET)


def test_enums_are_open_but_not_empty() -> None:
    later = NewLoyaltyProgram("Club", "C", "Franchise", "Free")  # a type Mews may add
    assert later.type == "Franchise"
    assert NewLoyaltyProgram("Club", "C", LoyaltyProgramType.SOFT_BRAND, "Paid").type == "SoftBrand"
    with pytest.raises(ValidationError, match="type must be a non-empty string"):
        NewLoyaltyProgram("Club", "C", "", "Free")


async def test_wrong_item_types_and_shapes_are_refused(client: MewsClient, wire: MewsWire) -> None:
    await refused(
        lambda: client.loyalty_programs.add([{"Name": "Club"}]),  # type: ignore[list-item]
        wire,
        "loyalty_programs[0] must be a NewLoyaltyProgram, got dict",
    )
    await refused(
        lambda: client.loyalty_programs.delete(PROGRAM),  # type: ignore[arg-type]
        wire,
        "loyalty_program_ids must be a list",
    )
    await refused(
        lambda: client.loyalty_tiers.update([NewLoyaltyTier(PROGRAM, "Gold", "G", 1)]),  # type: ignore[list-item]
        wire,
        "must be a LoyaltyTierUpdate",
    )


@pytest.mark.parametrize("size", [0, 1001, -1, True, 10.0])
async def test_page_sizes_outside_1_to_1000_are_refused(
    client: MewsClient, wire: MewsWire, size: Any
) -> None:
    with pytest.raises(ValidationError, match="page_size"):
        client.loyalty_programs.get_all(page_size=size)
    assert wire.calls == []


async def test_two_long_intervals_are_refused(client: MewsClient, wire: MewsWire) -> None:
    year = (dt.datetime(2025, 1, 1, tzinfo=UTC), dt.datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ValidationError, match="CreatedUtc and UpdatedUtc both span more than 3"):
        client.loyalty_memberships.get_all(created_utc=year, updated_utc=year)
    with pytest.raises(ValidationError, match="cursor must be a Mews cursor"):
        client.loyalty_programs.get_all(cursor="  ")
    assert wire.calls == []


async def test_unknown_per_call_options_are_refused(client: MewsClient, wire: MewsWire) -> None:
    await refused(
        lambda: client.loyalty_tiers.delete([PROGRAM], dead_line=1),  # type: ignore[call-arg]
        wire,
        "unexpected argument(s) dead_line",
    )
