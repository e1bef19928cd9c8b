"""The client: environments, configuration errors, from_env, routes, the raw escape hatch."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest

from loyalty_async import (
    ConfigurationError,
    ConvercusAuth,
    ConvercusClient,
    MockTransport,
    OutcomeUnknownError,
    ReadTimeout,
    Request,
    Response,
    RetryPolicy,
    Session,
)
from loyalty_async.convercus import (
    OPERATIONS,
    AccountsService,
    IdType,
    MembershipsService,
    NewUser,
    Operation,
    Optin,
    UsersService,
)
from tests.convercus.conftest import BASE_URL, TOKEN, Wire
from tests.convercus.wire_asserts import (
    ACCOUNT,
    CARD,
    MEMBERSHIP,
    USER,
    assert_sent,
    location,
    make_client,
)

CREDENTIALS: dict[str, Any] = {
    "org": "ORG",
    "username": "api-user",
    "password": "secret",
    "interaction_id": "webshop-1",
}


class Recorder:
    """Answers login with a token, account creation with a Location, anything else with 200."""

    def __init__(self) -> None:
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        if request.url.endswith("/auth/login"):
            return Response(200, text=TOKEN)
        if request.method == "POST" and request.url.endswith("/accounts"):
            return Response(201, headers={"Location": f"https://x.invalid/accounts/{ACCOUNT}"})
        return Response(200, json={"points": 0, "lockedPoints": 0})


@pytest.mark.parametrize(
    ("environment", "host"),
    [("staging", "https://staging.convercus.io"), ("production", "https://api.convercus.io")],
)
async def test_environment_chooses_the_host(environment: str, host: str) -> None:
    recorder = Recorder()
    async with ConvercusClient(
        environment=environment,  # type: ignore[arg-type]
        transport=MockTransport(recorder),
        **CREDENTIALS,
    ) as client:
        await client.accounts.create()

    login, create = recorder.requests
    assert login.url == f"{host}/auth/login"
    assert create.url == f"{host}/accounts"


@pytest.mark.parametrize(
    "settings",
    [
        {"environment": "dev"},
        {"environment": "staging", "base_url": BASE_URL},
        {},
        {"base_url": "convercus.test"},
    ],
)
def test_bad_location_settings_are_configuration_errors(settings: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        ConvercusClient(**settings, **CREDENTIALS, transport=MockTransport(Recorder()))


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"interaction_id": None}, "interaction_id"),
        ({"interaction_id": "  "}, "interaction_id"),
        ({"org": ""}, "org"),
        ({"username": None}, "username"),
        ({"password": None}, "password"),
    ],
)
def test_missing_settings_fail_at_construction_without_a_request(
    missing: dict[str, Any], message: str
) -> None:
    transport = MockTransport(Recorder())

    with pytest.raises(ConfigurationError, match=message):
        ConvercusClient(environment="staging", transport=transport, **{**CREDENTIALS, **missing})

    assert transport.requests == []


ENVIRON = {
    "CONVERCUS_ENVIRONMENT": "production",
    "CONVERCUS_ORG": "ORG",
    "CONVERCUS_USERNAME": "api-user",
    "CONVERCUS_PASSWORD": "secret",
    "CONVERCUS_INTERACTION_ID": "till-7",
}


async def test_from_env_reads_every_variable() -> None:
    recorder = Recorder()
    environ = {**ENVIRON, "CONVERCUS_AUTH_SCHEME": "bearer"}

    async with ConvercusClient.from_env(environ, transport=MockTransport(recorder)) as client:
        await client.accounts.get_balance(ACCOUNT)

    login, call = recorder.requests
    assert login.url == "https://api.convercus.io/auth/login"
    assert login.decoded_json() == {"org": "ORG", "userName": "api-user", "password": "secret"}
    assert call.headers["Authorization"] == f"Bearer {TOKEN}"
    assert call.headers["interaction-id"] == "till-7"


async def test_from_env_base_url_wins_over_environment_and_arguments_win_over_both() -> None:
    recorder = Recorder()
    environ = {**ENVIRON, "CONVERCUS_BASE_URL": "https://sandbox.test"}

    async with ConvercusClient.from_env(
        environ, interaction_id="kiosk-2", transport=MockTransport(recorder)
    ) as client:
        await client.accounts.get_balance(ACCOUNT)

    assert recorder.requests[-1].url == f"https://sandbox.test/accounts/{ACCOUNT}/balance"
    assert recorder.requests[-1].headers["interaction-id"] == "kiosk-2"


@pytest.mark.parametrize(
    ("argument", "host"),
    [
        ({"base_url": "https://proxy.test"}, "https://proxy.test"),
        ({"environment": "production"}, "https://api.convercus.io"),
    ],
)
async def test_a_location_argument_wins_over_both_location_variables(
    argument: dict[str, str], host: str
) -> None:
    recorder = Recorder()
    environ = {
        **ENVIRON,
        "CONVERCUS_ENVIRONMENT": "staging",
        "CONVERCUS_BASE_URL": "https://sandbox.test",
    }

    async with ConvercusClient.from_env(
        environ, transport=MockTransport(recorder), **argument
    ) as client:
        await client.accounts.get_balance(ACCOUNT)

    assert recorder.requests[-1].url == f"{host}/accounts/{ACCOUNT}/balance"


def test_from_env_names_every_missing_variable() -> None:
    environ = {"CONVERCUS_ENVIRONMENT": "staging", "CONVERCUS_ORG": "ORG"}

    with pytest.raises(ConfigurationError) as caught:
        ConvercusClient.from_env(environ)

    message = str(caught.value)
    for variable in ("CONVERCUS_USERNAME", "CONVERCUS_PASSWORD", "CONVERCUS_INTERACTION_ID"):
        assert variable in message
    assert "CONVERCUS_ORG" not in message


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CONVERCUS_BASE_URL", "CONVERCUS_AUTH_SCHEME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in ENVIRON.items():
        monkeypatch.setenv(name, value)

    client = ConvercusClient.from_env(transport=MockTransport(Recorder()))

    assert client.session.base_url == "https://api.convercus.io"
    assert client.session.headers["interaction-id"] == "till-7"


async def test_a_route_override_changes_the_path_on_the_wire(wire: Wire) -> None:
    wire.on("GET", f"/accountdetails/{CARD}", Response(200, json={"accountId": ACCOUNT}))

    routes = {"accounts.get_details": "/accountdetails/{accountId}"}

    async with make_client(wire, routes=routes) as client:
        details = await client.accounts.get_details(CARD, id_type=IdType.CARDCODE)

    assert details.account_id == ACCOUNT
    assert_sent(wire.last, "GET", f"/accountdetails/{CARD}", id_type="CARDCODE")
    assert OPERATIONS["accounts.get_details"].path == "/v3/accountdetails/{accountId}"


async def test_overriding_the_login_route_moves_the_automatic_login() -> None:
    sent: list[Request] = []

    def server(request: Request) -> Response:
        sent.append(request)
        if urlsplit(request.url).path == "/auth/v2/login":
            return Response(200, text=TOKEN)
        return Response(200, json={"points": 3, "lockedPoints": 0})

    async with ConvercusClient(
        base_url="https://api.test",
        routes={"auth.login": "/auth/v2/login"},
        transport=MockTransport(server),
        **CREDENTIALS,
    ) as client:
        balance_model = await client.accounts.get_balance(ACCOUNT)

    assert balance_model.points == 3
    login, balance = sent
    assert (login.method, login.url) == ("POST", "https://api.test/auth/v2/login")
    assert balance.headers["Authorization"] == TOKEN


async def test_the_inferred_optins_sub_path_is_one_override_away(wire: Wire) -> None:
    path = f"/accounts/{ACCOUNT}/memberships/{MEMBERSHIP}/optins"
    wire.on("PATCH", path, Response(204))
    routes = {
        "memberships.update_optins": "/accounts/{accountId}/memberships/{membershipId}/optins"
    }

    async with make_client(wire, routes=routes) as client:
        await client.memberships.update_optins(ACCOUNT, MEMBERSHIP, [Optin("email", True)])

    assert_sent(wire.last, "PATCH", path, json=[{"flag": True, "type": "email"}])


@pytest.mark.parametrize(
    ("routes", "message"),
    [
        ({"accounts.get_detail": "/accountdetails/{accountId}"}, "no operation"),
        ({"accounts.get_details": "/accountdetails/{id}"}, "parameters"),
        ({"accounts.get_details": "/accountdetails"}, "parameters"),
        ({"accounts.get_details": "accountdetails/{accountId}"}, "starting with '/'"),
    ],
)
def test_bad_route_overrides_are_configuration_errors(routes: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        ConvercusClient(base_url=BASE_URL, routes=routes, **CREDENTIALS)


async def test_raw_request_goes_through_auth_headers_and_retries(wire: Wire) -> None:
    wire.on(
        "GET",
        f"/accounts/{CARD}/balance",
        Response(503, json={"message": "busy"}),
        Response(200, json={"points": 3}),
    )
    retry = RetryPolicy(base_delay=0, max_delay=0)

    async with make_client(wire, retry=retry) as client:
        response = await client.request(
            "GET",
            "/accounts/{accountId}/balance",
            path_params={"accountId": CARD},
            headers={"id-type": "CARDCODE"},
        )

    assert response.status == 200
    assert response.json() == {"points": 3}
    assert len(wire.calls) == 2
    for request in wire.calls:
        assert_sent(request, "GET", f"/accounts/{CARD}/balance", id_type="CARDCODE")


def test_operations_are_public_and_iterable() -> None:
    operations = list(OPERATIONS)

    assert len(operations) == len(OPERATIONS) == 428
    assert all(isinstance(operation, Operation) for operation in operations)
    assert len({operation.name for operation in operations}) == len(operations)
    balance = OPERATIONS["accounts.get_balance"]
    assert (balance.name, balance.method, balance.path) == (
        "accounts.get_balance",
        "GET",
        "/accounts/{accountId}/balance",
    )
    assert balance.id_type and balance.confirmed
    assert all(op.method in {"GET", "POST", "PUT", "PATCH", "DELETE"} for op in operations)
    assert all(op.path.startswith("/") for op in operations)


def test_services_are_built_once_per_client() -> None:
    client = ConvercusClient(base_url=BASE_URL, transport=MockTransport(Recorder()), **CREDENTIALS)

    assert client.accounts is client.accounts
    assert client.users is not client.accounts
    assert client.memberships.session is client.session


async def test_services_work_on_a_session_of_your_own(wire: Wire) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}/balance", Response(200, json={"points": 7}))
    wire.on("POST", "/users", Response(201, headers=location(f"/users/{USER}")))
    wire.on("GET", f"/accounts/{ACCOUNT}/memberships", Response(200, json=[]))
    session = Session(
        BASE_URL,
        transport=MockTransport(wire),
        auth=ConvercusAuth("ORG", "api-user", "secret"),
        headers={"interaction-id": "webshop-1"},
    )

    async with session:
        balance = await AccountsService(session).get_balance(ACCOUNT)
        assert_sent(wire.last, "GET", f"/accounts/{ACCOUNT}/balance")
        user_id = await UsersService(session).create(NewUser(email_address="ann@example.com"))
        memberships = await MembershipsService(session).list(ACCOUNT)

    assert balance.points == 7 and balance.locked_points == 0
    assert user_id == USER
    assert memberships == []
    assert wire.logins == 1
    assert [urlsplit(r.url).path for r in wire.calls] == [
        f"/accounts/{ACCOUNT}/balance",
        "/users",
        f"/accounts/{ACCOUNT}/memberships",
    ]


async def test_closing_the_client_closes_its_transport() -> None:
    transport = MockTransport(Recorder())

    async with ConvercusClient(base_url=BASE_URL, transport=transport, **CREDENTIALS) as client:
        await client.accounts.create()

    assert transport.closed


async def test_call_by_name_keeps_the_operations_declarations_on_resending() -> None:
    # The deprecated PUT redemption is declared not idempotent: a lost answer must end as
    # an unknown outcome after one request, not be resent because HTTP calls PUT idempotent.
    sent: list[Request] = []

    def server(request: Request) -> Response:
        if request.url.endswith("/auth/login"):
            return Response(200, text=TOKEN)
        sent.append(request)
        raise ReadTimeout("the answer was lost")

    async with ConvercusClient(
        base_url=BASE_URL,
        transport=MockTransport(server),
        retry=RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0),
        **CREDENTIALS,
    ) as client:
        with pytest.raises(OutcomeUnknownError) as raised:
            await client.call(
                "account_coupons.redeem_put_deprecated",
                path_params={"accountCouponId": "ac-1"},
                json={},
            )

    assert [r.method for r in sent] == ["PUT"]
    assert raised.value.operation == "account_coupons.redeem_put_deprecated"


async def test_call_by_name_keeps_money_exact_where_the_operation_reads_money(
    wire: Wire,
) -> None:
    body = (
        b'{"transactionId":"t1","amount":12345678901234567.89,'
        b'"lineItems":[{"extendedAmount":24.90}]}'
    )
    wire.on("GET", "/transactions/t1", Response(200, content=body))
    wire.on("GET", "/accounts/A1/balance", Response(200, content=b'{"points":5,"lockedPoints":0}'))
    async with make_client(wire) as client:
        found = await client.call("transactions.get", path_params={"transactionId": "t1"})
        balance = await client.call("accounts.get_balance", path_params={"accountId": "A1"})
    # Through float these were 1.2345678901234568e+16 and 24.9: another amount.
    assert found["amount"] == Decimal("12345678901234567.89")
    assert str(found["lineItems"][0]["extendedAmount"]) == "24.90"
    assert balance == {"points": 5, "lockedPoints": 0}
