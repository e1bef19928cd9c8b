"""``loyalty-async demo loyalty-pass``: an earn-and-burn journey against the Loyalty Pass stand-in.

Loyalty Pass publishes no routes or payloads, so this runs on the SDK's placeholder
routes, which the stand-in serves; against the real platform you give the routes of its
API reference (``routes=``). The journey: preview a basket's points, earn them, reverse
the earn, redeem points for a voucher (and see a redemption beyond the balance refused),
and read the member's history.
"""

from __future__ import annotations

import argparse
from decimal import Decimal

import attrs
from rich.console import Console
from rich.table import Table

from loyalty_async.cli.journey import Steps, run_journey
from loyalty_async.errors import APIError
from loyalty_async.loyaltypass import (
    Basket,
    BasketItem,
    EarnRequest,
    LoyaltyPassClient,
    Transaction,
    VoucherRequest,
)
from loyalty_async.sandbox.loyaltypass import LoyaltyPassSandbox

MEMBER = "LP-000042"
OPENING = 500


@attrs.define
class Journey(Steps):
    """What the journey did and saw."""

    history: list[Transaction] = attrs.Factory(list)
    requests: int = 0
    tokens: int = 0


def run(args: argparse.Namespace) -> int:
    """Run the journey and print its summary; return the exit status."""
    return run_journey(journey, render)


async def journey() -> Journey:
    """Run the earn-and-burn journey against a fresh stand-in and return what happened."""
    async with LoyaltyPassSandbox() as sandbox:
        sandbox.add_member(MEMBER, points=OPENING)
        seen = Journey(sandbox.url)
        async with sandbox.client() as client:
            await _journey(client, seen)
        seen.requests = sandbox.stats.requests
        seen.tokens = sandbox.stats.logins
    return seen


async def _journey(client: LoyaltyPassClient, seen: Journey) -> None:
    basket = Basket(
        member_id=MEMBER,
        currency="EUR",
        items=[
            BasketItem(sku="COFFEE-1KG", quantity=Decimal(2), amount=Decimal("49.90")),
            BasketItem(sku="MUG", amount=Decimal("12.50")),
        ],
    )
    preview = await client.earn.evaluate_basket(basket)
    seen.step("Evaluate the basket (62.40 EUR)", f"would earn {preview.points} points")

    earned = await client.earn.earn(
        EarnRequest(member_id=MEMBER, reference="TILL7-000123", amount=Decimal("62.40"))
    )
    seen.step("Earn on receipt TILL7-000123", f"+{earned.points} points, balance {earned.balance}")

    reversed_ = await client.earn.reverse(earned, reason="goods returned")
    seen.step("Reverse that earn", f"{reversed_.points} points, balance {reversed_.balance}")

    voucher = await client.burn.redeem_voucher(
        VoucherRequest(member_id=MEMBER, points=300, reference="WEB-VOUCHER-1")
    )
    seen.step("Redeem 300 points", f"voucher {voucher.voucher_code}, balance {voucher.balance}")

    try:
        await client.burn.redeem_voucher(
            VoucherRequest(member_id=MEMBER, points=1000, reference="WEB-VOUCHER-2")
        )
        refused = "accepted: the balance was not enforced"
    except APIError as error:
        refused = f"refused: HTTP {error.status} {error.code}"
    seen.step("Redeem 1000 points", refused)

    seen.history = await client.members.transactions(MEMBER).collect()
    seen.step("Read the history", f"{len(seen.history)} lines")


def render(seen: Journey, console: Console, seconds: float) -> None:
    """Print the journey as tables."""
    console.print(
        f"[bold]loyalty-async demo loyalty-pass[/]: Loyalty Pass stand-in at {seen.url} "
        "(placeholder routes)"
    )
    console.print(seen.table("Earn and burn journey"))
    history = Table(title=f"History of {MEMBER}", title_justify="left")
    for column in ("reference", "type", "points", "status"):
        history.add_column(column, justify="right" if column == "points" else "left")
    for line in seen.history:
        history.add_row(line.reference or "", line.type or "", str(line.points), line.status or "")
    console.print(history)
    console.print(
        f"[green]Done[/] in {seconds:.2f} s: {seen.requests} HTTP requests, "
        f"{seen.tokens} OAuth2 token, all through the public SDK."
    )
