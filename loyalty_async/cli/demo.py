"""``loyalty-async demo``: a whole customer journey over HTTP, with no credentials needed.

It starts the Convercus sandbox in-process (on a free loopback port, data in memory) and
talks to it through the public SDK only: a :class:`~loyalty_async.ConvercusClient` with
its default aiohttp transport, exactly as a program talks to Convercus. The one thing set
up behind the API is the coupon definition, which a real program would find configured.
"""

from __future__ import annotations

import argparse
import importlib
import time
from decimal import Decimal
from typing import Any

import attrs
from rich.console import Console
from rich.table import Table

from loyalty_async.auth.token import jwt_expiry
from loyalty_async.cli.journey import Steps, run_journey
from loyalty_async.convercus import (
    AccountDetails,
    Balance,
    ConvercusClient,
    CouponRedemptionError,
    FeedItemType,
    IdentifierType,
    IdType,
    InteractionPointType,
    LineItem,
    MemberRole,
    NewInteractionPoint,
    NewPartner,
    NewPost,
    NewStore,
    NewTargetAudience,
    NewUser,
    Optin,
    TransactionRequest,
    TransactionType,
)
from loyalty_async.sandbox import Sandbox

CARD = "V1W2X3Y4Z5"
EARN_RECEIPT = "till7-2024-000123"
BURN_RECEIPT = "till7-2024-000124"
POST_TITLE = "Double points"


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser(
        "demo",
        help="run a customer journey against an in-process sandbox (no credentials)",
        description="Start a platform's stand-in in-process and run a whole journey "
        "through the SDK over real HTTP. convercus (the default): log in, set up a partner, "
        "its store and a till, open an account, attach a card, register a member, earn at "
        "the till, burn, redeem a coupon, read the balance and details, export the "
        "bookings, and post to her newsfeed. mews: a hotel group's loyalty program with "
        "tiers, guests enrolled and moved up a tier, memberships paged, a refused delete. "
        "accengage: a static list, devices added, an instant message, its statistics. "
        "loyalty-pass: a basket evaluated, earned, reversed, a voucher redeemed.",
    )
    parser.add_argument(
        "platform",
        nargs="?",
        default="convercus",
        choices=["convercus", *OTHER_JOURNEYS],
        help="whose journey to run (default convercus)",
    )
    parser.set_defaults(handler=run)


#: The journeys of the other platforms: platform → module with ``run(args)``.
OTHER_JOURNEYS = {
    "mews": "loyalty_async.cli.demo_mews",
    "accengage": "loyalty_async.cli.demo_accengage",
    "loyalty-pass": "loyalty_async.cli.demo_loyaltypass",
}


def run(args: argparse.Namespace) -> int:
    """Run the journey and print its summary; return the exit status."""
    platform = getattr(args, "platform", "convercus")
    if platform in OTHER_JOURNEYS:
        status: int = importlib.import_module(OTHER_JOURNEYS[platform]).run(args)
        return status
    return run_journey(journey, render)


@attrs.define
class Journey(Steps):
    """What the journey did and saw."""

    account_id: str = ""
    #: The till the receipts are booked at: its id and its name.
    till: tuple[str, str] = ("", "")
    balance: Balance | None = None
    details: AccountDetails | None = None
    bookings: list[dict[str, str]] = attrs.Factory(list)
    #: Receipt number by transaction id, to name the bookings' references.
    receipts: dict[str, str] = attrs.Factory(dict)
    export_bytes: int = 0
    requests: int = 0


async def journey() -> Journey:
    """Run the customer journey against a fresh sandbox and return what happened."""
    async with Sandbox() as sandbox:
        seen = Journey(sandbox.url)
        # What a real program reads from its configuration.
        coupon_id = sandbox.seed.coupon(title="Free coffee", max_redeem_count=1)
        login = sandbox.credentials
        async with ConvercusClient(
            base_url=sandbox.url,
            org=login.org,
            username=login.username,
            password=login.password,
            interaction_id=login.interaction_id,
            program_id=sandbox.core.program,
        ) as client:
            await _journey(client, coupon_id, seen)
        seen.requests = sandbox.stats.requests
    return seen


