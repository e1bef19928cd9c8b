"""Every Accengage route on the wire: method, path, query, exact signed body bytes, headers.

One case per operation of the table (a test checks none is missing), each sent through
the public typed method to a real loopback server that checks the signature over the
bytes it received.
"""

# ruff: noqa: E501 - one case per line reads best, as in the operation tables

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import pytest

from loyalty_async import codec
from loyalty_async.accengage import OPERATIONS, AccengageClient
from tests.accengage.conftest import PARTNER, Answer, Wire, assert_signed

APP = f"/v1/me/apps/{PARTNER}"
UDID = "F31548D3-F93E-498F-8E01-F18CC4EB2F5F"
NO_BODY: Any = object()


@attrs.frozen
class Case:
    name: str
    send: Callable[[AccengageClient], Awaitable[Any]]
    method: str
    path: str
    query: list[tuple[str, str]] = attrs.Factory(list)
    body: Any = NO_BODY
    answer: Answer = attrs.Factory(Answer)
    result: Any = None


def page(key: str, *items: dict[str, Any]) -> Answer:
    return Answer(200, json={key: list(items)})


CASES = [
    Case("me.get", lambda c: c.me.get(), "GET", "/v1/me",
         answer=Answer(200, text="Welcome"), result="Welcome"),
    # campaigns
    Case("campaigns.list", lambda c: c.campaigns.list().collect(), "GET", f"{APP}/campaigns",
         query=[("page", "1")], answer=page("campaigns", {"id": 91, "name": "Spring"}),
         result=[{"id": 91, "name": "Spring"}]),
    Case("campaigns.create",
         lambda c: c.campaigns.create({"name": "Spring", "startDate": "2024-05-01T09:00:00+02:00",
                                       "budget": {"max": 5}}),
         "POST", f"{APP}/campaigns",
         body={"name": "Spring", "startDate": "2024-05-01T09:00:00+02:00", "budget": {"max": 5}},
         answer=Answer(200, json={"id": 91}), result={"id": 91}),
    Case("campaigns.get", lambda c: c.campaigns.get(91), "GET", f"{APP}/campaigns/91",
         answer=Answer(200, json={"id": 91, "name": "Spring", "custom": [1]}),
         result={"id": 91, "name": "Spring", "custom": [1]}),
    Case("campaigns.update",
         lambda c: c.campaigns.update("91", {"endDate": dt.datetime(2024, 6, 1, tzinfo=dt.UTC)}),
         "PUT", f"{APP}/campaigns/91", body={"endDate": "2024-06-01T00:00:00+00:00"},
         answer=Answer(200), result=None),
    Case("campaigns.delete", lambda c: c.campaigns.delete(91), "DELETE", f"{APP}/campaigns/91",
         answer=Answer(200)),
    Case("campaigns.clicks",
         lambda c: c.campaigns.clicks(91, start_date=dt.date(2024, 5, 1),
                                      end_date="2024-05-31 23:59:59",
                                      data=["clientId", "bundleversion"]).collect(),
         "GET", f"{APP}/campaigns/91/clicks",
         query=[("startDate", "2024-05-01"), ("endDate", "2024-05-31 23:59:59"),
                ("data[]", "clientId"), ("data[]", "bundleversion"), ("page", "1")],
         answer=page("clicks", {"deviceId": UDID, "actionId": 2}),
         result=[{"deviceId": UDID, "actionId": 2}]),
    Case("campaigns.targets", lambda c: c.campaigns.targets(91, start_page=3).collect(), "GET",
         f"{APP}/campaigns/91/targets", query=[("page", "3")], answer=page("targets", {"deviceId": UDID, "date": "2024-05-02"}), result=[{"deviceId": UDID, "date": "2024-05-02"}]),
    # messages
    Case("messages.list",
         lambda c: c.messages.list(external_id="PushCampaign2017%", title="Sale").collect(),
         "GET", f"{APP}/messages",
         query=[("externalId", "PushCampaign2017%"), ("title", "Sale"), ("page", "1")],
         answer=page("messages", {"id": 2157}), result=[{"id": 2157}]),
    Case("messages.create",
         lambda c: c.messages.create({"title": "Hi", "text": "Hello",
                                      "buttons": [{"action": "webview", "url": "https://x"}]}),
         "POST", f"{APP}/messages",
         body={"title": "Hi", "text": "Hello", "buttons": [{"action": "webview", "url": "https://x"}]},
         answer=Answer(200, json={"id": 2157}), result={"id": 2157}),
    Case("messages.get", lambda c: c.messages.get(2157), "GET", f"{APP}/messages/2157",
         answer=Answer(200, json={"id": 2157}), result={"id": 2157}),
    Case("messages.update", lambda c: c.messages.update(2157, {"title": "Bye"}), "PUT",
         f"{APP}/messages/2157", body={"title": "Bye"},
         answer=Answer(200, json={"ok": True}), result={"ok": True}),
    Case("messages.delete", lambda c: c.messages.delete(2157), "DELETE", f"{APP}/messages/2157"),
    Case("messages.actions", lambda c: c.messages.actions(2157).collect(), "GET",
         f"{APP}/messages/2157/actions", query=[("page", "1")],
         answer=page("actions", {"id": 1, "action": "close"}),
         result=[{"id": 1, "action": "close"}]),
    Case("messages.clicks", lambda c: c.messages.clicks(2157).collect(), "GET",
         f"{APP}/messages/2157/clicks", query=[("page", "1")], answer=page("clicks", {"deviceId": UDID}), result=[{"deviceId": UDID}]),
    Case("messages.targets", lambda c: c.messages.targets(2157, data=["clientId"]).collect(),
         "GET", f"{APP}/messages/2157/targets", query=[("data[]", "clientId"), ("page", "1")],
         answer=page("targets", {"deviceId": UDID, "date": "2024-05-02"}), result=[{"deviceId": UDID, "date": "2024-05-02"}]),
    Case("messages.send", lambda c: c.messages.send(2157, test=True), "POST",
         f"{APP}/messages/2157/send", query=[("test", "true")]),
    # schedules
    Case("schedules.create",
         lambda c: c.schedules.create(123, {"nextSendingDate": "2030-01-01T10:00:00Z",
                                            "timezone": "Europe/Paris"}),
         "POST", f"{APP}/messages/123/schedules",
         body={"nextSendingDate": "2030-01-01T10:00:00Z", "timezone": "Europe/Paris"}),
    Case("schedules.get", lambda c: c.schedules.get(123), "GET", f"{APP}/messages/123/schedules",
         answer=Answer(200, json={"nextSendingDate": "2030-01-01T10:00:00Z"}),
         result={"nextSendingDate": "2030-01-01T10:00:00Z"}),
    Case("schedules.update",
         lambda c: c.schedules.update(123, {"nextSendingDate": "2030-02-01T10:00:00Z"}),
         "PUT", f"{APP}/messages/123/schedules", body={"nextSendingDate": "2030-02-01T10:00:00Z"}),
    Case("schedules.delete", lambda c: c.schedules.delete(123), "DELETE",
         f"{APP}/messages/123/schedules"),
    Case("schedules.create_exclusion",
         lambda c: c.schedules.create_exclusion(123, {"type": "DAYS", "days": [1, 3]}),
         "POST", f"{APP}/messages/123/schedules/exclusions", body={"type": "DAYS", "days": "[1,3]"}),
    Case("schedules.exclusions", lambda c: c.schedules.exclusions(123), "GET",
         f"{APP}/messages/123/schedules/exclusions",
         answer=Answer(200, json=[{"type": "DAYS", "days": "[1,3]"}]),
         result=[{"type": "DAYS", "days": "[1,3]"}]),
    Case("schedules.delete_exclusions", lambda c: c.schedules.delete_exclusions(123), "DELETE",
         f"{APP}/messages/123/schedules/exclusions"),
    # instant sends
    Case("instant.send",
         lambda c: c.instant.send({"parentMessageId": 2157, "text": "Hi ${name}",
                                   "targets": [{"customerId": "C-1", "data": {"name": "Ann"}},
                                               {"token": "AB5F"}]}),
         "POST", f"{APP}/send",
         body={"parentMessageId": 2157, "text": "Hi ${name}",
               "targets": [{"customerId": "C-1", "data": {"name": "Ann"}}, {"token": "AB5F"}]},
         answer=Answer(200, json={"sent": 2}), result={"sent": 2}),
    Case("instant.send_multi_app",
         lambda c: c.instant.send_multi_app(
             {"P-1": {"parentMessageExternalId": "order"}, "P-2": {"parentMessageId": 9}},
             [{"customerId": "C-1"}]),
         "POST", "/v1/me/send",
         body={"apps": {"P-1": {"parentMessageExternalId": "order"}, "P-2": {"parentMessageId": 9}},
               "targets": [{"customerId": "C-1"}]},
         answer=Answer(200, json={"P-1": {"status": 200}}), result={"P-1": {"status": 200}}),
    # devices
    Case("devices.export",
         lambda c: c.devices.export(fields=["UDID", "IDFA"], last_open="2014-06-08 12:34:56",
                                    first_open=(dt.date(2014, 1, 1), "2014-02-01")).collect(),
         "GET", f"{APP}/devices",
         query=[("fields[1]", "UDID"), ("fields[2]", "IDFA"), ("lastOpen", "2014-06-08 12:34:56"),
                ("firstOpen", "2014-01-01|2014-02-01")],
         answer=Answer(200, text="UDID;IDFA\nA;x\nB;\"y;z\"\n",
                       headers={"Content-Type": "text/csv"}),
         result=[{"UDID": "A", "IDFA": "x"}, {"UDID": "B", "IDFA": "y;z"}]),
    Case("devices.search", lambda c: c.devices.search({"UDID": UDID, "token": "AB5F"}), "GET",
         f"{APP}/devices/search/by", query=[("UDID", UDID), ("token", "AB5F")],
         answer=Answer(200, json={"UDID": UDID, "data": {"age": 3}}),
         result={"UDID": UDID, "data": {"age": 3}}),
    Case("devices.update", lambda c: c.devices.update(UDID, {"token": "NEW"}), "PUT",
         f"{APP}/devices/{UDID}", body={"token": "NEW"}),
    Case("devices.update_many",
         lambda c: c.devices.update_many([{"UDID": UDID, "model": "X"}, {"customerId": "C-2", "model": "Y"}]),
         "PUT", f"{APP}/devices",
         body={"users": [{"UDID": UDID, "model": "X"}, {"customerId": "C-2", "model": "Y"}]},
         answer=Answer(200, json={"updated": 2}), result={"updated": 2}),
    # static lists
    Case("lists.list", lambda c: c.lists.list().collect(), "GET", f"{APP}/lists",
         query=[("page", "1")], answer=page("lists", {"listId": 1234, "name": "My list"}),
         result=[{"listId": 1234, "name": "My list"}]),
    Case("lists.create",
         lambda c: c.lists.create({"name": "My list", "listId": 1234, "externalId": "mine"}),
         "POST", f"{APP}/lists", body={"name": "My list", "listId": 1234, "externalId": "mine"},
         answer=Answer(200, json={"id": 1234}), result={"id": 1234}),
    Case("lists.devices", lambda c: c.lists.devices(1234).collect(), "GET", f"{APP}/lists/1234",
         query=[("page", "1")], answer=page("devices", {"deviceId": UDID}),
         result=[{"deviceId": UDID}]),
    Case("lists.add_users",
         lambda c: c.lists.add_users(1234, [{"UDID": UDID}, {"customerId": "C-1"}],
                                     expire_at="2030-01-01T00:00:00Z"),
         "PUT", f"{APP}/lists/1234",
         body={"users": [{"UDID": UDID}, {"customerId": "C-1"}], "expireAt": "2030-01-01T00:00:00Z"}),
    Case("lists.remove_users", lambda c: c.lists.remove_users(1234, [{"UDID": UDID}]), "DELETE",
         f"{APP}/lists/1234", body={"users": [{"UDID": UDID}]}),
    # statistics
    Case("stats.daily", lambda c: c.stats.daily(date="2015-01-01").collect(), "GET",
         f"{APP}/stats", query=[("date", "2015-01-01"), ("page", "1")],
         answer=Answer(200, json=[{"date": "2015-01-01", "sent": 10}]),
         result=[{"date": "2015-01-01", "sent": 10}]),
    # geofences and beacons
    Case("geofences.list", lambda c: c.geofences.list().collect(), "GET", f"{APP}/geofences",
         query=[("page", "1")], answer=page("geofences", {"id": 7, "x": {"y": None}}), result=[{"id": 7, "x": {"y": None}}]),
    Case("geofences.create", lambda c: c.geofences.create({"info": {"lat": 48.85}}), "POST",
         f"{APP}/geofences", body={"info": {"lat": 48.85}}, answer=Answer(200, json={"id": 404}),
         result={"id": 404}),
    Case("geofences.get", lambda c: c.geofences.get(404), "GET", f"{APP}/geofences/404",
         answer=Answer(200, json={"id": 404}), result={"id": 404}),
    Case("geofences.update", lambda c: c.geofences.update(404, {"info": {"lat": 1}}), "PUT",
         f"{APP}/geofences/404", body={"info": {"lat": 1}}),
    Case("beacons.list", lambda c: c.beacons.list().collect(), "GET", f"{APP}/beacons",
         query=[("page", "1")], answer=page("beacons", {"id": 7, "x": {"y": None}}), result=[{"id": 7, "x": {"y": None}}]),
    Case("beacons.create", lambda c: c.beacons.create({"info": {"uuid": "u"}}), "POST",
         f"{APP}/beacons", body={"info": {"uuid": "u"}}, answer=Answer(200, json={"id": 5}),
         result={"id": 5}),
    Case("beacons.get", lambda c: c.beacons.get(5), "GET", f"{APP}/beacons/5",
         answer=Answer(200, json={"id": 5}), result={"id": 5}),
    Case("beacons.update", lambda c: c.beacons.update(5, {"info": {"uuid": "v"}}), "PUT",
         f"{APP}/beacons/5", body={"info": {"uuid": "v"}}),
    # geogroups
    Case("geogroups.list", lambda c: c.geogroups.list().collect(), "GET", f"{APP}/geogroups",
         query=[("page", "1")], answer=page("geogroups", {"id": 7, "x": {"y": None}}), result=[{"id": 7, "x": {"y": None}}]),
    Case("geogroups.create", lambda c: c.geogroups.create({"name": "Shops", "externalId": "shops"}),
         "POST", f"{APP}/geogroups", body={"name": "Shops", "externalId": "shops"},
         answer=Answer(200, json={"id": 422}), result={"id": 422}),
    Case("geogroups.add_beacon", lambda c: c.geogroups.add_beacon(404, geogroup_id=422), "POST",
         f"{APP}/geogroups/422/beacons", body={"id": 404}),
    Case("geogroups.remove_beacon",
         lambda c: c.geogroups.remove_beacon(404, external_id="my Geogroup"), "DELETE",
         f"{APP}/geogroups/ext:my%20Geogroup/beacons", body={"id": 404}),
    Case("geogroups.add_geofence",
         lambda c: c.geogroups.add_geofence(479, geogroup_id="ext:myGeogroupExternalId"), "POST",
         f"{APP}/geogroups/ext:myGeogroupExternalId/geofences", body={"id": 479}),
    Case("geogroups.remove_geofence", lambda c: c.geogroups.remove_geofence(479, geogroup_id=422),
         "DELETE", f"{APP}/geogroups/422/geofences", body={"id": 479}),
    # in-apps
    Case("inapps.list", lambda c: c.inapps.list().collect(), "GET", f"{APP}/inapps",
         query=[("page", "1")], answer=page("inapps", {"id": 7, "x": {"y": None}}), result=[{"id": 7, "x": {"y": None}}]),
    Case("inapps.create", lambda c: c.inapps.create({"name": "Promo", "triggers": {"timer": 3}}),
         "POST", f"{APP}/inapps", body={"name": "Promo", "triggers": {"timer": 3}},
         answer=Answer(200, json={"id": 2157}), result={"id": 2157}),
    Case("inapps.get", lambda c: c.inapps.get(2157), "GET", f"{APP}/inapps/2157",
         answer=Answer(200, json={"id": 2157}), result={"id": 2157}),
    Case("inapps.get_external", lambda c: c.inapps.get_external("promo/2024"), "GET",
         f"{APP}/inapps/external/promo%2F2024", answer=Answer(200, json={"id": 3}),
         result={"id": 3}),
    Case("inapps.update", lambda c: c.inapps.update(123, {"name": "New"}), "PUT",
         f"{APP}/inapps/123", body={"name": "New"}),
    Case("inapps.update_external", lambda c: c.inapps.update_external("promo", {"name": "N"}),
         "PUT", f"{APP}/inapps/external/promo", body={"name": "N"}),
    Case("inapps.set_status", lambda c: c.inapps.set_status(123, is_active=True), "PUT",
         f"{APP}/inapps/123/status", body={"isActive": True}, answer=Answer(204)),
    Case("inapps.set_status_external",
         lambda c: c.inapps.set_status_external("promo", is_active=False), "PUT",
         f"{APP}/inapps/external/promo/status", body={"isActive": False}),
    # alarms
    Case("alarms.list", lambda c: c.alarms.list().collect(), "GET", f"{APP}/alarms",
         query=[("page", "1")], answer=page("alarms", {"id": 7, "x": {"y": None}}), result=[{"id": 7, "x": {"y": None}}]),
    Case("alarms.create", lambda c: c.alarms.create({"name": "My Alarm", "messages": []}),
         "POST", f"{APP}/alarms", body={"name": "My Alarm", "messages": []},
         answer=Answer(200, json={"id": 12345}), result={"id": 12345}),
    Case("alarms.get", lambda c: c.alarms.get(123456), "GET", f"{APP}/alarms/123456",
         answer=Answer(200, json={"id": 12345, "isActive": False}),
         result={"id": 12345, "isActive": False}),
    Case("alarms.get_external", lambda c: c.alarms.get_external("wake"), "GET",
         f"{APP}/alarms/external/wake", answer=Answer(200, json={"id": 1}), result={"id": 1}),
    Case("alarms.update", lambda c: c.alarms.update(12345, {"name": "Renamed"}), "PUT",
         f"{APP}/alarms/12345", body={"name": "Renamed"}),
    Case("alarms.update_external", lambda c: c.alarms.update_external("wake", {"name": "R"}),
         "PUT", f"{APP}/alarms/external/wake", body={"name": "R"}),
    Case("alarms.set_status", lambda c: c.alarms.set_status(12345, is_active=True), "PUT",
         f"{APP}/alarms/12345/status", body={"isActive": True}),
    Case("alarms.set_status_external",
         lambda c: c.alarms.set_status_external("wake", is_active=True), "PUT",
         f"{APP}/alarms/external/wake/status", body={"isActive": True}),
    # inboxes
    Case("inboxes.create", lambda c: c.inboxes.create({"title": "News", "messages": [{"lang": "en"}]}),
         "POST", f"{APP}/inboxes", body={"title": "News", "messages": [{"lang": "en"}]},
         answer=Answer(200, json={"id": 77}), result={"id": 77}),
    Case("inboxes.update", lambda c: c.inboxes.update(77, {"title": "Newer"}), "PUT",
         f"{APP}/inboxes/77", body={"title": "Newer"}),
    Case("inboxes.update_external", lambda c: c.inboxes.update_external("news", {"title": "N"}),
         "PUT", f"{APP}/inboxes/external/news", body={"title": "N"}),
    Case("inboxes.set_status",
         lambda c: c.inboxes.set_status(77, udid=UDID, read_date="2024-05-01T08:00:00Z"), "PUT",
         f"{APP}/inboxes/77/status", query=[("UDID", UDID)],
         body={"readDate": "2024-05-01T08:00:00Z"}),
    Case("inboxes.set_status_external",
         lambda c: c.inboxes.set_status_external(
             "news", udid=UDID, archived_date=dt.datetime(2024, 5, 2, tzinfo=dt.UTC)),
         "PUT", f"{APP}/inboxes/external/news/status", query=[("UDID", UDID)],
         body={"archivedDate": "2024-05-02T00:00:00+00:00"}),
]  # fmt: skip


def test_every_operation_has_a_wire_case() -> None:
    covered = {case.name for case in CASES}
    # The token request is the auth strategy's own; its wire is tested in test_signing.
    assert covered == set(OPERATIONS.names()) - {"auth.access_token"}
    assert len(CASES) == len(covered)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_route_on_the_wire(case: Case, wire: Wire, client: AccengageClient) -> None:
    wire.on(case.method, case.path, case.answer)
    result = await case.send(client)
    assert len(wire.calls) == 1, [seen.raw_path for seen in wire.calls]
    seen = wire.last
    assert seen.method == case.method
    assert seen.path == case.path  # as sent: percent-encoded where it must be
    assert seen.query == case.query
    assert_signed(seen)
    if case.body is NO_BODY:
        assert seen.body == b""
        assert seen.headers.get("Content-Type") != "application/json"
    else:
        # The exact bytes: compact JSON, as serialised once and signed.
        assert seen.body == codec.dumps(case.body)
        assert seen.headers["Content-Type"] == "application/json"
    assert result == case.result
    assert OPERATIONS[case.name].method == case.method
