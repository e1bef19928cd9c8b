"""``loyalty-async demo accengage``: a push journey against the Accengage stand-in.

It starts the stand-in in-process (loopback, in memory, with a few devices already
tracked, as a real app would have) and drives it through the public SDK only: create a
static list, add devices to it, send an instant message to the list, read the list and
the day's statistics. Every request is signed; the access token is fetched once.
"""

from __future__ import annotations

import argparse

import attrs
from rich.console import Console
from rich.table import Table

from loyalty_async.accengage import AccengageClient
from loyalty_async.cli.journey import Steps, run_journey
from loyalty_async.sandbox.accengage import AccengageSandbox

#: Devices the app already tracks when the journey starts.
DEVICES = 12


@attrs.define
class Journey(Steps):
    """What the journey did and saw."""

    stats: list[dict[str, object]] = attrs.Factory(list)
    requests: int = 0
    tokens: int = 0


def run(args: argparse.Namespace) -> int:
    """Run the journey and print its summary; return the exit status."""
    return run_journey(journey, render)


async def journey() -> Journey:
    """Run the push journey against a fresh stand-in and return what happened."""
    async with AccengageSandbox() as sandbox:
        udids = sandbox.seed_devices(DEVICES)
        seen = Journey(sandbox.url)
        async with sandbox.client() as client:
            await _journey(client, udids, seen)
        seen.requests = sandbox.stats.requests
        seen.tokens = sandbox.stats.logins
    return seen


async def _journey(client: AccengageClient, udids: list[str], seen: Journey) -> None:
    seen.step("Check access", await client.me.get())

    created = await client.lists.create({"name": "Spring VIPs", "externalId": "spring-vip"})
    list_id = created["id"]
    seen.step("Create a static list", f"list {list_id}, external id spring-vip")

    members = [{"UDID": udids[0]}, {"UDID": udids[1]}, {"customerId": "C-000002"}]
    await client.lists.add_users(list_id, members, expire_at="2030-12-31T23:59:59Z")
    seen.step("Add 3 devices (2 by UDID, 1 by customer id)", "queued, expire 2030-12-31")

    in_list = await client.lists.devices(list_id).collect()
    seen.step("Read the list", f"{len(in_list)} devices")

    message = await client.messages.create(
        {"title": "Spring sale", "text": "Spring sale: 20% off today", "externalId": "spring-2024"}
    )
    seen.step("Create the message", f"message {message['id']}")

    sent = await client.instant.send({"parentMessageId": message["id"], "lists": [list_id]})
    seen.step("Send it now to the list", f"{(sent or {}).get('sent', '?')} devices reached")

    targets = await client.messages.targets(message["id"]).collect()
    seen.step("Read who it was sent to", f"{len(targets)} targets")

    seen.stats = [dict(day) for day in await client.stats.daily(start_date="2000-01-01").collect()]
    today = seen.stats[-1] if seen.stats else {}
    seen.step("Read the statistics", f"{today.get('sent', 0)} sent on {today.get('date', '-')}")


def render(seen: Journey, console: Console, seconds: float) -> None:
    """Print the journey as tables."""
    console.print(f"[bold]loyalty-async demo accengage[/]: Accengage stand-in at {seen.url}")
    console.print(seen.table("Push journey"))
    stats = Table(title="Daily statistics", title_justify="left")
    for column in ("date", "sent", "sends"):
        stats.add_column(column, justify="right" if column != "date" else "left")
    for day in seen.stats:
        stats.add_row(*(str(day.get(column, "")) for column in ("date", "sent", "sends")))
    console.print(stats)
    console.print(
        f"[green]Done[/] in {seconds:.2f} s: {seen.requests} HTTP requests, every one signed, "
        f"{seen.tokens} access token, all through the public SDK."
    )