async def _journey(client: ConvercusClient, coupon_id: str, seen: Journey) -> None:
    token = await client.auth.login()
    expires = jwt_expiry(token)
    hours = "" if expires is None else f" for {round((expires - time.time()) / 3600)} h"
    seen.step("Log in", f"token valid{hours}")

    till = await _set_up_till(client, seen)

    account_id = seen.account_id = await client.accounts.create()
    seen.step("Open an account", f"id {account_id[:8]}...")

    await client.identifiers.create(account_id, IdentifierType.CARDCODE, code=CARD)
    seen.step("Attach a loyalty card", f"CARDCODE {CARD}")

    user_id = await client.users.create(
        NewUser(
            email_address="ada@example.com",
            given_name="Ada",
            family_name="Lovelace",
            city="London",
            country_code="GB",
        )
    )
    seen.step("Register the customer", f"Ada Lovelace, user {user_id[:8]}...")

    optins = [Optin(type="email", flag=True), Optin(type="post", flag=False)]
    await client.memberships.create(
        account_id, user_id=user_id, member_role=MemberRole.OWNER, optins=optins
    )
    seen.step("Make her the OWNER", "opt-ins: " + _optins(optins))

    receipt = TransactionRequest(
        transaction_type=TransactionType.EARNTRANSACTION,
        amount=Decimal("124.90"),
        currency_code="EUR",
        external_id=EARN_RECEIPT,
        line_items=[
            LineItem(
                item_id="4711",
                description="Coffee beans 1 kg",
                quantity=Decimal(2),
                unit_price=Decimal("49.95"),
                extended_amount=Decimal("99.90"),
            ),
            LineItem(item_id="0815", description="Mug", extended_amount=Decimal("25.00")),
        ],
    )
    earned = await till.transactions.create_for_account(CARD, receipt, id_type=IdType.CARDCODE)
    seen.receipts[earned.transaction_id or ""] = EARN_RECEIPT
    seen.step(
        f"Earn at {seen.till[1]}, by card",
        f"{receipt.amount} EUR earns {earned.points} points",
    )
    again = await till.transactions.create_for_account(CARD, receipt, id_type=IdType.CARDCODE)
    seen.step(
        "Send the same receipt again",
        "booked once, not twice"
        if again.transaction_id == earned.transaction_id
        else f"booked twice: {again.transaction_id}",
    )

    payment = TransactionRequest(
        transaction_type=TransactionType.PAYWITHPOINTS,
        amount=Decimal("1.00"),
        currency_code="EUR",
        external_id=BURN_RECEIPT,
    )
    spent = await till.transactions.create_for_account(account_id, payment)
    seen.receipts[spent.transaction_id or ""] = BURN_RECEIPT
    seen.step(f"Pay {payment.amount} EUR with points", f"takes {spent.points} points")

    coupon = await client.coupons.get(coupon_id)
    title = _title(coupon.i18n_fields) or coupon_id
    assignment = await client.coupons.assignments.assign(coupon_id, account_id)
    account_coupon_id = assignment.account_coupon_id or ""
    seen.step(f"Give her a '{title}' coupon", f"at most {assignment.max_redeem_count} use")

    redemption = await client.account_coupons.redeem(
        account_coupon_id, transaction_external_id=BURN_RECEIPT
    )
    seen.step(
        "Redeem it on that receipt",
        f"redeemed {redemption.redeem_count} of {assignment.max_redeem_count}",
    )
    try:
        await client.account_coupons.redeem(account_coupon_id)
        refused = "redeemed again: the limit was not enforced"
    except CouponRedemptionError as error:
        refused = f"refused: {', '.join(str(c) for c in error.conditions) or error.code}"
    seen.step("Redeem it once more", refused)

    seen.balance = await client.accounts.get_balance(CARD, id_type=IdType.CARDCODE)
    seen.step(
        "Read the balance", f"{seen.balance.points} points, {seen.balance.locked_points} locked"
    )

    details = seen.details = await client.accounts.get_details(account_id)
    level = details.level.name if details.level else "-"
    seen.step(
        "Read the account details",
        f"{details.status}, {level}, {len(details.memberships)} member, "
        f"{len(details.account_coupons)} coupon",
    )

    async with client.reports.export_account_bookings() as rows:
        seen.bookings = [row async for row in rows if row.get("accountId") == account_id]
    seen.export_bytes = rows.bytes
    tills = {row.get("interactionId") for row in seen.bookings}
    where = seen.till[1] if tills == {seen.till[0]} else ", ".join(sorted(map(str, tills)))
    seen.step("Export the bookings (CSV)", f"{len(seen.bookings)} rows streamed, booked at {where}")

    await _post_to_her_feed(client, seen)


