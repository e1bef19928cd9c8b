"""The webhook service on the wire: action configs, actions, history, events, integration."""

from __future__ import annotations

from typing import Any

import pytest

from loyalty_async import ConvercusClient, PaginationError, Response, ValidationError
from loyalty_async.convercus import (
    CLEAR,
    OPERATIONS,
    ActionConfigUpdate,
    NewActionConfig,
    NewAnalyticsIntegration,
    WebhookMethod,
)
from tests.convercus.admin_wire import WireCase, case, created, has, is_id, is_none, run_case
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import assert_sent, make_client

CONFIG = "5d1c2b3a-4e5f-4a6b-9c8d-7e6f5a4b3c2d"
ACTION = "a1b2c3d4-e5f6-4789-8abc-def012345678"
HISTORY = "0a9b8c7d-6e5f-4d3c-8b2a-1f0e9d8c7b6a"
EVENT = "6f5e4d3c-2b1a-4098-8765-4321fedcba98"
ACCOUNT = "7d123457-bfa1-4a83-8213-123456789763"
W = "/webhooks"
AC = f"{W}/action-config/{CONFIG}"
CRUD_PAGE_1 = [("page", "1"), ("limit", "50")]
SECRET_HEADER = {"X-Signature-Key": "s3cr3t-value"}

CONFIG_BODY = {
    "id": CONFIG,
    "name": "CRM sync",
    "domainType": "ACCOUNT",
    "eventTypes": ["ACCOUNT_CREATED", "BALANCE_CHANGED"],
    "url": "https://crm.example.com/hooks/convercus",
    "httpMethod": "POST",
    "maxRetries": 5,
    "active": True,
    "status": "ACTIVE",
    "createdAt": "2025-03-01T10:00:00.000Z",
    "tenant": "acme",
}
NEW_CONFIG = NewActionConfig(
    name="CRM sync",
    url="https://crm.example.com/hooks/convercus",
    domain_type="ACCOUNT",
    event_types=["ACCOUNT_CREATED", "BALANCE_CHANGED"],
    http_method=WebhookMethod.POST,
    headers=SECRET_HEADER,
    max_retries=5,
)
NEW_CONFIG_JSON = {
    "name": "CRM sync",
    "url": "https://crm.example.com/hooks/convercus",
    "domainType": "ACCOUNT",
    "eventTypes": ["ACCOUNT_CREATED", "BALANCE_CHANGED"],
    "httpMethod": "POST",
    "headers": SECRET_HEADER,
    "maxRetries": 5,
}
ACTION_BODY = {
    "id": ACTION,
    "actionConfigId": CONFIG,
    "eventId": EVENT,
    "status": "FAILED",
    "attempts": 3,
    "responseStatus": 502,
    "lastError": "Bad Gateway",
}
HISTORY_BODY = {"id": HISTORY, "actionId": ACTION, "status": "FAILED", "responseStatus": 502,
                "durationMs": 812}  # fmt: skip
EVENT_BODY = {
    "id": EVENT,
    "domainType": "ACCOUNT",
    "eventType": "ACCOUNT_CREATED",
    "payload": {"accountId": ACCOUNT},
    "createdAt": "2025-03-02T08:15:00Z",
}
INTEGRATION = NewAnalyticsIntegration(alias="bi-eu", domain_types=["TRANSACTION", "ACCOUNT"])
INTEGRATION_JSON = {"alias": "bi-eu", "domainTypes": ["TRANSACTION", "ACCOUNT"]}
NO_CONTENT = Response(204)


def crud(items: list[Any], *, page: int = 1, page_count: int = 1) -> Response:
    """A page as the CRUD framework answers it."""
    return Response(
        200,
        json={"data": items, "count": len(items), "total": len(items), "page": page,
              "pageCount": page_count},
    )  # fmt: skip


