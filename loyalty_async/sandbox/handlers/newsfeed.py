"""The member's newsfeed, built from posts, messages and receipts.

Posts, target audiences, assignments and messages are kept generically (see
:mod:`~loyalty_async.sandbox.handlers.generic`); this module adds what ties them to an
account. The sources do not say how a feed is scoped to an account; the sandbox reads
the ``accountId`` query parameter. An account's feed holds, newest first:

* every ``PUBLISHED`` post assigned to the account, or naming (``targetAudienceId`` or
  ``targetAudienceIds``) a target audience whose ``accountIds`` list it (an audience
  without ``accountIds`` is everyone), or with neither assignments nor audiences;
* the messages sent to it (``POST …/newsfeed-messages`` with its ``accountId``);
* its receipts, as ``EARN_TRANSACTION`` or ``BURN_TRANSACTION`` items.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from loyalty_async.convercus.enums import FeedItemType
from loyalty_async.sandbox import values
from loyalty_async.sandbox.handlers.generic import RecordStatus, paged, show
from loyalty_async.sandbox.http import Call, Routes, json_response
from loyalty_async.sandbox.members import account_json
from loyalty_async.sandbox.problems import SandboxCode, invalid, not_found
from loyalty_async.sandbox.receipts import EARN_TRANSACTION
from loyalty_async.sandbox.resources import Record

routes = Routes()

#: Receipts shown in a feed, newest first.
FEED_RECEIPTS = 100
ACCOUNT_ID = "accountId"


def _kind(call: Call, operation: str) -> str:
    return call.core.catalog[operation].kind


def _audience_ids(post: Mapping[str, Any]) -> list[str]:
    many = post.get("targetAudienceIds")
    one = post.get("targetAudienceId")
    found = [str(i) for i in many] if isinstance(many, list) else []
    return [*found, str(one)] if one is not None else found


def _members(audience: Record) -> list[str] | None:
    """The accounts an audience lists (``None``: it lists none, so it is everyone)."""
    listed = audience.body.get("accountIds")
    return [str(i) for i in listed] if isinstance(listed, list) else None


def _reaches(call: Call, post: Record, account_id: str) -> bool:
    resources = call.core.resources
    assignment = call.core.catalog["newsfeed.posts.assign_account"]
    assigned = resources.all(assignment.kind, {assignment.scope[0]: post.id})
    audiences = _audience_ids(post.body)
    if any(record.id == account_id for record in assigned):
        return True
    for audience_id in audiences:
        audience = resources.find(_kind(call, "newsfeed.audiences.get"), audience_id, {})
        members = None if audience is None else _members(audience)
        if audience is not None and (members is None or account_id in members):
            return True
    return not assigned and not audiences


def _feed(call: Call, account_id: str) -> list[dict[str, Any]]:
    resources = call.core.resources
    items: list[dict[str, Any]] = []
    for post in reversed(resources.all(_kind(call, "newsfeed.posts.get"), {})):
        published = post.body.get("status") == RecordStatus.PUBLISHED.value
        if published and _reaches(call, post, account_id):
            items.append(_item(call, post, FeedItemType.POST))
    for message in reversed(resources.all(_kind(call, "newsfeed.create_message"), {})):
        if str(message.body.get(ACCOUNT_ID)) == account_id:
            items.append(_item(call, message, FeedItemType.POST))
    for receipt in call.core.ledger.transactions(account_id, 0, FEED_RECEIPTS):
        earned = receipt["transactionType"] == EARN_TRANSACTION
        kind = FeedItemType.EARN_TRANSACTION if earned else FeedItemType.BURN_TRANSACTION
        items.append({"newsFeedItemId": receipt["transactionId"], "type": kind.value, **receipt})
    return items


def _item(call: Call, record: Record, kind: FeedItemType) -> dict[str, Any]:
    return {"newsFeedItemId": record.id, "type": kind.value, **show(call, record)}


def _account(call: Call, *, required: bool) -> str | None:
    raw = call.request.query.get(ACCOUNT_ID)
    if raw is None or not raw.strip():
        if required:
            raise invalid("the newsfeed needs the accountId query parameter", ACCOUNT_ID)
        return None
    return str(call.core.members.resolve(raw, None)["id"])


@routes.handles("newsfeed.list", "newsfeed.list_deprecated")
async def _list(call: Call) -> web.StreamResponse:
    account_id = _account(call, required=True)
    assert account_id is not None
    feed = _feed(call, account_id)
    # Pages when asked for one; the whole feed as an array otherwise.
    query = call.request.query
    return paged(call, feed) if "page" in query or "size" in query else json_response(feed)


@routes.handles("newsfeed.get_item", "newsfeed.get_item_v2")
async def _get_item(call: Call) -> web.StreamResponse:
    item_id = call.param("newsFeedItemId")
    account_id = _account(call, required=False)
    if account_id is not None:
        candidates = _feed(call, account_id)
    else:
        resources = call.core.resources
        candidates = [
            _item(call, record, FeedItemType.POST)
            for operation in ("newsfeed.posts.get", "newsfeed.create_message")
            for record in resources.all(_kind(call, operation), {})
        ]
    for item in candidates:
        if item["newsFeedItemId"] == item_id:
            return json_response(item)
    raise not_found(SandboxCode.RESOURCE_NOT_FOUND, f"no newsfeed item {item_id!r} here")


def _definition(call: Call, body: values.Body) -> list[str] | None:
    """The accounts of an audience given by ``targetAudienceId`` or as a definition."""
    audience_id = values.text(body, "targetAudienceId")
    if audience_id is not None:
        kind = _kind(call, "newsfeed.audiences.get")
        return _members(call.core.resources.get(kind, audience_id, {}))
    listed = body.get("accountIds")
    if listed is None:
        return None
    if not isinstance(listed, list) or not all(isinstance(i, str) for i in listed):
        raise invalid("accountIds must be an array of account ids", "accountIds")
    return listed


@routes.handles("newsfeed.audiences.list_accounts")
async def _audience_accounts(call: Call) -> web.StreamResponse:
    """The accounts an audience reaches (every live account for one without ``accountIds``)."""
    members = _definition(call, await call.fields())
    if members is None:
        rows = call.core.db.conn.execute(
            "SELECT * FROM accounts WHERE deleted_at IS NULL ORDER BY seq"
        )
        return json_response([account_json(row) for row in rows])
    return json_response([account_json(call.core.members.resolve(i, None)) for i in members])


@routes.handles("newsfeed.audiences.validate")
async def _validate_audience(call: Call) -> web.StreamResponse:
    """Whether every account an audience definition lists exists."""
    members = _definition(call, await call.fields()) or []
    unknown = []
    for account_id in members:
        try:
            call.core.members.resolve(account_id, None)
        except Exception:
            unknown.append(account_id)
    errors = [f"no account {account_id!r}" for account_id in unknown]
    return json_response({"valid": not errors, "errors": errors})
