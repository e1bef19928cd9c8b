"""Identifiers: the card, app and external codes an account is found by."""

from __future__ import annotations

from aiohttp import web

from loyalty_async.convercus.enums import IdentifierStatus, IdentifierType
from loyalty_async.sandbox import values
from loyalty_async.sandbox.db import new_code
from loyalty_async.sandbox.handlers.generic import location
from loyalty_async.sandbox.http import Call, Routes, created, json_response, no_content
from loyalty_async.sandbox.problems import invalid

#: Most codes one identifier batch makes.
MAX_BATCH_CODES = 10_000

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


@routes.handles("identifiers.lock")
async def _lock(call: Call) -> web.StreamResponse:
    await call.body()
    identifier = call.core.members.set_identifier_status(
        call.account(), call.param("identifierId"), IdentifierStatus.LOCKED
    )
    return json_response(identifier)


@routes.handles("identifiers.unlock")
async def _unlock(call: Call) -> web.StreamResponse:
    await call.body()
    identifier = call.core.members.set_identifier_status(
        call.account(), call.param("identifierId"), IdentifierStatus.ACTIVE
    )
    return json_response(identifier)


@routes.handles("identifier_batches.create", "identifier_batches.create_deprecated")
async def _create_batch(call: Call) -> web.StreamResponse:
    """A batch of ``count`` new codes of ``type``, listed by ``…/{batchId}/identifiers``.

    The codes are made up, unassigned: attach one to an account with the identifiers API.
    """
    body = dict(await call.fields())
    count = values.integer(body, "count", required=True, minimum=1)
    kind = values.choice(body, "type", IdentifierType) or IdentifierType.CARDCODE.value
    assert count is not None
    if count > MAX_BATCH_CODES:
        raise invalid(f"count must be at most {MAX_BATCH_CODES}", "count")
    catalog, resources = call.core.catalog, call.core.resources
    with call.core.db.write():
        batch = resources.create(catalog["identifier_batches.get"].kind, {}, {**body, "type": kind})
        codes = catalog["identifier_batches.list_identifiers"]
        for _ in range(count):
            resources.create(
                codes.kind,
                {codes.scope[0]: batch.id},
                {"code": new_code(), "type": kind, "status": IdentifierStatus.ACTIVE.value},
            )
    return created(location(call, batch))