CASES = [
    # ---------------------------------------------------------------- action configs
    case(lambda c: c.webhooks.action_configs.list().collect(), "GET", f"{W}/action-config",
         crud([CONFIG_BODY]),
         has(id=CONFIG, http_method=WebhookMethod.POST, extra={"tenant": "acme"}),
         params=CRUD_PAGE_1, id="webhooks.action_configs.list"),
    case(lambda c: c.webhooks.action_configs.get(CONFIG), "GET", AC,
         Response(200, json=CONFIG_BODY), has(event_types=["ACCOUNT_CREATED", "BALANCE_CHANGED"]),
         id="webhooks.action_configs.get"),
    case(lambda c: c.webhooks.action_configs.create(NEW_CONFIG), "POST", f"{W}/action-config",
         Response(201, json=CONFIG_BODY), is_id(CONFIG), json=NEW_CONFIG_JSON,
         id="webhooks.action_configs.create"),
    case(lambda c: c.webhooks.action_configs.replace(CONFIG, NEW_CONFIG), "PUT", AC,
         Response(200, json=CONFIG_BODY), has(max_retries=5), json=NEW_CONFIG_JSON,
         id="webhooks.action_configs.replace"),
    case(lambda c: c.webhooks.action_configs.update(
             CONFIG, ActionConfigUpdate(max_retries=CLEAR, active=False)),
         "PATCH", AC, Response(200, json={**CONFIG_BODY, "active": False}), has(active=False),
         json={"maxRetries": None, "active": False}, id="webhooks.action_configs.update"),
    case(lambda c: c.webhooks.action_configs.delete(CONFIG), "DELETE", AC, Response(200),
         is_none, id="webhooks.action_configs.delete"),
    case(lambda c: c.webhooks.action_configs.pause(CONFIG), "POST", f"{AC}/pause",
         Response(201, json={**CONFIG_BODY, "status": "PAUSED"}), has(status="PAUSED"),
         id="webhooks.action_configs.pause"),
    case(lambda c: c.webhooks.action_configs.resume(CONFIG), "POST", f"{AC}/resume",
         Response(201, json=CONFIG_BODY), has(status="ACTIVE"),
         id="webhooks.action_configs.resume"),
    case(lambda c: c.webhooks.action_configs.empty(CONFIG), "POST", f"{AC}/empty",
         NO_CONTENT, is_none, id="webhooks.action_configs.empty"),
    case(lambda c: c.webhooks.action_configs.retry(CONFIG), "POST", f"{AC}/retry",
         Response(201), is_none, id="webhooks.action_configs.retry"),
    # ---------------------------------------------------------------- actions
    case(lambda c: c.webhooks.actions.list(filters={"filter": "status||$eq||FAILED"}).collect(),
         "GET", f"{W}/action", crud([ACTION_BODY]), has(status="FAILED", response_status=502),
         params=[("filter", "status||$eq||FAILED"), *CRUD_PAGE_1], id="webhooks.actions.list"),
    case(lambda c: c.webhooks.actions.get(ACTION), "GET", f"{W}/action/{ACTION}",
         Response(200, json=ACTION_BODY), has(attempts=3, last_error="Bad Gateway"),
         id="webhooks.actions.get"),
    case(lambda c: c.webhooks.actions.retry(ACTION), "POST", f"{W}/action/retry/{ACTION}",
         Response(201, json={**ACTION_BODY, "status": "PENDING"}), has(status="PENDING"),
         id="webhooks.actions.retry"),
    # ---------------------------------------------------------------- history, events
    case(lambda c: c.webhooks.history.list().collect(), "GET", f"{W}/history",
         Response(200, json=[HISTORY_BODY]), has(action_id=ACTION, extra={"durationMs": 812}),
         params=CRUD_PAGE_1, id="webhooks.history.list"),
    case(lambda c: c.webhooks.history.get(HISTORY), "GET", f"{W}/history/{HISTORY}",
         Response(200, json=HISTORY_BODY), has(id=HISTORY), id="webhooks.history.get"),
    case(lambda c: c.webhooks.events.list().collect(), "GET", f"{W}/event", crud([EVENT_BODY]),
         has(event_type="ACCOUNT_CREATED", payload={"accountId": ACCOUNT}),
         params=CRUD_PAGE_1, id="webhooks.events.list"),
    case(lambda c: c.webhooks.events.get(EVENT), "GET", f"{W}/event/{EVENT}",
         Response(200, json=EVENT_BODY), has(domain_type="ACCOUNT"), id="webhooks.events.get"),
    # ---------------------------------------------------------------- the service
    case(lambda c: c.webhooks.list_domain_types(), "GET", f"{W}/domain-type",
         Response(200, json=["ACCOUNT", {"name": "TRANSACTION",
                                         "eventTypes": ["TRANSACTION_RATED"]}]),
         lambda r: _equal([(d.name, d.event_types) for d in r],
                          [("ACCOUNT", None), ("TRANSACTION", ["TRANSACTION_RATED"])]),
         id="webhooks.list_domain_types"),
    case(lambda c: c.webhooks.list_operations(), "GET", f"{W}/operations",
         Response(200, json=[{"name": "retry", "description": "Retry an action"}]),
         has(name="retry"), id="webhooks.list_operations"),
    # ---------------------------------------------------------------- the analytics integration
    case(lambda c: c.webhooks.integrations.create_convercus_analytics(INTEGRATION), "POST",
         f"{W}/integration/convercus-analytics",
         created(f"{W}/integration/convercus-analytics", "bi-eu"), is_id("bi-eu"),
         json=INTEGRATION_JSON, id="webhooks.integrations.create_convercus_analytics"),
    case(lambda c: c.webhooks.integrations.update_convercus_analytics("bi-eu", INTEGRATION),
         "PUT", f"{W}/integration/convercus-analytics/bi-eu",
         Response(200, json={**INTEGRATION_JSON, "active": True}), has(active=True),
         json=INTEGRATION_JSON, id="webhooks.integrations.update_convercus_analytics"),
    # The documented route is misspelt; the SDK sends it as documented.
    case(lambda c: c.webhooks.integrations.delete_convercus_analytics("bi-eu"), "DELETE",
         f"{W}/integration/concercus-analytics/bi-eu", NO_CONTENT, is_none,
         id="webhooks.integrations.delete_convercus_analytics"),
]  # fmt: skip


