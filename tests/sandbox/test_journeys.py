"""Journeys across the operations the sandbox serves generically, through the SDK."""

from __future__ import annotations

from decimal import Decimal

from loyalty_async import ConvercusClient
from loyalty_async.convercus import TransactionRequest, TransactionType
from loyalty_async.sandbox import Sandbox

from .conftest import Api

PROGRAM = "P-1"


async def test_set_up_a_partner_store_and_till_then_earn_there(
    sandbox: Sandbox, client: ConvercusClient
) -> None:
    member = sandbox.seed.member("ada@example.com", identifiers={"CARDCODE": "TILL-1"})
    program = {"programId": PROGRAM}

    await client.call("partners.create", path_params=program, json={"name": "Bakery"})
    (partner,) = await client.call("partners.list", path_params=program)
    scope = {**program, "partnerId": partner["partnerId"]}
    await client.call("stores.create", path_params=scope, json={"name": "Main street"})
    (store,) = await client.call("stores.list_for_partner_deprecated", path_params=scope)
    till_scope = {**scope, "storeId": store["storeId"]}
    await client.call("interaction_points.create_for_store", path_params=till_scope, json={})
    (till,) = await client.call("interaction_points.list_for_store", path_params=till_scope)
    details = await client.call(
        "interaction_points.get_details",
        path_params={**program, "interactionPointId": till["interactionPointId"]},
    )
    at_till = client.transactions.with_options(
        headers={"interaction-id": till["interactionPointId"]}
    )
    receipt = await at_till.create_for_account(
        "TILL-1",
        TransactionRequest(
            TransactionType.EARNTRANSACTION, Decimal("12.50"), "EUR", external_id="B-1"
        ),
        id_type="CARDCODE",
    )
    (booking,) = await client.call("bookings.list", path_params={"accountId": member.account_id})

    assert details["partners"]["name"] == "Bakery"
    assert details["stores"]["name"] == "Main street"
    assert receipt.points == 12
    assert booking["interactionId"] == till["interactionPointId"]


async def test_a_post_for_a_target_audience_reaches_its_members_feeds(
    api: Api, sandbox: Sandbox
) -> None:
    ada = sandbox.seed.member("ada@example.com").account_id
    bob = sandbox.seed.member("bob@example.com").account_id
    audience = await api.post(
        "/newsfeed-service/target-audiences", json={"name": "Ada only", "accountIds": [ada]}
    )
    post = await api.post(
        "/newsfeed-service/v2/posts",
        json={"title": "Double points", "targetAudienceId": audience.location_id},
    )
    post_id = post.location_id

    before = await api.get("/newsfeed-service/v2/newsfeeds", params={"accountId": ada})
    published = await api.post(f"/newsfeed-service/posts/{post_id}/publish")
    ada_feed = await api.get("/newsfeed-service/v2/newsfeeds", params={"accountId": ada})
    bob_feed = await api.get("/newsfeed-service/v2/newsfeeds", params={"accountId": bob})
    item = await api.get(f"/newsfeed-service/v3/newsfeeds/{post_id}", params={"accountId": ada})
    reached = await api.post(
        "/newsfeed-service/target-audiences/accounts",
        json={"targetAudienceId": audience.location_id},
    )

    assert before.json() == []
    assert published.json()["status"] == "PUBLISHED"
    assert [(i["type"], i["title"]) for i in ada_feed.json()] == [("POST", "Double points")]
    assert bob_feed.json() == []
    assert item.json()["newsFeedItemId"] == post_id
    assert [account["id"] for account in reached.json()] == [ada]


async def test_a_feed_shows_messages_and_receipts(api: Api, sandbox: Sandbox) -> None:
    account_id = sandbox.seed.account(points=500)
    await api.post(
        "/newsfeed-service/v1/newsfeed-messages",
        json={"accountId": account_id, "title": "Welcome"},
    )
    await api.post(
        f"/accounts/{account_id}/transactions",
        json={"transactionType": "PAYWITHPOINTS", "amount": 1, "externalId": "F-1"},
    )

    feed = await api.get("/newsfeed-service/v2/newsfeeds", params={"accountId": account_id})
    missing = await api.get("/newsfeed-service/v2/newsfeeds")

    assert [i["type"] for i in feed.json()] == ["POST", "BURN_TRANSACTION"]
    assert (missing.status, missing.code) == (400, "VALIDATION_ERROR")


async def test_an_audience_lists_only_live_accounts_when_validated(
    api: Api, sandbox: Sandbox
) -> None:
    account_id = sandbox.seed.account()

    good = await api.post(
        "/newsfeed-service/target-audiences/validate", json={"accountIds": [account_id]}
    )
    bad = await api.post(
        "/newsfeed-service/target-audiences/validate", json={"accountIds": ["nobody"]}
    )

    assert good.json() == {"valid": True, "errors": []}
    assert bad.json() == {"valid": False, "errors": ["no account 'nobody'"]}


async def test_search_finds_a_member_by_card_mail_or_name(api: Api, sandbox: Sandbox) -> None:
    member = sandbox.seed.member(
        "ada@example.com", identifiers={"CARDCODE": "SEARCH-77"}, given_name="Ada"
    )
    sandbox.seed.member("bob@example.com")

    by_card = await api.post("/search", json={"query": "search-77"})
    by_name = await api.post("/v2/search", json={"searchTerm": "ADA"})
    none = await api.post("/search", json={"query": "zelda"})
    empty = await api.post("/search", json={})

    assert [a["id"] for a in by_card.json()] == [member.account_id]
    assert [a["id"] for a in by_name.json()] == [member.account_id]
    assert none.json() == []
    assert (empty.status, empty.code) == (400, "VALIDATION_ERROR")


async def test_ai_jobs_complete_and_a_program_resolves_its_prompt(api: Api) -> None:
    job = await api.post("/ai-service/newsfeed/generate-content", json={"topic": "Easter"})
    status = await api.get(job.headers["Location"].removeprefix(api.sandbox.url))
    prompt = (await api.post("/ai-service/prompts", json={"text": "Write nicely"})).location_id
    program = (await api.post("/ai-service/programs", json={"name": "Shop"})).location_id
    none = await api.get(f"/ai-service/programs/{program}/prompts/resolve")
    await api.post(
        f"/ai-service/programs/{program}/prompt-assignments",
        json={"promptId": prompt, "useCase": "NEWSFEED"},
    )

    resolved = await api.get(
        f"/ai-service/programs/{program}/prompts/resolve", params={"useCase": "NEWSFEED"}
    )

    assert job.status == 202
    assert status.json()["status"] == "COMPLETED"
    assert status.json()["request"] == {"topic": "Easter"}
    assert none.status == 404
    assert resolved.json() == {"text": "Write nicely", "promptId": prompt}
