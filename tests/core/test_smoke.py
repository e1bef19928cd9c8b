"""The package imports, the README's main command runs, and one call goes out as expected."""

from loyalty_async import ConvercusClient, MockTransport, Request, Response
from loyalty_async.cli.demo import journey


async def test_the_demo_journey_earns_burns_and_redeems() -> None:
    seen = await journey()

    steps = dict(seen.steps)
    assert steps["Send the same receipt again"] == "booked once, not twice"
    assert steps["Redeem it once more"] == "refused: NO_MORE_REDEEM_BY_ACCOUNT"
    assert seen.balance is not None and seen.balance.points == 124 - 100
    assert [row["points"] for row in seen.bookings] == ["124", "100"]


async def test_first_call_logs_in_then_sends_raw_token_and_interaction_id() -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        if request.url.endswith("/auth/login"):
            return Response(200, text='"jwt-abc"\n')
        return Response(200, json={"points": 100, "lockedPoints": 0})

    async with ConvercusClient(
        base_url="https://api.test",
        org="ORG",
        username="api-user",
        password="secret",
        interaction_id="webshop-1",
        transport=MockTransport(handler),
    ) as client:
        body = await client.call(
            "accounts.get_balance", path_params={"accountId": "V1W2X3Y4Z5"}, id_type="CARDCODE"
        )

    assert body == {"points": 100, "lockedPoints": 0}
    login, balance = seen
    assert (login.method, login.url) == ("POST", "https://api.test/auth/login")
    assert login.decoded_json() == {"org": "ORG", "userName": "api-user", "password": "secret"}
    assert "Authorization" not in login.headers
    assert (balance.method, balance.url) == ("GET", "https://api.test/accounts/V1W2X3Y4Z5/balance")
    assert balance.headers["Authorization"] == "jwt-abc"
    assert balance.headers["interaction-id"] == "webshop-1"
    assert balance.headers["id-type"] == "CARDCODE"
