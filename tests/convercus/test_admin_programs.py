"""A program's configuration on the wire: blacklists, custom properties, endpoints, API
operations, resources, tags and status level sets."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import pytest

from loyalty_async import ConfigurationError, ConvercusClient, Response, ValidationError
from loyalty_async.convercus import (
    CustomPropertyDomain,
    NewBlacklistEntry,
    NewCustomPropertyDefinition,
    NewEndpoint,
    NewResource,
    NewStatusLevel,
    NewStatusLevelSet,
    NewTag,
    StatusLevelSetStatus,
)
from tests.convercus.admin_wire import (
    BLACKLIST,
    ENDPOINT,
    LEVEL_SET,
    PARTNER,
    PROGRAM,
    PROPERTY,
    RESOURCE,
    STORE,
    TAG,
    TILL,
    WireCase,
    case,
    created,
    has,
    is_id,
    is_none,
    run_case,
)
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import make_client

P = f"/programs/{PROGRAM}"
UTC = dt.UTC

BLACKLIST_BODY = {
    "blacklistId": BLACKLIST,
    "type": "ARTICLE",
    "value": "4006381333931",
    "description": "tobacco: no points",
    "validFrom": "2024-01-01T00:00:00Z",
    "createdAt": "2023-12-20T09:30:00.123+0000",
    "reason": "legal",
}
ENTRY = NewBlacklistEntry(
    value="4006381333931", type="ARTICLE", valid_from=dt.datetime(2024, 1, 1, tzinfo=UTC)
)
ENTRY_JSON = {"value": "4006381333931", "type": "ARTICLE", "validFrom": "2024-01-01T00:00:00+00:00"}

PROPERTY_BODY = {
    "customPropertyId": PROPERTY,
    "name": "favouriteStore",
    "domain": "USER",
    "type": "STRING",
    "mandatory": False,
    "maxLength": 40,
}
DEFINITION = NewCustomPropertyDefinition(
    name="favouriteStore", domain=CustomPropertyDomain.USER, type="STRING", mandatory=False
)
DEFINITION_JSON = {"name": "favouriteStore", "domain": "USER", "type": "STRING", "mandatory": False}

ENDPOINT_BODY = {
    "endpointId": ENDPOINT,
    "name": "ERP receipts",
    "type": "WEBHOOK",
    "url": "https://erp.example.com/hooks/convercus",
    "active": True,
    "authType": "BASIC",
}
NEW_ENDPOINT = NewEndpoint(
    name="ERP receipts", url="https://erp.example.com/hooks/convercus", type="WEBHOOK"
)
ENDPOINT_JSON = {
    "name": "ERP receipts",
    "url": "https://erp.example.com/hooks/convercus",
    "type": "WEBHOOK",
}

RESOURCE_BODY = {
    "resourceId": RESOURCE,
    "name": "terms.pdf",
    "type": "DOCUMENT",
    "url": "https://cdn.example.com/terms.pdf",
    "contentType": "application/pdf",
}
TAG_BODY = {"tagId": TAG, "name": "summer", "domain": "COUPON", "color": "#ffcc00"}

LEVEL_SET_BODY = {
    "statusLevelSetId": LEVEL_SET,
    "name": "Standard 2024",
    "status": "ACTIVE",
    "validFrom": "2024-01-01T00:00:00Z",
    "levels": [
        {"statusLevelId": "l-1", "name": "Silver", "rank": 1, "neededStatePoints": 0},
        {"statusLevelId": "l-2", "name": "Gold", "rank": 2, "neededStatePoints": 1000},
    ],
    "downgradeRule": "YEARLY",
}
LADDER = NewStatusLevelSet(
    name="Standard 2024",
    status=StatusLevelSetStatus.ACTIVE,
    levels=[
        NewStatusLevel(name="Silver", rank=1, needed_state_points=0),
        NewStatusLevel(name="Gold", rank=2, needed_state_points=1000),
    ],
)
LEVEL_SET_JSON = {
    "name": "Standard 2024",
    "status": "ACTIVE",
    "levels": [
        {"name": "Silver", "rank": 1, "neededStatePoints": 0},
        {"name": "Gold", "rank": 2, "neededStatePoints": 1000},
    ],
}

OK = Response(200, json={})
NO_CONTENT = Response(204)

CASES = [
    # ---------------------------------------------------------------- blacklists
    case(
        lambda c: c.programs.blacklists.list(program_id=PROGRAM),
        "GET", f"{P}/blacklists", Response(200, json=[BLACKLIST_BODY]),
        has(blacklist_id=BLACKLIST, value="4006381333931", extra={"reason": "legal"}),
        id="blacklists.list",
    ),
    case(
        lambda c: c.programs.blacklists.get(BLACKLIST, program_id=PROGRAM),
        "GET", f"{P}/blacklists/{BLACKLIST}", Response(200, json=BLACKLIST_BODY),
        has(type="ARTICLE", valid_from=dt.datetime(2024, 1, 1, tzinfo=UTC)),
        id="blacklists.get",
    ),
    case(
        lambda c: c.programs.blacklists.create(ENTRY, program_id=PROGRAM),
        "POST", f"{P}/blacklists", created(f"{P}/blacklists", BLACKLIST), is_id(BLACKLIST),
        json=ENTRY_JSON, id="blacklists.create",
    ),
    case(
        lambda c: c.programs.blacklists.update(BLACKLIST, ENTRY, program_id=PROGRAM),
        "PUT", f"{P}/blacklists/{BLACKLIST}", Response(200, json=BLACKLIST_BODY),
        has(description="tobacco: no points"), json=ENTRY_JSON, id="blacklists.update",
    ),
    case(
        lambda c: c.programs.blacklists.delete(BLACKLIST, program_id=PROGRAM),
        "DELETE", f"{P}/blacklists/{BLACKLIST}", NO_CONTENT, is_none, id="blacklists.delete",
    ),
    # ---------------------------------------------------------------- custom properties
    case(
        lambda c: c.programs.custom_properties.list(program_id=PROGRAM),
        "GET", f"{P}/customproperties", Response(200, json=[PROPERTY_BODY]),
        has(domain=CustomPropertyDomain.USER, extra={"maxLength": 40}),
        id="custom_properties.list",
    ),
    case(
        lambda c: c.programs.custom_properties.get(PROPERTY, program_id=PROGRAM),
        "GET", f"{P}/customproperties/{PROPERTY}", Response(200, json=PROPERTY_BODY),
        has(name="favouriteStore", mandatory=False), id="custom_properties.get",
    ),
    case(
        lambda c: c.programs.custom_properties.create(DEFINITION, program_id=PROGRAM),
        "POST", f"{P}/customproperties", created(f"{P}/customproperties", PROPERTY),
        is_id(PROPERTY), json=DEFINITION_JSON, id="custom_properties.create",
    ),
    case(
        lambda c: c.programs.custom_properties.update(PROPERTY, DEFINITION, program_id=PROGRAM),
        "PUT", f"{P}/customproperties/{PROPERTY}", NO_CONTENT, is_none,
        json=DEFINITION_JSON, id="custom_properties.update",
    ),
    # ---------------------------------------------------------------- endpoints
    case(
        lambda c: c.programs.endpoints.list(program_id=PROGRAM),
        "GET", f"{P}/endpoints", Response(200, json=[ENDPOINT_BODY]),
        has(url="https://erp.example.com/hooks/convercus", active=True),
        id="endpoints.list",
    ),
    case(
        lambda c: c.programs.endpoints.list(type="WEBHOOK", program_id=PROGRAM),
        "GET", f"{P}/endpoints", Response(200, json=[]), lambda r: _equal(r, []),
        params=[("type", "WEBHOOK")], id="endpoints.list-by-type",
    ),
    case(
        lambda c: c.programs.endpoints.get(ENDPOINT, program_id=PROGRAM),
        "GET", f"{P}/endpoints/{ENDPOINT}", Response(200, json=ENDPOINT_BODY),
        has(type="WEBHOOK", extra={"authType": "BASIC"}), id="endpoints.get",
    ),
    case(
        lambda c: c.programs.endpoints.create(NEW_ENDPOINT, program_id=PROGRAM),
        "POST", f"/v2{P}/endpoints", created(f"{P}/endpoints", ENDPOINT), is_id(ENDPOINT),
        json=ENDPOINT_JSON, id="endpoints.create",
    ),
    case(
        lambda c: c.programs.endpoints.create_deprecated(NEW_ENDPOINT, program_id=PROGRAM),
        "POST", f"{P}/endpoints", created(f"{P}/endpoints", ENDPOINT), is_id(ENDPOINT),
        json=ENDPOINT_JSON, id="endpoints.create_deprecated",
    ),
    case(
        lambda c: c.programs.endpoints.update(ENDPOINT, NEW_ENDPOINT, program_id=PROGRAM),
        "PUT", f"{P}/endpoints/{ENDPOINT}", Response(200, json=ENDPOINT_BODY),
        has(endpoint_id=ENDPOINT), json=ENDPOINT_JSON, id="endpoints.update",
    ),
    case(
        lambda c: c.programs.endpoints.update_deprecated(
            ENDPOINT, NEW_ENDPOINT, program_id=PROGRAM
        ),
        "PUT", f"{P}/endpoints/{ENDPOINT}", NO_CONTENT, is_none,
        json=ENDPOINT_JSON, id="endpoints.update_deprecated",
    ),
    case(
        lambda c: c.programs.endpoints.delete(ENDPOINT, program_id=PROGRAM),
        "DELETE", f"{P}/endpoints/{ENDPOINT}", NO_CONTENT, is_none, id="endpoints.delete",
    ),
    # ---------------------------------------------------------------- operations
    case(
        lambda c: c.programs.list_operations(program_id=PROGRAM),
        "GET", f"{P}/operations",
        Response(200, json=[{"name": "createTransaction", "method": "POST",
                             "path": "/accounts/{accountId}/transactions", "enabled": True}]),
        has(name="createTransaction", method="POST", enabled=True),
        id="programs.list_operations",
    ),
    # ---------------------------------------------------------------- resources
    case(
        lambda c: c.programs.resources.get(RESOURCE, program_id=PROGRAM),
        "GET", f"{P}/resources/{RESOURCE}", Response(200, json=RESOURCE_BODY),
        has(content_type="application/pdf", url="https://cdn.example.com/terms.pdf"),
        id="resources.get",
    ),
    case(
        lambda c: c.programs.resources.create(
            NewResource(name="terms.pdf", url="https://cdn.example.com/terms.pdf"),
            program_id=PROGRAM,
        ),
        "POST", f"{P}/resources", created(f"{P}/resources", RESOURCE), is_id(RESOURCE),
        json={"name": "terms.pdf", "url": "https://cdn.example.com/terms.pdf"},
        id="resources.create",
    ),
    case(
        lambda c: c.programs.resources.delete(RESOURCE, program_id=PROGRAM),
        "DELETE", f"{P}/resources/{RESOURCE}", NO_CONTENT, is_none, id="resources.delete",
    ),
    # ---------------------------------------------------------------- tags
    case(
        lambda c: c.programs.tags.list(domain="COUPON", program_id=PROGRAM),
        "GET", f"{P}/tags", Response(200, json=[TAG_BODY]),
        has(name="summer", extra={"color": "#ffcc00"}), params=[("domain", "COUPON")],
        id="tags.list",
    ),
    case(
        lambda c: c.programs.tags.get(TAG, program_id=PROGRAM),
        "GET", f"{P}/tags/{TAG}", Response(200, json=TAG_BODY), has(domain="COUPON"),
        id="tags.get",
    ),
    case(
        lambda c: c.programs.tags.create(
            NewTag(name="summer", domain="COUPON"), program_id=PROGRAM
        ),
        "POST", f"{P}/tags", created(f"{P}/tags", TAG), is_id(TAG),
        json={"name": "summer", "domain": "COUPON"}, id="tags.create",
    ),
    case(
        lambda c: c.programs.tags.create_deprecated(NewTag(name="summer"), program_id=PROGRAM),
        "POST", f"{P}/tags", created(f"{P}/tags", TAG), is_id(TAG),
        json={"name": "summer"}, id="tags.create_deprecated",
    ),
    case(
        lambda c: c.programs.tags.update(TAG, NewTag(name="winter"), program_id=PROGRAM),
        "PUT", f"{P}/tags/{TAG}", Response(200, json={**TAG_BODY, "name": "winter"}),
        has(name="winter"), json={"name": "winter"}, id="tags.update",
    ),
    case(
        lambda c: c.programs.tags.update_deprecated(TAG, NewTag(name="winter"), program_id=PROGRAM),
        "PUT", f"{P}/tags/{TAG}", NO_CONTENT, is_none, json={"name": "winter"},
        id="tags.update_deprecated",
    ),
    case(
        lambda c: c.programs.tags.delete(TAG, program_id=PROGRAM),
        "DELETE", f"{P}/tags/{TAG}", NO_CONTENT, is_none, id="tags.delete",
    ),
    # ---------------------------------------------------------------- status level sets
    case(
        lambda c: c.status_level_sets.list(program_id=PROGRAM),
        "GET", f"{P}/statuslevelsets", Response(200, json=[LEVEL_SET_BODY]),
        has(status=StatusLevelSetStatus.ACTIVE, extra={"downgradeRule": "YEARLY"}),
        id="status_level_sets.list",
    ),
    case(
        lambda c: c.status_level_sets.list(status="INACTIVE", program_id=PROGRAM),
        "GET", f"{P}/statuslevelsets", Response(200, json=[]), lambda r: _equal(r, []),
        params=[("status", "INACTIVE")], id="status_level_sets.list-by-status",
    ),
    case(
        lambda c: c.status_level_sets.get(LEVEL_SET, program_id=PROGRAM),
        "GET", f"{P}/statuslevelsets/{LEVEL_SET}", Response(200, json=LEVEL_SET_BODY),
        lambda r: _equal([(lv.name, lv.needed_state_points) for lv in r.levels],
                         [("Silver", 0), ("Gold", 1000)]),
        id="status_level_sets.get",
    ),
    case(
        lambda c: c.status_level_sets.create(LADDER, program_id=PROGRAM),
        "POST", f"{P}/statuslevelsets", created(f"{P}/statuslevelsets", LEVEL_SET),
        is_id(LEVEL_SET), json=LEVEL_SET_JSON, id="status_level_sets.create",
    ),
    case(
        lambda c: c.status_level_sets.update(LEVEL_SET, LADDER, program_id=PROGRAM),
        "PUT", f"{P}/statuslevelsets/{LEVEL_SET}", Response(200, json=LEVEL_SET_BODY),
        has(name="Standard 2024"), json=LEVEL_SET_JSON, id="status_level_sets.update",
    ),
    case(
        lambda c: c.status_level_sets.delete(LEVEL_SET, program_id=PROGRAM),
        "DELETE", f"{P}/statuslevelsets/{LEVEL_SET}", NO_CONTENT, is_none,
        id="status_level_sets.delete",
    ),
]  # fmt: skip


def _equal(actual: object, expected: object) -> None:
    assert actual == expected


@pytest.mark.parametrize("wire_case", CASES)
async def test_wire(client: ConvercusClient, wire: Wire, wire_case: WireCase) -> None:
    await run_case(client, wire, wire_case)


BAD_INPUT = [
    pytest.param(lambda c: c.programs.blacklists.list(), "program_id", id="no-program"),
    pytest.param(
        lambda c: c.programs.tags.list(program_id=" "), "program_id", id="blank-program"
    ),
    pytest.param(
        lambda c: c.programs.blacklists.get("BL-1", program_id=PROGRAM),
        "blacklist_id", id="blacklist-not-uuid",
    ),
    pytest.param(
        lambda c: c.programs.custom_properties.get("", program_id=PROGRAM),
        "custom_property_id", id="property-empty",
    ),
    pytest.param(
        lambda c: c.programs.endpoints.delete("42", program_id=PROGRAM),
        "endpoint_id", id="endpoint-not-uuid",
    ),
    pytest.param(
        lambda c: c.programs.resources.get(RESOURCE[:-1], program_id=PROGRAM),
        "resource_id", id="resource-not-uuid",
    ),
    pytest.param(
        lambda c: c.programs.tags.update("summer", NewTag(name="x"), program_id=PROGRAM),
        "tag_id", id="tag-not-uuid",
    ),
    pytest.param(
        lambda c: c.status_level_sets.get("gold", program_id=PROGRAM),
        "status_level_set_id", id="level-set-not-uuid",
    ),
    pytest.param(
        lambda c: c.programs.tags.create(NewTag(name=""), program_id=PROGRAM),
        "name", id="tag-empty-name",
    ),
    pytest.param(
        lambda c: c.programs.blacklists.create(NewBlacklistEntry(value="  "), program_id=PROGRAM),
        "value", id="blacklist-blank-value",
    ),
    pytest.param(
        lambda c: c.programs.blacklists.create(
            NewBlacklistEntry(value="x", valid_from=dt.datetime(2024, 1, 1)),
            program_id=PROGRAM,
        ),
        "valid_from", id="blacklist-naive-datetime",
    ),
    pytest.param(
        lambda c: c.programs.custom_properties.create(
            NewCustomPropertyDefinition(name="x", domain="CART"), program_id=PROGRAM
        ),
        "domain", id="property-wrong-domain",
    ),
    pytest.param(
        lambda c: c.programs.custom_properties.create(
            NewCustomPropertyDefinition(name="x", mandatory="yes"),  # type: ignore[arg-type]
            program_id=PROGRAM,
        ),
        "mandatory", id="property-mandatory-not-bool",
    ),
    pytest.param(
        lambda c: c.programs.endpoints.create(
            NewEndpoint(name="x", url="erp.example.com/hook"), program_id=PROGRAM
        ),
        "url", id="endpoint-relative-url",
    ),
    pytest.param(
        lambda c: c.programs.endpoints.list(type="", program_id=PROGRAM), "type",
        id="endpoint-empty-type-filter",
    ),
    pytest.param(
        lambda c: c.programs.endpoints.create(
            {"name": "x", "url": "https://a.example"},  # type: ignore[arg-type]
            program_id=PROGRAM,
        ),
        "endpoint", id="endpoint-dict-not-model",
    ),
    pytest.param(
        lambda c: c.status_level_sets.list(status="GOLDEN", program_id=PROGRAM), "status",
        id="level-set-wrong-status-filter",
    ),
    pytest.param(
        lambda c: c.status_level_sets.create(
            NewStatusLevelSet(name="x", status="LIVE"), program_id=PROGRAM
        ),
        "status", id="level-set-wrong-status",
    ),
    pytest.param(
        lambda c: c.status_level_sets.create(
            NewStatusLevelSet(name="x", levels=[NewStatusLevel(name="Gold", rank=-1)]),
            program_id=PROGRAM,
        ),
        "rank", id="level-negative-rank",
    ),
    pytest.param(
        lambda c: c.status_level_sets.create(
            NewStatusLevelSet(
                name="x", levels=[NewStatusLevel(name="Gold", needed_state_points=-100)]
            ),
            program_id=PROGRAM,
        ),
        "needed_state_points", id="level-negative-points",
    ),
    pytest.param(
        lambda c: c.status_level_sets.create(
            NewStatusLevelSet(name="x", levels=[NewStatusLevel(name="Gold")] * 2),
            program_id=PROGRAM,
        ),
        "levels", id="level-named-twice",
    ),
    pytest.param(
        lambda c: c.status_level_sets.create(
            NewStatusLevelSet(
                name="x",
                valid_from=dt.datetime(2025, 1, 1, tzinfo=UTC),
                valid_to=dt.datetime(2024, 1, 1, tzinfo=UTC),
            ),
            program_id=PROGRAM,
        ),
        "valid_to", id="level-set-window-reversed",
    ),
    pytest.param(
        lambda c: c.programs.tags.create(
            NewTag(name="x", extra={"name": "y"}), program_id=PROGRAM
        ),
        "extra", id="extra-repeats-a-field",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("call", "field"), BAD_INPUT)
async def test_bad_input_is_refused_before_any_request(
    client: ConvercusClient, wire: Wire, call: Any, field: str
) -> None:
    with pytest.raises((ValidationError, ConfigurationError)) as caught:
        await call(client)

    assert not wire.calls
    if isinstance(caught.value, ValidationError):
        assert caught.value.field == field
    else:  # no program: the message says how to give one
        assert "program_id" in str(caught.value)


async def test_a_level_set_read_and_sent_back_loses_nothing(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", f"{P}/statuslevelsets/{LEVEL_SET}", Response(200, json=LEVEL_SET_BODY))
    wire.on("PUT", f"{P}/statuslevelsets/{LEVEL_SET}", Response(204))
    stored = await client.status_level_sets.get(LEVEL_SET, program_id=PROGRAM)

    changed = NewStatusLevelSet.from_resource(stored)
    changed.levels[1].needed_state_points = 1500
    await client.status_level_sets.update(LEVEL_SET, changed, program_id=PROGRAM)

    sent = wire.last.decoded_json()
    assert sent == {
        "name": "Standard 2024",
        "status": "ACTIVE",
        "validFrom": "2024-01-01T00:00:00+00:00",
        "levels": [
            {"statusLevelId": "l-1", "name": "Silver", "rank": 1, "neededStatePoints": 0},
            {"statusLevelId": "l-2", "name": "Gold", "rank": 2, "neededStatePoints": 1500},
        ],
        "downgradeRule": "YEARLY",
    }


async def test_the_program_comes_from_the_client_unless_the_call_names_one(wire: Wire) -> None:
    wire.on("GET", f"{P}/tags", Response(200, json=[TAG_BODY]))
    wire.on("GET", "/programs/pgm-0815/tags", Response(200, json=[]))
    wire.on("GET", f"{P}/partners/{PARTNER}/stores/{STORE}", Response(200, json={}))

    async with make_client(wire, program_id=PROGRAM) as client:
        assert [tag.name for tag in await client.programs.tags.list()] == ["summer"]
        assert await client.programs.tags.list(program_id="pgm-0815") == []
        await client.stores.get(PARTNER, STORE)
        other = client.with_options(program_id="pgm-0815")
        assert await other.programs.tags.list() == []

    assert [urlsplit(r.url).path for r in wire.calls] == [
        f"{P}/tags",
        "/programs/pgm-0815/tags",
        f"{P}/partners/{PARTNER}/stores/{STORE}",
        "/programs/pgm-0815/tags",
    ]


async def test_without_a_program_every_scoped_call_says_how_to_give_one(
    client: ConvercusClient, wire: Wire
) -> None:
    calls = [
        client.partners.list(),
        client.stores.list_for_program(),
        client.interaction_points.get(TILL),
        client.product_catalog.items.list(),
        client.status_level_sets.list(),
        client.programs.list_operations(),
    ]
    for call in calls:
        with pytest.raises(ConfigurationError, match=r"program_id=.*CONVERCUS_PROGRAM_ID"):
            await call
    with pytest.raises(ConfigurationError):
        client.stores.list_for_program_paginated_deprecated()
    assert not wire.calls