async def _post_to_her_feed(client: ConvercusClient, seen: Journey) -> None:
    """Post for a target audience she is in, publish it, and read it from her feed."""
    audience = NewTargetAudience(name="Card holders", account_ids=[seen.account_id])
    audience_id = await client.newsfeed.audiences.create(audience)
    seen.step(
        "Gather a target audience", f"{audience.name}: {len(audience.account_ids or [])} account"
    )

    post_id = await client.newsfeed.posts.create(
        NewPost(
            title=POST_TITLE,
            text="Every receipt counts twice this weekend.",
            target_audience_ids=[audience_id],
        )
    )
    published = await client.newsfeed.posts.publish(post_id)
    status = published.status if published is not None else "sent"
    seen.step("Post to that audience", f"'{POST_TITLE}', {status}")

    feed = [item async for item in client.newsfeed.list(seen.account_id)]
    posts = [item.title for item in feed if item.type is FeedItemType.POST]
    receipts = sum(item.type is not FeedItemType.POST for item in feed)
    shown = ", ".join(f"'{title}'" for title in posts) or "no post"
    seen.step("Read her newsfeed", f"{shown} and {receipts} receipts")


async def _set_up_till(client: ConvercusClient, seen: Journey) -> ConvercusClient:
    """Set up a partner, its store and a till; return a client that speaks for the till."""
    partner = NewPartner(name="Kaffeehaus Nord", external_id="KH-NORD", country_code="DE")
    partner_id = await client.partners.create(partner)
    seen.step("Set up a partner", partner.name)

    store = NewStore(
        name="Kaffeehaus Altona",
        city="Hamburg",
        country_code="DE",
        latitude=Decimal("53.5511"),
        longitude=Decimal("9.9337"),
    )
    store_id = await client.stores.create(partner_id, store)
    seen.step("Open its store", f"{store.name}, {store.city}")

    till = NewInteractionPoint(name="Till 7", type=InteractionPointType.POS)
    till_id = await client.interaction_points.create_for_store(partner_id, store_id, till)
    seen.till = (till_id, till.name)
    registered = await client.interaction_points.get_for_store(partner_id, store_id, till_id)
    seen.step("Register a till in the store", f"{registered.name} ({registered.type})")
    # The till's id is the interaction-id its receipts are sent with.
    return client.with_options(headers={"interaction-id": till_id})


def _optins(optins: list[Optin]) -> str:
    return ", ".join(f"{o.type} {'yes' if o.flag else 'no'}" for o in optins) or "none"


def _title(fields: Any) -> str | None:
    """The first title among a coupon's translations (``{"en": {"title": ...}}``)."""
    if isinstance(fields, dict):
        for translation in fields.values():
            if isinstance(translation, dict) and translation.get("title"):
                return str(translation["title"])
    return None


def render(seen: Journey, console: Console, seconds: float) -> None:
    """Print the journey as tables (colour only where the terminal shows it)."""
    console.print(f"[bold]loyalty-async demo[/]: Convercus sandbox at {seen.url}, in memory")
    console.print(seen.table("Customer journey"))

    if seen.details is not None:
        console.print(_account_table(seen))
    bookings = Table(title="Bookings export", title_justify="left")
    bookings.add_column("time (UTC)")
    bookings.add_column("type")
    bookings.add_column("code")
    bookings.add_column("points", justify="right")
    bookings.add_column("for")
    for row in seen.bookings:
        reference = row.get("referenceId", "")
        bookings.add_row(
            row.get("bookingTime", "")[11:19],
            row.get("bookingType", ""),
            row.get("bookingTypeCode", ""),
            row.get("points", ""),
            f"receipt {seen.receipts[reference]}" if reference in seen.receipts else reference,
        )
    console.print(bookings)
    console.print(
        f"[green]Done[/] in {seconds:.2f} s: {seen.requests} HTTP requests, "
        "all through the public SDK."
    )


def _account_table(seen: Journey) -> Table:
    details = seen.details
    assert details is not None
    table = Table(title=f"Account {seen.account_id}", title_justify="left", show_header=False)
    table.add_column("field", style="cyan")
    table.add_column("value")
    balance = details.balance or seen.balance
    if balance is not None:
        table.add_row("balance", f"{balance.points} points ({balance.locked_points} locked)")
    table.add_row("status", str(details.status))
    if details.level is not None:
        level = details.level
        table.add_row(
            "level",
            f"{level.name}: {level.current_state_points} status points, "
            f"{level.needed_state_points_next_level} more for the next level",
        )
    for identifier in details.identifiers:
        table.add_row("identifier", f"{identifier.type} {identifier.code} ({identifier.status})")
    for member in details.memberships:
        table.add_row(
            "member",
            f"{member.given_name} {member.family_name} <{member.email_address}>, "
            f"{member.member_role}",
        )
        table.add_row("opt-ins", _optins(member.optins))
    for coupon in details.account_coupons:
        table.add_row(
            "coupon",
            f"{_title(coupon.i18n_fields) or coupon.coupon_id}: redeemed "
            f"{coupon.redeem_count} of {coupon.max_redeem_count}",
        )
    return table
