"""A header value with a line break would smuggle headers (or a second request) onto the wire.

Every header value the SDK is given is checked where it is given: settings at construction
(``ConfigurationError``), per-call values before anything is sent (``ValidationError``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from loyalty_async import (
    ConfigurationError,
    ConvercusClient,
    DecodeError,
    MockTransport,
    Request,
    Response,
    Session,
    ValidationError,
)
from loyalty_async.convercus import IdType
from loyalty_async.operations import Operation
from loyalty_async.session import Call, CallOptions
from loyalty_async.transport.headers import CheckedHeaders
from tests.core.helpers import BASE_URL, PASSWORD

ACCOUNT = "7d123457-bfa1-4a83-8213-123456789763"
INJECTED = [
    "till-7\r\nX-Evil: 1",
    "till-7\nX-Evil: 1",
    "till-7\rX-Evil: 1",
    "till\x00-7",
    "till\x1b[31m-7",
    "till\x7f",
]
BALANCE = Operation("accounts.get_balance", "GET", "/accounts/{accountId}/balance")


def nothing_may_be_sent(request: Request) -> Response:
    raise AssertionError(f"nothing may be sent, but {request.method} {request.url} was")


def client(transport: MockTransport, **settings: object) -> ConvercusClient:
    options: dict[str, object] = {
        "base_url": BASE_URL,
        "org": "ORG",
        "username": "api-user",
        "password": PASSWORD,
        "interaction_id": "till-7",
        "transport": transport,
        **settings,
    }
    return ConvercusClient(**options)  # type: ignore[arg-type]


def login_then_balance(request: Request) -> Response:
    if request.url.endswith("/auth/login"):
        return Response(200, text="eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.c2ln")
    return Response(200, json={"points": 10, "lockedPoints": 0})


@pytest.mark.parametrize("value", INJECTED)
def test_settings_with_control_characters_are_refused_at_construction(value: str) -> None:
    transport = MockTransport(nothing_may_be_sent)
    with pytest.raises(ConfigurationError, match="interaction-id"):
        client(transport, interaction_id=value)
    with pytest.raises(ConfigurationError, match="X-Trace"):
        client(transport, headers={"X-Trace": value})
    with pytest.raises(ConfigurationError, match="X-Trace"):
        Session(BASE_URL, transport=transport, headers={"X-Trace": value})


@pytest.mark.parametrize("name", ["Bad Name", "X-A:B", "", "X-\r\nEvil"])
def test_header_names_must_be_tokens(name: str) -> None:
    with pytest.raises(ConfigurationError, match="not a valid header name"):
        Session(BASE_URL, headers={name: "1"})
    with pytest.raises(ValidationError, match="not a valid header name"):
        CallOptions(headers={name: "1"})


@pytest.mark.parametrize("value", INJECTED)
async def test_per_call_headers_with_control_characters_are_refused_before_sending(
    value: str,
) -> None:
    transport = MockTransport(nothing_may_be_sent)
    async with Session(BASE_URL, transport=transport) as session:
        with pytest.raises(ValidationError, match="id-type"):
            await session.send(Call(BALANCE, path={"accountId": "V1"}, headers={"id-type": value}))
        with pytest.raises(ValidationError, match="id-type"):
            await session.request("GET", "/accounts", headers={"id-type": value})
    async with client(transport) as convercus:
        with pytest.raises(ValidationError, match="interaction-id"):
            convercus.accounts.with_options(headers={"interaction-id": value})
    assert transport.requests == []


async def test_a_tab_is_a_valid_header_character() -> None:
    transport = MockTransport(lambda request: Response(200, json={}))
    async with Session(BASE_URL, transport=transport, headers={"X-Note": "a\tb"}) as session:
        await session.request("GET", "/a")
    assert transport.requests[0].headers["X-Note"] == "a\tb"


@pytest.mark.parametrize("id_type", ["BOGUS", "CARDCODE\r\nX-Evil: 1", "cardcode "])
async def test_client_call_checks_id_type_against_the_enum(id_type: str) -> None:
    transport = MockTransport(nothing_may_be_sent)
    async with client(transport) as convercus:
        with pytest.raises(ValidationError) as caught:
            await convercus.call(
                "accounts.get_balance", path_params={"accountId": "V1W2X3"}, id_type=id_type
            )
    assert caught.value.field == "id_type"
    assert transport.requests == []


@pytest.mark.parametrize("id_type", [IdType.CARDCODE, "CARDCODE"])
async def test_client_call_sends_a_valid_id_type(id_type: IdType | str) -> None:
    transport = MockTransport(login_then_balance)
    async with client(transport) as convercus:
        balance = await convercus.call(
            "accounts.get_balance", path_params={"accountId": "V1W2X3"}, id_type=id_type
        )
    assert balance == {"points": 10, "lockedPoints": 0}
    sent = transport.requests[-1]
    assert (sent.method, sent.url) == ("GET", BASE_URL + "/accounts/V1W2X3/balance")
    assert sent.headers["id-type"] == "CARDCODE"


async def test_a_token_with_a_line_break_is_never_sent() -> None:
    def login(request: Request) -> Response:
        if request.url.endswith("/auth/login"):
            return Response(200, text="eyJ.a.b\r\nX-Evil: 1")
        raise AssertionError("a call went out with the broken token")

    transport = MockTransport(login)
    async with client(transport) as convercus:
        with pytest.raises(DecodeError, match="header"):
            await convercus.accounts.get_balance(ACCOUNT)
    assert [request.url for request in transport.requests] == [BASE_URL + "/auth/login"]


@pytest.mark.parametrize("value", INJECTED)
def test_checked_headers_refuse_what_cannot_be_sent_when_made(value: str) -> None:
    with pytest.raises(ValueError, match="id-type"):
        CheckedHeaders({"id-type": value})


def test_checked_headers_cannot_change_once_made() -> None:
    fixed = CheckedHeaders({"id-type": "CARDCODE"})
    changes: list[Callable[[], object]] = [
        lambda: fixed.__setitem__("id-type", "ID\r\nX-Injected: 1"),
        lambda: fixed.update({"id-type": "ID"}),
        lambda: fixed.setdefault("X-New", "1"),
        lambda: fixed.pop("id-type"),
        lambda: fixed.popitem(),
        lambda: fixed.clear(),
        lambda: fixed.__delitem__("id-type"),
        lambda: fixed.__ior__({"id-type": "ID"}),
    ]
    for change in changes:
        with pytest.raises(TypeError, match="cannot change"):
            change()
    assert fixed == {"id-type": "CARDCODE"}


async def test_checked_headers_go_out_as_given() -> None:
    transport = MockTransport(lambda request: Response(200, json={}))
    fixed = CheckedHeaders({"id-type": "CARDCODE"})
    async with Session(BASE_URL, transport=transport, headers={"interaction-id": "i"}) as session:
        await session.send(Call(BALANCE, path={"accountId": "V1"}, headers=fixed))
        await session.send(Call(BALANCE, path={"accountId": "V2"}))
    first, second = transport.requests
    assert (first.headers["id-type"], first.headers["interaction-id"]) == ("CARDCODE", "i")
    assert "id-type" not in second.headers  # the merged set of one call never reaches another


async def test_a_header_changed_on_one_request_reaches_no_other() -> None:
    # The requests of one operation share one merged header set until one is changed.
    transport = MockTransport(lambda request: Response(200, json={}))
    fixed = CheckedHeaders({"id-type": "CARDCODE"})
    touched: list[Request] = []

    def hook(request: Request) -> None:
        if not touched:
            request.headers["X-Once"] = "1"
            del request.headers["interaction-id"]
        touched.append(request)

    async with Session(
        BASE_URL, transport=transport, headers={"interaction-id": "i"}, on_request=[hook]
    ) as session:
        for account in ("V1", "V2", "V3"):
            await session.send(Call(BALANCE, path={"accountId": account}, headers=fixed))
        first, second, third = transport.requests
        assert ("X-Once" in first.headers, "interaction-id" in first.headers) == (True, False)
        for request in (second, third):
            assert "X-Once" not in request.headers
            assert request.headers["interaction-id"] == "i"
        # A request's headers are its own once read: changing them changes nothing else.
        second.headers["id-type"] = "ID"
        assert third.headers["id-type"] == "CARDCODE"
        await session.send(Call(BALANCE, path={"accountId": "V4"}, headers=fixed))
        assert transport.requests[-1].headers["id-type"] == "CARDCODE"
        assert session.headers.get("X-Once") is None


def test_checked_headers_show_no_credential() -> None:
    token = CheckedHeaders({"Authorization": "Bearer eyJhbGciOi.secret", "id-type": "ID"})
    assert "eyJ" not in repr(token) and "[REDACTED]" in repr(token)
    assert "'id-type': 'ID'" in repr(token)