def _equal(actual: Any, expected: Any) -> None:
    assert actual == expected


@pytest.mark.parametrize("wire_case", CASES)
async def test_the_wire(client: ConvercusClient, wire: Wire, wire_case: WireCase) -> None:
    await run_case(client, wire, wire_case)


def test_every_webhook_operation_has_a_wire_case() -> None:
    names = {op.name for op in OPERATIONS if op.name.startswith("webhooks.")}
    assert {param.id for param in CASES} == names
    assert len(names) == 22


async def test_the_misspelt_delete_route_can_be_corrected(wire: Wire) -> None:
    right = f"{W}/integration/convercus-analytics/{{alias}}"
    wire.on("DELETE", f"{W}/integration/convercus-analytics/bi-eu", NO_CONTENT)
    routes = {"webhooks.integrations.delete_convercus_analytics": right}
    async with make_client(wire, routes=routes) as client:
        await client.webhooks.integrations.delete_convercus_analytics("bi-eu")

    assert_sent(wire.last, "DELETE", f"{W}/integration/convercus-analytics/bi-eu")


async def test_crud_pages_are_walked_from_page_1_and_resumed(
    client: ConvercusClient, wire: Wire
) -> None:
    first = [{**EVENT_BODY, "eventType": f"E{n}"} for n in range(2)]
    wire.on(
        "GET",
        f"{W}/event",
        crud(first, page=1, page_count=3),
        Response(400, json={"message": "bad page"}),
    )
    seen = []
    with pytest.raises(PaginationError) as caught:
        async for event in client.webhooks.events.list(page_size=2):
            seen.append(event.event_type)
    assert seen == ["E0", "E1"]
    assert caught.value.resume == 1
    assert [call.params for call in wire.calls] == [
        [("page", "1"), ("limit", "2")],
        [("page", "2"), ("limit", "2")],
    ]

    wire.on(
        "GET",
        f"{W}/event",
        crud([{**EVENT_BODY, "eventType": "E2"}, {**EVENT_BODY, "eventType": "E3"}], page=2,
             page_count=3),
        crud([{**EVENT_BODY, "eventType": "E4"}], page=3, page_count=3),
    )  # fmt: skip
    resumed = client.webhooks.events.list(page_size=2, start_page=caught.value.resume)
    assert [event.event_type async for event in resumed] == ["E2", "E3", "E4"]
    assert [call.params for call in wire.calls[-2:]] == [
        [("page", "2"), ("limit", "2")],
        [("page", "3"), ("limit", "2")],
    ]


