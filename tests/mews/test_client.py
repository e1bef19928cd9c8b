"""MewsClient settings, from_env, lifecycle, and what it never shows: its tokens."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from loyalty_async import (
    AiohttpTransport,
    AuthenticationError,
    ConfigurationError,
    LoyaltyError,
    Response,
    RetryPolicy,
)
from loyalty_async.mews import DEMO_CLIENT_TOKENS, MewsClient, SlidingWindowLimiter
from loyalty_async.mews.client import PacedTransport
from tests.core.helpers import MEWS_ACCESS_TOKEN, MEWS_CLIENT_TOKEN
from tests.mews.conftest import CLIENT, MewsWire, client_on

TOKENS = {"client_token": MEWS_CLIENT_TOKEN, "access_token": MEWS_ACCESS_TOKEN}
PRODUCTION_CLIENT = "0F4A51C3C0A24B0B9A3BAD2000F00D12-0123456789ABCDEF0123456789ABCDE"


async def test_environments_pick_the_platform_address() -> None:
    async with MewsClient(environment="demo", **TOKENS) as demo:
        assert demo.session.base_url == "https://api.mews-demo.com"
        # The default transport, which gives each request's pacing slot back.
        paced = demo.session.transport
        assert isinstance(paced, PacedTransport) and isinstance(paced.inner, AiohttpTransport)
        assert paced.limiter is demo.rate_limiter
    production = MewsClient(
        environment="production", client_token=PRODUCTION_CLIENT, access_token=MEWS_ACCESS_TOKEN
    )
    assert production.session.base_url == "https://api.mews.com"
    await production.aclose()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "give environment ('demo' or 'production') or base_url"),
        ({"environment": "staging"}, "environment must be 'demo' or 'production'"),
        ({"environment": "demo", "base_url": "http://x"}, "not both"),
        ({"environment": "demo", "client_token": None}, "missing Mews client_token"),
        ({"environment": "demo", "access_token": "  "}, "missing Mews access_token"),
        ({"environment": "demo", "access_token": "ABC DEF"}, "access_token is not a Mews token"),
        ({"environment": "demo", "client_token": "ABC\n"}, "client_token is not a Mews token"),
        ({"environment": "demo", "client": ""}, "client must name your integration"),
        ({"environment": "demo", "language_code": "en-US"}, "language_code and culture_code"),
        ({"environment": "demo", "rate_limiter": 200}, "rate_limiter must be a Sliding"),
        ({"environment": "demo", "routes": {"loyalty_tiers.remove": "/x"}}, "no operation"),
    ],
)
def test_bad_settings_are_refused_at_construction(settings: dict[str, Any], message: str) -> None:
    given = {**TOKENS, **settings}
    with pytest.raises(ConfigurationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        MewsClient(**given)


@pytest.mark.parametrize("token", sorted(DEMO_CLIENT_TOKENS))
def test_the_public_demo_tokens_are_refused_for_production(token: str) -> None:
    with pytest.raises(ConfigurationError, match="public Mews demo tokens") as caught:
        MewsClient(environment="production", client_token=token, access_token=MEWS_ACCESS_TOKEN)
    assert token not in str(caught.value)


def test_a_malformed_token_is_not_echoed() -> None:
    with pytest.raises(ConfigurationError) as caught:
        MewsClient(environment="demo", client_token=MEWS_CLIENT_TOKEN + " ", access_token="x")
    assert MEWS_CLIENT_TOKEN not in str(caught.value)


def test_from_env_reads_mews_variables() -> None:
    env = {
        "MEWS_ENVIRONMENT": "demo",
        "MEWS_CLIENT_TOKEN": MEWS_CLIENT_TOKEN,
        "MEWS_ACCESS_TOKEN": MEWS_ACCESS_TOKEN,
        "MEWS_CLIENT": CLIENT,
        "MEWS_LANGUAGE_CODE": "de-DE",
        "MEWS_CULTURE_CODE": "de-DE",
        "MEWS_RATE_LIMIT": "100/15",
    }
    client = MewsClient.from_env(env)
    assert client.session.base_url == "https://api.mews-demo.com"
    assert repr(client) == f"MewsClient(base_url='https://api.mews-demo.com', client='{CLIENT}')"
    assert client.rate_limiter is not None
    assert (client.rate_limiter.limit, client.rate_limiter.window) == (100, 15.0)
    # A base URL, in a variable or an argument, replaces the environment.
    local = MewsClient.from_env({**env, "MEWS_BASE_URL": "http://127.0.0.1:8081"})
    assert local.session.base_url == "http://127.0.0.1:8081"
    assert MewsClient.from_env(env, base_url="http://[::1]:9").session.base_url == "http://[::1]:9"
    unpaced = MewsClient.from_env({**env, "MEWS_RATE_LIMIT": "off"})
    assert unpaced.rate_limiter is None
    with pytest.raises(
        ConfigurationError, match="MEWS_RATE_LIMIT must be 'off' or REQUESTS/SECONDS"
    ):
        MewsClient.from_env({**env, "MEWS_RATE_LIMIT": "fast"})
    with pytest.raises(ConfigurationError, match="set MEWS_ACCESS_TOKEN"):
        MewsClient.from_env({"MEWS_ENVIRONMENT": "demo", "MEWS_CLIENT_TOKEN": MEWS_CLIENT_TOKEN})


def test_default_pacing_is_180_per_30_seconds_per_client() -> None:
    first = MewsClient(environment="demo", **TOKENS)
    second = MewsClient(environment="demo", **TOKENS)
    assert first.rate_limiter is not None and second.rate_limiter is not None
    assert (first.rate_limiter.limit, first.rate_limiter.window) == (180, 30.0)
    assert first.rate_limiter is not second.rate_limiter
    shared = SlidingWindowLimiter.for_mews()
    a = MewsClient(environment="demo", rate_limiter=shared, **TOKENS)
    b = MewsClient(environment="demo", rate_limiter=shared, **TOKENS)
    assert a.rate_limiter is b.rate_limiter is shared


def test_every_operation_resends_429s_whatever_policy_is_given() -> None:
    client = MewsClient(environment="demo", retry=RetryPolicy(max_attempts=7), **TOKENS)
    assert client.session.retry.max_attempts == 7
    assert client.session.retry.resend_writes_on_429


async def test_tokens_never_reach_logs_errors_or_reprs(
    wire: MewsWire, caplog: pytest.LogCaptureFixture, leak_guard: list[LoyaltyError]
) -> None:
    body = {"Message": "Invalid AccessToken.", "RequestId": "9f0c"}
    wire.on("loyaltyTiers/delete", Response(401, json=body, headers={"Request-Id": "9f0c"}))
    caplog.set_level(logging.DEBUG, logger="loyalty_async")
    async with client_on(wire) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.loyalty_tiers.delete(["3ed9e2f3-4bba-4df6-8d41-ab1b009b6425"])
        texts = [str(caught.value), repr(caught.value), repr(client), repr(client.session.auth)]
    assert caught.value.request_id == "9f0c"
    assert len(wire.calls) == 1  # a 401 is permanent: never replayed
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "[REDACTED]" in logged and "LoyaltyTierIds" in logged  # the body was logged...
    for text in [*texts, logged]:  # ...without the tokens (the leak guard checks it too)
        assert MEWS_CLIENT_TOKEN not in text and MEWS_ACCESS_TOKEN not in text
    assert leak_guard


async def test_a_closed_client_refuses_calls(wire: MewsWire) -> None:
    client = client_on(wire)
    async with client:
        pass
    await client.aclose()  # twice is fine
    with pytest.raises(LoyaltyError, match="closed"):
        await client.loyalty_tiers.delete(["3ed9e2f3-4bba-4df6-8d41-ab1b009b6425"])
    assert wire.calls == []


async def test_a_token_echoed_in_an_error_answer_is_blanked(wire: MewsWire) -> None:
    message = f"Invalid AccessToken '{MEWS_ACCESS_TOKEN}' for client {MEWS_CLIENT_TOKEN}."
    wire.on("loyaltyTiers/delete", Response(401, json={"Message": message}))
    async with client_on(wire) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.loyalty_tiers.delete(["3ed9e2f3-4bba-4df6-8d41-ab1b009b6425"])
    error = caught.value
    assert error.message == "Invalid AccessToken '[REDACTED]' for client [REDACTED]."
    for text in (str(error), error.body):
        assert MEWS_ACCESS_TOKEN not in text and MEWS_CLIENT_TOKEN not in text
