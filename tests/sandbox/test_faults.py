"""Fault injection: each kind, its scope, its counters, and its reproducibility."""

from __future__ import annotations

import aiohttp
import pytest

from loyalty_async import ConnectionDropped, OutcomeUnknownError, RateLimitError, RetryPolicy
from loyalty_async.auth.token import jwt_expiry
from loyalty_async.sandbox import Faults, Sandbox

from .conftest import Api, Clock

SPEC = (
    "5xx=0.05,429=0.02,retry_after=1,latency=0.01,drop_before=0.01,drop_after=0.02,"
    "token_ttl=30,seed=7"
)


def test_the_command_line_form_is_read_and_written_back() -> None:
    faults = Faults.parse(SPEC)

    assert faults == Faults(
        server_error=0.05,
        rate_limited=0.02,
        retry_after=1,
        latency=0.01,
        drop_before=0.01,
        drop_after=0.02,
        token_ttl=30,
        seed=7,
    )
    assert Faults.parse(str(faults)) == faults
    assert Faults.parse("") == Faults() and str(Faults()) == ""
    assert Faults.parse("login=1").include_login


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("5xx=2", "between 0 and 1"),
        ("5xx=0.6,429=0.6", "may not exceed 1"),
        ("timeout=3", "unknown fault setting"),
        ("5xx", "unknown fault setting"),
        ("seed=x", "bad value"),
        ("token_ttl=0", "> 0"),
    ],
)
def test_bad_settings_are_refused_with_a_reason(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Faults.parse(spec)


async def _outcomes(sandbox: Sandbox, token: str, count: int) -> list[str]:
    """What ``count`` account creations met: a status, or ``dropped``."""
    seen = []
    headers = {"Authorization": token, "interaction-id": "pos"}
    async with aiohttp.ClientSession() as session:
        for _ in range(count):
            try:
                async with session.post(f"{sandbox.url}/accounts", headers=headers) as response:
                    seen.append(str(response.status))
            except aiohttp.ClientConnectionError:
                seen.append("dropped")
    return seen


@pytest.mark.parametrize("sandbox_options", [{"faults": "5xx=1"}])
async def test_server_errors_answer_5xx_and_write_nothing(api: Api) -> None:
    reply = await api.post("/accounts")

    assert reply.status in (500, 502, 503, 504)
    assert reply.json()["message"] == "fault injected by the sandbox"
    assert api.sandbox.stats.faults["5xx"] == 1
    assert api.sandbox.stats.records_written == 0


@pytest.mark.parametrize("sandbox_options", [{"faults": "429=1,retry_after=7"}])
async def test_rate_limits_answer_429_with_retry_after(api: Api) -> None:
    reply = await api.get("/reports/v3/account")

    assert reply.status == 429
    assert reply.headers["Retry-After"] == "7"
    assert reply.code == "TOO_MANY_REQUESTS"
    assert api.sandbox.stats.faults["429"] == 1


@pytest.mark.parametrize("sandbox_options", [{"faults": "429=1,retry_after=3"}])
async def test_the_sdk_reads_retry_after_from_the_sandbox(sandbox: Sandbox) -> None:
    async with sandbox.client(retry=RetryPolicy.disabled()) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.call("accounts.get_balance", path_params={"accountId": "x"})

    assert caught.value.retry_after == 3


@pytest.mark.parametrize("sandbox_options", [{"faults": "latency=0.001"}])
async def test_latency_is_added_to_business_calls_only(api: Api) -> None:
    await api.post("/accounts")
    await api.login()

    assert api.sandbox.stats.faults["latency"] == 1


@pytest.mark.parametrize("sandbox_options", [{"faults": "drop_before=1"}])
async def test_a_drop_before_commit_writes_nothing(sandbox: Sandbox, api: Api) -> None:
    assert await _outcomes(sandbox, api.token, 3) == ["dropped"] * 3

    assert sandbox.stats.faults["drop_before"] == 3
    assert sandbox.stats.writes["accounts"] == 0
    sandbox.faults = Faults()
    assert (await api.get("/reports/v3/account")).body == b"[]"


@pytest.mark.parametrize("sandbox_options", [{"faults": "drop_after=1"}])
async def test_a_drop_after_commit_keeps_the_write(sandbox: Sandbox, api: Api) -> None:
    assert await _outcomes(sandbox, api.token, 2) == ["dropped"] * 2

    assert sandbox.stats.faults["drop_after"] == 2
    assert sandbox.stats.writes["accounts"] == 2
    sandbox.faults = Faults()
    assert len((await api.get("/reports/v3/account")).json()) == 2


@pytest.mark.parametrize("sandbox_options", [{"faults": "drop_after=1"}])
async def test_the_sdk_reports_an_unknown_outcome_after_a_drop(sandbox: Sandbox) -> None:
    async with sandbox.client() as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.call("accounts.create")

    assert isinstance(caught.value.__cause__, ConnectionDropped)
    assert sandbox.stats.writes["accounts"] == 1


@pytest.mark.parametrize("sandbox_options", [{"faults": "token_ttl=30"}])
async def test_tokens_expire_after_the_configured_ttl(api: Api, clock: Clock) -> None:
    assert jwt_expiry(api.token) == pytest.approx(clock() + 30)
    assert (await api.post("/accounts")).status == 201

    clock.advance(31)
    reply = await api.post("/accounts")

    assert (reply.status, reply.code) == (401, "TOKEN_EXPIRED")
    assert api.sandbox.stats.auth_failures["TOKEN_EXPIRED"] == 1


@pytest.mark.parametrize(("spec", "login_faulted"), [("5xx=1", False), ("5xx=1,login=1", True)])
async def test_login_is_spared_unless_asked(clock: Clock, spec: str, login_faulted: bool) -> None:
    async with Sandbox(faults=spec, clock=clock) as sandbox, aiohttp.ClientSession() as session:
        api = Api(session, sandbox)
        login = await api.login()
        business = await api.get("/reports/v3/account")

    assert (login.status >= 500) is login_faulted
    assert business.status >= 500
    assert sandbox.stats.faults["5xx"] == (2 if login_faulted else 1)


async def test_the_same_seed_gives_the_same_faults(clock: Clock) -> None:
    spec = "5xx=0.2,429=0.1,drop_before=0.1,drop_after=0.1,seed={seed}"
    runs = []
    for seed in (7, 7, 8):
        async with Sandbox(faults=spec.format(seed=seed), clock=clock) as sandbox:
            token = sandbox.core.tokens.issue("sandbox", 3600)
            outcomes = await _outcomes(sandbox, token, 40)
            runs.append((outcomes, sandbox.stats.snapshot()["faults"]))

    assert runs[0] == runs[1]
    assert runs[0][0] != runs[2][0]
    outcomes = runs[0][0]
    assert {"201", "dropped", "429"} <= set(outcomes)
    assert any(status.startswith("5") for status in outcomes)


async def test_faults_can_be_changed_while_running(sandbox: Sandbox, api: Api) -> None:
    sandbox.faults = "5xx=1"
    failed = await api.post("/accounts")
    sandbox.faults = Faults()
    passed = await api.post("/accounts")

    assert failed.status >= 500 and passed.status == 201
    assert sandbox.stats.snapshot()["faults_injected"] == 1


async def test_the_stats_count_requests_statuses_and_writes(sandbox: Sandbox, api: Api) -> None:
    await api.post("/accounts")
    await api.get("/accounts/nope")

    snapshot = sandbox.stats.snapshot()

    assert snapshot["requests"] == 3  # the login too
    assert snapshot["statuses"] == {"200": 1, "201": 1, "404": 1}
    assert snapshot["operations"]["accounts.get"] == 1
    assert snapshot["records_written"] == snapshot["writes"]["accounts"] == 1