async def test_a_crud_list_that_does_not_page_is_read_once(
    client: ConvercusClient, wire: Wire
) -> None:
    # A server that ignores page/limit answers every record as a bare array, once.
    wire.on("GET", f"{W}/history", Response(200, json=[HISTORY_BODY] * 3))

    found = await client.webhooks.history.list(page_size=5).collect()

    assert len(found) == 3
    assert len(wire.calls) == 1


def test_webhook_headers_stay_out_of_repr() -> None:
    assert "s3cr3t" not in repr(NEW_CONFIG)
    assert "s3cr3t" not in repr(ActionConfigUpdate(headers=SECRET_HEADER))


BAD_INPUT = [
    pytest.param(lambda c: c.webhooks.action_configs.get("42"), "action_config_id",
                 id="config-not-uuid"),
    pytest.param(lambda c: c.webhooks.actions.retry(""), "action_id", id="action-empty"),
    pytest.param(lambda c: c.webhooks.history.get("h-1"), "history_id", id="history-not-uuid"),
    pytest.param(lambda c: c.webhooks.events.list(page_size=0).collect(), "page_size",
                 id="events-page-size-zero"),
    pytest.param(lambda c: c.webhooks.events.list(filters={"limit": 5}).collect(), "filters",
                 id="events-limit-in-filters"),
    pytest.param(lambda c: c.webhooks.action_configs.create(
                     NewActionConfig(name="", url="https://x.example")),
                 "name", id="config-empty-name"),
    pytest.param(lambda c: c.webhooks.action_configs.create(
                     NewActionConfig(name="x", url="crm.example.com/hook")),
                 "url", id="config-relative-url"),
    pytest.param(lambda c: c.webhooks.action_configs.create(
                     NewActionConfig(name="x", url="https://x.example", http_method="SEND")),
                 "http_method", id="config-wrong-method"),
    pytest.param(lambda c: c.webhooks.action_configs.create(
                     NewActionConfig(name="x", url="https://x.example", max_retries=-1)),
                 "max_retries", id="config-negative-retries"),
    pytest.param(lambda c: c.webhooks.action_configs.create(
                     NewActionConfig(name="x", url="https://x.example",
                                     headers={"X-Key": "a\r\nb"})),
                 "headers", id="config-header-injection"),
    pytest.param(lambda c: c.webhooks.action_configs.create(
                     NewActionConfig(name="x", url="https://x.example",
                                     event_types=["A", "A"])),
                 "event_types", id="config-event-twice"),
    pytest.param(lambda c: c.webhooks.action_configs.update(CONFIG, ActionConfigUpdate(url=CLEAR)),
                 "url", id="config-url-cleared"),
    pytest.param(lambda c: c.webhooks.integrations.update_convercus_analytics(" ", INTEGRATION),
                 "alias", id="integration-blank-alias"),
    pytest.param(lambda c: c.webhooks.integrations.create_convercus_analytics(
                     NewAnalyticsIntegration(alias="")),
                 "alias", id="integration-empty-alias"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "field"), BAD_INPUT)
async def test_bad_input_is_refused_before_any_request(
    client: ConvercusClient, wire: Wire, call: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await call(client)

    assert caught.value.field == field
    assert not wire.calls
