"""Signatures and the access token on the wire: the published vectors, renewal, one fetch."""

from __future__ import annotations

import asyncio
import hashlib

import pytest

from loyalty_async.accengage import (
    AccengageAuthenticationError,
    AccengageBadRequestError,
    AccengageClient,
    AccengagePermissionError,
    ErrorLabel,
)
from loyalty_async.auth import accengage_signature
from loyalty_async.errors import AuthenticationError, ConfigurationError
from tests.accengage.conftest import (
    API_KEY,
    EMAIL,
    PARTNER,
    TOKEN,
    Answer,
    Wire,
    assert_signed,
    make_client,
)

# The worked example Accengage published (zendesk), re-computed with sha1sum.
VECTOR_KEY = "a1b2c3d4e5f6g7h8"
VECTOR_EMAIL = "mymail@client.com"
VECTOR_TIME = 1507722391
VECTOR_BODY_SIGNATURE = "f974f730586ce2bf49a276845060a8d38bb43770"
VECTOR_EMPTY_SIGNATURE = "ba04fc7206950ce63d78ddbc9e65c48fb96e54d7"


def errors(status: int, *labels: str) -> Answer:
    return Answer(
        status, json={"errors": [{"label": label, "message": f"{label} text"} for label in labels]}
    )


def test_the_published_vectors() -> None:
    body = b'{"email":"mymail@client.com"}'
    assert accengage_signature(body, VECTOR_KEY, str(VECTOR_TIME)) == VECTOR_BODY_SIGNATURE
    assert accengage_signature(b"", VECTOR_KEY, str(VECTOR_TIME)) == VECTOR_EMPTY_SIGNATURE


async def test_the_published_vectors_on_the_wire(wire: Wire) -> None:
    """The token request carries exactly the published signature."""
    client = AccengageClient(
        base_url=wire.url(),
        email=VECTOR_EMAIL,
        api_key=VECTOR_KEY,
        partner_id=PARTNER,
        clock=lambda: float(VECTOR_TIME),
    )
    async with client:
        with pytest.raises(AuthenticationError) as refused:
            await client.me.get()  # the wire checks against its own key: 400 signature
    token_request = wire.seen[0]
    assert token_request.method == "POST"
    assert token_request.path == "/v1/access_token"
    assert token_request.body == b'{"email":"mymail@client.com"}'
    assert token_request.headers["Accengage-Time"] == str(VECTOR_TIME)
    assert token_request.headers["Accengage-Signature"] == VECTOR_BODY_SIGNATURE
    assert token_request.headers["Content-Type"] == "application/json"
    assert "Authorization" not in token_request.headers
    assert refused.value.status == 400
    assert refused.value.label is ErrorLabel.SIGNATURE  # type: ignore[attr-defined]


async def test_query_is_not_signed_and_no_body_signs_key_and_time(wire: Wire) -> None:
    wire.on("GET", "/v1/me/apps/P-1/devices/search/by", Answer(200, json={"UDID": "A"}))
    async with make_client(wire, clock=lambda: float(VECTOR_TIME)) as client:
        await client.devices.search({"UDID": "A", "token": "T"})
    search = wire.last
    assert search.query == [("UDID", "A"), ("token", "T")]
    assert search.body == b""
    assert (
        search.headers["Accengage-Signature"]
        == hashlib.sha1(API_KEY.encode() + str(VECTOR_TIME).encode()).hexdigest()
    )


async def test_the_body_signed_is_the_body_sent(wire: Wire, client: AccengageClient) -> None:
    """Non-ASCII text and decimals: the signature covers the bytes that arrived."""
    from decimal import Decimal

    await client.campaigns.create({"name": "Été — soldes", "budget": Decimal("1250.50")})
    seen = wire.last
    assert seen.body == '{"name":"Été — soldes","budget":1250.50}'.encode()
    assert_signed(seen)


