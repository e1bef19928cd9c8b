"""The newsfeed service on the wire: feeds, messages, posts, assignments, target audiences."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from loyalty_async import ConvercusClient, PaginationError, Response, ValidationError
from loyalty_async.convercus import (
    CLEAR,
    OPERATIONS,
    Account,
    AudienceDefinition,
    FeedItemType,
    NewPost,
    NewsfeedMessage,
    NewTargetAudience,
    PostStatus,
    PostUpdate,
    TargetAudienceUpdate,
)
from tests.convercus.admin_wire import WireCase, case, created, has, is_id, is_none, run_case
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import assert_sent

ACCOUNT = "7d123457-bfa1-4a83-8213-123456789763"
OTHER = "ff2bd33f-3878-4cfc-9ecc-1a541972e498"
POST = "9b2f4c1e-6d3a-4e8b-a1f0-2c4d6e8fa0b1"
COPY = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
AUDIENCE = "c0ffee00-1234-4abc-8def-0123456789ab"
ITEM = "e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9"
MESSAGE = "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f"

NF = "/newsfeed-service"
PAGE_1 = [("page", "0"), ("size", "50")]
WHEN = dt.datetime(2025, 5, 1, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 6, 30, 18, 0, tzinfo=dt.UTC)

POST_BODY = {
    "postId": POST,
    "title": "Double points weekend",
    "text": "Collect twice the points on every receipt this weekend.",
    "imageUrl": "https://cdn.example.com/posts/double.png",
    "status": "DRAFT",
    "targetAudienceIds": [AUDIENCE],
    "validFrom": "2025-05-01T09:00:00Z",
    "validTo": "2025-06-30T18:00:00Z",
    "createdAt": "2025-04-28T12:00:00.123Z",
    "priority": 3,
}
NEW_POST = NewPost(
    title="Double points weekend",
    text="Collect twice the points on every receipt this weekend.",
    image_url="https://cdn.example.com/posts/double.png",
    target_audience_ids=[AUDIENCE],
    valid_from=WHEN,
    valid_to=LATER,
    extra={"priority": 3},
)
NEW_POST_JSON = {
    "title": "Double points weekend",
    "text": "Collect twice the points on every receipt this weekend.",
    "imageUrl": "https://cdn.example.com/posts/double.png",
    "targetAudienceIds": [AUDIENCE],
    "validFrom": "2025-05-01T09:00:00+00:00",
    "validTo": "2025-06-30T18:00:00+00:00",
    "priority": 3,
}
PUBLISHED = {**POST_BODY, "status": "PUBLISHED"}
FEED = [
    {"newsFeedItemId": POST, "type": "POST", "title": "Double points weekend"},
    {
        "newsFeedItemId": ITEM,
        "type": "EARN_TRANSACTION",
        "amount": 124.90,
        "points": 124,
        "externalId": "till7-2024-000123",
    },
]
AUDIENCE_BODY = {
    "targetAudienceId": AUDIENCE,
    "name": "Gold members in Hamburg",
    "accountIds": [ACCOUNT, OTHER],
    "conditions": [{"field": "city", "operator": "EQ", "value": "Hamburg"}],
    "segment": "HH-GOLD",
}
NEW_AUDIENCE = NewTargetAudience(name="Gold members in Hamburg", account_ids=[ACCOUNT, OTHER])
ASSIGNMENT = {"accountId": ACCOUNT, "postId": POST, "validTo": "2025-06-30T18:00:00Z"}
HEALTH = {"status": "UP", "components": {"db": {"status": "UP"}}}
NO_CONTENT = Response(204)


def posted(path: str, new_id: str) -> Response:
    return created(path, new_id)


CASES = [
    # ---------------------------------------------------------------- the feed
    case(lambda c: c.newsfeed.list(ACCOUNT).collect(), "GET", f"{NF}/v2/newsfeeds",
         Response(200, json=FEED),
         lambda r: _equal([(i.type, i.points, i.amount) for i in r], [
             (FeedItemType.POST, None, None),
             (FeedItemType.EARN_TRANSACTION, 124, Decimal("124.90"))]),
         params=[("accountId", ACCOUNT), *PAGE_1], id="newsfeed.list"),
    case(lambda c: c.newsfeed.list_deprecated(ACCOUNT).collect(), "GET", f"{NF}/newsfeeds",
         Response(200, json=FEED), has(news_feed_item_id=POST, title="Double points weekend"),
         params=[("accountId", ACCOUNT), *PAGE_1], id="newsfeed.list_deprecated"),
    case(lambda c: c.newsfeed.get_item(ITEM, account_id=ACCOUNT), "GET",
         f"{NF}/v3/newsfeeds/{ITEM}", Response(200, json=FEED[1]),
         has(type=FeedItemType.EARN_TRANSACTION, extra={"externalId": "till7-2024-000123"}),
         params=[("accountId", ACCOUNT)], id="newsfeed.get_item"),
    case(lambda c: c.newsfeed.get_item_v2(POST), "GET", f"{NF}/v2/newsfeeds/{POST}",
         Response(200, json=FEED[0]), has(type=FeedItemType.POST), id="newsfeed.get_item_v2"),
    case(lambda c: c.newsfeed.create_message(NewsfeedMessage(
             account_id=ACCOUNT, title="Welcome!", text="Your card is ready.")),
         "POST", f"{NF}/v1/newsfeed-messages", posted(f"{NF}/v1/newsfeed-messages", MESSAGE),
         is_id(MESSAGE),
         json={"accountId": ACCOUNT, "title": "Welcome!", "text": "Your card is ready."},
         id="newsfeed.create_message"),
    case(lambda c: c.newsfeed.health(), "GET", f"{NF}/health", Response(200, json=HEALTH),
         lambda r: _equal((r.up, r.extra), (True, {"components": {"db": {"status": "UP"}}})),
         id="newsfeed.health"),
    case(lambda c: c.newsfeed.health_actuator(), "GET", f"{NF}/actuator/health",
         Response(200, json={"status": "DOWN"}), lambda r: _equal(r.up, False),
         id="newsfeed.health_actuator"),
    # ---------------------------------------------------------------- posts
    case(lambda c: c.newsfeed.posts.get(POST), "GET", f"{NF}/posts/{POST}",
         Response(200, json=POST_BODY),
         has(status=PostStatus.DRAFT, valid_to=LATER, extra={"priority": 3}),
         id="newsfeed.posts.get"),
    case(lambda c: c.newsfeed.posts.create(NEW_POST), "POST", f"{NF}/v2/posts",
         posted(f"{NF}/posts", POST), is_id(POST), json=NEW_POST_JSON,
         id="newsfeed.posts.create"),
    case(lambda c: c.newsfeed.posts.create_deprecated(NEW_POST), "POST", f"{NF}/posts",
         posted(f"{NF}/posts", POST), is_id(POST), json=NEW_POST_JSON,
         id="newsfeed.posts.create_deprecated"),
    case(lambda c: c.newsfeed.posts.update(POST, PostUpdate(title="Triple points", text=CLEAR)),
         "PATCH", f"{NF}/v2/posts/{POST}",
         Response(200, json={**POST_BODY, "title": "Triple points"}),
         has(title="Triple points"), json={"title": "Triple points", "text": None},
         id="newsfeed.posts.update"),
    case(lambda c: c.newsfeed.posts.update_deprecated(POST, PostUpdate(pinned=True)),
         "PATCH", f"{NF}/posts/{POST}", NO_CONTENT, is_none, json={"pinned": True},
         id="newsfeed.posts.update_deprecated"),
    case(lambda c: c.newsfeed.posts.delete(POST), "DELETE", f"{NF}/posts/{POST}", NO_CONTENT,
         is_none, id="newsfeed.posts.delete"),
    case(lambda c: c.newsfeed.posts.list(status=PostStatus.PUBLISHED).collect(), "GET",
         f"{NF}/posts",
         Response(200, json={"content": [PUBLISHED], "last": True, "number": 0}),
         has(post_id=POST, status=PostStatus.PUBLISHED),
         params=[("status", "PUBLISHED"), *PAGE_1], id="newsfeed.posts.list"),
    case(lambda c: c.newsfeed.posts.schedule(POST, WHEN), "POST", f"{NF}/posts/{POST}/schedule",
         Response(200, json={**POST_BODY, "status": "SCHEDULED",
                             "publishAt": "2025-05-01T09:00:00Z"}),
         has(status=PostStatus.SCHEDULED, publish_at=WHEN),
         json={"publishAt": "2025-05-01T09:00:00+00:00"}, id="newsfeed.posts.schedule"),
    case(lambda c: c.newsfeed.posts.schedule_deletion(POST, LATER), "PATCH",
         f"{NF}/posts/{POST}/schedule/delete", NO_CONTENT, is_none,
         json={"deleteAt": "2025-06-30T18:00:00+00:00"}, id="newsfeed.posts.schedule_deletion"),
    case(lambda c: c.newsfeed.posts.publish(POST), "POST", f"{NF}/posts/{POST}/publish",
         Response(200, json=PUBLISHED), has(status=PostStatus.PUBLISHED),
         id="newsfeed.posts.publish"),
    case(lambda c: c.newsfeed.posts.clone(POST), "POST", f"{NF}/posts/{POST}/clone",
         posted(f"{NF}/posts", COPY), is_id(COPY), id="newsfeed.posts.clone"),
    # ---------------------------------------------------------------- assignments
    case(lambda c: c.newsfeed.posts.assign_account(POST, ACCOUNT, valid_to=LATER), "POST",
         f"{NF}/v2/posts/{POST}/accounts/{ACCOUNT}",
         posted(f"{NF}/v2/posts/{POST}/accounts", ACCOUNT), is_none,
         json={"validTo": "2025-06-30T18:00:00+00:00"}, id="newsfeed.posts.assign_account"),
    case(lambda c: c.newsfeed.posts.update_assignment(POST, ACCOUNT, valid_to=LATER), "PUT",
         f"{NF}/v2/posts/{POST}/accounts/{ACCOUNT}", Response(200, json=ASSIGNMENT),
         has(account_id=ACCOUNT, valid_to=LATER), json={"validTo": "2025-06-30T18:00:00+00:00"},
         id="newsfeed.posts.update_assignment"),
    case(lambda c: c.newsfeed.posts.assign_account_deprecated(POST, ACCOUNT), "PUT",
         f"{NF}/posts/{POST}/accounts/{ACCOUNT}", Response(201), is_none, json={},
         id="newsfeed.posts.assign_account_deprecated"),
    case(lambda c: c.newsfeed.posts.unassign_account(POST, ACCOUNT), "DELETE",
         f"{NF}/v2/posts/{POST}/accounts/{ACCOUNT}", NO_CONTENT, is_none,
         id="newsfeed.posts.unassign_account"),
    case(lambda c: c.newsfeed.posts.unassign_account_deprecated(POST, ACCOUNT), "DELETE",
         f"{NF}/posts/{POST}/accounts/{ACCOUNT}", NO_CONTENT, is_none,
         id="newsfeed.posts.unassign_account_deprecated"),
    case(lambda c: c.newsfeed.posts.assign_accounts_batch(POST, [ACCOUNT, OTHER]), "POST",
         f"{NF}/v2/posts/{POST}/accounts/batch",
         Response(200, json=[ASSIGNMENT, {"accountId": OTHER, "postId": POST}]),
         lambda r: _equal([a.account_id for a in r], [ACCOUNT, OTHER]),
         json={"accountIds": [ACCOUNT, OTHER]}, id="newsfeed.posts.assign_accounts_batch"),
    case(lambda c: c.newsfeed.posts.assign_accounts_batch_deprecated(POST, [OTHER]), "PUT",
         f"{NF}/posts/{POST}/accounts/batch", NO_CONTENT, lambda r: _equal(r, []),
         json={"accountIds": [OTHER]}, id="newsfeed.posts.assign_accounts_batch_deprecated"),
    case(lambda c: c.newsfeed.posts.unassign_accounts_batch(POST, [ACCOUNT]), "DELETE",
         f"{NF}/v2/posts/{POST}/accounts/batch", NO_CONTENT, is_none,
         json={"accountIds": [ACCOUNT]}, id="newsfeed.posts.unassign_accounts_batch"),
    case(lambda c: c.newsfeed.posts.unassign_accounts_batch_deprecated(POST, [ACCOUNT]),
         "DELETE", f"{NF}/posts/{POST}/accounts/batch", NO_CONTENT, is_none,
         json={"accountIds": [ACCOUNT]},
         id="newsfeed.posts.unassign_accounts_batch_deprecated"),
    # ---------------------------------------------------------------- target audiences
    case(lambda c: c.newsfeed.audiences.list().collect(), "GET", f"{NF}/target-audiences",
         Response(200, json=[AUDIENCE_BODY]),
         has(target_audience_id=AUDIENCE, extra={"segment": "HH-GOLD"}),
         params=PAGE_1, id="newsfeed.audiences.list"),
    case(lambda c: c.newsfeed.audiences.create(NEW_AUDIENCE), "POST", f"{NF}/target-audiences",
         posted(f"{NF}/target-audiences", AUDIENCE), is_id(AUDIENCE),
         json={"name": "Gold members in Hamburg", "accountIds": [ACCOUNT, OTHER]},
         id="newsfeed.audiences.create"),
    case(lambda c: c.newsfeed.audiences.get(AUDIENCE), "GET",
         f"{NF}/target-audiences/{AUDIENCE}", Response(200, json=AUDIENCE_BODY),
         has(account_ids=[ACCOUNT, OTHER], conditions=AUDIENCE_BODY["conditions"]),
         id="newsfeed.audiences.get"),
    case(lambda c: c.newsfeed.audiences.update(
             AUDIENCE, TargetAudienceUpdate(description="Hamburg, status Gold")),
         "PATCH", f"{NF}/target-audiences/{AUDIENCE}",
         Response(200, json={**AUDIENCE_BODY, "description": "Hamburg, status Gold"}),
         has(description="Hamburg, status Gold"), json={"description": "Hamburg, status Gold"},
         id="newsfeed.audiences.update"),
    case(lambda c: c.newsfeed.audiences.delete(AUDIENCE), "DELETE",
         f"{NF}/target-audiences/{AUDIENCE}", NO_CONTENT, is_none,
         id="newsfeed.audiences.delete"),
    case(lambda c: c.newsfeed.audiences.list_accounts(
             AudienceDefinition(target_audience_id=AUDIENCE)),
         "POST", f"{NF}/target-audiences/accounts",
         Response(200, json=[{"id": ACCOUNT, "program": "P-1", "status": "ACTIVE"}]),
         lambda r: _equal(r, [Account(ACCOUNT, "P-1", "ACTIVE")]),  # type: ignore[arg-type]
         json={"targetAudienceId": AUDIENCE}, id="newsfeed.audiences.list_accounts"),
    case(lambda c: c.newsfeed.audiences.validate(AudienceDefinition(account_ids=[OTHER])),
         "POST", f"{NF}/target-audiences/validate",
         Response(200, json={"valid": False, "errors": [f"no account {OTHER!r}"]}),
         has(valid=False, errors=[f"no account {OTHER!r}"]), json={"accountIds": [OTHER]},
         id="newsfeed.audiences.validate"),
]  # fmt: skip


def _equal(actual: Any, expected: Any) -> None:
    assert actual == expected


@pytest.mark.parametrize("wire_case", CASES)
async def test_the_wire(client: ConvercusClient, wire: Wire, wire_case: WireCase) -> None:
    await run_case(client, wire, wire_case)


def test_every_newsfeed_operation_has_a_wire_case() -> None:
    names = {op.name for op in OPERATIONS if op.name.startswith("newsfeed.")}
    assert {param.id for param in CASES} == names
    assert len(names) == 34


def _page(start: int, stop: int, *, last: bool) -> Response:
    items = [
        {"newsFeedItemId": ITEM, "type": "POST", "title": f"Post {n}"} for n in range(start, stop)
    ]
    return Response(200, json={"content": items, "last": last, "number": 0})


async def test_a_feed_pages_and_resumes_from_the_page_that_failed(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "GET",
        f"{NF}/v2/newsfeeds",
        _page(0, 2, last=False),
        Response(503, json={"message": "busy"}),
        Response(503, json={"message": "busy"}),
        Response(503, json={"message": "busy"}),
        Response(503, json={"message": "busy"}),
    )
    seen = []
    with pytest.raises(PaginationError) as caught:
        async for item in client.newsfeed.list(ACCOUNT, page_size=2):
            seen.append(item.title)
    assert seen == ["Post 0", "Post 1"]
    assert caught.value.resume == 1

    wire.on("GET", f"{NF}/v2/newsfeeds", _page(2, 3, last=True))
    resumed = client.newsfeed.list(ACCOUNT, page_size=2, start_page=caught.value.resume)
    assert [item.title async for item in resumed] == ["Post 2"]
    assert_sent(
        wire.last,
        "GET",
        f"{NF}/v2/newsfeeds",
        params=[("accountId", ACCOUNT), ("page", "1"), ("size", "2")],
    )


BAD_INPUT = [
    pytest.param(lambda c: c.newsfeed.list("V1W2X3Y4Z5").collect(), "account_id",
                 id="feed-account-not-uuid"),
    pytest.param(lambda c: c.newsfeed.list(ACCOUNT, page_size=-1).collect(), "page_size",
                 id="feed-negative-page-size"),
    pytest.param(lambda c: c.newsfeed.get_item(ITEM, account_id="card-1"), "account_id",
                 id="item-account-not-uuid"),
    pytest.param(lambda c: c.newsfeed.get_item("item-1"), "news_feed_item_id",
                 id="item-not-uuid"),
    pytest.param(lambda c: c.newsfeed.posts.get("post-1"), "post_id", id="post-not-uuid"),
    pytest.param(lambda c: c.newsfeed.posts.create(NewPost(title="")), "title",
                 id="post-empty-title"),
    pytest.param(lambda c: c.newsfeed.posts.create(NewPost(title="x", image_url="ftp://x")),
                 "image_url", id="post-bad-image-url"),
    pytest.param(lambda c: c.newsfeed.posts.create(NewPost(title="x", valid_from=LATER,
                                                            valid_to=WHEN)),
                 "valid_to", id="post-window-backwards"),
    pytest.param(lambda c: c.newsfeed.posts.create(NewPost(title="x", target_audience_ids=["a"])),
                 "target_audience_ids[0]", id="post-audience-not-uuid"),
    pytest.param(lambda c: c.newsfeed.posts.update(POST, PostUpdate()), "update",
                 id="post-empty-update"),
    pytest.param(lambda c: c.newsfeed.posts.update(POST, PostUpdate(title=CLEAR)), "title",
                 id="post-title-cleared"),
    pytest.param(lambda c: c.newsfeed.posts.list(status="LIVE").collect(), "status",
                 id="post-wrong-status"),
    pytest.param(lambda c: c.newsfeed.posts.schedule(POST, dt.datetime(2025, 5, 1)),
                 "publish_at", id="schedule-naive-time"),
    pytest.param(lambda c: c.newsfeed.posts.assign_account(POST, "card-1"), "account_id",
                 id="assign-account-not-uuid"),
    pytest.param(lambda c: c.newsfeed.posts.assign_accounts_batch(POST, []), "account_ids",
                 id="batch-empty"),
    pytest.param(lambda c: c.newsfeed.posts.assign_accounts_batch(POST, [ACCOUNT, ACCOUNT]),
                 "account_ids", id="batch-twice"),
    pytest.param(lambda c: c.newsfeed.create_message(NewsfeedMessage(account_id="x", title="t")),
                 "account_id", id="message-account-not-uuid"),
    pytest.param(lambda c: c.newsfeed.audiences.create(NewTargetAudience(name=" ")), "name",
                 id="audience-blank-name"),
    pytest.param(lambda c: c.newsfeed.audiences.update(AUDIENCE, TargetAudienceUpdate(name=None)),
                 "name", id="audience-name-none"),
    pytest.param(lambda c: c.newsfeed.audiences.list_accounts(
                     AudienceDefinition(target_audience_id="gold")),
                 "target_audience_id", id="definition-not-uuid"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "field"), BAD_INPUT)
async def test_bad_input_is_refused_before_any_request(
    client: ConvercusClient, wire: Wire, call: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await call(client)

    assert caught.value.field == field
    assert not wire.calls
