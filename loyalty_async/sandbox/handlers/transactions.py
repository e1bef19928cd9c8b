"""Receipts: earn and pay-with-points transactions, their previews and history."""

from __future__ import annotations

from aiohttp import web

from loyalty_async.sandbox.http import Call, Routes, created, json_response

routes = Routes()


async def _transact(call: Call, *, preview: bool) -> web.StreamResponse:
    body = await call.fields()
    # The routes with an {accountId} earn and burn; the others book revenue only.
    account = call.account() if call.has_param("accountId") else None
    is_new, transaction = call.core.ledger.transact(
        account, body, interaction_id=call.interaction_id, preview=preview
    )
    if preview:
        transaction.pop("transactionId")
        return json_response(transaction)
    if not is_new:
        return json_response(transaction)
    location = call.location_of("transactions.get", transactionId=transaction["transactionId"])
    return created(location, transaction)


@routes.handles("transactions.create_for_account", "transactions.book_revenue")
async def _book(call: Call) -> web.StreamResponse:
    return await _transact(call, preview=False)


@routes.handles("transactions.preview_for_account", "transactions.preview")
async def _preview(call: Call) -> web.StreamResponse:
    return await _transact(call, preview=True)


@routes.handles("transactions.get")
async def _get_transaction(call: Call) -> web.StreamResponse:
    return json_response(call.core.ledger.transaction(call.param("transactionId")))


@routes.handles(
    "transactions.list_for_account", "transactions.list_for_account_deprecated", "transactions.list"
)
async def _list_transactions(call: Call) -> web.StreamResponse:
    account_id = call.account()["id"] if call.has_param("accountId") else None
    return json_response(call.core.ledger.transactions(account_id, *call.page()))


@routes.handles("transactions.incentivate")
async def _incentivate(call: Call) -> web.StreamResponse:
    await call.body()  # no body is documented: the path says which account
    transaction = call.core.ledger.incentivate(
        call.account(), call.param("transactionId"), call.interaction_id
    )
    return json_response(transaction)
