"""Client-level settings: with_options copies, raw responses, program id, reconcile settle."""

from __future__ import annotations

import asyncio
import contextlib
import types
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from loyalty_async import (
    ConfigurationError,
    ConvercusClient,
    OutcomeUnknownError,
    RawResponse,
    Request,
    Response,
    RetryPolicy,
    ValidationError,
    with_raw_response,
)
from loyalty_async.convercus import Balance, IdType
from loyalty_async.recipes import exactly_once
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import ACCOUNT, CARD, assert_sent, make_client


async def test_with_options_is_a_cheap_copy_sharing_the_session(wire: Wire) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}/balance", Response(200, json={"points": 1}))
    async with make_client(wire) as client:
        till = client.with_options(headers={"interaction-id": "till-7"}, query={"v": "2"})

        await till.accounts.get_balance(ACCOUNT)
        await client.accounts.get_balance(ACCOUNT)

        assert till.session is client.session
        assert till.accounts is not client.accounts
    first, second = wire.calls
    assert first.headers["interaction-id"] == "till-7"
    assert first.params == [("v", "2")]
    assert second.headers["interaction-id"] == "webshop-1"
    assert second.params == []
    assert wire.logins == 1


async def test_a_copy_made_after_a_service_was_used_gets_its_own_settings(wire: Wire) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}/balance", Response(200, json={"points": 1}))
    async with make_client(wire) as client:
        await client.accounts.get_balance(ACCOUNT)  # caches client.accounts
        await client.with_options(headers={"X-Trace": "t"}).accounts.get_balance(ACCOUNT)
    assert "X-Trace" not in wire.calls[0].headers
    assert wire.calls[1].headers["X-Trace"] == "t"


async def test_with_options_deadline_bounds_the_calls_of_the_copy(wire: Wire) -> None:
    cut_short: list[bool] = []

    async def slow(request: Request) -> Response:
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            cut_short.append(True)
            raise
        cut_short.append(False)
        return Response(200, json={"points": 1})

    from loyalty_async import DeadlineExceeded, MockTransport

    async with ConvercusClient(
        base_url="https://convercus.test",
        org="ORG",
        username="api-user",
        password="secret",
        interaction_id="webshop-1",
        transport=MockTransport(_login_then(slow)),
    ) as client:
        with pytest.raises(DeadlineExceeded):
            await client.with_options(deadline=0.2).accounts.get_balance(ACCOUNT)
    assert cut_short == [True]  # the exchange was abandoned at the deadline, not waited out


def _login_then(handler: Any) -> Any:
    from tests.convercus.conftest import TOKEN

    async def answer(request: Request) -> Response:
        if request.url.endswith("/auth/login"):
            return Response(200, text=TOKEN)
        result: Response = await handler(request)
        return result

    return answer


async def test_raw_response_gives_status_headers_request_id_and_result(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "GET",
        f"/accounts/{CARD}/balance",
        Response(200, json={"points": 12}, headers={"X-Request-Id": "req-42"}),
    )

    raw = await client.with_raw_response(client.accounts.get_balance)(CARD, id_type=IdType.CARDCODE)

    assert isinstance(raw, RawResponse)
    assert (raw.status, raw.request_id, raw.parsed) == (200, "req-42", Balance(points=12))
    assert raw.headers["X-Request-Id"] == "req-42"
    assert_sent(wire.last, "GET", f"/accounts/{CARD}/balance", id_type="CARDCODE")
    assert client.accounts._capture is None  # the service itself records nothing


