"""Geofences, beacons and geogroups of the stand-in (a geogroup may be ``ext:<externalId>``)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from loyalty_async.sandbox.accengage.http import Req, handles, ok, paged
from loyalty_async.sandbox.accengage.messaging import checked_body
from loyalty_async.sandbox.accengage.state import ApiError, bad_request, not_found


def _with_info(req: Req, what: str) -> dict[str, Any]:
    body = checked_body(req)
    if not isinstance(body.get("info"), dict):
        raise bad_request(f"a {what} cannot be saved without its info object")
    return body


def _places(req: Req, kind: str) -> dict[int, dict[str, Any]]:
    places: dict[int, dict[str, Any]] = getattr(req.my, kind)
    return places


@handles("geofences.list", "beacons.list")
async def _places_list(req: Req) -> web.StreamResponse:
    kind = req.operation.name.split(".")[0]
    places = _places(req, kind)
    return paged(req, [places[k] for k in sorted(places)], kind)


@handles("geofences.create", "beacons.create")
async def _places_create(req: Req) -> web.StreamResponse:
    kind = req.operation.name.split(".")[0]
    body = _with_info(req, kind[:-1])
    place_id = req.my.new_id()
    _places(req, kind)[place_id] = {**body, "id": place_id}
    return ok({"id": place_id})


def _place(req: Req) -> tuple[int, dict[str, Any]]:
    kind = req.operation.name.split(".")[0]
    place_id = req.path_id(f"{kind[:-1]}_id")
    place = _places(req, kind).get(place_id)
    if place is None:
        raise not_found(f"{kind[:-1]} {place_id} does not exist for this application")
    return place_id, place


@handles("geofences.get", "beacons.get")
async def _places_get(req: Req) -> web.StreamResponse:
    return ok(_place(req)[1])


@handles("geofences.update", "beacons.update")
async def _places_update(req: Req) -> web.StreamResponse:
    place_id, place = _place(req)
    place.update({**_with_info(req, req.operation.name.split(".")[0][:-1]), "id": place_id})
    return ok(place)


@handles("geogroups.list")
async def _geogroups_list(req: Req) -> web.StreamResponse:
    groups = req.my.geogroups
    return paged(req, [groups[k] for k in sorted(groups)], "geogroups")


@handles("geogroups.create")
async def _geogroups_create(req: Req) -> web.StreamResponse:
    body = checked_body(req)
    group_id = req.my.new_id()
    req.my.geogroups[group_id] = {**body, "id": group_id, "beacons": [], "geofences": []}
    return ok({"id": group_id})


def _geogroup(req: Req) -> dict[str, Any]:
    raw = req.path("geogroup_id")
    if raw.startswith("ext:"):
        try:
            group_id = req.my.by_external(req.my.geogroups, raw[4:])
        except ApiError:
            raise not_found(f"no geogroup with external id {raw[4:]!r}") from None
    else:
        group_id = req.path_id("geogroup_id")
    group = req.my.geogroups.get(group_id)
    if group is None:
        raise not_found(f"geogroup {group_id} not found")
    return group


async def _membership(req: Req, add: bool) -> web.StreamResponse:
    group = _geogroup(req)
    kind = "beacons" if req.operation.name.endswith("beacon") else "geofences"
    body = req.object()
    member = body.get("id")
    if member is None:
        raise bad_request("the id field was not given in the request body")
    if member not in _places(req, kind):
        raise not_found(f"{kind[:-1]} {member} not found")
    members: list[int] = group[kind]
    if add and member not in members:
        members.append(member)
    elif not add and member in members:
        members.remove(member)
    return ok()


@handles("geogroups.add_beacon", "geogroups.add_geofence")
async def _geogroups_add(req: Req) -> web.StreamResponse:
    return await _membership(req, add=True)


@handles("geogroups.remove_beacon", "geogroups.remove_geofence")
async def _geogroups_remove(req: Req) -> web.StreamResponse:
    return await _membership(req, add=False)
