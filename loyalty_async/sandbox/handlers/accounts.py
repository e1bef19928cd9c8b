"""Accounts: create, read, delete, balances, level, aggregated details, fraud lock."""

from __future__ import annotations

from aiohttp import web

from loyalty_async.sandbox.http import Call, Routes, created, json_response, no_content
from loyalty_async.sandbox.ledger import balance_json
from loyalty_async.sandbox.members import account_json

routes = Routes()


@routes.handles("accounts.create")
async def _create_account(call: Call) -> web.StreamResponse:
    await call.body()  # no body is documented; any JSON is accepted and ignored
    account_id = call.core.members.create_account()
    return created(call.location_of("accounts.get", accountId=account_id))


@routes.handles("accounts.get")
async def _get_account(call: Call) -> web.StreamResponse:
    return json_response(account_json(call.account()))


@routes.handles("accounts.delete_anonymous")
async def _delete_account(call: Call) -> web.StreamResponse:
    call.core.members.delete_anonymous(call.account())
    return no_content()


@routes.handles("accounts.get_details")
async def _get_details(call: Call) -> web.StreamResponse:
    return json_response(call.core.details(call.account()))


@routes.handles("accounts.get_balance")
async def _get_balance(call: Call) -> web.StreamResponse:
    return json_response(balance_json(call.account()))


@routes.handles("accounts.get_balance_eur")
async def _get_balance_value(call: Call) -> web.StreamResponse:
    return json_response(call.core.balance_value(call.account()))


@routes.handles("accounts.get_level")
async def _get_level(call: Call) -> web.StreamResponse:
    return json_response(call.core.level(call.account()))


@routes.handles("accounts.get_fraud_info")
async def _get_fraud(call: Call) -> web.StreamResponse:
    return json_response(call.core.members.fraud(call.account()))


@routes.handles("accounts.create_fraud")
async def _create_fraud(call: Call) -> web.StreamResponse:
    body = await call.fields()
    return json_response(call.core.members.lock(call.account(), body))


@routes.handles("accounts.remove_fraud")
async def _remove_fraud(call: Call) -> web.StreamResponse:
    call.core.members.unlock(call.account())
    return no_content()


@routes.handles("accounts.merge")
async def _merge(call: Call) -> web.StreamResponse:
    await call.body()  # no body is documented
    call.core.members.merge(call.account(), call.param("targetAccountId"), call.interaction_id)
    return no_content()
