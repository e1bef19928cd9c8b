"""Partners, their blacklists, stores and interaction points on the wire."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from loyalty_async import (
    ConvercusClient,
    OutcomeUnknownError,
    PaginationError,
    ReadTimeout,
    Request,
    Response,
    RetryPolicy,
    ValidationError,
)
from loyalty_async.convercus import (
    CLEAR,
    BusinessUnit,
    CustomProperty,
    InteractionPointType,
    InteractionPointUpdate,
    NewBlacklistEntry,
    NewInteractionPoint,
    NewPartner,
    NewStore,
    UnitStatus,
    UnitType,
)
from tests.convercus.admin_wire import (
    BLACKLIST,
    PARTNER,
    PROGRAM,
    STORE,
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
from tests.convercus.wire_asserts import assert_sent, make_client

P = f"/programs/{PROGRAM}"
PP = f"{P}/partners/{PARTNER}"
PS = f"{PP}/stores/{STORE}"
AFFILIATE = "6f1d0c3a-72e4-4e0b-9a8e-4c7b1d2e3f40"

PARTNER_BODY = {
    "partnerId": PARTNER,
    "name": "Kaffeehaus Nord GmbH",
    "status": "ACTIVE",
    "externalId": "KH-NORD",
    "email": "loyalty@kaffeehaus.example",
    "countryCode": "DE",
    "customProperties": [{"name": "region", "value": "north"}],
    "createdAt": "2023-05-02T08:00:00Z",
    "billingAccount": "DE-4711",
}
NEW_PARTNER = NewPartner(
    name="Kaffeehaus Nord GmbH",
    external_id="KH-NORD",
    email="loyalty@kaffeehaus.example",
    country_code="de",
    custom_properties=[CustomProperty("region", "north")],
)
PARTNER_JSON = {
    "name": "Kaffeehaus Nord GmbH",
    "externalId": "KH-NORD",
    "email": "loyalty@kaffeehaus.example",
    "countryCode": "DE",
    "customProperties": [{"name": "region", "value": "north"}],
}
STORE_BODY = {
    "storeId": STORE,
    "partnerId": PARTNER,
    "name": "Kaffeehaus Hamburg Altona",
    "status": "ACTIVE",
    "externalId": "F-017",
    "streetHouseNo": "Ottenser Hauptstr. 10",
    "zipCode": "22765",
    "city": "Hamburg",
    "countryCode": "DE",
    "latitude": 53.5511,
    "longitude": 9.9337,
    "openingHours": [{"day": "MON", "from": "08:00", "to": "18:00"}],
}
NEW_STORE = NewStore(
    name="Kaffeehaus Hamburg Altona",
    external_id="F-017",
    city="Hamburg",
    country_code="DE",
    latitude=Decimal("53.5511"),
    longitude=Decimal("9.9337"),
)
STORE_JSON = {
    "name": "Kaffeehaus Hamburg Altona",
    "externalId": "F-017",
    "city": "Hamburg",
    "countryCode": "DE",
    "latitude": 53.5511,
    "longitude": 9.9337,
}
POINT_BODY = {
    "interactionPointId": TILL,
    "name": "Till 1",
    "type": "POS",
    "status": "ACTIVE",
    "businessUnitId": STORE,
    "partnerId": PARTNER,
    "storeId": STORE,
    "serialNumber": "SN-0042",
}
NEW_POINT = NewInteractionPoint(name="Till 1", type=InteractionPointType.POS)
POINT_JSON = {"name": "Till 1", "type": "POS"}
BLACKLIST_BODY = {"blacklistId": BLACKLIST, "type": "ARTICLE", "value": "ART-1"}
ENTRY = NewBlacklistEntry(value="ART-1", type="ARTICLE")
ENTRY_JSON = {"value": "ART-1", "type": "ARTICLE"}
NO_CONTENT = Response(204)

CASES = [
    # ---------------------------------------------------------------- partners
    case(lambda c: c.partners.list(program_id=PROGRAM), "GET", f"{P}/partners",
         Response(200, json=[PARTNER_BODY]),
         has(partner_id=PARTNER, status=UnitStatus.ACTIVE, extra={"billingAccount": "DE-4711"}),
         id="partners.list"),
    case(lambda c: c.partners.list_deprecated(program_id=PROGRAM), "GET", f"{P}/partners",
         Response(200, json=[PARTNER_BODY]), has(name="Kaffeehaus Nord GmbH"),
         id="partners.list_deprecated"),
    case(lambda c: c.partners.list_deprecated_2(program_id=PROGRAM), "GET", f"{P}/partners",
         Response(200, json=[]), lambda r: _equal(r, []), id="partners.list_deprecated_2"),
    case(lambda c: c.partners.get(PARTNER, program_id=PROGRAM), "GET", PP,
         Response(200, json=PARTNER_BODY),
         has(custom_properties=[CustomProperty("region", "north")], country_code="DE"),
         id="partners.get"),
    case(lambda c: c.partners.create(NEW_PARTNER, program_id=PROGRAM), "POST", f"{P}/partners",
         created(f"{P}/partners", PARTNER), is_id(PARTNER), json=PARTNER_JSON,
         id="partners.create"),
    case(lambda c: c.partners.create_deprecated(NEW_PARTNER, program_id=PROGRAM), "POST",
         f"{P}/partners", created(f"{P}/partners", PARTNER), is_id(PARTNER), json=PARTNER_JSON,
         id="partners.create_deprecated"),
    case(lambda c: c.partners.update(PARTNER, NEW_PARTNER, program_id=PROGRAM), "PUT", PP,
         Response(200, json=PARTNER_BODY), has(external_id="KH-NORD"), json=PARTNER_JSON,
         id="partners.update"),
    case(lambda c: c.partners.update_deprecated(PARTNER, NEW_PARTNER, program_id=PROGRAM),
         "PUT", PP, NO_CONTENT, is_none, json=PARTNER_JSON, id="partners.update_deprecated"),
    case(lambda c: c.partners.deactivate(PARTNER, program_id=PROGRAM), "DELETE", PP,
         NO_CONTENT, is_none, id="partners.deactivate"),
    case(lambda c: c.partners.deactivate_deprecated(PARTNER, program_id=PROGRAM), "DELETE", PP,
         Response(200), is_none, id="partners.deactivate_deprecated"),
    case(lambda c: c.partners.list_affiliates(PARTNER, program_id=PROGRAM), "GET",
         f"{PP}/affiliates",
         Response(200, json=[{"partnerId": AFFILIATE, "name": "Bäckerei Süd"}]),
         has(partner_id=AFFILIATE, name="Bäckerei Süd"), id="partners.list_affiliates"),
    case(lambda c: c.partners.list_affiliate_program_units(PARTNER, program_id=PROGRAM), "GET",
         f"{PP}/programunits",
         Response(200, json=[{"unitId": STORE, "unitType": "STORE", "name": "Altona",
                              "partnerId": PARTNER, "level": 2}]),
         has(unit_type=UnitType.STORE, extra={"level": 2}),
         id="partners.list_affiliate_program_units"),
    # ---------------------------------------------------------------- partner blacklists
    case(lambda c: c.partners.blacklists.list(PARTNER, program_id=PROGRAM), "GET",
         f"{PP}/blacklists", Response(200, json=[BLACKLIST_BODY]), has(value="ART-1"),
         id="partners.blacklists.list"),
    case(lambda c: c.partners.blacklists.get(PARTNER, BLACKLIST, program_id=PROGRAM), "GET",
         f"{PP}/blacklists/{BLACKLIST}", Response(200, json=BLACKLIST_BODY),
         has(blacklist_id=BLACKLIST), id="partners.blacklists.get"),
    case(lambda c: c.partners.blacklists.create(PARTNER, ENTRY, program_id=PROGRAM), "POST",
         f"{PP}/blacklists", created(f"{PP}/blacklists", BLACKLIST), is_id(BLACKLIST),
         json=ENTRY_JSON, id="partners.blacklists.create"),
    case(lambda c: c.partners.blacklists.update(PARTNER, BLACKLIST, ENTRY, program_id=PROGRAM),
         "PUT", f"{PP}/blacklists/{BLACKLIST}", Response(200, json=BLACKLIST_BODY),
         has(type="ARTICLE"), json=ENTRY_JSON, id="partners.blacklists.update"),
    case(lambda c: c.partners.blacklists.delete(PARTNER, BLACKLIST, program_id=PROGRAM),
         "DELETE", f"{PP}/blacklists/{BLACKLIST}", NO_CONTENT, is_none,
         id="partners.blacklists.delete"),
    # ---------------------------------------------------------------- stores
    case(lambda c: c.stores.list_for_program(program_id=PROGRAM), "GET", f"{P}/stores",
         Response(200, json=[STORE_BODY]),
         has(latitude=Decimal("53.5511"), extra={"openingHours": STORE_BODY["openingHours"]}),
         id="stores.list_for_program"),
    case(lambda c: c.stores.list_for_program_2(program_id=PROGRAM), "GET", f"{P}/stores",
         Response(200, json=[STORE_BODY]), has(store_id=STORE), id="stores.list_for_program_2"),
    case(lambda c: c.stores.list_for_program_deprecated(program_id=PROGRAM), "GET",
         f"{P}/stores", Response(200, json=[STORE_BODY]), has(city="Hamburg"),
         id="stores.list_for_program_deprecated"),
    case(lambda c: c.stores.list_for_partner_deprecated(PARTNER, program_id=PROGRAM), "GET",
         f"{PP}/stores", Response(200, json=[STORE_BODY]), has(partner_id=PARTNER),
         id="stores.list_for_partner_deprecated"),
    case(lambda c: c.stores.get(PARTNER, STORE, program_id=PROGRAM), "GET", PS,
         Response(200, json=STORE_BODY), has(zip_code="22765", longitude=Decimal("9.9337")),
         id="stores.get"),
    case(lambda c: c.stores.create(PARTNER, NEW_STORE, program_id=PROGRAM), "POST",
         f"{PP}/stores", created(f"{PP}/stores", STORE), is_id(STORE), json=STORE_JSON,
         id="stores.create"),
    case(lambda c: c.stores.create_deprecated(PARTNER, NEW_STORE, program_id=PROGRAM), "POST",
         f"{PP}/stores", created(f"{PP}/stores", STORE), is_id(STORE), json=STORE_JSON,
         id="stores.create_deprecated"),
    case(lambda c: c.stores.update(PARTNER, STORE, NEW_STORE, program_id=PROGRAM), "PUT", PS,
         Response(200, json=STORE_BODY), has(name="Kaffeehaus Hamburg Altona"),
         json=STORE_JSON, id="stores.update"),
    case(lambda c: c.stores.update_deprecated(PARTNER, STORE, NEW_STORE, program_id=PROGRAM),
         "PUT", PS, NO_CONTENT, is_none, json=STORE_JSON, id="stores.update_deprecated"),
    case(lambda c: c.stores.deactivate(PARTNER, STORE, program_id=PROGRAM), "DELETE", PS,
         NO_CONTENT, is_none, id="stores.deactivate"),
    # ---------------------------------------------------------------- interaction points
    case(lambda c: c.interaction_points.list(program_id=PROGRAM), "GET",
         f"{P}/interactionpoints", Response(200, json=[POINT_BODY]),
         has(interaction_point_id=TILL, type=InteractionPointType.POS,
             extra={"serialNumber": "SN-0042"}),
         id="interaction_points.list"),
    case(lambda c: c.interaction_points.get(TILL, program_id=PROGRAM), "GET",
         f"{P}/interactionpoints/{TILL}", Response(200, json=POINT_BODY),
         has(business_unit_id=STORE), id="interaction_points.get"),
    case(lambda c: c.interaction_points.get_details(TILL, program_id=PROGRAM), "GET",
         f"{P}/interactionpoints/{TILL}/details",
         Response(200, json={**POINT_BODY, "businessUnit": {
             "id": STORE, "unitType": "STORE", "name": "Kaffeehaus Hamburg Altona"}}),
         has(business_unit=BusinessUnit(STORE, UnitType.STORE, "Kaffeehaus Hamburg Altona")),
         id="interaction_points.get_details"),
    case(lambda c: c.interaction_points.create(NEW_POINT, program_id=PROGRAM), "POST",
         f"/v2{P}/interactionpoints", created(f"{P}/interactionpoints", TILL), is_id(TILL),
         json=POINT_JSON, id="interaction_points.create"),
    case(lambda c: c.interaction_points.create_deprecated(NEW_POINT, program_id=PROGRAM),
         "POST", f"{P}/interactionpoints", created(f"{P}/interactionpoints", TILL),
         is_id(TILL), json=POINT_JSON, id="interaction_points.create_deprecated"),
    case(lambda c: c.interaction_points.create_unscoped_deprecated(NEW_POINT), "POST",
         "/interactionpoints", created("/interactionpoints", TILL), is_id(TILL),
         json=POINT_JSON, id="interaction_points.create_unscoped_deprecated"),
    case(lambda c: c.interaction_points.update(
             TILL, InteractionPointUpdate(name="Till 1 (front)", description=CLEAR),
             program_id=PROGRAM),
         "PATCH", f"{P}/interactionpoints/{TILL}",
         Response(200, json={**POINT_BODY, "name": "Till 1 (front)"}),
         has(name="Till 1 (front)"), json={"name": "Till 1 (front)", "description": None},
         id="interaction_points.update"),
    case(lambda c: c.interaction_points.delete(TILL, program_id=PROGRAM), "DELETE",
         f"{P}/interactionpoints/{TILL}", NO_CONTENT, is_none, id="interaction_points.delete"),
    case(lambda c: c.interaction_points.list_for_partner(PARTNER, program_id=PROGRAM), "GET",
         f"{PP}/interactionpoints", Response(200, json=[POINT_BODY]), has(partner_id=PARTNER),
         id="interaction_points.list_for_partner"),
    case(lambda c: c.interaction_points.get_for_partner(PARTNER, TILL, program_id=PROGRAM),
         "GET", f"{PP}/interactionpoints/{TILL}", Response(200, json=POINT_BODY),
         has(name="Till 1"), id="interaction_points.get_for_partner"),
    case(lambda c: c.interaction_points.create_for_partner(PARTNER, NEW_POINT,
                                                           program_id=PROGRAM),
         "POST", f"{PP}/interactionpoints", created(f"{PP}/interactionpoints", TILL),
         is_id(TILL), json=POINT_JSON, id="interaction_points.create_for_partner"),
    case(lambda c: c.interaction_points.create_for_partner_deprecated(
             PARTNER, NEW_POINT, program_id=PROGRAM),
         "POST", f"{PP}/interactionpoints", created(f"{PP}/interactionpoints", TILL),
         is_id(TILL), json=POINT_JSON, id="interaction_points.create_for_partner_deprecated"),
    case(lambda c: c.interaction_points.list_for_store(PARTNER, STORE, program_id=PROGRAM),
         "GET", f"{PS}/interactionpoints", Response(200, json=[POINT_BODY]),
         has(store_id=STORE), id="interaction_points.list_for_store"),
    case(lambda c: c.interaction_points.get_for_store(PARTNER, STORE, TILL, program_id=PROGRAM),
         "GET", f"{PS}/interactionpoints/{TILL}", Response(200, json=POINT_BODY),
         has(status=UnitStatus.ACTIVE), id="interaction_points.get_for_store"),
    case(lambda c: c.interaction_points.create_for_store(PARTNER, STORE, NEW_POINT,
                                                         program_id=PROGRAM),
         "POST", f"{PS}/interactionpoints", created(f"{PS}/interactionpoints", TILL),
         is_id(TILL), json=POINT_JSON, id="interaction_points.create_for_store"),
]  # fmt: skip


def _equal(actual: object, expected: object) -> None:
    assert actual == expected


@pytest.mark.parametrize("wire_case", CASES)
async def test_wire(client: ConvercusClient, wire: Wire, wire_case: WireCase) -> None:
    await run_case(client, wire, wire_case)


def _page(numbers: range, *, last: bool) -> Response:
    stores = [
        {**STORE_BODY, "storeId": f"{STORE[:-2]}{n:02d}", "name": f"Store {n}"} for n in numbers
    ]
    return Response(200, json={"content": stores, "last": last, "number": 0, "totalPages": 2})


async def test_the_paged_program_stores_walk_every_page(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", f"{P}/stores", _page(range(2), last=False), _page(range(2, 3), last=True))

    pager = client.stores.list_for_program_paginated_deprecated(page_size=2, program_id=PROGRAM)
    names = [store.name async for store in pager]

    assert names == ["Store 0", "Store 1", "Store 2"]
    assert [call.params for call in wire.calls] == [
        [("page", "0"), ("size", "2")],
        [("page", "1"), ("size", "2")],
    ]


async def test_the_paged_partner_stores_resume_from_the_page_that_failed(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "GET",
        f"{PP}/stores",
        _page(range(2), last=False),
        Response(400, json={"code": "BAD_PAGE", "message": "no"}),
    )
    pager = client.stores.list_for_partner_paginated_deprecated(
        PARTNER, page_size=2, program_id=PROGRAM
    )
    seen = []
    with pytest.raises(PaginationError) as caught:
        async for store in pager:
            seen.append(store.name)
    assert seen == ["Store 0", "Store 1"]
    assert caught.value.resume == 1

    wire.on("GET", f"{PP}/stores", _page(range(2, 3), last=True))
    resumed = client.stores.list_for_partner_paginated_deprecated(
        PARTNER, page_size=2, start_page=caught.value.resume, program_id=PROGRAM
    )
    assert [store.name async for store in resumed] == ["Store 2"]
    assert_sent(wire.last, "GET", f"{PP}/stores", params=[("page", "1"), ("size", "2")])


async def test_a_partner_read_and_replaced_keeps_what_the_sdk_does_not_declare(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", PP, Response(200, json=PARTNER_BODY))
    wire.on("PUT", PP, Response(204))
    stored = await client.partners.get(PARTNER, program_id=PROGRAM)

    changed = NewPartner.from_resource(stored)
    changed.phone = "+49 40 123456"
    await client.partners.update(PARTNER, changed, program_id=PROGRAM)

    assert_sent(
        wire.last,
        "PUT",
        PP,
        json={
            "name": "Kaffeehaus Nord GmbH",
            "externalId": "KH-NORD",
            "email": "loyalty@kaffeehaus.example",
            "phone": "+49 40 123456",
            "countryCode": "DE",
            "customProperties": [{"name": "region", "value": "north"}],
            "billingAccount": "DE-4711",
            "status": "ACTIVE",
        },
    )


BAD_INPUT = [
    pytest.param(lambda c: c.partners.get("KH-NORD", program_id=PROGRAM), "partner_id",
                 id="partner-not-uuid"),
    pytest.param(lambda c: c.stores.get(PARTNER, "F-017", program_id=PROGRAM), "store_id",
                 id="store-not-uuid"),
    pytest.param(lambda c: c.partners.blacklists.delete(PARTNER, "x", program_id=PROGRAM),
                 "blacklist_id", id="blacklist-not-uuid"),
    pytest.param(lambda c: c.interaction_points.get("", program_id=PROGRAM),
                 "interaction_point_id", id="till-empty"),
    pytest.param(lambda c: c.interaction_points.list_for_store(PARTNER, None, program_id=PROGRAM),
                 "store_id", id="store-missing"),
    pytest.param(lambda c: c.partners.create(NewPartner(name=" "), program_id=PROGRAM),
                 "name", id="partner-blank-name"),
    pytest.param(lambda c: c.partners.create(NewPartner(name="x", email="kaffeehaus"),
                                             program_id=PROGRAM),
                 "email", id="partner-bad-email"),
    pytest.param(lambda c: c.partners.create(NewPartner(name="x", country_code="GER"),
                                             program_id=PROGRAM),
                 "country_code", id="partner-bad-country"),
    pytest.param(lambda c: c.partners.create(
                     NewPartner(name="x", custom_properties=[CustomProperty("", "v")]),
                     program_id=PROGRAM),
                 "custom_properties.name", id="partner-property-without-name"),
    pytest.param(lambda c: c.stores.create(PARTNER, NewStore(name="x", latitude=-91),
                                           program_id=PROGRAM),
                 "latitude", id="store-latitude-out-of-range"),
    pytest.param(lambda c: c.stores.create(PARTNER, NewStore(name="x", longitude="east"),
                                           program_id=PROGRAM),
                 "longitude", id="store-longitude-not-a-number"),
    pytest.param(lambda c: c.interaction_points.create(NewInteractionPoint(name="x", type="TILL"),
                                                       program_id=PROGRAM),
                 "type", id="till-wrong-type"),
    pytest.param(lambda c: c.interaction_points.update(TILL, InteractionPointUpdate(),
                                                       program_id=PROGRAM),
                 "update", id="till-empty-update"),
    pytest.param(lambda c: c.interaction_points.update(
                     TILL, InteractionPointUpdate(status="DELETED"), program_id=PROGRAM),
                 "status", id="till-wrong-status"),
    pytest.param(lambda c: c.interaction_points.update(
                     TILL, InteractionPointUpdate(name=CLEAR), program_id=PROGRAM),
                 "name", id="till-name-cleared"),
    pytest.param(lambda c: c.stores.list_for_program_paginated_deprecated(
                     page_size=0, program_id=PROGRAM),
                 "page_size", id="page-size-zero"),
    pytest.param(lambda c: c.stores.list_for_partner_paginated_deprecated(
                     PARTNER, start_page=-1, program_id=PROGRAM),
                 "start_page", id="start-page-negative"),
    pytest.param(lambda c: c.stores.update(PARTNER, STORE, NEW_PARTNER, program_id=PROGRAM),
                 "store", id="store-given-a-partner"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "field"), BAD_INPUT)
async def test_bad_input_is_refused_before_any_request(
    client: ConvercusClient, wire: Wire, call: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        result = call(client)
        if hasattr(result, "__await__"):
            await result

    assert caught.value.field == field
    assert not wire.calls


async def test_a_create_that_timed_out_is_not_sent_again() -> None:
    sent: list[Request] = []

    def handler(request: Request) -> Response:
        if request.url.endswith("/auth/login"):
            return Response(200, text="token")
        sent.append(request)
        raise ReadTimeout("the answer was lost")

    async with make_client(handler, retry=RetryPolicy(base_delay=0, max_delay=0)) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.partners.create(NEW_PARTNER, program_id=PROGRAM)

    assert len(sent) == 1
    assert caught.value.operation == "partners.create"


async def test_an_interaction_point_patch_is_resent_after_a_server_error() -> None:
    answers = [Response(503), Response(200, json=POINT_BODY)]
    sent: list[Request] = []

    def handler(request: Request) -> Response:
        if request.url.endswith("/auth/login"):
            return Response(200, text="token")
        sent.append(request)
        return answers.pop(0)

    async with make_client(handler, retry=RetryPolicy(base_delay=0, max_delay=0)) as client:
        point = await client.interaction_points.update(
            TILL, InteractionPointUpdate(name="Till 1"), program_id=PROGRAM
        )

    assert point is not None and point.name == "Till 1"
    assert [r.method for r in sent] == ["PATCH", "PATCH"]
    assert sent[0].content == sent[1].content == b'{"name":"Till 1"}'
