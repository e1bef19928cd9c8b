"""MewsAuth, AccengageAuth and OAuth2ClientCredentials on the wire, and a strategy of your own."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl, urlsplit

import orjson
import pytest
from aiohttp import web

from loyalty_async import (
    AccengageAuth,
    AiohttpTransport,
    AuthenticationError,
    AuthStrategy,
    ConfigurationError,
    MewsAuth,
    OAuth2ClientCredentials,
    Request,
    Response,
    Session,
)
from loyalty_async._version import __version__
from loyalty_async.auth import accengage_signature
from tests.core.helpers import (
    ACCENGAGE_TOKEN,
    API_KEY,
    CLIENT_SECRET,
    MEWS_ACCESS_TOKEN,
    MEWS_CLIENT_TOKEN,
    OAUTH_TOKEN,
    Clock,
    Loopback,
    mock_session,
    secret,
)

Serve = Callable[[Loopback], Awaitable[Loopback]]

# ================================================================ Mews


def mews_auth(**kwargs: str) -> MewsAuth:
    return MewsAuth(MEWS_CLIENT_TOKEN, MEWS_ACCESS_TOKEN, **kwargs)


async def test_mews_tokens_are_merged_into_the_bytes_sent(serve: Serve) -> None:
    async def get_all(request: web.Request) -> web.Response:
        return web.json_response({"LoyaltyPrograms": [], "Cursor": None})

    server = Loopback()
    server.route("POST", "/api/connector/v1/loyaltyPrograms/getAll", get_all)
    await serve(server)
    async with Session(server.url(), transport=AiohttpTransport(), auth=mews_auth()) as session:
        await session.request(
            "POST",
            "/api/connector/v1/loyaltyPrograms/getAll",
            json={"Limitation": {"Count": 10, "Cursor": None}},
        )
    seen = server.seen[0]
    assert seen.body == (
        b'{"Limitation":{"Count":10,"Cursor":null},'
        b'"ClientToken":"' + MEWS_CLIENT_TOKEN.encode() + b'",'
        b'"AccessToken":"' + MEWS_ACCESS_TOKEN.encode() + b'",'
        b'"Client":"loyalty-async ' + __version__.encode() + b'"}'
    )
    assert seen.headers["Content-Type"] == "application/json"
    assert "Authorization" not in seen.headers


async def test_mews_body_without_payload_language_and_raw_content() -> None:
    auth = mews_auth(client="Till 1.0", language_code="en-US", culture_code="en-GB")
    async with mock_session(lambda r: Response(200, json={}), auth=auth) as (session, transport):
        await session.request("POST", "/api/connector/v1/configuration/get")
        await session.request("POST", "/x", content=b'{"ChainId":"c-1"}')
    assert transport.requests[0].decoded_json() == {
        "ClientToken": MEWS_CLIENT_TOKEN,
        "AccessToken": MEWS_ACCESS_TOKEN,
        "Client": "Till 1.0",
        "LanguageCode": "en-US",
        "CultureCode": "en-GB",
    }
    assert transport.requests[1].decoded_json()["ChainId"] == "c-1"
    assert transport.requests[1].decoded_json()["AccessToken"] == MEWS_ACCESS_TOKEN


async def test_mews_refuses_bodies_it_cannot_carry_tokens_in() -> None:
    async with mock_session(lambda r: Response(200), auth=mews_auth()) as (session, transport):
        with pytest.raises(ConfigurationError):
            await session.request("POST", "/x", json=[1, 2])
        with pytest.raises(ConfigurationError):
            await session.request("POST", "/x", content=b"not json")
    assert transport.requests == []
    with pytest.raises(ConfigurationError):
        MewsAuth(MEWS_CLIENT_TOKEN, "")
    with pytest.raises(ConfigurationError):
        mews_auth(language_code="en-US")
    assert MEWS_ACCESS_TOKEN not in repr(mews_auth())


async def test_mews_401_is_permanent() -> None:
    body = {"Message": "Invalid AccessToken.", "RequestId": "req-123", "Details": None}
    async with mock_session(lambda r: Response(401, json=body), auth=mews_auth()) as (
        session,
        transport,
    ):
        with pytest.raises(AuthenticationError) as caught:
            await session.request("POST", "/api/connector/v1/loyaltyTiers/getAll", json={})
    assert len(transport.requests) == 1
    assert caught.value.message == "Invalid AccessToken."
    assert caught.value.request_id == "req-123"


# ================================================================ Accengage

VECTOR_TIME = 1507722391
BODY_SIGNATURE = "f974f730586ce2bf49a276845060a8d38bb43770"
EMPTY_SIGNATURE = "ba04fc7206950ce63d78ddbc9e65c48fb96e54d7"


def test_published_signature_vectors() -> None:
    body = b'{"email":"mymail@client.com"}'
    assert accengage_signature(body, API_KEY, str(VECTOR_TIME)) == BODY_SIGNATURE
    assert accengage_signature(b"", API_KEY, str(VECTOR_TIME)) == EMPTY_SIGNATURE


class FakeAccengage:
    """Checks every signature over the bytes it received, like the real API."""

    def __init__(self, server: Loopback, tokens: list[str]) -> None:
        self.server = server
        self.tokens = tokens
        self.issued = 0
        self.expired: set[str] = set()
        server.route("POST", "/v1/access_token", self.access_token)
        server.route("GET", "/v1/me", self.me)
        server.route("POST", "/v1/me/apps/{partner}/messages", self.me)

    def signature_ok(self, request: web.Request, body: bytes) -> bool:
        expected = hashlib.sha1(
            body + API_KEY.encode() + request.headers["Accengage-Time"].encode()
        ).hexdigest()
        return request.headers.get("Accengage-Signature") == expected

    async def access_token(self, request: web.Request) -> web.Response:
        if not self.signature_ok(request, await request.read()):
            return web.json_response({"errors": [{"label": "API_ERR_SIGNATURE"}]}, status=400)
        token = self.tokens[min(self.issued, len(self.tokens) - 1)]
        self.issued += 1
        return web.json_response({"token_type": "Bearer", "access_token": token})

    async def me(self, request: web.Request) -> web.Response:
        if not self.signature_ok(request, await request.read()):
            return web.json_response({"errors": [{"label": "API_ERR_SIGNATURE"}]}, status=400)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token in self.expired or token not in self.tokens:
            errors = [{"label": "API_ERR_TOKEN", "message": "Token expired"}]
            return web.json_response({"errors": errors}, status=401)
        return web.json_response({"email": "mymail@client.com"})


async def test_accengage_vectors_through_a_real_session(serve: Serve) -> None:
    server = Loopback()
    fake = FakeAccengage(server, [secret(ACCENGAGE_TOKEN)])
    await serve(server)
    auth = AccengageAuth(API_KEY, "mymail@client.com", clock=Clock(VECTOR_TIME))
    async with Session(server.url(), transport=AiohttpTransport(), auth=auth) as session:
        response = await session.request("GET", "/v1/me")
    assert response.json() == {"email": "mymail@client.com"}
    assert fake.issued == 1
    token_request, me = server.seen
    # The token request: signed over exactly these bytes, and no Authorization.
    assert token_request.body == b'{"email":"mymail@client.com"}'
    assert token_request.headers["Accengage-Time"] == str(VECTOR_TIME)
    assert token_request.headers["Accengage-Signature"] == BODY_SIGNATURE
    assert "Authorization" not in token_request.headers
    # A GET: no body, so the signature is over key and time alone; the token rides along.
    assert me.body == b""
    assert me.headers["Accengage-Signature"] == EMPTY_SIGNATURE
    assert me.headers["Authorization"] == f"Bearer {ACCENGAGE_TOKEN}"


async def test_accengage_signs_the_exact_body_bytes_of_a_call(serve: Serve) -> None:
    server = Loopback()
    FakeAccengage(server, [secret(ACCENGAGE_TOKEN)])
    await serve(server)
    clock = Clock(VECTOR_TIME)
    auth = AccengageAuth(API_KEY, "mymail@client.com", clock=clock)
    async with Session(server.url(), transport=AiohttpTransport(), auth=auth) as session:
        clock.advance(5)
        body = {"name": "Promo", "content": {"title": "Hé", "body": "50 % off"}}
        response = await session.request("POST", "/v1/me/apps/{p}/messages", path_params={"p": 7},
                                         json=body)  # fmt: skip
    assert response.status == 200  # the server verified the signature over what it got
    sent = server.seen[-1]
    assert sent.headers["Accengage-Time"] == str(VECTOR_TIME + 5)
    assert sent.headers["Accengage-Signature"] == accengage_signature(
        sent.body, API_KEY, str(VECTOR_TIME + 5)
    )
    assert orjson.loads(sent.body) == body


async def accengage_with_two_tokens(serve: Serve) -> tuple[FakeAccengage, Session, str]:
    """A fake Accengage issuing two tokens in turn, a session on it, and the first token."""
    server = Loopback()
    first, second = secret("acc-first-token"), secret("acc-second-token")
    fake = FakeAccengage(server, [first, second])
    await serve(server)
    auth = AccengageAuth(API_KEY, "mymail@client.com", clock=Clock(VECTOR_TIME))
    return fake, Session(server.url(), transport=AiohttpTransport(), auth=auth), first


async def test_accengage_expired_token_is_fetched_again_once(serve: Serve) -> None:
    fake, session, first = await accengage_with_two_tokens(serve)
    async with session:
        await session.request("GET", "/v1/me")
        fake.expired.add(first)
        response = await session.request("GET", "/v1/me")
        assert response.status == 200
        fake.expired.add(fake.tokens[1])
        with pytest.raises(AuthenticationError) as caught:
            await session.request("GET", "/v1/me")
    assert caught.value.code == "API_ERR_TOKEN"
    paths = [seen.path for seen in fake.server.seen]
    assert paths == [
        "/v1/access_token", "/v1/me",  # first call
        "/v1/me", "/v1/access_token", "/v1/me",  # expired: one new token, one replay
        "/v1/me", "/v1/access_token", "/v1/me",  # expired again: replayed once, then raised
    ]  # fmt: skip
    assert fake.issued == 3


async def test_accengage_streamed_call_on_a_real_server_survives_token_expiry(
    serve: Serve,
) -> None:
    fake, session, first = await accengage_with_two_tokens(serve)
    async with session:
        await session.request("GET", "/v1/me")
        fake.expired.add(first)
        # The 401 arrives as a stream: its body must be read to see API_ERR_TOKEN.
        async with session.stream("GET", "/v1/me") as response:
            body = await response.aread()
    assert orjson.loads(body) == {"email": "mymail@client.com"}
    assert fake.issued == 2


async def test_accengage_streamed_call_is_replayed_after_token_expiry() -> None:
    tokens = iter([secret("acc-stream-1"), secret("acc-stream-2")])
    calls: list[str] = []

    def handler(request: Request) -> Response:
        if request.url.endswith("/v1/access_token"):
            return Response(200, json={"token_type": "Bearer", "access_token": next(tokens)})
        calls.append(request.headers["Authorization"])
        if len(calls) == 1:
            return Response(401, json={"errors": [{"label": "API_ERR_TOKEN"}]})
        return Response(200, text="id;email\n1;a@b.c\n")

    auth = AccengageAuth(API_KEY, "mymail@client.com", clock=Clock(VECTOR_TIME))
    async with (
        mock_session(handler, auth=auth) as (session, _),
        session.stream("GET", "/v1/me/apps/1/devices") as response,
    ):
        lines = [line async for line in response.aiter_lines()]
    assert lines == ["id;email", "1;a@b.c"]
    assert calls == ["Bearer acc-stream-1", "Bearer acc-stream-2"]


async def test_accengage_other_401_and_token_refusals() -> None:
    def handler(request: Request) -> Response:
        if request.url.endswith("/v1/access_token"):
            return Response(200, json={"token_type": "bearer", "access_token": ACCENGAGE_TOKEN})
        return Response(401, json={"errors": [{"label": "API_ERR_FORBIDDEN", "message": "no"}]})

    auth = AccengageAuth(API_KEY, "mymail@client.com", clock=Clock(VECTOR_TIME))
    async with mock_session(handler, auth=auth) as (session, transport):
        with pytest.raises(AuthenticationError) as caught:
            await session.request("GET", "/v1/me")
    assert caught.value.code == "API_ERR_FORBIDDEN"
    assert len(transport.requests) == 2  # no second token for a non-token refusal
    assert transport.requests[1].headers["Authorization"] == f"bearer {ACCENGAGE_TOKEN}"

    unknown = Response(404, json={"errors": [{"label": "API_ERR_DATA", "message": "unknown"}]})
    auth = AccengageAuth(API_KEY, "nobody@client.com", clock=Clock(VECTOR_TIME))
    async with mock_session(lambda r: unknown, auth=auth) as (session, transport):
        with pytest.raises(AuthenticationError) as refused:
            await session.request("GET", "/v1/me")
    assert refused.value.status == 404
    assert len(transport.requests) == 1
    with pytest.raises(ConfigurationError):
        AccengageAuth("", "x@y.z")
    assert API_KEY not in repr(auth)


# ================================================================ OAuth2 client credentials

TOKEN_URL = "https://idp.test/oauth/token"


class FakeIdp:
    """A token endpoint and an API that accepts only the newest token."""

    def __init__(self, *, expires_in: object = 3600, delay: float = 0.0) -> None:
        self.expires_in = expires_in
        self.delay = delay
        self.token_requests: list[Request] = []
        self.calls: list[Request] = []
        self.valid: str | None = None  # the one token the API accepts now
        self.reject_all = False

    def token(self, n: int) -> str:
        return secret(f"{OAUTH_TOKEN}-{n}")

    async def __call__(self, request: Request) -> Response:
        if request.url == TOKEN_URL:
            self.token_requests.append(request)
            if self.delay:
                await asyncio.sleep(self.delay)
            self.valid = self.token(len(self.token_requests))
            body: dict[str, object] = {"access_token": self.valid, "token_type": "Bearer"}
            if self.expires_in is not None:
                body["expires_in"] = self.expires_in
            return Response(200, json=body)
        self.calls.append(request)
        authorization = request.headers.get("Authorization")
        if self.reject_all or self.valid is None or authorization != f"Bearer {self.valid}":
            return Response(401, json={"error": "invalid_token", "error_description": "expired"})
        return Response(200, json={"ok": True})


def oauth(clock: Clock | None = None, **kwargs: object) -> OAuth2ClientCredentials:
    return OAuth2ClientCredentials(
        TOKEN_URL,
        "shop-42",
        CLIENT_SECRET,
        clock=clock or Clock(),
        **kwargs,  # type: ignore[arg-type]
    )


async def test_oauth2_form_body_on_the_wire() -> None:
    idp = FakeIdp()
    async with mock_session(idp, auth=oauth(scope="earn burn")) as (session, _):
        await session.request("GET", "/members/1")
    token_request = idp.token_requests[0]
    assert (token_request.method, token_request.url) == ("POST", TOKEN_URL)
    assert token_request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in token_request.headers
    assert isinstance(token_request.content, bytes)
    assert parse_qsl(token_request.content.decode()) == [
        ("client_id", "shop-42"),
        ("client_secret", CLIENT_SECRET),
        ("grant_type", "client_credentials"),
        ("scope", "earn burn"),
    ]
    assert idp.calls[0].headers["Authorization"] == f"Bearer {OAUTH_TOKEN}-1"
    assert urlsplit(idp.calls[0].url).netloc == "api.loyalty.test"


async def test_oauth2_json_body_with_configured_field_names() -> None:
    idp = FakeIdp()
    auth = oauth(
        body_format="json",
        id_field="clientId",
        secret_field="appSecretKey",
        grant_type=None,
        extra_fields={"audience": "loyalty"},
    )
    async with mock_session(idp, auth=auth) as (session, _):
        await session.request("GET", "/members/1")
    token_request = idp.token_requests[0]
    assert token_request.content == (
        b'{"clientId":"shop-42","appSecretKey":"' + CLIENT_SECRET.encode() + b'",'
        b'"audience":"loyalty"}'
    )
    assert token_request.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("expires_in", "lifetime"),
    [(120, 120.0), ("120", 120.0), (None, 3600.0), ("soon", 3600.0), (-5, 3600.0), (True, 3600.0)],
)
async def test_oauth2_expires_in_is_honoured(expires_in: object, lifetime: float) -> None:
    clock = Clock()
    idp = FakeIdp(expires_in=expires_in)
    async with mock_session(idp, auth=oauth(clock)) as (session, _):
        await session.request("GET", "/a")
        clock.advance(lifetime - 61)  # outside the 60 s margin
        await session.request("GET", "/a")
        assert len(idp.token_requests) == 1
        clock.advance(1)
        await session.request("GET", "/a")
    assert len(idp.token_requests) == 2
    assert idp.calls[-1].headers["Authorization"] == f"Bearer {OAUTH_TOKEN}-2"


async def test_oauth2_single_flight() -> None:
    idp = FakeIdp(delay=0.02)
    async with mock_session(idp, auth=oauth()) as (session, _):
        await asyncio.gather(*(session.request("GET", "/a") for _ in range(300)))
    assert len(idp.token_requests) == 1
    assert len(idp.calls) == 300


async def test_oauth2_401_refreshes_once_and_replays() -> None:
    idp = FakeIdp()
    async with mock_session(idp, auth=oauth()) as (session, transport):
        await session.request("GET", "/a")
        idp.valid = None  # revoked on the server; the client still holds it
        assert (await session.request("POST", "/earn", json={"points": 5})).status == 200
        idp.reject_all = True  # even a fresh token is refused: one refresh, then the error
        with pytest.raises(AuthenticationError) as caught:
            await session.request("GET", "/a")
    earn = [r for r in transport.requests if r.url.endswith("/earn")]
    assert [r.headers["Authorization"] for r in earn] == [
        f"Bearer {OAUTH_TOKEN}-1",
        f"Bearer {OAUTH_TOKEN}-2",
    ]
    assert earn[0].content == earn[1].content == b'{"points":5}'
    assert len(idp.token_requests) == 3
    assert caught.value.code == "invalid_token"
    assert caught.value.message == "expired"


@pytest.mark.parametrize(
    "answer",
    [
        Response(401, json={"error": "invalid_client", "error_description": "bad secret"}),
        Response(400, json={"error": "invalid_grant"}),
        Response(200, json={"token_type": "Bearer"}),
        Response(200, json={"access_token": ""}),
        Response(200, text="<html>login</html>"),
    ],
)
async def test_oauth2_token_failures_are_authentication_errors(answer: Response) -> None:
    async with mock_session(lambda r: answer, auth=oauth()) as (session, transport):
        with pytest.raises(AuthenticationError):
            await session.request("POST", "/earn", json={"points": 1})
    assert [r.url for r in transport.requests] == [TOKEN_URL]


def test_oauth2_settings_are_checked() -> None:
    with pytest.raises(ConfigurationError):
        OAuth2ClientCredentials(TOKEN_URL, "id", "")
    with pytest.raises(ConfigurationError):
        oauth(body_format="xml")
    assert CLIENT_SECRET not in repr(oauth())


# ================================================================ your own strategy


async def test_a_strategy_of_your_own_uses_every_hook() -> None:
    class ApiKeyAuth(AuthStrategy):
        """Adds a key header, signs the final bytes, and replays once on 419."""

        def __init__(self) -> None:
            self.rejections = 0

        async def prepare(self, request: Request, context: object) -> None:
            request.headers["X-Api-Key"] = API_KEY
            request.params.append(("v", "2"))

        def sign(self, request: Request) -> None:
            assert isinstance(request.content, bytes | None)
            digest = hashlib.sha256(request.content or b"").hexdigest()
            request.headers["X-Body-Digest"] = digest

        def is_rejection(self, response: Response) -> bool:
            return response.status == 419

        async def on_rejection(self, request: Request, response: Response) -> bool:
            self.rejections += 1
            return True

    answers = iter([Response(419), Response(200)])
    auth = ApiKeyAuth()
    async with mock_session(lambda r: next(answers), auth=auth) as (session, transport):
        await session.request("POST", "/a", json={"n": 1})
    first, replay = transport.requests
    assert first.headers["X-Api-Key"] == API_KEY
    assert first.full_url.endswith("/a?v=2")
    assert first.headers["X-Body-Digest"] == hashlib.sha256(b'{"n":1}').hexdigest()
    assert replay.full_url.endswith("/a?v=2")  # prepared afresh, not prepared twice
    assert auth.rejections == 1
