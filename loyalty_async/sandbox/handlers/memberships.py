"""Memberships: the users of an account and their opt-ins."""

from __future__ import annotations

from aiohttp import web

from loyalty_async.sandbox.http import Call, Routes, created, json_response, no_content

routes = Routes()


@routes.handles("memberships.create")
async def _create_membership(call: Call) -> web.StreamResponse:
    body = await call.fields()
    account = call.account()
    membership_id = call.core.members.create_membership(account, body)
    return created(
        call.location_of("memberships.get", accountId=account["id"], membershipId=membership_id)
    )


@routes.handles("memberships.list")
async def _list_memberships(call: Call) -> web.StreamResponse:
    return json_response(call.core.members.memberships(call.account()["id"]))


@routes.handles("memberships.get")
async def _get_membership(call: Call) -> web.StreamResponse:
    account = call.account()
    return json_response(call.core.members.membership(account["id"], call.param("membershipId")))


@routes.handles("memberships.update", "memberships.update_optins")
async def _update_membership(call: Call) -> web.StreamResponse:
    body = await call.body()
    account = call.account()
    membership = call.core.members.update_membership(
        account["id"], call.param("membershipId"), body
    )
    return json_response(membership)


@routes.handles("memberships.remove")
async def _remove_membership(call: Call) -> web.StreamResponse:
    account = call.account()
    call.core.members.remove_membership(account["id"], call.param("membershipId"))
    return no_content()