async def test_one_token_fetch_for_a_thousand_callers(wire: Wire, client: AccengageClient) -> None:
    wire.on("GET", "/v1/me", Answer(200, text="Welcome"))
    answers = await asyncio.gather(*(client.me.get() for _ in range(1000)))
    assert answers == ["Welcome"] * 1000
    assert wire.token_requests == 1
    assert client.auth.tokens.fetches == 1
    assert all(seen.headers["Authorization"] == f"Bearer {TOKEN}" for seen in wire.calls)


async def test_expired_token_is_renewed_and_the_call_replayed(
    wire: Wire, client: AccengageClient
) -> None:
    wire.on("GET", "/v1/me", errors(401, "API_ERR_TOKEN"), Answer(200, text="Welcome"))
    assert await client.me.get() == "Welcome"
    assert wire.token_requests == 2
    assert [seen.path for seen in wire.seen] == [
        "/v1/access_token", "/v1/me", "/v1/access_token", "/v1/me",
    ]  # fmt: skip
    # The replay is signed again, with the renewed token.
    wire.token = "acc-token-renewed"
    wire.on("GET", "/v1/me", errors(401, "API_ERR_TOKEN"), Answer(200, text="Welcome"))
    assert await client.me.get() == "Welcome"
    assert_signed(wire.last, token="acc-token-renewed")


async def test_invalid_token_is_renewed_once_then_refused(
    wire: Wire, client: AccengageClient
) -> None:
    wire.on("GET", "/v1/me", errors(400, "API_ERR_TOKEN"))
    with pytest.raises(AccengageAuthenticationError) as refused:
        await client.me.get()
    assert isinstance(refused.value, AuthenticationError)
    assert refused.value.status == 400
    assert refused.value.label is ErrorLabel.TOKEN
    assert wire.token_requests == 2  # renewed once, not in a loop
    assert len(wire.calls) == 2


@pytest.mark.parametrize(
    ("status", "label", "error_class"),
    [
        (400, "API_ERR_SIGNATURE", AccengageBadRequestError),
        (403, "API_ERR_TOKEN", AccengagePermissionError),
        (403, "API_ERR_FORBIDDEN", AccengagePermissionError),
    ],
)
async def test_other_refusals_are_not_renewals(
    wire: Wire, client: AccengageClient, status: int, label: str, error_class: type[Exception]
) -> None:
    wire.on("GET", "/v1/me", errors(status, label))
    with pytest.raises(error_class) as refused:
        await client.me.get()
    assert refused.value.label == label  # type: ignore[attr-defined]
    assert wire.token_requests == 1
    assert len(wire.calls) == 1


async def test_unknown_email_is_an_authentication_error(wire: Wire) -> None:
    wire.token_refusal = errors(404, "API_ERR_NOT_FOUND")
    async with make_client(wire, email="nobody@example.com") as client:
        with pytest.raises(AccengageAuthenticationError) as refused:
            await client.me.get()
    assert refused.value.status == 404
    assert wire.calls == []


def test_construction_refuses_missing_settings() -> None:
    for missing in ("email", "api_key", "partner_id"):
        settings = {"email": EMAIL, "api_key": API_KEY, "partner_id": PARTNER, missing: ""}
        with pytest.raises(ConfigurationError):
            AccengageClient(**settings)
    assert API_KEY not in repr(AccengageClient(email=EMAIL, api_key=API_KEY, partner_id=PARTNER))


def test_from_env_reads_the_settings() -> None:
    env = {
        "ACCENGAGE_EMAIL": EMAIL,
        "ACCENGAGE_API_KEY": API_KEY,
        "ACCENGAGE_PARTNER_ID": PARTNER,
    }
    client = AccengageClient.from_env(env)
    assert client.partner_id == PARTNER
    assert client.session.base_url == "https://api.accengage.com"
    assert AccengageClient.from_env(env, base_url="http://127.0.0.1:1").session.base_url == (
        "http://127.0.0.1:1"
    )
    with pytest.raises(ConfigurationError, match="ACCENGAGE_API_KEY"):
        AccengageClient.from_env({"ACCENGAGE_EMAIL": EMAIL, "ACCENGAGE_PARTNER_ID": PARTNER})
