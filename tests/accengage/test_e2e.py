"""The public SDK against the Accengage stand-in over real HTTP: every route, end to end."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import tracemalloc
from collections.abc import AsyncIterator

import aiohttp
import pytest

from loyalty_async import AiohttpTransport
from loyalty_async.accengage import (
    OPERATIONS,
    AccengageAuthenticationError,
    AccengageClient,
    AccengageConflictError,
    AccengageNotFoundError,
    AlreadyDeletedError,
    ErrorLabel,
)
from loyalty_async.errors import PaginationError
from loyalty_async.sandbox.accengage import AccengageSandbox


class Clock:
    def __init__(self) -> None:
        self.now = float(int(dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC).timestamp()))

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def sandbox(clock: Clock) -> AsyncIterator[AccengageSandbox]:
    async with AccengageSandbox(page_size=3, devices_page_rows=4, clock=clock) as stand_in:
        yield stand_in


@pytest.fixture
async def client(sandbox: AccengageSandbox, clock: Clock) -> AsyncIterator[AccengageClient]:
    async with sandbox.client(clock=clock) as accengage:
        assert isinstance(accengage.session.transport, AiohttpTransport)
        yield accengage


async def test_every_route_end_to_end(sandbox: AccengageSandbox, client: AccengageClient) -> None:
    udids = sandbox.seed_devices(10)
    other = sandbox.credentials.other_apps[0]
    sandbox.seed_devices(2, partner_id=other)
    assert await client.me.get() == "Welcome"

    # campaigns and messages
    campaign = (
        await client.campaigns.create({"name": "Spring", "startDate": "2024-05-01T00:00:00Z"})
    )["id"]
    assert (await client.campaigns.get(campaign))["name"] == "Spring"
    assert [c["id"] for c in await client.campaigns.list().collect()] == [campaign]
    await client.campaigns.update(campaign, {"endDate": dt.datetime(2024, 6, 1, tzinfo=dt.UTC)})
    assert (await client.campaigns.get(campaign))["endDate"] == "2024-06-01T00:00:00+00:00"
    message = (await client.messages.create({
        "title": "Order", "text": "Hi ${name}", "campaignId": campaign, "externalId": "order-2024",
        "buttons": [{"action": "webview", "title": "Open"}, {"action": "close"}],
    }))["id"]  # fmt: skip
    assert (await client.messages.get(message))["externalId"] == "order-2024"
    await client.messages.update(message, {"title": "Your order"})
    found = await client.messages.list(external_id="order-%").collect()
    assert [m["id"] for m in found] == [message]
    assert [a["action"] for a in await client.messages.actions(message).collect()] == [
        "webview",
        "close",
    ]

    # schedules
    await client.schedules.create(message, {"nextSendingDate": "2030-01-01T09:00:00+01:00"})
    await client.schedules.update(message, {"timezone": "Europe/Paris"})
    assert (await client.schedules.get(message))["timezone"] == "Europe/Paris"
    await client.schedules.create_exclusion(message, {"type": "DAYS", "days": [6, 7]})
    assert await client.schedules.exclusions(message) == [{"type": "DAYS", "days": "[6,7]"}]
    await client.schedules.delete_exclusions(message)
    await client.schedules.delete(message)
    with pytest.raises(AccengageNotFoundError):
        await client.schedules.get(message)

    # instant sends, clicks, targets, stats
    sent = await client.instant.send({
        "parentMessageExternalId": "order-2024",
        "targets": [{"customerId": "C-000001", "data": {"name": "Ann"}},
                    {"token": "tok000002", "data": {"name": "Bob"}}],
    })  # fmt: skip
    assert sent == {"sent": 2}
    result = await client.instant.send_multi_app(
        {sandbox.credentials.partner_id: {"parentMessageId": message},
         other: {"parentMessageId": 1}},
        [{"customerId": "C-000003", "data": {"name": "Cy"}}],
    )  # fmt: skip
    assert result[sandbox.credentials.partner_id] == {"status": 200, "sent": 1}
    assert result[other]["status"] == 404
    await client.messages.send(message, test=True)
    await client.messages.send(message)
    sandbox.state.seed_click(message, udids[0], action_id=1)
    targets = await client.messages.targets(message, data=["customerId"]).collect()
    assert len(targets) == 3 + 10
    assert targets[0]["data"] == {"customerId": "C-000001"}
    assert len(await client.campaigns.targets(campaign, start_date="2024-05-01").collect()) == 13
    clicks = await client.messages.clicks(message).collect()
    assert clicks == [{"deviceId": udids[0], "date": "2024-05-01", "actionId": 1}]
    assert len(await client.campaigns.clicks(campaign, end_date=dt.date(2024, 5, 1)).collect()) == 1
    stats = await client.stats.daily(start_date="2024-05-01").collect()
    assert stats == [{"date": "2024-05-01", "sent": 13, "sends": 3}]

    # devices
    rows = client.devices.export(fields=["UDID", "customerId"], last_open="2024-04-15")
    exported = await rows.collect()
    assert rows.pages >= 1 and {"UDID", "customerId"} == set(exported[0])
    device = await client.devices.search({"customerId": "C-000004"})
    assert device["UDID"] == udids[4]
    await client.devices.update(udids[4], {"model": "Fairphone"})
    assert (await client.devices.search({"UDID": udids[4]}))["data"]["model"] == "Fairphone"
    assert await client.devices.update_many([{"UDID": udids[5], "language": "nl"}]) == {
        "updated": 1
    }

    # static lists
    created = await client.lists.create({"name": "VIP", "listId": 1234, "externalId": "vip"})
    assert created == {"id": 1234}
    with pytest.raises(AccengageConflictError):
        await client.lists.create({"name": "VIP again", "listId": 1234})
    assert [entry["listId"] for entry in await client.lists.list().collect()] == [1234]
    await client.lists.add_users(1234, [{"UDID": udids[0]}, {"customerId": "C-000001"}],
                                 expire_at="2030-01-01T00:00:00Z")  # fmt: skip
    assert [d["deviceId"] for d in await client.lists.devices(1234).collect()] == udids[:2]
    await client.lists.remove_users(1234, [{"UDID": udids[0]}])
    assert [d["deviceId"] for d in await client.lists.devices(1234).collect()] == udids[1:2]
    assert await client.instant.send(
        {"parentMessageId": message, "lists": [1234], "text": "x"}
    ) == {"sent": 1}

    # geofences, beacons, geogroups
    fence = (await client.geofences.create({"info": {"lat": 48.85, "lon": 2.35}}))["id"]
    await client.geofences.update(fence, {"info": {"lat": 48.86, "lon": 2.35}})
    assert (await client.geofences.get(fence))["info"]["lat"] == 48.86
    beacon = (await client.beacons.create({"info": {"uuid": "B-1"}}))["id"]
    await client.beacons.update(beacon, {"info": {"uuid": "B-2"}})
    assert (await client.beacons.get(beacon))["info"] == {"uuid": "B-2"}
    assert len(await client.geofences.list().collect()) == 1
    assert len(await client.beacons.list().collect()) == 1
    group = (await client.geogroups.create({"name": "Shops", "externalId": "shops/paris"}))["id"]
    await client.geogroups.add_beacon(beacon, external_id="shops/paris")
    await client.geogroups.add_geofence(fence, geogroup_id=group)
    await client.geogroups.remove_beacon(beacon, geogroup_id=group)
    await client.geogroups.remove_geofence(fence, external_id="shops/paris")
    (listed,) = await client.geogroups.list().collect()
    assert listed["beacons"] == [] and listed["geofences"] == []

    # in-apps, alarms, inboxes
    for service, name in ((client.inapps, "inapp"), (client.alarms, "alarm")):
        item = (await service.create({"name": name, "externalId": f"{name}-1"}))["id"]
        assert (await service.get(item))["name"] == name
        await service.update(item, {"name": f"{name} 2"})
        await service.update_external(f"{name}-1", {"priority": 3})
        await service.set_status(item, is_active=True)
        await service.set_status_external(f"{name}-1", is_active=False)
        fetched = await service.get_external(f"{name}-1")
        assert fetched["name"] == f"{name} 2" and fetched["priority"] == 3
        assert fetched["isActive"] is False
        assert len(await service.list().collect()) == 1
    with pytest.raises(AccengageNotFoundError) as mismatch:
        await client.alarms.get(999999)
    assert mismatch.value.label is ErrorLabel.DATA
    inbox = (await client.inboxes.create({"title": "News", "externalId": "news-1"}))["id"]
    await client.inboxes.update(inbox, {"title": "Newer"})
    await client.inboxes.update_external("news-1", {"title": "Newest"})
    await client.inboxes.set_status(inbox, udid=udids[0], read_date="2024-05-01T10:00:00Z")
    await client.inboxes.set_status_external(
        "news-1", udid=udids[0], archived_date=dt.datetime(2024, 5, 2, tzinfo=dt.UTC)
    )
    assert sandbox.state.apps[sandbox.credentials.partner_id].inbox_status[(inbox, udids[0])] == {
        "readDate": "2024-05-01T10:00:00Z", "archivedDate": "2024-05-02T00:00:00+00:00",
    }  # fmt: skip

    # deletes: the second one answers 404, reported as such
    await client.messages.delete(message)
    await client.campaigns.delete(campaign)
    with pytest.raises(AccengageNotFoundError) as gone:
        await client.campaigns.delete(campaign)
    assert not isinstance(gone.value, AlreadyDeletedError)

    stats_seen = sandbox.stats
    assert set(stats_seen.operations) == set(OPERATIONS.names())
    assert not [status for status in stats_seen.statuses if status >= 500]
    assert stats_seen.logins == 1


async def test_the_stand_in_refuses_a_wrong_signature(
    sandbox: AccengageSandbox, clock: Clock
) -> None:
    async with sandbox.client(clock=clock) as client:
        await client.me.get()
        token = next(iter(sandbox.state.tokens))
    body = b'{"name":"x"}'
    sent_time = str(int(clock()))
    good = hashlib.sha1(
        body + sandbox.credentials.api_key.encode() + sent_time.encode()
    ).hexdigest()
    url = f"{sandbox.url}/v1/me/apps/{sandbox.credentials.partner_id}/campaigns"
    headers = {"Authorization": f"Bearer {token}", "Accengage-Time": sent_time,
               "Content-Type": "application/json"}  # fmt: skip
    async with aiohttp.ClientSession() as http:
        async with http.post(
            url, data=body, headers={**headers, "Accengage-Signature": good}
        ) as ok:
            assert ok.status == 200
        tampered = b'{"name":"y"}'  # signed for other bytes
        async with http.post(
            url, data=tampered, headers={**headers, "Accengage-Signature": good}
        ) as bad:
            assert bad.status == 400
            assert (await bad.json())["errors"][0]["label"] == "API_ERR_SIGNATURE"
        async with http.get(url, headers=headers) as unsigned:
            assert unsigned.status == 400
        async with http.get(url, headers={**headers, "Accengage-Signature": good.upper(),
                                          "Authorization": "Bearer nope"}) as unknown:  # fmt: skip
            assert unknown.status == 400
            assert (await unknown.json())["errors"][0]["label"] == "API_ERR_TOKEN"


async def test_an_expired_token_is_renewed_through_the_stand_in(
    sandbox: AccengageSandbox, client: AccengageClient, clock: Clock
) -> None:
    await client.me.get()
    sandbox.expire_tokens()
    assert await client.me.get() == "Welcome"
    assert sandbox.stats.logins == 2
    assert sandbox.stats.auth_failures["expired"] == 1
    assert sandbox.stats.statuses[401] == 1


async def test_the_stand_in_keeps_the_signature_clock_honest(
    sandbox: AccengageSandbox, clock: Clock
) -> None:
    skewed = Clock()
    skewed.now = clock.now + 3600
    async with sandbox.client(clock=skewed) as client:
        with pytest.raises(AccengageAuthenticationError) as refused:
            await client.me.get()
    assert refused.value.label is ErrorLabel.SIGNATURE


async def test_one_token_fetch_for_a_thousand_callers(
    sandbox: AccengageSandbox, client: AccengageClient
) -> None:
    answers = await asyncio.gather(*(client.me.get() for _ in range(1000)))
    assert set(answers) == {"Welcome"}
    assert sandbox.stats.logins == 1
    assert sandbox.stats.operations["me.get"] == 1000


async def test_the_devices_export_streams_in_constant_memory(clock: Clock) -> None:
    async with AccengageSandbox(devices_page_rows=10_000, clock=clock) as sandbox:
        sandbox.seed_devices(60_000)
        async with sandbox.client(clock=clock) as client:
            await client.me.get()  # token and connection set up before measuring
            rows = client.devices.export()
            count = 0
            width = 0
            tracemalloc.start()
            try:
                async with rows:
                    async for row in rows:
                        count += 1
                        width = max(width, sum(len(value) + 1 for value in row.values()))
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
        exported = sandbox.stats.export_rows
    assert count == exported == 60_000
    assert rows.pages == 6
    total = count * width  # a bound of the CSV's size: about 7 MB
    assert total > 6_000_000
    # The export is never held: the peak (client and stand-in together) stays a fraction.
    assert peak < total / 4, (peak, total)


async def test_a_stopped_export_resumes_at_its_page(clock: Clock) -> None:
    async with AccengageSandbox(devices_page_rows=3, clock=clock) as sandbox:
        udids = sandbox.seed_devices(8)
        async with sandbox.client(clock=clock) as client:
            rows = client.devices.export(fields=["UDID"])
            seen: list[str] = []
            async with rows:
                async for row in rows:
                    seen.append(row["UDID"])
                    if len(seen) == 4:
                        sandbox.faults = "5xx=1,seed=1"
                        break
            resume = rows.cursor
            assert resume is not None and resume.endswith("page=2")
            with pytest.raises(PaginationError) as stopped:
                await client.devices.export(resume_from=resume).collect()
            assert stopped.value.resume == resume
            sandbox.faults = ""
            rest = await client.devices.export(resume_from=resume).collect()
    assert seen[:3] + [row["UDID"] for row in rest] == udids
