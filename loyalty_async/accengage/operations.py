"""Every route of the Accengage REST API v1, one row each.

Each path below is shown by the Accengage reference (confidence ``C``). App-scoped routes
live under ``/v1/me/apps/{partner_id}``: the partner id is the client's unless a call
gives its own. Numeric ids (campaigns, messages, lists, geofences, beacons, in-apps,
alarms, inboxes) are checked to be positive whole numbers, as the API answers 400 to
anything else. Bodies whose schema the reference lost are ``TypedDict`` of the fields
known, the rest passed through. Every ``DELETE`` is declared not idempotent: Accengage
answers 404 once the resource is gone, so a repeated delete does not answer like the
first.
"""

from __future__ import annotations

from typing import Any

from loyalty_async.accengage.models import (
    Action,
    Alarm,
    Beacon,
    Campaign,
    Click,
    Created,
    Device,
    DeviceFields,
    DeviceUsers,
    Geofence,
    Geogroup,
    InApp,
    InboxMessage,
    InboxStatus,
    InstantMessage,
    JSONObject,
    ListDevice,
    ListUsers,
    Message,
    MultiAppMessage,
    Schedule,
    ScheduleExclusion,
    Stat,
    StaticList,
    Status,
)
from loyalty_async.operations import (
    Fill,
    Operation,
    OperationTable,
    Paging,
    Param,
    Result,
    path_parameters,
)

#: The prefix of every app-scoped route.
APP = "/v1/me/apps/{partner_id}"

_JSON, _NONE, _TEXT, _FILE = Result.JSON, Result.NONE, Result.TEXT, Result.FILE
#: Path parameters that are not numbers: the app, a UDID, an external id, a geogroup
#: (a number or ``ext:<externalId>``).
_TEXT_PARAMS = {"udid": Fill.ID, "external_id": Fill.ID, "geogroup_id": Fill.ID}


def _op(
    name: str,
    method: str,
    path: str,
    title: str,
    result: Result = _JSON,
    *,
    model: Any = None,
    body: Any = None,
    paged: bool = False,
    query: tuple[str, ...] = (),
    resend_safe: bool = False,
) -> Operation:
    params = {
        param: Param(Fill.PROGRAM, "partner_id")
        if param == "partner_id"
        else Param(_TEXT_PARAMS.get(param, Fill.NUMBER))
        for param in path_parameters(path)
    }
    return Operation(
        name,
        method,
        path,
        result=result,
        model=model,
        body=body,
        params=params,
        paging_style=Paging.LINK if paged else None,
        query=query,
        resend_safe=resend_safe,
        idempotent=False if method == "DELETE" else None,
        title=title,
    )


