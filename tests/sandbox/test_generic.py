"""Operations without rules of their own keep what they are given, as their paths say."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.sandbox import Sandbox
from loyalty_async.sandbox.shapes import Catalog, Role

from .conftest import Api, Clock

P1, P2 = "P-1", "P-2"


async def _partner(api: Api, program: str = P1, **fields: object) -> str:
    reply = await api.post(f"/programs/{program}/partners", json={"name": "Bakery", **fields})
    assert reply.status == 201, reply.body
    return reply.location_id


# ---------------------------------------------------------------------- create, get, list


async def test_a_create_answers_201_with_location_and_no_body(api: Api, sandbox: Sandbox) -> None:
    reply = await api.post(f"/programs/{P1}/partners", json={"name": "Bakery"})

    assert reply.status == 201
    assert reply.body == b""
    partner_id = reply.location_id
    assert reply.headers["Location"] == f"{sandbox.url}/programs/{P1}/partners/{partner_id}"
    got = await api.get(f"/programs/{P1}/partners/{partner_id}")
    assert got.json() == {"programId": P1, "name": "Bakery", "partnerId": partner_id}


async def test_a_list_is_a_bare_array_of_what_was_stored(api: Api) -> None:
    first = await _partner(api, name="Bakery")
    second = await _partner(api, name="Butcher")

    reply = await api.get(f"/programs/{P1}/partners")

    assert reply.json() == [
        {"programId": P1, "name": "Bakery", "partnerId": first},
        {"programId": P1, "name": "Butcher", "partnerId": second},
    ]


async def test_a_list_is_filtered_by_query_fields(api: Api) -> None:
    await api.post(f"/programs/{P1}/endpoints", json={"type": "WEBHOOK", "url": "https://a"})
    await api.post(f"/programs/{P1}/endpoints", json={"type": "EMAIL", "url": "mailto:b"})

    webhooks = await api.get(f"/programs/{P1}/endpoints", params={"type": "WEBHOOK"})
    unknown = await api.get(f"/programs/{P1}/endpoints", params={"lang": "de"})

    assert [e["url"] for e in webhooks.json()] == ["https://a"]
    assert len(unknown.json()) == 2  # a field no record has filters nothing


async def test_a_client_chosen_id_is_kept_and_taken_only_once(api: Api) -> None:
    body = {"alias": "analytics", "url": "https://hooks.example.com"}
    first = await api.post("/webhooks/integration/convercus-analytics", json=body)
    again = await api.post("/webhooks/integration/convercus-analytics", json=body)

    assert first.location_id == "analytics"
    assert (again.status, again.code) == (409, "RESOURCE_ALREADY_EXISTS")


async def test_the_documented_misspelt_path_deletes_the_same_integration(api: Api) -> None:
    await api.post("/webhooks/integration/convercus-analytics", json={"alias": "ana"})

    deleted = await api.send("DELETE", "/webhooks/integration/concercus-analytics/ana")
    again = await api.send("PUT", "/webhooks/integration/convercus-analytics/ana", json={})

    assert deleted.status == 204
    assert (again.status, again.code) == (404, "RESOURCE_NOT_FOUND")


# ---------------------------------------------------------------------- change and remove


async def test_put_replaces_the_whole_record(api: Api) -> None:
    partner_id = await _partner(api, name="Bakery", city="Bonn")

    replaced = await api.send(
        "PUT", f"/programs/{P1}/partners/{partner_id}", json={"name": "Bäckerei"}
    )

    assert replaced.status == 200
    assert replaced.json() == {"programId": P1, "name": "Bäckerei", "partnerId": partner_id}


async def test_patch_merges_and_null_removes_a_field(api: Api) -> None:
    reply = await api.post(
        f"/v2/programs/{P1}/interactionpoints",
        json={"name": "Till 1", "address": {"city": "Bonn", "zip": "53111"}, "note": "x"},
    )
    path = f"/programs/{P1}/interactionpoints/{reply.location_id}"

    merged = await api.send(
        "PATCH", path, json={"address": {"city": "Köln"}, "note": None, "active": True}
    )

    assert merged.json() == {
        "programId": P1,
        "name": "Till 1",
        "address": {"city": "Köln", "zip": "53111"},
        "active": True,
        "interactionPointId": reply.location_id,
    }


async def test_delete_removes_and_the_record_is_then_unknown(api: Api) -> None:
    tag = (await api.post(f"/programs/{P1}/tags", json={"name": "vip"})).location_id

    deleted = await api.send("DELETE", f"/programs/{P1}/tags/{tag}")
    gone = await api.get(f"/programs/{P1}/tags/{tag}")
    again = await api.send("DELETE", f"/programs/{P1}/tags/{tag}")

    assert deleted.status == 204
    assert gone.status == 404
    assert gone.json() == {
        "code": "RESOURCE_NOT_FOUND",
        "message": f"no tags '{tag}'",
        "detail": [],
    }
    assert again.status == 404


async def test_deleting_a_partner_deactivates_it(api: Api) -> None:
    partner_id = await _partner(api)

    deleted = await api.send("DELETE", f"/programs/{P1}/partners/{partner_id}")
    kept = await api.get(f"/programs/{P1}/partners/{partner_id}")

    assert deleted.status == 204
    assert kept.json()["status"] == "INACTIVE"


# ---------------------------------------------------------------------- scopes


async def test_each_program_sees_only_its_own_records(api: Api) -> None:
    partner_id = await _partner(api, P1)

    listed = await api.get(f"/programs/{P2}/partners")
    read = await api.get(f"/programs/{P2}/partners/{partner_id}")
    store = await api.post(f"/programs/{P2}/partners/{partner_id}/stores", json={"name": "S"})

    assert listed.json() == []
    assert (read.status, read.code) == (404, "RESOURCE_NOT_FOUND")
    assert (store.status, store.code) == (404, "RESOURCE_NOT_FOUND")


async def test_a_program_wide_list_holds_what_hangs_under_its_partners(api: Api) -> None:
    bakery, butcher = await _partner(api), await _partner(api)
    for partner_id, name in ((bakery, "Main street"), (butcher, "Market")):
        reply = await api.post(f"/programs/{P1}/partners/{partner_id}/stores", json={"name": name})
        assert reply.status == 201

    everywhere = await api.get(f"/programs/{P1}/stores")
    bakery_only = await api.get(f"/programs/{P1}/partners/{bakery}/stores")

    assert [s["name"] for s in everywhere.json()] == ["Main street", "Market"]
    assert [s["name"] for s in bakery_only.json()] == ["Main street"]
    assert bakery_only.json()[0]["partnerId"] == bakery


async def test_an_unknown_account_in_a_path_is_account_not_found(api: Api) -> None:
    reply = await api.get("/accounts/no-such-account/ratinglevel")

    assert (reply.status, reply.code) == (404, "ACCOUNT_NOT_FOUND")


async def test_an_account_scope_reads_the_id_type(api: Api, sandbox: Sandbox) -> None:
    account_id = sandbox.seed.account(identifiers={"CARDCODE": "RL-1"})

    put = await api.send(
        "PUT", "/accounts/RL-1/ratinglevel", json={"ratingLevelId": "GOLD"}, id_type="CARDCODE"
    )
    read = await api.get(f"/accounts/{account_id}/ratinglevel")
    deleted = await api.send("DELETE", f"/accounts/{account_id}/ratinglevel")
    gone = await api.get(f"/accounts/{account_id}/ratinglevel")

    assert put.status == 200
    assert read.json() == {"accountId": account_id, "ratingLevelId": "GOLD"}
    assert deleted.status == 204
    assert gone.status == 404


async def test_a_program_singleton_is_not_its_partner_s(api: Api) -> None:
    partner_id = await _partner(api)
    await api.send("PUT", f"/programs/{P1}/partners/{partner_id}/ratingconfig", json={"scale": 5})

    program = await api.get(f"/programs/{P1}/ratingconfig")
    partner = await api.get(f"/programs/{P1}/partners/{partner_id}/ratingconfig")

    assert program.status == 404
    assert partner.json() == {"programId": P1, "partnerId": partner_id, "scale": 5}


# ---------------------------------------------------------------------- paging


async def test_a_paged_operation_answers_spring_pages(api: Api, sandbox: Sandbox) -> None:
    partner_id = await _partner(api)
    for number in range(5):
        await api.post(f"/programs/{P1}/partners/{partner_id}/stores", json={"n": number})

    unpaged = await api.get(f"/programs/{P1}/stores")
    page = await api.get(f"/programs/{P1}/stores", params={"page": "1", "size": "2"})

    assert len(unpaged.json()) == 5  # stores.list_for_program: a bare array
    # stores.list_for_program_paginated_deprecated shares the route and pages.
    body = page.json()
    assert [s["n"] for s in body["content"]] == [2, 3]
    assert {k: v for k, v in body.items() if k != "content"} == {
        "number": 1,
        "size": 2,
        "totalElements": 5,
        "totalPages": 3,
        "numberOfElements": 2,
        "first": False,
        "last": False,
        "empty": False,
    }


async def test_the_sdk_walks_a_spring_paged_list(api: Api) -> None:
    created = await api.post("/v2/identifierbatches", json={"count": 7, "type": "APPCODE"})
    batch_id = created.location_id

    async with api.sandbox.client() as client:
        codes = [
            identifier.code
            async for identifier in client.identifiers.list_batch_identifiers(batch_id, page_size=3)
        ]

    assert created.status == 201
    assert len(codes) == 7 and len(set(codes)) == 7


# ---------------------------------------------------------------------- actions, bulk


async def test_actions_change_the_status(api: Api) -> None:
    config = (await api.post("/webhooks/action-config", json={"url": "https://x"})).location_id

    paused = await api.post(f"/webhooks/action-config/{config}/pause")
    resumed = await api.post(f"/webhooks/action-config/{config}/resume")
    emptied = await api.post(f"/webhooks/action-config/{config}/empty")

    assert paused.json()["status"] == "PAUSED"
    assert resumed.json()["status"] == "ACTIVE"
    assert emptied.json()["status"] == "ACTIVE"


async def test_a_clone_is_a_new_record(api: Api) -> None:
    post = (await api.post("/newsfeed-service/v2/posts", json={"title": "Hi"})).location_id

    clone = await api.post(f"/newsfeed-service/posts/{post}/clone", json={"title": "Hi again"})
    read = await api.get(f"/newsfeed-service/posts/{clone.location_id}")

    assert clone.status == 201 and clone.location_id != post
    assert read.json() == {"title": "Hi again", "postId": clone.location_id}


async def test_bulk_creates_answer_every_record(api: Api) -> None:
    reply = await api.post("/mounting-service/devices/bulk", json=[{"name": "A"}, {"name": "B"}])
    listed = await api.get("/mounting-service/devices")

    assert reply.status == 201
    assert [d["name"] for d in reply.json()] == ["A", "B"]
    assert listed.json() == reply.json()


async def test_an_upload_keeps_what_describes_the_file(api: Api) -> None:
    form = aiohttp.FormData()
    form.add_field("tag", "banner")
    form.add_field("file", b"\x89PNG....", filename="a.png", content_type="image/png")
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{api.sandbox.url}/mounting-service/images/upload",
            data=form,
            headers={"Authorization": api.token, "interaction-id": "till-1"},
        ) as response,
    ):
        status, location = response.status, response.headers["Location"]

    image = await api.get(location.removeprefix(api.sandbox.url))

    assert status == 201
    assert image.json() == {
        "tag": "banner",
        "name": "a.png",
        "contentType": "image/png",
        "size": 8,
        "id": location.rsplit("/", 1)[1],
    }


async def test_a_batch_assigns_and_unassigns_accounts(api: Api, sandbox: Sandbox) -> None:
    post = (await api.post("/newsfeed-service/v2/posts", json={"title": "Hi"})).location_id
    a, b = sandbox.seed.account(), sandbox.seed.account()
    path = f"/newsfeed-service/v2/posts/{post}/accounts"

    assigned = await api.post(f"{path}/batch", json=[a, b])
    unknown = await api.post(f"{path}/batch", json=["nobody"])
    removed = await api.send("DELETE", f"{path}/batch", json=[a])
    left = await api.send("DELETE", f"{path}/{b}")
    gone = await api.send("DELETE", f"{path}/{b}")

    assert [r["accountId"] for r in assigned.json()] == [a, b]
    assert (unknown.status, unknown.code) == (404, "ACCOUNT_NOT_FOUND")
    assert (removed.status, left.status, gone.status) == (204, 204, 404)


async def test_a_health_check_is_up(api: Api) -> None:
    for path in ("/tracking-service/health", "/connectors/ping", "/ai-service/health"):
        reply = await api.get(path)
        assert reply.json() == {"status": "UP"}, path


# ---------------------------------------------------------------------- table and stats


def test_every_operation_has_a_shape() -> None:
    catalog = Catalog(OPERATIONS)

    assert {catalog[op.name].role for op in OPERATIONS} >= {Role.LIST, Role.CREATE, Role.GET}
    assert catalog["partners.deactivate"].role is Role.DEACTIVATE
    assert catalog["webhooks.actions.retry"].role is Role.ACTION
    assert catalog["product_catalog.subgroups.list"].kind == "core:subgroups"


async def test_stats_count_requests_per_operation(api: Api, sandbox: Sandbox) -> None:
    await _partner(api)
    await api.get(f"/programs/{P1}/partners")
    await api.get(f"/programs/{P1}/partners")

    assert sandbox.stats.operations["partners.create"] == 1
    assert sandbox.stats.operations["partners.list"] == 2


async def test_a_route_override_moves_a_generic_resource(clock: Clock) -> None:
    routes = {"partners.get": "/v9/programs/{programId}/partners/{partnerId}"}
    async with (
        Sandbox(routes=routes, clock=clock) as sandbox,
        aiohttp.ClientSession() as session,
    ):
        api = Api(session, sandbox)
        await api.login()
        created = await api.post(f"/programs/{P1}/partners", json={"name": "B"})
        read = await api.get(created.headers["Location"].removeprefix(sandbox.url))

    assert "/v9/programs/" in created.headers["Location"]
    assert read.json()["name"] == "B"


async def test_generic_records_survive_a_restart(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "sandbox.sqlite"
    async with Sandbox(db=path, clock=clock) as first, aiohttp.ClientSession() as session:
        api = Api(session, first)
        await api.login()
        partner_id = await _partner(api)

    async with Sandbox(db=path, clock=clock) as second, aiohttp.ClientSession() as session:
        api = Api(session, second)
        await api.login()
        read = await api.get(f"/programs/{P1}/partners/{partner_id}")

    assert read.json()["name"] == "Bakery"


@pytest.mark.parametrize("body", [b"[1]", b'"text"'], ids=["an array", "a string"])
async def test_a_create_needs_a_json_object(api: Api, body: bytes) -> None:
    reply = await api.post(
        f"/programs/{P1}/tags", data=body, headers={"Content-Type": "application/json"}
    )

    assert (reply.status, reply.code) == (400, "VALIDATION_ERROR")
