"""Cursor walks against the stand-in: page sizes, resuming, and long intervals split."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from loyalty_async import Request, ValidationError
from loyalty_async.mews import (
    IntervalCursor,
    MewsClient,
    NewLoyaltyProgram,
    TimeInterval,
    split_interval,
)
from loyalty_async.mews.paging import tick_before
from loyalty_async.mews.validation import add_months
from loyalty_async.sandbox.mews import MewsSandbox
from tests.core.helpers import Clock

UTC = dt.UTC
START = dt.datetime(2025, 1, 31, 9, 30, tzinfo=UTC)


def at(moment: dt.datetime) -> float:
    return moment.timestamp()


async def add_programs(client: MewsClient, clock: Clock, moments: list[dt.datetime]) -> list[str]:
    ids = []
    for n, moment in enumerate(moments):
        clock.now = at(moment)
        [program] = await client.loyalty_programs.add(
            [NewLoyaltyProgram(f"Club {n}", f"C{n}", "Hotel", "Free")]
        )
        ids.append(program.id)
    return ids


def bodies(sent: list[Request], operation: str) -> list[Any]:
    return [r.decoded_json() for r in sent if r.url.endswith(operation)]


def test_split_interval_makes_consecutive_parts_of_3_calendar_months() -> None:
    year = TimeInterval(START, dt.datetime(2026, 1, 15, tzinfo=UTC))
    parts = split_interval(year)
    assert [(p.start_utc.date().isoformat(), p.end_utc.date().isoformat()) for p in parts] == [
        ("2025-10-30", "2026-01-15"),  # each part starts 3 months after the one before,
        ("2025-07-30", "2025-10-30"),  # the day clamped at the end of April
        ("2025-04-30", "2025-07-30"),
        ("2025-01-31", "2025-04-30"),
    ]
    assert not any(p.months_exceeded() for p in parts)
    assert split_interval(TimeInterval(START, START)) == [TimeInterval(START, START)]
    assert add_months(dt.datetime(2024, 11, 30, tzinfo=UTC), 3) == dt.datetime(
        2025, 2, 28, tzinfo=UTC
    )
    assert tick_before(dt.datetime(2025, 4, 30, tzinfo=UTC)) == "2025-04-29T23:59:59.9999999Z"


async def test_pages_of_the_size_asked_until_a_short_page() -> None:
    clock = Clock(at(START))
    async with MewsSandbox(clock=clock) as sandbox:
        sent: list[Request] = []
        async with sandbox.client(on_request=[sent.append]) as client:
            ids = await add_programs(
                client, clock, [START + dt.timedelta(hours=n) for n in range(7)]
            )
            names = [p.name async for p in client.loyalty_programs.get_all(page_size=3)]
    assert names == [f"Club {n}" for n in reversed(range(7))]  # newest first
    limits = [b["Limitation"] for b in bodies(sent, "getAll")]
    assert limits == [
        {"Cursor": None, "Count": 3},
        {"Cursor": ids[4], "Count": 3},
        {"Cursor": ids[1], "Count": 3},
    ]  # the third page held one item: the walk stopped without asking again


async def test_a_walk_resumes_from_its_cursor() -> None:
    clock = Clock(at(START))
    async with MewsSandbox(clock=clock) as sandbox, sandbox.client() as client:
        await add_programs(client, clock, [START + dt.timedelta(minutes=n) for n in range(9)])
        first = client.loyalty_programs.get_all(page_size=2)
        seen = []
        async for page in first.pages():
            seen.extend(p.code for p in page.items)
            if len(seen) == 4:
                break
        assert isinstance(first.cursor, str)
        rest = await client.loyalty_programs.get_all(page_size=2, cursor=first.cursor).collect()
    assert seen + [p.code for p in rest] == [f"C{n}" for n in reversed(range(9))]


async def test_a_long_interval_is_split_into_3_month_requests() -> None:
    clock = Clock(at(START))
    year = (START, dt.datetime(2026, 1, 15, tzinfo=UTC))
    boundaries = [part.start_utc for part in split_interval(TimeInterval(*year))[:-1]]
    # One program a month, plus one exactly on each boundary between two parts.
    moments = [add_months(START, n) + dt.timedelta(days=5) for n in range(11)] + boundaries
    async with MewsSandbox(clock=clock) as sandbox:
        sent: list[Request] = []
        async with sandbox.client(on_request=[sent.append]) as client:
            ids = await add_programs(client, clock, sorted(moments))
            found = await client.loyalty_programs.get_all(created_utc=year, page_size=2).collect()
    assert sorted(p.id for p in found) == sorted(ids)  # all of them, each once
    assert [p.id for p in found] == ids[::-1]  # newest first, across the parts too
    asked = [b["CreatedUtc"] for b in bodies(sent, "getAll")]
    assert asked[0] == {"StartUtc": "2025-10-30T09:30:00Z", "EndUtc": "2026-01-15T00:00:00Z"}
    assert {"StartUtc": "2025-07-30T09:30:00Z", "EndUtc": "2025-10-30T09:29:59.9999999Z"} in asked
    assert asked[-1]["StartUtc"] == "2025-01-31T09:30:00Z"
    assert sandbox.stats.statuses[400] == 0  # no part was refused as too long


async def test_a_split_walk_resumes_with_its_interval_cursor() -> None:
    clock = Clock(at(START))
    moments = [add_months(START, n) + dt.timedelta(days=1) for n in range(8)]
    async with MewsSandbox(clock=clock) as sandbox, sandbox.client() as client:
        ids = await add_programs(client, clock, moments)
        year = (START, add_months(START, 9))
        walk = client.loyalty_programs.get_all(created_utc=year, page_size=2)
        seen = []
        async for page in walk.pages():
            seen.extend(p.id for p in page.items)
            if len(seen) >= 4:
                break
        position = walk.cursor
        assert isinstance(position, IntervalCursor)
        rest = await client.loyalty_programs.get_all(
            created_utc=year, page_size=2, cursor=position
        ).collect()
        with pytest.raises(ValidationError, match="resume it with the IntervalCursor"):
            client.loyalty_programs.get_all(created_utc=year, cursor="a-plain-cursor")
        other = IntervalCursor(START - dt.timedelta(days=1))
        with pytest.raises(ValidationError, match="resume it with the IntervalCursor"):
            client.loyalty_programs.get_all(created_utc=year, cursor=other)
    assert seen + [p.id for p in rest] == ids[::-1]


async def test_empty_parts_are_skipped_without_ending_the_walk() -> None:
    clock = Clock(at(START))
    # Nothing in the middle two parts: only the oldest and the newest hold programs.
    moments = [START + dt.timedelta(days=2), add_months(START, 10)]
    async with MewsSandbox(clock=clock) as sandbox, sandbox.client() as client:
        ids = await add_programs(client, clock, moments)
        found = await client.loyalty_programs.get_all(
            updated_utc=(START, add_months(START, 11)), page_size=5
        ).collect()
    assert [p.id for p in found] == ids[::-1]
