"""The product catalog on the wire: groups, subgroups and items, program and partner scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from loyalty_async import ConvercusClient, Response, ValidationError
from loyalty_async.convercus import NewCatalogGroup, NewCatalogItem, NewCatalogSubgroup
from tests.convercus.admin_wire import (
    GROUP,
    ITEM,
    PARTNER,
    PROGRAM,
    SUBGROUP,
    WireCase,
    case,
    created,
    has,
    is_id,
    is_none,
    run_case,
)
from tests.convercus.conftest import Wire

P = f"/programs/{PROGRAM}"
PP = f"{P}/partners/{PARTNER}"

GROUP_BODY = {"groupId": GROUP, "name": "Beverages", "externalId": "WG-10", "sortOrder": 3}
SUBGROUP_BODY = {
    "subgroupId": SUBGROUP,
    "groupId": GROUP,
    "name": "Coffee",
    "externalId": "WG-10-2",
}
ITEM_BODY = {
    "itemId": ITEM,
    "groupId": GROUP,
    "subgroupId": SUBGROUP,
    "name": "Espresso beans 1 kg",
    "externalId": "ART-778812",
    "ean": "4006381333931",
    "price": 18.99,
    "currencyCode": "EUR",
    "vatRate": 7,
}

NEW_GROUP = NewCatalogGroup(name="Beverages", external_id="WG-10")
GROUP_JSON = {"name": "Beverages", "externalId": "WG-10"}
NEW_SUBGROUP = NewCatalogSubgroup(name="Coffee", external_id="WG-10-2")
SUBGROUP_JSON = {"name": "Coffee", "externalId": "WG-10-2"}
NEW_ITEM = NewCatalogItem(
    name="Espresso beans 1 kg",
    external_id="ART-778812",
    ean="4006381333931",
    price=Decimal("18.99"),
    currency_code="eur",
)
ITEM_JSON = {
    "name": "Espresso beans 1 kg",
    "externalId": "ART-778812",
    "ean": "4006381333931",
    "price": 18.99,
    "currencyCode": "EUR",
}
NO_CONTENT = Response(204)


def groups(c: ConvercusClient) -> Any:
    return c.product_catalog.groups


def subgroups(c: ConvercusClient) -> Any:
    return c.product_catalog.subgroups


def items(c: ConvercusClient) -> Any:
    return c.product_catalog.items


CASES = [
    # ---------------------------------------------------------------- groups, program
    case(lambda c: groups(c).list(program_id=PROGRAM), "GET", f"/v2{P}/groups",
         Response(200, json=[GROUP_BODY]), has(name="Beverages", extra={"sortOrder": 3}),
         id="groups.list"),
    case(lambda c: groups(c).list_deprecated(program_id=PROGRAM), "GET", f"{P}/groups",
         Response(200, json=[GROUP_BODY]), has(group_id=GROUP), id="groups.list_deprecated"),
    case(lambda c: groups(c).get(GROUP, program_id=PROGRAM), "GET", f"{P}/groups/{GROUP}",
         Response(200, json=GROUP_BODY), has(external_id="WG-10"), id="groups.get"),
    case(lambda c: groups(c).create(NEW_GROUP, program_id=PROGRAM), "POST", f"/v2{P}/groups",
         created(f"{P}/groups", GROUP), is_id(GROUP), json=GROUP_JSON, id="groups.create"),
    case(lambda c: groups(c).create_deprecated(NEW_GROUP, program_id=PROGRAM), "POST",
         f"{P}/groups", created(f"{P}/groups", GROUP), is_id(GROUP), json=GROUP_JSON,
         id="groups.create_deprecated"),
    case(lambda c: groups(c).update(GROUP, NEW_GROUP, program_id=PROGRAM), "PUT",
         f"/v2{P}/groups/{GROUP}", Response(200, json=GROUP_BODY), has(name="Beverages"),
         json=GROUP_JSON, id="groups.update"),
    case(lambda c: groups(c).update_deprecated(GROUP, NEW_GROUP, program_id=PROGRAM), "PUT",
         f"{P}/groups/{GROUP}", NO_CONTENT, is_none, json=GROUP_JSON,
         id="groups.update_deprecated"),
    case(lambda c: groups(c).delete(GROUP, program_id=PROGRAM), "DELETE",
         f"{P}/groups/{GROUP}", NO_CONTENT, is_none, id="groups.delete"),
    # ---------------------------------------------------------------- groups, partner
    case(lambda c: groups(c).list_for_partner(PARTNER, program_id=PROGRAM), "GET",
         f"{PP}/groups", Response(200, json=[{**GROUP_BODY, "partnerId": PARTNER}]),
         has(partner_id=PARTNER), id="groups.list_for_partner"),
    case(lambda c: groups(c).create_for_partner(PARTNER, NEW_GROUP, program_id=PROGRAM),
         "POST", f"/v2{PP}/groups", created(f"{PP}/groups", GROUP), is_id(GROUP),
         json=GROUP_JSON, id="groups.create_for_partner"),
    case(lambda c: groups(c).create_for_partner_deprecated(
             PARTNER, NEW_GROUP, program_id=PROGRAM),
         "POST", f"{PP}/groups", created(f"{PP}/groups", GROUP), is_id(GROUP),
         json=GROUP_JSON, id="groups.create_for_partner_deprecated"),
    # ---------------------------------------------------------------- subgroups, program
    case(lambda c: subgroups(c).list(program_id=PROGRAM), "GET", f"/v2{P}/subgroups",
         Response(200, json=[SUBGROUP_BODY]), has(group_id=GROUP), id="subgroups.list"),
    case(lambda c: subgroups(c).list_deprecated(program_id=PROGRAM), "GET", f"{P}/subgroups",
         Response(200, json=[SUBGROUP_BODY]), has(name="Coffee"), id="subgroups.list_deprecated"),
    case(lambda c: subgroups(c).list_for_group(GROUP, program_id=PROGRAM), "GET",
         f"{P}/groups/{GROUP}/subgroups", Response(200, json=[SUBGROUP_BODY]),
         has(subgroup_id=SUBGROUP), id="subgroups.list_for_group"),
    case(lambda c: subgroups(c).create(GROUP, NEW_SUBGROUP, program_id=PROGRAM), "POST",
         f"/v2{P}/groups/{GROUP}/subgroups", created(f"{P}/subgroups", SUBGROUP),
         is_id(SUBGROUP), json=SUBGROUP_JSON, id="subgroups.create"),
    case(lambda c: subgroups(c).create_deprecated(GROUP, NEW_SUBGROUP, program_id=PROGRAM),
         "POST", f"{P}/groups/{GROUP}/subgroups", created(f"{P}/subgroups", SUBGROUP),
         is_id(SUBGROUP), json=SUBGROUP_JSON, id="subgroups.create_deprecated"),
    case(lambda c: subgroups(c).update(SUBGROUP, NEW_SUBGROUP, program_id=PROGRAM), "PUT",
         f"/v2{P}/subgroups/{SUBGROUP}", Response(200, json=SUBGROUP_BODY),
         has(external_id="WG-10-2"), json=SUBGROUP_JSON, id="subgroups.update"),
    case(lambda c: subgroups(c).update_deprecated(SUBGROUP, NEW_SUBGROUP, program_id=PROGRAM),
         "PUT", f"{P}/subgroups/{SUBGROUP}", NO_CONTENT, is_none, json=SUBGROUP_JSON,
         id="subgroups.update_deprecated"),
    case(lambda c: subgroups(c).delete(SUBGROUP, program_id=PROGRAM), "DELETE",
         f"{P}/subgroups/{SUBGROUP}", NO_CONTENT, is_none, id="subgroups.delete"),
    # ---------------------------------------------------------------- subgroups, partner
    case(lambda c: subgroups(c).get_for_partner(PARTNER, SUBGROUP, program_id=PROGRAM), "GET",
         f"{PP}/subgroups/{SUBGROUP}", Response(200, json=SUBGROUP_BODY), has(name="Coffee"),
         id="subgroups.get_for_partner"),
    case(lambda c: subgroups(c).list_for_partner_group(PARTNER, GROUP, program_id=PROGRAM),
         "GET", f"{PP}/groups/{GROUP}/subgroups", Response(200, json=[SUBGROUP_BODY]),
         has(subgroup_id=SUBGROUP), id="subgroups.list_for_partner_group"),
    case(lambda c: subgroups(c).create_for_partner(
             PARTNER, GROUP, NEW_SUBGROUP, program_id=PROGRAM),
         "POST", f"/v2{PP}/groups/{GROUP}/subgroups", created(f"{PP}/subgroups", SUBGROUP),
         is_id(SUBGROUP), json=SUBGROUP_JSON, id="subgroups.create_for_partner"),
    case(lambda c: subgroups(c).create_for_partner_deprecated(
             PARTNER, GROUP, NEW_SUBGROUP, program_id=PROGRAM),
         "POST", f"{PP}/groups/{GROUP}/subgroups", created(f"{PP}/subgroups", SUBGROUP),
         is_id(SUBGROUP), json=SUBGROUP_JSON, id="subgroups.create_for_partner_deprecated"),
    # ---------------------------------------------------------------- items, program
    case(lambda c: items(c).list(program_id=PROGRAM), "GET", f"/v2{P}/items",
         Response(200, json=[ITEM_BODY]),
         has(price=Decimal("18.99"), currency_code="EUR", extra={"vatRate": 7}),
         id="items.list"),
    case(lambda c: items(c).list_deprecated(program_id=PROGRAM), "GET", f"{P}/items",
         Response(200, json=[ITEM_BODY]), has(item_id=ITEM), id="items.list_deprecated"),
    case(lambda c: items(c).list_for_subgroup(GROUP, SUBGROUP, program_id=PROGRAM), "GET",
         f"{P}/groups/{GROUP}/subgroups/{SUBGROUP}/items", Response(200, json=[ITEM_BODY]),
         has(ean="4006381333931"), id="items.list_for_subgroup"),
    case(lambda c: items(c).get(ITEM, program_id=PROGRAM), "GET", f"{P}/items/{ITEM}",
         Response(200, json=ITEM_BODY), has(external_id="ART-778812"), id="items.get"),
    case(lambda c: items(c).create(GROUP, SUBGROUP, NEW_ITEM, program_id=PROGRAM), "POST",
         f"/v2{P}/groups/{GROUP}/subgroups/{SUBGROUP}/items", created(f"{P}/items", ITEM),
         is_id(ITEM), json=ITEM_JSON, id="items.create"),
    case(lambda c: items(c).create_deprecated(GROUP, SUBGROUP, NEW_ITEM, program_id=PROGRAM),
         "POST", f"{P}/groups/{GROUP}/subgroups/{SUBGROUP}/items", created(f"{P}/items", ITEM),
         is_id(ITEM), json=ITEM_JSON, id="items.create_deprecated"),
    case(lambda c: items(c).update(ITEM, NEW_ITEM, program_id=PROGRAM), "PUT",
         f"/v2{P}/items/{ITEM}", Response(200, json=ITEM_BODY), has(name="Espresso beans 1 kg"),
         json=ITEM_JSON, id="items.update"),
    case(lambda c: items(c).update_deprecated(ITEM, NEW_ITEM, program_id=PROGRAM), "PUT",
         f"{P}/items/{ITEM}", NO_CONTENT, is_none, json=ITEM_JSON, id="items.update_deprecated"),
    case(lambda c: items(c).delete(ITEM, program_id=PROGRAM), "DELETE", f"{P}/items/{ITEM}",
         NO_CONTENT, is_none, id="items.delete"),
    # ---------------------------------------------------------------- items, partner
    case(lambda c: items(c).list_for_partner(PARTNER, program_id=PROGRAM), "GET",
         f"{PP}/items", Response(200, json=[ITEM_BODY]), has(subgroup_id=SUBGROUP),
         id="items.list_for_partner"),
    case(lambda c: items(c).list_for_partner_subgroup(PARTNER, GROUP, SUBGROUP, program_id=PROGRAM),
         "GET", f"{PP}/groups/{GROUP}/subgroups/{SUBGROUP}/items",
         Response(200, json=[ITEM_BODY]), has(group_id=GROUP),
         id="items.list_for_partner_subgroup"),
    case(lambda c: items(c).create_for_partner(
             PARTNER, GROUP, SUBGROUP, NEW_ITEM, program_id=PROGRAM),
         "POST", f"/v2{PP}/groups/{GROUP}/subgroups/{SUBGROUP}/items",
         created(f"{PP}/items", ITEM), is_id(ITEM), json=ITEM_JSON,
         id="items.create_for_partner"),
    case(lambda c: items(c).create_for_partner_deprecated(
             PARTNER, GROUP, SUBGROUP, NEW_ITEM, program_id=PROGRAM),
         "POST", f"{PP}/groups/{GROUP}/subgroups/{SUBGROUP}/items",
         created(f"{PP}/items", ITEM), is_id(ITEM), json=ITEM_JSON,
         id="items.create_for_partner_deprecated"),
]  # fmt: skip


@pytest.mark.parametrize("wire_case", CASES)
async def test_wire(client: ConvercusClient, wire: Wire, wire_case: WireCase) -> None:
    await run_case(client, wire, wire_case)


BAD_INPUT = [
    pytest.param(lambda c: groups(c).get("WG-10", program_id=PROGRAM), "group_id",
                 id="group-not-uuid"),
    pytest.param(lambda c: subgroups(c).get_for_partner("p-1", SUBGROUP, program_id=PROGRAM),
                 "partner_id", id="partner-not-uuid"),
    pytest.param(lambda c: items(c).create(GROUP, "coffee", NEW_ITEM, program_id=PROGRAM),
                 "subgroup_id", id="subgroup-not-uuid"),
    pytest.param(lambda c: items(c).delete(None, program_id=PROGRAM), "item_id",
                 id="item-missing"),
    pytest.param(lambda c: groups(c).create(NewCatalogGroup(name=""), program_id=PROGRAM),
                 "name", id="group-empty-name"),
    pytest.param(lambda c: groups(c).create(NewCatalogGroup(name="x", external_id=""),
                                            program_id=PROGRAM),
                 "external_id", id="group-empty-external-id"),
    pytest.param(lambda c: items(c).update(ITEM, NewCatalogItem(name="x", price=Decimal("-0.01")),
                                           program_id=PROGRAM),
                 "price", id="item-negative-price"),
    pytest.param(lambda c: items(c).update(ITEM, NewCatalogItem(name="x", price=1.5),
                                           program_id=PROGRAM),
                 "price", id="item-float-price"),
    pytest.param(lambda c: items(c).update(ITEM, NewCatalogItem(name="x", currency_code="EURO"),
                                           program_id=PROGRAM),
                 "currency_code", id="item-bad-currency"),
    pytest.param(lambda c: subgroups(c).create(GROUP, NEW_GROUP, program_id=PROGRAM),
                 "subgroup", id="subgroup-given-a-group"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "field"), BAD_INPUT)
async def test_bad_input_is_refused_before_any_request(
    client: ConvercusClient, wire: Wire, call: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await call(client)

    assert caught.value.field == field
    assert not wire.calls


async def test_an_item_read_and_sent_back_keeps_its_unknown_fields(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", f"{P}/items/{ITEM}", Response(200, json=ITEM_BODY))
    wire.on("PUT", f"/v2{P}/items/{ITEM}", Response(204))
    stored = await items(client).get(ITEM, program_id=PROGRAM)

    changed = NewCatalogItem.from_resource(stored)
    changed.name = "Espresso beans 1000 g"
    await items(client).update(ITEM, changed, program_id=PROGRAM)

    # Server-assigned ids stay out of the body; the price keeps its cents exactly.
    assert wire.last.content == (
        b'{"name":"Espresso beans 1000 g","externalId":"ART-778812","ean":"4006381333931",'
        b'"price":18.99,"currencyCode":"EUR","vatRate":7}'
    )