OPERATIONS = OperationTable.of(
    # --- access
    _op(
        "auth.access_token",
        "POST",
        "/v1/access_token",
        "Generate an access token",
        resend_safe=True,
    ),
    _op("me.get", "GET", "/v1/me", 'Check access (answers "Welcome")', _TEXT),
    # --- campaigns
    _op("campaigns.list", "GET", f"{APP}/campaigns", "List campaigns", model=Campaign, paged=True),
    _op(
        "campaigns.create",
        "POST",
        f"{APP}/campaigns",
        "Create a campaign",
        model=Created,
        body=Campaign,
    ),
    _op(
        "campaigns.get", "GET", f"{APP}/campaigns/{{campaign_id}}", "Get a campaign", model=Campaign
    ),
    _op(
        "campaigns.update",
        "PUT",
        f"{APP}/campaigns/{{campaign_id}}",
        "Update a campaign",
        model=JSONObject,
        body=Campaign,
    ),
    _op(
        "campaigns.delete", "DELETE", f"{APP}/campaigns/{{campaign_id}}", "Delete a campaign", _NONE
    ),
    _op(
        "campaigns.clicks",
        "GET",
        f"{APP}/campaigns/{{campaign_id}}/clicks",
        "Clicks of a campaign",
        model=Click,
        paged=True,
    ),
    _op(
        "campaigns.targets",
        "GET",
        f"{APP}/campaigns/{{campaign_id}}/targets",
        "Targets of a campaign",
        model=Click,
        paged=True,
    ),
    # --- messages
    _op(
        "messages.list",
        "GET",
        f"{APP}/messages",
        "List messages",
        model=Message,
        paged=True,
        query=("external_id", "title"),
    ),
    _op(
        "messages.create",
        "POST",
        f"{APP}/messages",
        "Create a message",
        model=Created,
        body=Message,
    ),
    _op("messages.get", "GET", f"{APP}/messages/{{message_id}}", "Get a message", model=Message),
    _op(
        "messages.update",
        "PUT",
        f"{APP}/messages/{{message_id}}",
        "Update a message",
        model=JSONObject,
        body=Message,
    ),
    _op("messages.delete", "DELETE", f"{APP}/messages/{{message_id}}", "Delete a message", _NONE),
    _op(
        "messages.actions",
        "GET",
        f"{APP}/messages/{{message_id}}/actions",
        "Actions of a message",
        model=Action,
        paged=True,
    ),
    _op(
        "messages.clicks",
        "GET",
        f"{APP}/messages/{{message_id}}/clicks",
        "Clicks of a message",
        model=Click,
        paged=True,
    ),
    _op(
        "messages.targets",
        "GET",
        f"{APP}/messages/{{message_id}}/targets",
        "Targets of a message",
        model=Click,
        paged=True,
    ),
    _op(
        "messages.send",
        "POST",
        f"{APP}/messages/{{message_id}}/send",
        "Send a message (or test it with test=true)",
        _NONE,
    ),
    # --- schedules
    _op(
        "schedules.create",
        "POST",
        f"{APP}/messages/{{message_id}}/schedules",
        "Schedule a message",
        model=JSONObject,
        body=Schedule,
    ),
    _op(
        "schedules.get",
        "GET",
        f"{APP}/messages/{{message_id}}/schedules",
        "Read a message's schedule",
        model=Schedule,
    ),
    _op(
        "schedules.update",
        "PUT",
        f"{APP}/messages/{{message_id}}/schedules",
        "Update a message's schedule",
        model=JSONObject,
        body=Schedule,
    ),
    _op(
        "schedules.delete",
        "DELETE",
        f"{APP}/messages/{{message_id}}/schedules",
        "Delete a message's schedule",
        _NONE,
    ),
    _op(
        "schedules.create_exclusion",
        "POST",
        f"{APP}/messages/{{message_id}}/schedules/exclusions",
        "Exclude days from a schedule",
        model=JSONObject,
        body=ScheduleExclusion,
    ),
    _op(
        "schedules.exclusions",
        "GET",
        f"{APP}/messages/{{message_id}}/schedules/exclusions",
        "Read a schedule's exclusions",
        model=list[ScheduleExclusion],
    ),
    _op(
        "schedules.delete_exclusions",
        "DELETE",
        f"{APP}/messages/{{message_id}}/schedules/exclusions",
        "Delete a schedule's exclusions",
        _NONE,
    ),
    # --- instant messages
    _op(
        "instant.send",
        "POST",
        f"{APP}/send",
        "Send an instant message to up to 100 targets",
        model=JSONObject,
        body=InstantMessage,
    ),
    _op(
        "instant.send_multi_app",
        "POST",
        "/v1/me/send",
        "Send an instant message on several apps",
        model=JSONObject,
        body=MultiAppMessage,
    ),
    # --- devices
    _op("devices.export", "GET", f"{APP}/devices", "Export devices as CSV (10,000 a page)", _FILE),
    _op(
        "devices.search",
        "GET",
        f"{APP}/devices/search/by",
        "Find a device by indexed fields",
        model=Device,
    ),
    _op(
        "devices.update",
        "PUT",
        f"{APP}/devices/{{udid}}",
        "Update one device",
        _NONE,
        body=DeviceFields,
    ),
    _op(
        "devices.update_many",
        "PUT",
        f"{APP}/devices",
        "Update up to 100 devices",
        model=JSONObject,
        body=DeviceUsers,
    ),
    # --- static lists
    _op("lists.list", "GET", f"{APP}/lists", "List static lists", model=StaticList, paged=True),
    _op(
        "lists.create",
        "POST",
        f"{APP}/lists",
        "Create a static list",
        model=Created,
        body=StaticList,
    ),
    _op(
        "lists.devices",
        "GET",
        f"{APP}/lists/{{list_id}}",
        "Devices of a static list",
        model=ListDevice,
        paged=True,
    ),
    _op(
        "lists.add_users",
        "PUT",
        f"{APP}/lists/{{list_id}}",
        "Add or update devices of a static list (queued)",
        _NONE,
        body=ListUsers,
    ),
    _op(
        "lists.remove_users",
        "DELETE",
        f"{APP}/lists/{{list_id}}",
        "Remove devices from a static list (queued)",
        _NONE,
        body=ListUsers,
    ),
    # --- statistics
    _op("stats.daily", "GET", f"{APP}/stats", "Daily statistics", model=Stat, paged=True),
    # --- geofences and beacons
    _op("geofences.list", "GET", f"{APP}/geofences", "List geofences", model=Geofence, paged=True),
    _op(
        "geofences.create",
        "POST",
        f"{APP}/geofences",
        "Create a geofence",
        model=Created,
        body=Geofence,
    ),
    _op(
        "geofences.get", "GET", f"{APP}/geofences/{{geofence_id}}", "Get a geofence", model=Geofence
    ),
    _op(
        "geofences.update",
        "PUT",
        f"{APP}/geofences/{{geofence_id}}",
        "Update a geofence",
        model=JSONObject,
        body=Geofence,
    ),
    _op("beacons.list", "GET", f"{APP}/beacons", "List beacons", model=Beacon, paged=True),
    _op("beacons.create", "POST", f"{APP}/beacons", "Create a beacon", model=Created, body=Beacon),
    _op("beacons.get", "GET", f"{APP}/beacons/{{beacon_id}}", "Get a beacon", model=Beacon),
    _op(
        "beacons.update",
        "PUT",
        f"{APP}/beacons/{{beacon_id}}",
        "Update a beacon",
        model=JSONObject,
        body=Beacon,
    ),
    # --- geogroups ({geogroup_id} is a number or ext:<externalId>)
    _op("geogroups.list", "GET", f"{APP}/geogroups", "List geogroups", model=Geogroup, paged=True),
    _op(
        "geogroups.create",
        "POST",
        f"{APP}/geogroups",
        "Create a geogroup",
        model=Created,
        body=Geogroup,
    ),
    _op(
        "geogroups.add_beacon",
        "POST",
        f"{APP}/geogroups/{{geogroup_id}}/beacons",
        "Add a beacon to a geogroup",
        _NONE,
    ),
    _op(
        "geogroups.remove_beacon",
        "DELETE",
        f"{APP}/geogroups/{{geogroup_id}}/beacons",
        "Remove a beacon from a geogroup",
        _NONE,
    ),
    _op(
        "geogroups.add_geofence",
        "POST",
        f"{APP}/geogroups/{{geogroup_id}}/geofences",
        "Add a geofence to a geogroup",
        _NONE,
    ),
    _op(
        "geogroups.remove_geofence",
        "DELETE",
        f"{APP}/geogroups/{{geogroup_id}}/geofences",
        "Remove a geofence from a geogroup",
        _NONE,
    ),
    # --- in-app messages
    _op("inapps.list", "GET", f"{APP}/inapps", "List in-app messages", model=InApp, paged=True),
    _op(
        "inapps.create",
        "POST",
        f"{APP}/inapps",
        "Create an in-app message",
        model=Created,
        body=InApp,
    ),
    _op("inapps.get", "GET", f"{APP}/inapps/{{inapp_id}}", "Get an in-app message", model=InApp),
    _op(
        "inapps.get_external",
        "GET",
        f"{APP}/inapps/external/{{external_id}}",
        "Get an in-app message by external id",
        model=InApp,
    ),
    _op(
        "inapps.update",
        "PUT",
        f"{APP}/inapps/{{inapp_id}}",
        "Update an in-app message",
        model=JSONObject,
        body=InApp,
    ),
    _op(
        "inapps.update_external",
        "PUT",
        f"{APP}/inapps/external/{{external_id}}",
        "Update an in-app message by external id",
        model=JSONObject,
        body=InApp,
    ),
    _op(
        "inapps.set_status",
        "PUT",
        f"{APP}/inapps/{{inapp_id}}/status",
        "Activate or deactivate an in-app message",
        _NONE,
        body=Status,
    ),
    _op(
        "inapps.set_status_external",
        "PUT",
        f"{APP}/inapps/external/{{external_id}}/status",
        "Activate or deactivate an in-app message by external id",
        _NONE,
        body=Status,
    ),
    # --- alarms
    _op("alarms.list", "GET", f"{APP}/alarms", "List scheduled alarms", model=Alarm, paged=True),
    _op(
        "alarms.create",
        "POST",
        f"{APP}/alarms",
        "Create a scheduled alarm",
        model=Created,
        body=Alarm,
    ),
    _op("alarms.get", "GET", f"{APP}/alarms/{{alarm_id}}", "Get an alarm", model=Alarm),
    _op(
        "alarms.get_external",
        "GET",
        f"{APP}/alarms/external/{{external_id}}",
        "Get an alarm by external id",
        model=Alarm,
    ),
    _op(
        "alarms.update",
        "PUT",
        f"{APP}/alarms/{{alarm_id}}",
        "Update an alarm",
        model=JSONObject,
        body=Alarm,
    ),
    _op(
        "alarms.update_external",
        "PUT",
        f"{APP}/alarms/external/{{external_id}}",
        "Update an alarm by external id",
        model=JSONObject,
        body=Alarm,
    ),
    _op(
        "alarms.set_status",
        "PUT",
        f"{APP}/alarms/{{alarm_id}}/status",
        "Activate or deactivate an alarm",
        _NONE,
        body=Status,
    ),
    _op(
        "alarms.set_status_external",
        "PUT",
        f"{APP}/alarms/external/{{external_id}}/status",
        "Activate or deactivate an alarm by external id",
        _NONE,
        body=Status,
    ),
    # --- inbox messages
    _op(
        "inboxes.create",
        "POST",
        f"{APP}/inboxes",
        "Create inbox messages",
        model=Created,
        body=InboxMessage,
    ),
    _op(
        "inboxes.update",
        "PUT",
        f"{APP}/inboxes/{{inbox_id}}",
        "Update an inbox message",
        model=JSONObject,
        body=InboxMessage,
    ),
    _op(
        "inboxes.update_external",
        "PUT",
        f"{APP}/inboxes/external/{{external_id}}",
        "Update an inbox message by external id",
        model=JSONObject,
        body=InboxMessage,
    ),
    _op(
        "inboxes.set_status",
        "PUT",
        f"{APP}/inboxes/{{inbox_id}}/status",
        "Set a user's read or archived date",
        _NONE,
        body=InboxStatus,
    ),
    _op(
        "inboxes.set_status_external",
        "PUT",
        f"{APP}/inboxes/external/{{external_id}}/status",
        "Set a user's read or archived date by external id",
        _NONE,
        body=InboxStatus,
    ),
)
