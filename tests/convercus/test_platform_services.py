"""The AI, push notification, connector, search, user app and tracking services on the wire."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from loyalty_async import (
    ConfigurationError,
    ConvercusClient,
    OutcomeUnknownError,
    ReadTimeout,
    Request,
    Response,
    RetryPolicy,
    ValidationError,
)
from loyalty_async.convercus import (
    OPERATIONS,
    ContentRequest,
    ImageRequest,
    JobStatus,
    NewAiProgram,
    NewPrompt,
    NewPromptAssignment,
    NewPromptVersion,
    SearchQuery,
)
from tests.convercus.admin_wire import WireCase, case, created, has, is_id, is_none, run_case
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import make_client

PROGRAM = "pgm-4711"
PROMPT = "4b3a2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d"
JOB = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"
NOTE = "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"
TARGET = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"
USER = "dd820ab2-6833-4ee3-9add-7bebf4dadddd"
ACCOUNT = "7d123457-bfa1-4a83-8213-123456789763"
AI = "/ai-service"
PUSH = "/push-notification-service"
PAGE_1 = [("page", "0"), ("size", "50")]
UP = {"status": "UP"}

PROMPT_BODY = {
    "promptId": PROMPT,
    "name": "Newsfeed teaser",
    "text": "Write a friendly teaser about {topic}.",
    "service": "newsfeed",
    "useCase": "post-text",
    "version": 3,
    "activeVersion": 2,
    "model": "gpt-x",
}
NEW_PROMPT = NewPrompt(
    name="Newsfeed teaser",
    text="Write a friendly teaser about {topic}.",
    service="newsfeed",
    use_case="post-text",
)
NEW_PROMPT_JSON = {
    "name": "Newsfeed teaser",
    "text": "Write a friendly teaser about {topic}.",
    "service": "newsfeed",
    "useCase": "post-text",
}
JOB_BODY = {"jobId": JOB, "status": "PENDING", "createdAt": "2025-05-02T10:00:00Z"}
DONE = {**JOB_BODY, "status": "COMPLETED", "result": {"title": "Double points!", "text": "..."}}
AI_PROGRAM = {"programId": PROGRAM, "name": "Kaffee Treue", "language": "de"}
ASSIGNMENT = NewPromptAssignment(prompt_id=PROMPT, service="newsfeed", use_case="post-text")
NOTIFICATION = {"id": NOTE, "title": "Your coupon is waiting", "body": "Redeem it today.",
                "status": "SENT", "targetId": TARGET, "sentAt": "2025-05-02T09:00:00Z",
                "opened": 42}  # fmt: skip
SALE = {"externalId": "bon-2025-0001", "amount": Decimal("12.90"), "currencyCode": "EUR"}

CASES = [
    # ---------------------------------------------------------------- AI: jobs
    case(lambda c: c.ai.newsfeed.generate_content(ContentRequest(topic="double points",
                                                                 language="de", max_length=280)),
         "POST", f"{AI}/newsfeed/generate-content", Response(202, json=JOB_BODY),
         lambda r: _equal((r.job_id, r.status, r.done), (JOB, JobStatus.PENDING, False)),
         json={"topic": "double points", "language": "de", "maxLength": 280},
         id="ai.newsfeed.generate_content"),
    case(lambda c: c.ai.newsfeed.generate_image(ImageRequest(prompt="a steaming cup")),
         "POST", f"{AI}/newsfeed/generate-image", Response(202, json=JOB_BODY),
         has(job_id=JOB), json={"prompt": "a steaming cup"}, id="ai.newsfeed.generate_image"),
    case(lambda c: c.ai.newsfeed.get_job_status(JOB), "GET", f"{AI}/newsfeed/jobs/{JOB}",
         Response(200, json=DONE),
         lambda r: _equal((r.done, r.result["title"]), (True, "Double points!")),
         id="ai.newsfeed.get_job_status"),
    case(lambda c: c.ai.health(), "GET", f"{AI}/health", Response(200, json=UP),
         has(status="UP"), id="ai.health"),
    # ---------------------------------------------------------------- AI: prompts
    case(lambda c: c.ai.prompts.list(filters={"service": "newsfeed"}), "GET", f"{AI}/prompts",
         Response(200, json=[PROMPT_BODY]), has(active_version=2, extra={"model": "gpt-x"}),
         params=[("service", "newsfeed")], id="ai.prompts.list"),
    case(lambda c: c.ai.prompts.get(PROMPT), "GET", f"{AI}/prompts/{PROMPT}",
         Response(200, json=PROMPT_BODY), has(use_case="post-text"), id="ai.prompts.get"),
    case(lambda c: c.ai.prompts.create(NEW_PROMPT), "POST", f"{AI}/prompts",
         created(f"{AI}/prompts", PROMPT), is_id(PROMPT), json=NEW_PROMPT_JSON,
         id="ai.prompts.create"),
    case(lambda c: c.ai.prompts.update(PROMPT, NEW_PROMPT), "PUT", f"{AI}/prompts/{PROMPT}",
         Response(200, json=PROMPT_BODY), has(version=3), json=NEW_PROMPT_JSON,
         id="ai.prompts.update"),
    case(lambda c: c.ai.prompts.delete(PROMPT), "DELETE", f"{AI}/prompts/{PROMPT}",
         Response(204), is_none, id="ai.prompts.delete"),
    case(lambda c: c.ai.prompts.create_version(PROMPT, NewPromptVersion(text="Be brief.")),
         "POST", f"{AI}/prompts/{PROMPT}/versions",
         created(f"{AI}/prompts/{PROMPT}/versions", "4"), is_id("4"),
         json={"text": "Be brief."}, id="ai.prompts.create_version"),
    case(lambda c: c.ai.prompts.activate_version(PROMPT, 4), "POST",
         f"{AI}/prompts/{PROMPT}/versions/4/activate",
         Response(200, json={"promptId": PROMPT, "version": 4, "active": True}),
         has(version=4, active=True), id="ai.prompts.activate_version"),
    case(lambda c: c.ai.prompts.cleanup_versions(keep_versions=3), "POST", f"{AI}/prompts/cleanup",
         Response(200, json={"count": 7, "status": "DONE"}), has(count=7),
         json={"keepVersions": 3}, id="ai.prompts.cleanup_versions"),
    # ---------------------------------------------------------------- AI: programs
    case(lambda c: c.ai.programs.list(), "GET", f"{AI}/programs",
         Response(200, json=[AI_PROGRAM]), has(language="de"), id="ai.programs.list"),
    case(lambda c: c.ai.programs.get(program_id=PROGRAM), "GET", f"{AI}/programs/{PROGRAM}",
         Response(200, json=AI_PROGRAM), has(program_id=PROGRAM), id="ai.programs.get"),
    case(lambda c: c.ai.programs.create(NewAiProgram(name="Kaffee Treue", program_id=PROGRAM)),
         "POST", f"{AI}/programs", created(f"{AI}/programs", PROGRAM), is_id(PROGRAM),
         json={"name": "Kaffee Treue", "programId": PROGRAM}, id="ai.programs.create"),
    case(lambda c: c.ai.programs.update(NewAiProgram(name="Kaffee Treue", language="de"),
                                        program_id=PROGRAM),
         "PUT", f"{AI}/programs/{PROGRAM}", Response(204), is_none,
         json={"name": "Kaffee Treue", "language": "de"}, id="ai.programs.update"),
    case(lambda c: c.ai.programs.delete(program_id=PROGRAM), "DELETE", f"{AI}/programs/{PROGRAM}",
         Response(204), is_none, id="ai.programs.delete"),
    case(lambda c: c.ai.programs.assign_prompt(ASSIGNMENT, program_id=PROGRAM), "POST",
         f"{AI}/programs/{PROGRAM}/prompt-assignments",
         created(f"{AI}/programs/{PROGRAM}/prompt-assignments", "pa-1"), is_id("pa-1"),
         json={"promptId": PROMPT, "service": "newsfeed", "useCase": "post-text"},
         id="ai.programs.assign_prompt"),
    case(lambda c: c.ai.programs.get_prompt_assignment("newsfeed", "post-text",
                                                       program_id=PROGRAM),
         "GET", f"{AI}/programs/{PROGRAM}/prompt-assignments",
         Response(200, json={"programId": PROGRAM, "promptId": PROMPT, "service": "newsfeed",
                             "useCase": "post-text", "version": 2}),
         has(prompt_id=PROMPT, version=2),
         params=[("service", "newsfeed"), ("useCase", "post-text")],
         id="ai.programs.get_prompt_assignment"),
    case(lambda c: c.ai.programs.resolve_prompt("newsfeed", "post-text", program_id=PROGRAM),
         "GET", f"{AI}/programs/{PROGRAM}/prompts/resolve", Response(200, json=PROMPT_BODY),
         has(prompt_id=PROMPT), params=[("service", "newsfeed"), ("useCase", "post-text")],
         id="ai.programs.resolve_prompt"),
    # ---------------------------------------------------------------- push notifications
    case(lambda c: c.push_notifications.list().collect(), "GET", f"{PUSH}/notifications",
         Response(200, json={"content": [NOTIFICATION], "last": True}),
         has(status="SENT", extra={"opened": 42}), params=PAGE_1, id="push_notifications.list"),
    case(lambda c: c.push_notifications.get(NOTE), "GET", f"{PUSH}/notifications/{NOTE}",
         Response(200, json=NOTIFICATION), has(target_id=TARGET), id="push_notifications.get"),
    case(lambda c: c.push_notifications.list_targets().collect(), "GET", f"{PUSH}/targets",
         Response(200, json=[{"id": TARGET, "name": "All app users", "type": "SEGMENT"}]),
         has(type="SEGMENT"), params=PAGE_1, id="push_notifications.list_targets"),
    case(lambda c: c.push_notifications.get_target(TARGET), "GET", f"{PUSH}/targets/{TARGET}",
         Response(200, json={"id": TARGET, "name": "All app users"}), has(name="All app users"),
         id="push_notifications.get_target"),
    case(lambda c: c.push_notifications.count_devices(), "GET", f"{PUSH}/devices/count",
         Response(200, json={"count": 1834, "ios": 900}), has(count=1834, extra={"ios": 900}),
         id="push_notifications.count_devices"),
    case(lambda c: c.push_notifications.list_operations(), "GET", f"{PUSH}/operations",
         Response(200, json=["send", "schedule"]),
         lambda r: _equal([o.name for o in r], ["send", "schedule"]),
         id="push_notifications.list_operations"),
    case(lambda c: c.push_notifications.health(), "GET", f"{PUSH}/health",
         Response(200, json=UP), has(status="UP"), id="push_notifications.health"),
    case(lambda c: c.push_notifications.health_liveness(), "GET", f"{PUSH}/health/liveness",
         Response(200, json=UP), has(status="UP"), id="push_notifications.health_liveness"),
    case(lambda c: c.push_notifications.health_readiness(), "GET", f"{PUSH}/health/readiness",
         Response(200, json={"status": "OUT_OF_SERVICE"}), lambda r: _equal(r.up, False),
         id="push_notifications.health_readiness"),
    # ---------------------------------------------------------------- connectors
    case(lambda c: c.connectors.ping(), "GET", "/connectors/ping", Response(200, text="pong"),
         is_none, id="connectors.ping"),
    case(lambda c: c.connectors.send("pos-x", "store-17", {"event": "OPEN", "till": 3}), "POST",
         "/connectors/pos-x/store-17", Response(200, json={"status": "ACCEPTED", "ref": "r-1"}),
         has(status="ACCEPTED", extra={"ref": "r-1"}), json={"event": "OPEN", "till": 3},
         id="connectors.send"),
    case(lambda c: c.connectors.send_sales("pos-x", "store-17", SALE), "POST",
         "/connectors/pos-x/store-17/api/v2/sales", Response(202), is_none,
         json={"externalId": "bon-2025-0001", "amount": 12.90, "currencyCode": "EUR"},
         id="connectors.send_sales"),
    case(lambda c: c.connectors.health(), "GET", "/connectors/health", Response(200, json=UP),
         has(status="UP"), id="connectors.health"),
    case(lambda c: c.connectors.health_actuator(), "GET", "/connectors/actuator/health",
         Response(200, json=UP), has(status="UP"), id="connectors.health_actuator"),
    # ---------------------------------------------------------------- search, user app, tracking
    case(lambda c: c.search.search(SearchQuery(query="ada@example.com")), "POST", "/search",
         Response(200, json=[{"id": ACCOUNT, "program": PROGRAM, "status": "ACTIVE"}]),
         has(id=ACCOUNT, status="ACTIVE", extra={"program": PROGRAM}),
         json={"query": "ada@example.com"}, id="search.search"),
    case(lambda c: c.search.perform_search(SearchQuery(query="V1W2", domain="ACCOUNT")), "POST",
         "/v2/search", Response(200, json=[]), lambda r: _equal(r, []),
         json={"query": "V1W2", "domain": "ACCOUNT"}, id="search.perform_search"),
    case(lambda c: c.user_app.list_keycloak_user_organizations("loyalty", USER), "GET",
         f"/user-app-service/keycloak/admin/realms/loyalty/users/{USER}/organizations",
         Response(200, json=[{"id": "org-1", "name": "Kaffeehaus Nord", "alias": "kh-nord"}]),
         has(alias="kh-nord"), id="user_app.list_keycloak_user_organizations"),
    case(lambda c: c.tracking.health(), "GET", "/tracking-service/health", Response(200, json=UP),
         has(status="UP"), id="tracking.health"),
]  # fmt: skip

DOMAINS = ("ai.", "push_notifications.", "connectors.", "search.", "user_app.", "tracking.")


def _equal(actual: Any, expected: Any) -> None:
    assert actual == expected


@pytest.mark.parametrize("wire_case", CASES)
async def test_the_wire(client: ConvercusClient, wire: Wire, wire_case: WireCase) -> None:
    await run_case(client, wire, wire_case)


def test_every_operation_of_these_services_has_a_wire_case() -> None:
    names = {op.name for op in OPERATIONS if op.name.startswith(DOMAINS)}
    assert {param.id for param in CASES} == names
    assert len(names) == 38


async def test_an_ai_program_defaults_to_the_client_s_program(wire: Wire) -> None:
    wire.on("GET", f"{AI}/programs/{PROGRAM}", Response(200, json=AI_PROGRAM))
    wire.on("GET", f"{AI}/programs/pgm-0815", Response(200, json={"programId": "pgm-0815"}))
    async with make_client(wire, program_id=PROGRAM) as client:
        default = await client.ai.programs.get()
        other = await client.ai.programs.get(program_id="pgm-0815")

    assert (default.program_id, other.program_id) == (PROGRAM, "pgm-0815")
    assert [urlpath(call) for call in wire.calls] == [
        f"{AI}/programs/{PROGRAM}",
        f"{AI}/programs/pgm-0815",
    ]


def urlpath(request: Request) -> str:
    return request.url.split("convercus.test", 1)[1]


async def test_an_ai_program_call_without_a_program_is_refused(
    client: ConvercusClient, wire: Wire
) -> None:
    with pytest.raises(ConfigurationError, match="program_id"):
        await client.ai.programs.resolve_prompt("newsfeed", "post-text")
    assert not wire.calls


async def test_a_sale_that_timed_out_is_not_sent_again() -> None:
    sent: list[Request] = []

    def handler(request: Request) -> Response:
        if request.url.endswith("/auth/login"):
            return Response(200, text="token")
        sent.append(request)
        raise ReadTimeout("the answer was lost")

    async with make_client(handler, retry=RetryPolicy(base_delay=0, max_delay=0)) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.connectors.send_sales("pos-x", "store-17", SALE)

    assert len(sent) == 1
    assert caught.value.operation == "connectors.send_sales"


async def test_a_search_is_resent_after_a_server_error() -> None:
    answers = [Response(503), Response(200, json=[])]
    sent: list[Request] = []

    def handler(request: Request) -> Response:
        if request.url.endswith("/auth/login"):
            return Response(200, text="token")
        sent.append(request)
        return answers.pop(0)

    async with make_client(handler, retry=RetryPolicy(base_delay=0, max_delay=0)) as client:
        found = await client.search.search(SearchQuery(query="Lovelace"))

    assert found == []
    assert [r.method for r in sent] == ["POST", "POST"]
    assert sent[0].content == sent[1].content == b'{"query":"Lovelace"}'


BAD_INPUT = [
    pytest.param(lambda c: c.ai.prompts.get("teaser"), "prompt_id", id="prompt-not-uuid"),
    pytest.param(lambda c: c.ai.prompts.activate_version(PROMPT, 0), "version",
                 id="version-zero"),
    pytest.param(lambda c: c.ai.prompts.activate_version(PROMPT, -2), "version",
                 id="version-negative"),
    pytest.param(lambda c: c.ai.prompts.cleanup_versions(keep_versions=-1), "keep_versions",
                 id="cleanup-negative"),
    pytest.param(lambda c: c.ai.prompts.create(NewPrompt(name="x", text="")), "text",
                 id="prompt-empty-text"),
    pytest.param(lambda c: c.ai.newsfeed.generate_content(ContentRequest(topic=" ")), "topic",
                 id="content-blank-topic"),
    pytest.param(lambda c: c.ai.newsfeed.generate_content(
                     ContentRequest(topic="x", max_length=0)),
                 "max_length", id="content-zero-length"),
    pytest.param(lambda c: c.ai.newsfeed.get_job_status("job-1"), "job_id", id="job-not-uuid"),
    pytest.param(lambda c: c.ai.programs.assign_prompt(
                     NewPromptAssignment(prompt_id="teaser", service="s", use_case="u"),
                     program_id=PROGRAM),
                 "prompt_id", id="assignment-prompt-not-uuid"),
    pytest.param(lambda c: c.ai.programs.get(program_id=""), "program_id",
                 id="program-empty"),
    pytest.param(lambda c: c.ai.programs.resolve_prompt("", "u", program_id=PROGRAM),
                 "service", id="resolve-empty-service"),
    pytest.param(lambda c: c.push_notifications.get("n-1"), "notification_id",
                 id="notification-not-uuid"),
    pytest.param(lambda c: c.push_notifications.list(page_size=1001).collect(), "page_size",
                 id="notifications-page-too-large"),
    pytest.param(lambda c: c.connectors.send("", "d", {}), "connector_id",
                 id="connector-empty"),
    pytest.param(lambda c: c.connectors.send_sales("c", "d", ["not", "an", "object"]), "sale",
                 id="sale-not-an-object"),
    pytest.param(lambda c: c.search.search(SearchQuery(query="")), "query",
                 id="search-empty-term"),
    pytest.param(lambda c: c.user_app.list_keycloak_user_organizations("loyalty", "ada"),
                 "user_id", id="keycloak-user-not-uuid"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "field"), BAD_INPUT)
async def test_bad_input_is_refused_before_any_request(
    client: ConvercusClient, wire: Wire, call: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await call(client)

    assert caught.value.field == field
    assert not wire.calls


def test_a_search_term_stays_out_of_repr() -> None:
    # A term is often member data: an e-mail address, a name, a card code.
    assert "ada@example.com" not in repr(SearchQuery(query="ada@example.com"))
