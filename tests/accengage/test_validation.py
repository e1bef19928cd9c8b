"""Bad input is refused with a ValidationError naming it, before anything is sent."""

# ruff: noqa: E501 - one case per line reads best, as in the operation tables

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from loyalty_async.accengage import MAX_BULK_USERS, MAX_TARGETS, AccengageClient
from loyalty_async.errors import ValidationError
from tests.accengage.conftest import Wire

TARGET = {"customerId": "C-1"}
NAIVE = dt.datetime(2024, 5, 1, 9, 0)

BAD: list[tuple[str, Callable[[AccengageClient], Awaitable[Any]], str]] = [
    # instant sends: limits, one kind of target, one parent
    ("101 targets", lambda c: c.instant.send(
        {"parentMessageId": 1, "targets": [TARGET] * (MAX_TARGETS + 1)}), "message.targets"),
    ("mixed kinds", lambda c: c.instant.send(
        {"parentMessageId": 1, "targets": [TARGET], "lists": [3]}), "message"),
    ("no target", lambda c: c.instant.send({"parentMessageId": 1}), "message"),
    ("two parents", lambda c: c.instant.send(
        {"parentMessageId": 1, "parentMessageExternalId": "x", "targets": [TARGET]}), "message"),
    ("no parent", lambda c: c.instant.send({"targets": [TARGET]}), "message"),
    ("empty target", lambda c: c.instant.send({"parentMessageId": 1, "targets": [{}]}),
     "message.targets[0]"),
    ("target data not an object", lambda c: c.instant.send(
        {"parentMessageId": 1, "targets": [{"token": "T", "data": "x"}]}),
     "message.targets[0].data"),
    ("targets not a list", lambda c: c.instant.send({"parentMessageId": 1, "targets": "C-1"}),
     "message.targets"),
    ("multi-app 101 targets", lambda c: c.instant.send_multi_app(
        {"P-1": {"parentMessageId": 1}}, [TARGET] * 101), "targets"),
    ("multi-app without parent", lambda c: c.instant.send_multi_app({"P-1": {}}, [TARGET]),
     "apps['P-1']"),
    ("multi-app no apps", lambda c: c.instant.send_multi_app({}, [TARGET]), "apps"),
    ("bad button action", lambda c: c.messages.create(
        {"buttons": [{"action": "teleport"}]}), "message.buttons[0].action"),
    # bulk updates and devices
    ("101 users", lambda c: c.devices.update_many([{"UDID": str(n)} for n in range(101)]), "users"),
    ("no users", lambda c: c.devices.update_many([]), "users"),
    ("user not an object", lambda c: c.devices.update_many(["A"]), "users[0]"),  # type: ignore[list-item]
    ("UDID cannot change", lambda c: c.devices.update("A", {"UDID": "B"}), "fields.UDID"),
    ("id cannot change", lambda c: c.devices.update("A", {"id": 3}), "fields.id"),
    ("empty search", lambda c: c.devices.search({}), "filters"),
    ("empty udid", lambda c: c.devices.update("", {"token": "t"}), "udid"),
    # dates
    ("naive datetime", lambda c: c.campaigns.create({"startDate": NAIVE}), "campaign.startDate"),
    ("not RFC 3339", lambda c: c.campaigns.create({"startDate": "01/05/2024"}),
     "campaign.startDate"),
    ("impossible date", lambda c: c.schedules.create(1, {"nextSendingDate": "2024-02-30T00:00:00Z"}),
     "schedule.nextSendingDate"),
    ("nested date", lambda c: c.alarms.create({"settings": {"endDate": "tomorrow"}}),
     "alarm.settings.endDate"),
    ("expire_at", lambda c: c.lists.add_users(1, [{"UDID": "A"}], expire_at="soon"),
     "expireAt"),
    ("stats takes dates only", lambda c: c.stats.daily(
        date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)).collect(), "date"),
    ("stats end without start", lambda c: c.stats.daily(end_date="2024-01-01").collect(),
     "end_date"),
    ("clicks bad date", lambda c: c.campaigns.clicks(1, start_date="1 May").collect(),
     "start_date"),
    ("inbox status without a date", lambda c: c.inboxes.set_status(1, udid="A"), "read_date"),
    ("inbox status empty udid", lambda c: c.inboxes.set_status(
        1, udid="", read_date="2024-01-01"), "udid"),
    # ids
    ("campaign id not a number", lambda c: c.campaigns.get("cmp"), "campaign_id"),
    ("message id zero", lambda c: c.messages.get(0), "message_id"),
    ("negative list id", lambda c: c.lists.devices(-4).collect(), "list_id"),
    ("bool id", lambda c: c.alarms.get(True), "alarm_id"),  # type: ignore[arg-type]
    ("geogroup id and external id", lambda c: c.geogroups.add_beacon(
        1, geogroup_id=2, external_id="x"), "geogroup_id"),
    ("neither geogroup id", lambda c: c.geogroups.add_geofence(1), "geogroup_id"),
    ("beacon id text", lambda c: c.geogroups.add_beacon("b", geogroup_id=2), "id"),
    ("empty partner", lambda c: c.campaigns.get(1, partner_id=""), "partner_id"),
    ("page 0", lambda c: c.campaigns.list(start_page=0).collect(), "start_page"),
    # bodies
    ("body not a mapping", lambda c: c.campaigns.create(["x"]), "campaign"),  # type: ignore[arg-type]
    ("status not a bool", lambda c: c.inapps.set_status(1, is_active="yes"), "is_active"),  # type: ignore[arg-type]
    ("list without a name", lambda c: c.lists.create({"listId": 3}), "static_list.name"),
    ("list id not an int", lambda c: c.lists.create({"name": "x", "listId": "3"}),
     "static_list.listId"),
    ("exclusion day 8", lambda c: c.schedules.create_exclusion(1, {"days": [1, 8]}), "days"),
    ("unencodable", lambda c: c.campaigns.create({"x": object()}), "campaign"),
    ("send test not a bool", lambda c: c.messages.send(1, test="yes"), "test"),  # type: ignore[arg-type]
    ("export fields not a list", lambda c: c.devices.export(fields="UDID").collect(), "fields"),
    ("export resume not a URL", lambda c: c.devices.export(resume_from="page 2").collect(),
     "resume_from"),
    ("unknown option", lambda c: c.campaigns.get(1, dedline=3), "dedline"),  # type: ignore[call-arg]
]  # fmt: skip


@pytest.mark.parametrize(("what", "send", "field"), BAD, ids=[what for what, _, _ in BAD])
async def test_bad_input_is_refused_before_sending(
    wire: Wire, client: AccengageClient, what: str, send: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        await send(client)
    assert refused.value.field == field, str(refused.value)
    assert wire.seen == [], "nothing may be sent, not even the token request"


async def test_the_limits_themselves_pass(wire: Wire, client: AccengageClient) -> None:
    await client.instant.send({"parentMessageId": 1, "targets": [TARGET] * MAX_TARGETS})
    await client.devices.update_many([{"UDID": str(n)} for n in range(MAX_BULK_USERS)])
    assert len(wire.calls) == 2
    assert len(wire.calls[0].json()["targets"]) == 100
    assert len(wire.calls[1].json()["users"]) == 100