async def test_raw_response_of_a_hand_written_method_and_a_sub_service(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", "/coupons/c-1/accounts/count", Response(200, json={"count": 3}))

    raw = await with_raw_response(client.coupons.assignments.count)("c-1")

    assert (raw.status, raw.parsed, raw.request_id) == (200, 3, None)


def test_raw_response_needs_a_bound_service_method() -> None:
    with pytest.raises(ValidationError):
        with_raw_response(print)  # type: ignore[arg-type]


def test_program_id_comes_from_the_environment() -> None:
    env = {
        "CONVERCUS_BASE_URL": "https://convercus.test",
        "CONVERCUS_ORG": "ORG",
        "CONVERCUS_USERNAME": "u",
        "CONVERCUS_PASSWORD": "p",
        "CONVERCUS_INTERACTION_ID": "i",
        "CONVERCUS_PROGRAM_ID": "PROG-1",
    }
    client = ConvercusClient.from_env(env)
    assert client.program_id == "PROG-1"
    assert ConvercusClient.from_env(env, program_id="PROG-2").program_id == "PROG-2"
    assert client.with_options(program_id="PROG-3").program_id == "PROG-3"
    assert client.program_id == "PROG-1"


@pytest.mark.parametrize("value", ["", " ", 7])
def test_a_bad_program_id_is_a_configuration_error(value: Any) -> None:
    with pytest.raises(ConfigurationError, match="program_id"):
        make_client(lambda request: Response(200), program_id=value)


@pytest.mark.parametrize("value", [-1, "2", True])
def test_a_bad_reconcile_settle_is_a_configuration_error(value: Any) -> None:
    with pytest.raises(ConfigurationError, match="reconcile_settle"):
        make_client(lambda request: Response(200), reconcile_settle=value)


# ---------------------------------------------------------------------- settle rule


class SlowBooker:
    """A loopback server that books a booking but answers only after ``delay`` seconds.

    The booking is made whether or not the client is still waiting, as a real server
    would after a client gave up on it.
    """

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.bookings: list[dict[str, Any]] = []
        self.tasks: set[asyncio.Task[None]] = set()

    def app(self) -> web.Application:
        from tests.convercus.conftest import TOKEN

        async def login(request: web.Request) -> web.Response:
            return web.Response(text=TOKEN)

        async def book(request: web.Request) -> web.Response:
            body = await request.json()

            async def work() -> None:
                await asyncio.sleep(self.delay)
                self.bookings.append({**body, "bookingId": f"b-{len(self.bookings) + 1}"})

            task = asyncio.get_running_loop().create_task(work())
            self.tasks.add(task)
            await asyncio.shield(task)
            return web.Response(
                status=201, headers={"Location": f"/bookings/b-{len(self.bookings)}"}
            )

        async def listing(request: web.Request) -> web.Response:
            return web.json_response(self.bookings)

        app = web.Application()
        app.router.add_post("/auth/login", login)
        app.router.add_post("/v2/accounts/{account}/bookings", book)
        app.router.add_get("/accounts/{account}/bookings", listing)
        return app


@contextlib.asynccontextmanager
async def slow_booker_client(server: SlowBooker, **settings: Any) -> AsyncIterator[ConvercusClient]:
    async with TestServer(server.app()) as http:
        async with ConvercusClient(
            base_url=str(http.make_url("")).rstrip("/"),
            org="ORG",
            username="u",
            password="p",
            interaction_id="i",
            retry=RetryPolicy(max_attempts=1),
            **settings,
        ) as client:
            yield client
        await asyncio.gather(*server.tasks)


async def _book_with_deadline(client: ConvercusClient) -> OutcomeUnknownError:
    with pytest.raises(OutcomeUnknownError) as caught:
        await client.bookings.with_options(deadline=0.3).create(
            ACCOUNT, booking_type="EARNBOOKING", points=10, reference_id="order-1"
        )
    return caught.value


async def test_reconcile_waits_for_the_server_to_settle() -> None:
    server = SlowBooker(delay=1.0)
    async with slow_booker_client(server) as client:
        error = await _book_with_deadline(client)
        assert error.context["gave_up_at"] is not None

        found = await client.bookings.reconcile(error, settle=1.5)

    # Without the settle rule the lookup at 0.3 s would have said "not booked".
    assert [b.reference_id for b in found] == ["order-1"]
    assert len(server.bookings) == 1


async def test_reconcile_inside_the_window_is_what_the_settle_rule_prevents() -> None:
    server = SlowBooker(delay=1.0)
    async with slow_booker_client(server, reconcile_settle=0) as client:
        error = await _book_with_deadline(client)
        # settle=0 looks at once: the server has not booked it yet, and says so.
        assert await client.bookings.reconcile(error) == []
    assert len(server.bookings) == 1  # ... and then it did


@pytest.mark.parametrize("settle", [-1, float("nan"), float("inf"), True, "2"])
async def test_a_bad_settle_is_refused(client: ConvercusClient, settle: object) -> None:
    error = OutcomeUnknownError(
        "x",
        operation="bookings.create",
        context={"account": ACCOUNT, "reference_id": "r", "points": 1, "booking_type": "X"},
    )
    with pytest.raises(ValidationError) as caught:
        await client.bookings.reconcile(error, settle=settle)  # type: ignore[arg-type]
    assert caught.value.field == "settle"


async def test_an_error_without_a_give_up_time_waits_the_whole_window() -> None:
    server = SlowBooker(delay=1.0)
    async with slow_booker_client(server) as client:
        error = await _book_with_deadline(client)
        # As raised by client.call or rebuilt from a log: when the call gave up is unknown.
        del error.context["gave_up_at"]

        found = await client.bookings.reconcile(error, settle=1.5)

    # Looking at once (what an unstamped error did) would have said "not booked".
    assert [b.reference_id for b in found] == ["order-1"]
    assert len(server.bookings) == 1


async def test_every_reconcile_waits_the_clients_settle_window(
    wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sub-services (coupons.assignments) once waited the default 2 s whatever the client said.
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(exactly_once, "asyncio", types.SimpleNamespace(sleep=sleep))
    wire.on("GET", f"/accounts/{ACCOUNT}/bookings", Response(200, json=[]))
    assign = OutcomeUnknownError(
        "lost",
        operation="coupons.assignments.assign",
        context={"coupon_id": "C-1", "account": ACCOUNT},
    )
    booking = OutcomeUnknownError(
        "lost",
        operation="bookings.create",
        context={"account": ACCOUNT, "reference_id": "r", "points": 1, "booking_type": "X"},
    )
    async with make_client(wire, reconcile_settle=0.25) as client:
        assert await client.coupons.assignments.reconcile(assign) is None  # 404: not assigned
        assert await client.bookings.reconcile(booking) == []
        assert await client.coupons.assignments.reconcile(assign, settle=0.5) is None
    # Neither error says when it gave up, so each waits the whole window.
    assert waited == [0.25, 0.25, 0.5]


@pytest.mark.parametrize("value", [-1, float("inf"), float("nan"), True, "2", 10**400])
def test_a_bad_reconcile_settle_is_refused_at_construction(value: object) -> None:
    with pytest.raises(ConfigurationError):
        ConvercusClient(
            base_url="https://api.loyalty.test",
            org="ORG",
            username="u",
            password="p",
            interaction_id="i",
            reconcile_settle=value,  # type: ignore[arg-type]
        )
