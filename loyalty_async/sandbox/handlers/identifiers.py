"""Identifiers: the card, app and external codes an account is found by."""

from __future__ import annotations

from aiohttp import web

from loyalty_async.sandbox.http import Call, Routes, created, json_response, no_content

routes = Routes()


@routes.handles("identifiers.create")
async def _create_identifier(call: Call) -> web.StreamResponse:
    body = await call.fields()
    identifier_id = call.core.members.add_identifier(call.account(), body)
    return created(call.location_of("identifiers.get", identifierId=identifier_id))


@routes.handles("identifiers.list_for_account")
async def _list_identifiers(call: Call) -> web.StreamResponse:
    return json_response(call.core.members.identifiers(call.account()["id"]))


@routes.handles("identifiers.get")
async def _get_identifier(call: Call) -> web.StreamResponse:
    return json_response(call.core.members.identifier(call.param("identifierId")))


@routes.handles("identifiers.terminate")
async def _terminate_identifier(call: Call) -> web.StreamResponse:
    call.core.members.terminate_identifier(call.param("identifierId"))
    return no_content()
