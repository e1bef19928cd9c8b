"""Users: create, read, replace (``PUT``), update (``PATCH``), delete (anonymise)."""

from __future__ import annotations

from aiohttp import web

from loyalty_async.sandbox import values
from loyalty_async.sandbox.http import Call, Routes, created, json_response, no_content
from loyalty_async.sandbox.problems import invalid

routes = Routes()


@routes.handles("users.create")
async def _create_user(call: Call) -> web.StreamResponse:
    user_id = call.core.users.create(await call.fields())
    return created(call.location_of("users.get", userId=user_id))


@routes.handles("users.get")
async def _get_user(call: Call) -> web.StreamResponse:
    return json_response(call.core.users.get(call.param("userId")))


@routes.handles("users.replace")
async def _replace_user(call: Call) -> web.StreamResponse:
    body = await call.fields()
    return json_response(call.core.users.replace(call.param("userId"), body))


@routes.handles("users.update")
async def _update_user(call: Call) -> web.StreamResponse:
    body = await call.fields()
    return json_response(call.core.users.update(call.param("userId"), body))


@routes.handles("users.delete")
async def _delete_user(call: Call) -> web.StreamResponse:
    call.core.users.delete(call.param("userId"), call.interaction_id)
    return no_content()


@routes.handles("users.update_password")
async def _update_password(call: Call) -> web.StreamResponse:
    """Accepted and forgotten: the sandbox keeps no user passwords."""
    call.core.users.get(call.param("userId"))
    body = await call.fields()
    if not any(isinstance(value, str) and value for value in body.values()):
        raise invalid("the body must hold the new password", "password")
    return no_content()


@routes.handles("users.request_password_reset")
async def _request_password_reset(call: Call) -> web.StreamResponse:
    """Accepted; no mail is sent (and nobody learns whether the address is known)."""
    await call.fields()
    return no_content()


@routes.handles("users.resend_notification")
async def _resend_notification(call: Call) -> web.StreamResponse:
    call.core.users.get(call.param("userId"))
    await call.body()
    return no_content()


@routes.handles("users.get_registration", "users.get_registration_deprecated")
async def _get_registration(call: Call) -> web.StreamResponse:
    return json_response(call.core.users.registration(call.param("userId")))


@routes.handles("users.delete_registration")
async def _delete_registration(call: Call) -> web.StreamResponse:
    call.core.users.get(call.param("userId"))
    return no_content()


@routes.handles("users.add_custom_property")
async def _add_custom_property(call: Call) -> web.StreamResponse:
    body = await call.fields()
    name = values.need_text(body, "name")
    call.core.users.set_custom_property(
        call.param("userId"), name, values.text(body, "value"), new=True
    )
    return no_content()


@routes.handles("users.update_custom_property")
async def _update_custom_property(call: Call) -> web.StreamResponse:
    body = await call.fields()
    call.core.users.set_custom_property(
        call.param("userId"), call.param("name"), values.text(body, "value"), new=False
    )
    return no_content()


@routes.handles("users.delete_custom_property")
async def _delete_custom_property(call: Call) -> web.StreamResponse:
    call.core.users.delete_custom_property(call.param("userId"), call.param("name"))
    return no_content()
