"""In-app messages, scheduled alarms and inbox messages of the stand-in.

Each is addressed by its id or by ``external/<externalId>``. A status change answers 204
when the status already was the one asked for.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from loyalty_async.accengage.errors import ErrorLabel
from loyalty_async.sandbox.accengage.http import Req, handles, ok, paged
from loyalty_async.sandbox.accengage.messaging import checked_body
from loyalty_async.sandbox.accengage.state import ApiError, bad_request

#: The collection of each kind, by the operation name's prefix.
_KINDS = {"inapps": "inapp_id", "alarms": "alarm_id", "inboxes": "inbox_id"}


def _items(req: Req) -> tuple[str, dict[int, dict[str, Any]]]:
    kind = req.operation.name.split(".")[0]
    items: dict[int, dict[str, Any]] = getattr(req.my, kind)
    return kind, items


def _item(req: Req) -> tuple[int, dict[str, Any]]:
    kind, items = _items(req)
    if "external_id" in req.request.match_info:
        item_id = req.my.by_external(items, req.path("external_id"))
    else:
        item_id = req.path_id(_KINDS[kind])
    item = items.get(item_id)
    if item is None:
        # As the alarm example shows: 404 API_ERR_DATA for an id of another type or app.
        raise ApiError(404, (ErrorLabel.DATA, "type, application and message ID mismatch"))
    return item_id, item


@handles("inapps.list", "alarms.list")
async def _content_list(req: Req) -> web.StreamResponse:
    kind, items = _items(req)
    return paged(req, [items[k] for k in sorted(items)], kind)


@handles("inapps.create", "alarms.create", "inboxes.create")
async def _content_create(req: Req) -> web.StreamResponse:
    kind, items = _items(req)
    body = checked_body(req)
    external_id = body.get("externalId")
    if external_id is not None and any(i.get("externalId") == external_id for i in items.values()):
        raise bad_request(f"externalId {external_id!r} is already used")
    item_id = req.my.new_id()
    items[item_id] = {"isActive": False, **body, "id": item_id}
    req.state.stats.writes[kind] += 1
    return ok({"id": item_id})


@handles("inapps.get", "inapps.get_external", "alarms.get", "alarms.get_external")
async def _content_get(req: Req) -> web.StreamResponse:
    return ok(_item(req)[1])


@handles(
    "inapps.update", "inapps.update_external",
    "alarms.update", "alarms.update_external",
    "inboxes.update", "inboxes.update_external",
)  # fmt: skip
async def _content_update(req: Req) -> web.StreamResponse:
    item_id, item = _item(req)
    item.update({**checked_body(req), "id": item_id})
    return ok(item)


@handles(
    "inapps.set_status",
    "inapps.set_status_external",
    "alarms.set_status",
    "alarms.set_status_external",
)
async def _content_status(req: Req) -> web.StreamResponse:
    _, item = _item(req)
    active = req.object().get("isActive")
    if not isinstance(active, bool):
        raise bad_request("isActive must be true or false")
    if item.get("isActive") is active:
        return ok(status=204)
    item["isActive"] = active
    return ok()


@handles("inboxes.set_status", "inboxes.set_status_external")
async def _inbox_status(req: Req) -> web.StreamResponse:
    udid = req.query.get("UDID")
    if not udid:
        raise bad_request("no UDID given in query")
    item_id, _ = _item(req)
    if udid not in req.my.devices:
        raise ApiError(404, (ErrorLabel.DATA, "this message is not available for this user"))
    body = checked_body(req)
    dates = {key: body[key] for key in ("readDate", "archivedDate") if body.get(key)}
    if not dates:
        raise bad_request("give readDate or archivedDate")
    req.my.inbox_status.setdefault((item_id, udid), {}).update(dates)
    return ok()
