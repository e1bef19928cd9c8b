"""Users: create, read, replace (``PUT``), update (``PATCH``), delete (anonymise)."""

from __future__ import annotations

from aiohttp import web

from loyalty_async.sandbox.http import Call, Routes, created, json_response, no_content

routes = Routes()


@routes.handles("users.create")
async def _create_user(call: Call) -> web.StreamResponse:
    user_id = call.core.members.create_user(await call.fields())
    return created(call.location_of("users.get", userId=user_id))


@routes.handles("users.get")
async def _get_user(call: Call) -> web.StreamResponse:
    return json_response(call.core.members.user(call.param("userId")))


@routes.handles("users.replace")
async def _replace_user(call: Call) -> web.StreamResponse:
    body = await call.fields()
    return json_response(call.core.members.replace_user(call.param("userId"), body))


@routes.handles("users.update")
async def _update_user(call: Call) -> web.StreamResponse:
    body = await call.fields()
    return json_response(call.core.members.update_user(call.param("userId"), body))


@routes.handles("users.delete")
async def _delete_user(call: Call) -> web.StreamResponse:
    call.core.members.delete_user(call.param("userId"), call.interaction_id)
    return no_content()
