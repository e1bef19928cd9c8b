"""``loyalty-async demo mews``: a hotel group's loyalty journey on the Mews stand-in.

It starts the Mews stand-in in-process (loopback, data in memory) and talks to it through
the public SDK only, a :class:`~loyalty_async.mews.MewsClient` with its default aiohttp
transport and pacing: a program with three tiers, guests enrolled, one moved up a tier,
the memberships paged through, a refused delete, and the clean-up.
"""

from __future__ import annotations

import argparse
import uuid

import attrs
from rich.console import Console
from rich.table import Table

from loyalty_async.cli.base import run_async
from loyalty_async.cli.journey import Steps, run_journey
from loyalty_async.mews import (
    BusinessRuleError,
    LoyaltyMembership,
    LoyaltyMembershipUpdate,
    LoyaltyProgramType,
    MewsClient,
    NewLoyaltyMembership,
    NewLoyaltyProgram,
    NewLoyaltyTier,
)
from loyalty_async.sandbox.mews import MewsSandbox

GUESTS = ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov")
TIERS = (("Silver", "SILVER"), ("Gold", "GOLD"), ("Platinum", "PLATINUM"))


@attrs.define
class Journey(Steps):
    """What the journey did and saw."""

    memberships: list[LoyaltyMembership] = attrs.Factory(list)
    guests: dict[str, str] = attrs.Factory(dict)
    tiers: dict[str, str] = attrs.Factory(dict)
    requests: int = 0
    limited: int = 0


def run(args: argparse.Namespace) -> int:
    """Run the journey and print its summary; return the exit status."""
    return run_journey(journey, render, run_async)


async def journey() -> Journey:
    """Run the hotel-group journey against a fresh stand-in and return what happened."""
    async with MewsSandbox() as sandbox:
        seen = Journey(sandbox.url)
        tokens = sandbox.credentials[0]
        async with MewsClient(
            base_url=sandbox.url,
            client_token=tokens.client_token,
            access_token=tokens.access_token,
            client="Riverside Hotels Loyalty Sync 1.0.0",
        ) as client:
            await _journey(client, seen)
        seen.requests = sandbox.stats.requests
        seen.limited = sandbox.stats.statuses[429]
    return seen


async def _journey(client: MewsClient, seen: Journey) -> None:
    [program] = await client.loyalty_programs.add(
        [NewLoyaltyProgram("Riverside Rewards", "RIVERSIDE", LoyaltyProgramType.HOTEL, "Free")]
    )
    seen.step("Create the hotel group's program", f"{program.name} ({program.type}, free)")

    tiers = await client.loyalty_tiers.add(
        [NewLoyaltyTier(program.id, name, code, rank) for rank, (name, code) in enumerate(TIERS, 1)]
    )
    seen.tiers = {tier.id: tier.name for tier in tiers}
    seen.step("Give it three tiers", ", ".join(tier.name for tier in tiers))

    enrolments = []
    for number, guest in enumerate(GUESTS, 1):
        account = str(uuid.uuid4())  # the guest's Mews customer id, in a real integration
        seen.guests[account] = guest
        enrolments.append(
            NewLoyaltyMembership(
                account, program.id, True, membership_number=f"RR-{number:04d}",
                points=100 * number, loyalty_tier_id=tiers[0].id,
            )
        )  # fmt: skip
    enrolled = await client.loyalty_memberships.add(enrolments)
    seen.step("Enrol five guests in one request", f"{len(enrolled)} memberships, all Silver")

    star = enrolled[-1]
    [moved] = await client.loyalty_memberships.update(
        [LoyaltyMembershipUpdate(star.id, loyalty_tier_id=tiers[1].id, points=2500)]
    )
    seen.step(
        f"Move {seen.guests[star.account_id]} up a tier",
        f"{seen.tiers[moved.loyalty_tier_id or '']}, {moved.points} points",
    )

    pager = client.loyalty_memberships.get_all(loyalty_program_ids=[program.id], page_size=2)
    pages = [page async for page in pager.pages()]
    seen.memberships = [m for page in pages for m in page.items]
    seen.step(
        "Page through the memberships",
        f"{len(seen.memberships)} in {len(pages)} pages of 2, newest first",
    )

    try:
        await client.loyalty_programs.delete([program.id])
        refused = "deleted: the rule was not enforced"
    except BusinessRuleError as error:
        refused = f"refused (403): {error.message}"
    seen.step("Delete the program while guests are in it", refused)

    await client.loyalty_memberships.delete([m.id for m in enrolled])
    await client.loyalty_tiers.delete([tier.id for tier in tiers])
    await client.loyalty_programs.delete([program.id])
    left = await client.loyalty_programs.get_all().collect()
    seen.step("Delete memberships, tiers, then the program", f"{len(left)} programs left")


def render(seen: Journey, console: Console, seconds: float) -> None:
    """Print the journey as tables."""
    console.print(f"[bold]loyalty-async demo mews[/]: Mews stand-in at {seen.url}, in memory")
    console.print(seen.table("Hotel group journey"))
    members = Table(title="Memberships, as paged", title_justify="left")
    members.add_column("number")
    members.add_column("guest")
    members.add_column("tier")
    members.add_column("points", justify="right")
    members.add_column("state")
    for membership in seen.memberships:
        members.add_row(
            membership.membership_number or "",
            seen.guests.get(membership.account_id, membership.account_id),
            seen.tiers.get(membership.loyalty_tier_id or "", "-"),
            str(membership.points),
            str(membership.state),
        )
    console.print(members)
    console.print(
        f"[green]Done[/] in {seconds:.2f} s: {seen.requests} HTTP requests, {seen.limited} "
        "answered 429, all through the public SDK."
    )
