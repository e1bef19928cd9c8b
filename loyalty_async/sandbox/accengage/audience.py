"""Devices (the CSV export, search, updates) and static lists of the stand-in."""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

from aiohttp import web

from loyalty_async.accengage.devices import DELIMITER
from loyalty_async.accengage.errors import ErrorLabel
from loyalty_async.accengage.validation import (
    IMMUTABLE_DEVICE_FIELDS,
    MAX_BULK_USERS,
    check_query_date,
)
from loyalty_async.errors import ValidationError
from loyalty_async.sandbox.accengage.http import (
    Req,
    handles,
    link_header,
    link_targets,
    ok,
    page_number,
    paged,
)
from loyalty_async.sandbox.accengage.messaging import checked_body
from loyalty_async.sandbox.accengage.state import (
    DUPLICATE,
    INDEXED_FIELDS,
    ApiError,
    App,
    Pending,
    StaticList,
    bad_request,
    not_found,
)

#: Rows written to the socket at once by the export (the stand-in streams as well).
_CHUNK_ROWS = 500


def _fields(req: Req, app: App) -> list[str]:
    """The columns asked for with ``fields[n]=Name`` (in ``n`` order), or every column."""
    numbered = []
    for key, value in req.query.items():
        if key.startswith("fields[") and key.endswith("]"):
            try:
                numbered.append((int(key[7:-1]), value))
            except ValueError:
                raise bad_request(f"bad field selector {key!r}") from None
    known = {field for device in app.devices.values() for field in device} or {"UDID"}
    if not numbered:
        return sorted(known, key=lambda name: (name != "UDID", name))
    names = [value for _, value in sorted(numbered)]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise bad_request(
            *(f"the field {name!r} does not exist on the application" for name in unknown)
        )
    return names


def _open_filter(req: Req, name: str) -> tuple[str | None, str | None]:
    raw = req.query.get(name)
    if raw is None:
        return None, None
    low, bar, high = raw.partition("|")
    try:
        start = check_query_date(low, name)
        end = check_query_date(high, name) if bar else None
    except ValidationError as exc:
        raise bad_request(str(exc)) from None
    if bar and name == "lastOpen":
        raise bad_request("lastOpen takes one date, not a range")
    return start, end


@handles("devices.export")
async def _devices_export(req: Req) -> web.StreamResponse:
    app = req.my
    fields = _fields(req, app)
    first_low, first_high = _open_filter(req, "firstOpen")
    last_low, _ = _open_filter(req, "lastOpen")
    matching = (
        device
        for device in app.devices.values()
        if (first_low is None or device["firstOpen"] >= first_low)
        and (first_high is None or device["firstOpen"] < first_high)
        and (last_low is None or device["lastOpen"] >= last_low)
    )
    size = req.state.devices_page_rows
    page = page_number(req)
    # One page and one device more (is there a next page?), never the whole app.
    chunk = (
        list(itertools.islice(matching, (page - 1) * size, page * size + 1)) if page >= 1 else []
    )
    has_next = len(chunk) > size
    chunk = chunk[:size]
    response = web.StreamResponse(status=200, headers={"Content-Type": "text/csv; charset=utf-8"})
    links = link_targets(req, max(page, 1), has_next)
    response.headers["Link"] = link_header(links)
    await response.prepare(req.request)
    stats = req.state.stats
    stats.exports += 1
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\n")
    writer.writerow(fields)
    for start in range(0, len(chunk), _CHUNK_ROWS):
        for device in chunk[start : start + _CHUNK_ROWS]:
            writer.writerow([device.get(field, "") for field in fields])
        data = buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
        stats.export_chunks += 1
        stats.largest_export_chunk = max(stats.largest_export_chunk, len(data))
        await response.write(data)
    if buffer.tell():
        await response.write(buffer.getvalue().encode())
    stats.export_rows += len(chunk)
    await response.write_eof()
    return response


@handles("devices.search")
async def _devices_search(req: Req) -> web.StreamResponse:
    filters = dict(req.query.items())
    if not filters:
        raise bad_request("give at least one indexed field to search by")
    refused = [name for name in filters if name not in INDEXED_FIELDS]
    if refused:
        raise bad_request(*(f"{name} is not an indexed field" for name in refused))
    if "deviceId" in filters:
        filters["UDID"] = filters.pop("deviceId")
    for udid in req.my.find_devices(filters):
        device = req.my.devices[udid]
        return ok({"UDID": udid, "data": {k: v for k, v in device.items() if k != "UDID"}})
    raise not_found("no result found")


def _immutable(fields: dict[str, Any]) -> list[str]:
    return [name for name in fields if name.lower() in IMMUTABLE_DEVICE_FIELDS]


@handles("devices.update")
async def _devices_update(req: Req) -> web.StreamResponse:
    udid = req.path("udid")
    device = req.my.devices.get(udid)
    if device is None:
        raise not_found(f"device {udid} not found")
    fields = checked_body(req)
    fixed = _immutable(fields)
    if fixed:
        raise bad_request(f"trying to update a field you cannot update ({', '.join(fixed)})")
    if not fields:
        return ok(status=204)
    device.update({key: str(value) for key, value in fields.items()})
    req.state.stats.writes["devices"] += 1
    return ok()


def _match(app: App, user: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The devices a user entry names (by UDID or an indexed field) and the other fields."""
    keys = {name: value for name, value in user.items() if name in INDEXED_FIELDS}
    if not keys:
        raise bad_request("invalid matching key(s) given")
    if "deviceId" in keys:
        keys["UDID"] = keys.pop("deviceId")
    rest = {name: value for name, value in user.items() if name not in INDEXED_FIELDS}
    return list(app.find_devices(keys)), rest


@handles("devices.update_many")
async def _devices_update_many(req: Req) -> web.StreamResponse:
    body = checked_body(req)
    users = body.get("users")
    if not isinstance(users, list):
        raise bad_request("users must be an array")
    if len(users) > MAX_BULK_USERS:
        raise bad_request(f"can not update more than {MAX_BULK_USERS} users")
    problems = []
    updates = []
    for index, user in enumerate(users):
        if not isinstance(user, dict):
            problems.append(f"user {index}: must be an object")
            continue
        udids, fields = _match(req.my, user)
        if _immutable(fields):
            raise ApiError(403, (ErrorLabel.FORBIDDEN, "can not update fields like id or UDID"))
        updates.append((udids, fields))
    if problems:
        raise bad_request(*problems)
    updated = 0
    for udids, fields in updates:
        for udid in udids:
            req.my.devices[udid].update({key: str(value) for key, value in fields.items()})
            updated += 1
    req.state.stats.writes["devices"] += updated
    return ok({"updated": updated})


# ---------------------------------------------------------------------- static lists


def _list_view(static_list: StaticList) -> dict[str, Any]:
    view: dict[str, Any] = {"listId": static_list.id, "name": static_list.name}
    if static_list.external_id is not None:
        view["externalId"] = static_list.external_id
    return view


@handles("lists.list")
async def _lists_list(req: Req) -> web.StreamResponse:
    return paged(req, [_list_view(req.my.lists[k]) for k in sorted(req.my.lists)], "lists")


@handles("lists.create")
async def _lists_create(req: Req) -> web.StreamResponse:
    body = checked_body(req)
    name = body.get("name")
    problems = []
    if not isinstance(name, str) or not name:
        problems.append("name is missing or malformed")
    list_id = body.get("listId")
    if list_id is not None and (not isinstance(list_id, int) or isinstance(list_id, bool)):
        problems.append("listId must be an integer")
    external_id = body.get("externalId")
    if external_id is not None and not isinstance(external_id, str):
        problems.append("externalId must be a string")
    if problems:
        raise bad_request(*problems)
    if list_id is None:
        list_id = req.my.new_id()
    elif list_id in req.my.lists:
        raise ApiError(409, (DUPLICATE, f"a static list with listId {list_id} already exists"))
    req.my.lists[list_id] = StaticList(list_id, str(name), external_id)
    req.state.stats.writes["lists"] += 1
    return ok({"id": list_id})


@handles("lists.devices")
async def _lists_devices(req: Req) -> web.StreamResponse:
    static_list = req.my.lists.get(req.path_id("list_id"))
    if static_list is None:
        return ok()  # an unknown list answers 200 with no content
    req.state.settle(static_list)
    devices = [
        {"deviceId": udid, **({"expireAt": expire} if expire else {})}
        for udid, expire in static_list.devices.items()
    ]
    return paged(req, devices, "devices")


async def _queue(req: Req, add: bool) -> web.StreamResponse:
    static_list = req.my.lists.get(req.path_id("list_id"))
    if static_list is None:
        raise not_found("there is no table associated with this list")
    body = checked_body(req)
    users = body.get("users")
    if not isinstance(users, list):
        raise bad_request("the field users is missing from the body")
    default_expiry = body.get("expireAt")
    entries: list[tuple[str, str | None]] = []
    for user in users:
        if not isinstance(user, dict):
            raise bad_request("each user must be an object")
        found, rest = _match(req.my, {k: v for k, v in user.items() if k != "expireAt"})
        if rest:
            raise bad_request(
                f"the field(s) {', '.join(rest)} cannot be found for devices of the app"
            )
        expiry = user.get("expireAt", default_expiry)
        entries.extend((udid, expiry) for udid in found)
    static_list.pending.append(Pending(req.state.clock() + req.state.queue_delay, add, entries))
    req.state.stats.writes["list_changes"] += 1
    return ok()


@handles("lists.add_users")
async def _lists_add_users(req: Req) -> web.StreamResponse:
    return await _queue(req, add=True)


@handles("lists.remove_users")
async def _lists_remove_users(req: Req) -> web.StreamResponse:
    return await _queue(req, add=False)
