"""The Mews stand-in on the wire, spoken to with plain aiohttp: what Mews documents it does."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from loyalty_async.sandbox.mews import (
    DEMO_ACCESS_TOKEN,
    DEMO_CLIENT_TOKEN,
    MewsCredentials,
    MewsSandbox,
)
from tests.core.helpers import Clock

TOKENS = {"ClientToken": DEMO_CLIENT_TOKEN, "AccessToken": DEMO_ACCESS_TOKEN, "Client": "Test 1.0"}
PREFIX = "/api/connector/v1/"


class Raw:
    """POSTs JSON to the stand-in; returns ``(status, headers, decoded body)``."""

    def __init__(self, sandbox: MewsSandbox, http: aiohttp.ClientSession) -> None:
        self.sandbox = sandbox
        self.http = http

    async def send(
        self, operation: str, body: Any = None, *, method: str = "POST", tokens: Any = TOKENS,
        raw: bytes | None = None,
    ) -> tuple[int, Any, Any]:  # fmt: skip
        data = raw if raw is not None else aiohttp.JsonPayload({**tokens, **(body or {})})
        async with self.http.request(method, self.sandbox.url + PREFIX + operation, data=data) as r:
            return r.status, r.headers, await r.json(content_type=None)

    async def ok(self, operation: str, body: Any = None, **kwargs: Any) -> Any:
        status, _, answer = await self.send(operation, body, **kwargs)
        assert status == 200, answer
        return answer

    async def program(self, name: str = "Club") -> str:
        item = {"Name": name, "Code": name[:4], "Type": "Hotel", "Subscription": "Free"}
        answer = await self.ok("loyaltyPrograms/add", {"LoyaltyPrograms": [item]})
        return str(answer["LoyaltyPrograms"][0]["Id"])

    async def tier(self, program: str, name: str = "Gold", ordering: int = 1) -> str:
        item = {
            "LoyaltyProgramId": program,
            "Name": name,
            "Code": name.upper(),
            "Ordering": ordering,
        }
        answer = await self.ok("loyaltyTiers/add", {"LoyaltyTiers": [item]})
        return str(answer["LoyaltyTiers"][0]["Id"])


@pytest.fixture
def options() -> dict[str, Any]:
    return {}


@pytest.fixture
async def raw(options: dict[str, Any]) -> AsyncIterator[Raw]:
    async with MewsSandbox(**options) as sandbox, aiohttp.ClientSession() as http:
        yield Raw(sandbox, http)


async def test_tokens_are_checked_in_the_body(raw: Raw) -> None:
    status, headers, body = await raw.send(
        "loyaltyPrograms/getAll",
        {"Limitation": {"Count": 10}},
        tokens={**TOKENS, "AccessToken": "X"},
    )
    assert status == 401
    assert body == {"Message": "Invalid AccessToken.", "RequestId": headers["Request-Id"]}
    status, _, body = await raw.send("loyaltyPrograms/getAll", {}, tokens={})
    assert (status, body["Message"]) == (401, "Invalid ClientToken.")
    status, _, body = await raw.send(
        "loyaltyPrograms/getAll", {"Limitation": {"Count": 1}}, tokens={**TOKENS, "Client": ""}
    )
    assert (status, body["Message"]) == (
        400,
        "Invalid Client. Name and version of the client application.",
    )
    assert raw.sandbox.stats.auth_failures == {"Invalid AccessToken.": 1, "Invalid ClientToken.": 1}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "loyaltyprograms/getAll"),  # paths are case-sensitive
        ("POST", "loyaltyPrograms/getall"),
        ("POST", "loyaltyPrograms/getAll/"),  # no trailing slash
        ("GET", "loyaltyPrograms/getAll"),  # POST only
        ("PUT", "loyaltyTiers/add"),
        ("POST", "loyaltyPrograms/remove"),
    ],
)
async def test_wrong_paths_and_methods_are_404_with_a_request_id(
    raw: Raw, method: str, path: str
) -> None:
    status, headers, body = await raw.send(path, {"Limitation": {"Count": 1}}, method=method)
    assert status == 404
    assert body["RequestId"] == headers["Request-Id"]
    assert body["Message"].startswith("Not found")


async def test_every_answer_carries_its_own_request_id(raw: Raw) -> None:
    ids = set()
    for _ in range(3):
        status, headers, _ = await raw.send("loyaltyPrograms/getAll", {"Limitation": {"Count": 5}})
        assert status == 200
        ids.add(uuid.UUID(headers["Request-Id"]))
    _, headers, _ = await raw.send("loyaltyPrograms/getAll", raw=b"{not json")
    ids.add(uuid.UUID(headers["Request-Id"]))
    assert len(ids) == 4


async def test_malformed_bodies_are_400(raw: Raw) -> None:
    cases = [
        (b"{not json", "Invalid JSON"),
        (b"[1, 2]", "must be a JSON object"),
    ]
    for data, message in cases:
        status, _, body = await raw.send("loyaltyPrograms/getAll", raw=data)
        assert status == 400 and message in body["Message"]
    assert (await raw.send("loyaltyPrograms/getAll", {}))[2]["Message"] == (
        "Invalid Limitation. It is required."
    )
    for count in (0, 1001, "10"):
        status, _, body = await raw.send("loyaltyPrograms/getAll", {"Limitation": {"Count": count}})
        assert status == 400 and body["Message"].startswith("Invalid Limitation.")
    too_many = [
        {"Name": f"P{i}", "Code": f"P{i}", "Type": "Hotel", "Subscription": "Free"}
        for i in range(1001)
    ]
    status, _, body = await raw.send("loyaltyPrograms/add", {"LoyaltyPrograms": too_many})
    assert (status, body["Message"]) == (
        400,
        "Invalid LoyaltyPrograms. It may hold at most 1000 items.",
    )
    long_name = {"Name": "x" * 101, "Code": "C", "Type": "Hotel", "Subscription": "Free"}
    status, _, body = await raw.send("loyaltyPrograms/add", {"LoyaltyPrograms": [long_name]})
    assert (status, body["Message"]) == (
        400,
        "Invalid Name. It may be at most 100 characters long.",
    )
    assert raw.sandbox.state.programs.records == {}  # nothing refused was written


async def test_update_values_must_be_wrapped(raw: Raw) -> None:
    program = await raw.program()
    # The 2022 seed showed a bare string; the current API takes {"Value": ...}.
    status, _, body = await raw.send(
        "loyaltyPrograms/update",
        {"LoyaltyProgramUpdates": [{"LoyaltyProgramId": program, "Name": "New"}]},
    )
    assert (status, body["Message"]) == (400, 'Invalid Name. Updates are objects: {"Value": ...}.')
    status, _, body = await raw.send(
        "loyaltyPrograms/update",
        {"LoyaltyProgramUpdates": [{"LoyaltyProgramId": program, "Name": {"Value": None}}]},
    )
    assert (status, body["Message"]) == (400, "Invalid Name. It cannot be cleared.")
    answer = await raw.ok(
        "loyaltyPrograms/update",
        {"LoyaltyProgramUpdates": [{"LoyaltyProgramId": program, "Name": {"Value": "Renamed"}}]},
    )
    assert answer["LoyaltyPrograms"][0]["Name"] == "Renamed"


async def test_pages_come_newest_first_by_cursor(raw: Raw) -> None:
    ids = [await raw.program(f"Club{n}") for n in range(5)]
    newest_first = ids[::-1]
    seen: list[str] = []
    cursor = None
    while True:
        answer = await raw.ok(
            "loyaltyPrograms/getAll", {"Limitation": {"Cursor": cursor, "Count": 2}}
        )
        page = [p["Id"] for p in answer["LoyaltyPrograms"]]
        seen.extend(page)
        assert answer["Cursor"] == (page[-1] if page else None)
        if len(page) < 2:
            break
        cursor = answer["Cursor"]
    assert seen == newest_first
    empty = await raw.ok("loyaltyPrograms/getAll", {"Limitation": {"Cursor": ids[0], "Count": 2}})
    assert empty == {"LoyaltyPrograms": [], "Cursor": None}
    status, _, body = await raw.send(
        "loyaltyPrograms/getAll", {"Limitation": {"Cursor": str(uuid.uuid4()), "Count": 2}}
    )
    assert (status, body["Message"]) == (400, "Invalid Cursor.")


async def test_deleting_a_program_with_active_memberships_is_403(raw: Raw) -> None:
    program = await raw.program("Platinum")
    member = {"AccountId": str(uuid.uuid4()), "LoyaltyProgramId": program, "IsPrimary": True}
    added = await raw.ok("loyaltyMemberships/add", {"LoyaltyMemberships": [member]})
    membership = added["LoyaltyMemberships"][0]
    assert membership["State"] == "Enrolled"  # the default
    status, headers, body = await raw.send(
        "loyaltyPrograms/delete", {"LoyaltyProgramIds": [program]}
    )
    assert status == 403
    assert body == {
        "Message": "The loyalty program 'Platinum' still has active memberships. "
        "Delete them first.",
        "RequestId": headers["Request-Id"],
    }
    await raw.ok("loyaltyMemberships/delete", {"LoyaltyMembershipIds": [membership["Id"]]})
    assert await raw.ok("loyaltyPrograms/delete", {"LoyaltyProgramIds": [program]}) == {}
    active = await raw.ok("loyaltyPrograms/getAll", {"Limitation": {"Count": 10}})
    deleted = await raw.ok(
        "loyaltyPrograms/getAll", {"ActivityStates": ["Deleted"], "Limitation": {"Count": 10}}
    )
    assert active["LoyaltyPrograms"] == [] and deleted["LoyaltyPrograms"][0]["Id"] == program


async def test_tiers_are_scoped_to_their_program(raw: Raw) -> None:
    hotel, partner = await raw.program("Hotel"), await raw.program("Partner")
    gold, other = await raw.tier(hotel, "Gold"), await raw.tier(partner, "Star")
    status, _, body = await raw.send("loyaltyTiers/getAll", {"Limitation": {"Count": 10}})
    assert (status, body["Message"]) == (400, "Invalid LoyaltyProgramIds. It is required.")
    answer = await raw.ok(
        "loyaltyTiers/getAll", {"LoyaltyProgramIds": [hotel], "Limitation": {"Count": 10}}
    )
    assert [t["Id"] for t in answer["LoyaltyTiers"]] == [gold]
    member = {"AccountId": str(uuid.uuid4()), "LoyaltyProgramId": hotel, "IsPrimary": True}
    status, _, body = await raw.send(
        "loyaltyMemberships/add", {"LoyaltyMemberships": [{**member, "LoyaltyTierId": other}]}
    )
    assert (status, body["Message"]) == (
        400,
        "Invalid LoyaltyTierId. The tier belongs to another loyalty program.",
    )
    added = await raw.ok(
        "loyaltyMemberships/add", {"LoyaltyMemberships": [{**member, "LoyaltyTierId": gold}]}
    )
    membership = added["LoyaltyMemberships"][0]["Id"]
    status, _, body = await raw.send(
        "loyaltyMemberships/update",
        {
            "LoyaltyMembershipUpdates": [
                {"LoyaltyMembershipId": membership, "LoyaltyTierId": {"Value": other}}
            ]
        },
    )
    assert status == 400 and "another loyalty program" in body["Message"]


@pytest.mark.parametrize("options", [{"rate_limit": (3, 30.0)}])
async def test_the_limit_slides_per_access_token(raw: Raw) -> None:
    body = {"Limitation": {"Count": 1}}
    for _ in range(3):
        await raw.ok("loyaltyPrograms/getAll", body)
    status, headers, answer = await raw.send("loyaltyPrograms/getAll", body)
    assert status == 429
    assert 1 <= int(headers["Retry-After"]) <= 30
    assert answer["RequestId"] == headers["Request-Id"]
    # Another AccessToken has a budget of its own (here refused for its token, not the limit).
    status, _, _ = await raw.send(
        "loyaltyPrograms/getAll", body, tokens={**TOKENS, "AccessToken": "Y"}
    )
    assert status == 401


async def test_the_window_is_sliding_not_fixed() -> None:
    clock = Clock(100.0)
    sandbox = MewsSandbox(rate_limit=(2, 10.0), monotonic=clock)
    window = sandbox._core.window
    assert window is not None
    assert window.admit("t") is None  # t=100
    clock.advance(6)
    assert window.admit("t") is None  # t=106
    clock.advance(3)
    assert window.admit("t") == pytest.approx(1.0)  # t=109: the first leaves at 110
    clock.advance(1)
    assert window.admit("t") is None  # t=110: only the one of t=106 is within 10 s
    assert window.admit("t") == pytest.approx(6.0)


@pytest.mark.parametrize(
    "options",
    [{"credentials": [MewsCredentials(chain_ids=(str(uuid.uuid4()), str(uuid.uuid4())))]}],
)
async def test_a_portfolio_token_names_the_chain_of_each_write(raw: Raw) -> None:
    chains = raw.sandbox.credentials[0].chain_ids
    item = {"Name": "Club", "Code": "C", "Type": "Hotel", "Subscription": "Free"}
    status, _, body = await raw.send("loyaltyPrograms/add", {"LoyaltyPrograms": [item]})
    assert (status, body["Message"]) == (400, "Invalid ChainId. It is required.")
    added = await raw.ok("loyaltyPrograms/add", {"LoyaltyPrograms": [item], "ChainId": chains[1]})
    assert added["LoyaltyPrograms"][0]["ChainId"] == chains[1]
    first = await raw.ok(
        "loyaltyPrograms/getAll", {"ChainIds": [chains[0]], "Limitation": {"Count": 5}}
    )
    both = await raw.ok("loyaltyPrograms/getAll", {"Limitation": {"Count": 5}})
    assert (len(first["LoyaltyPrograms"]), len(both["LoyaltyPrograms"])) == (0, 1)


async def test_intervals_filter_and_are_limited_to_3_months() -> None:
    clock = Clock(dt.datetime(2025, 1, 15, tzinfo=dt.UTC).timestamp())
    async with MewsSandbox(clock=clock) as sandbox, aiohttp.ClientSession() as http:
        raw = Raw(sandbox, http)
        january = await raw.program("January")
        clock.advance(60 * 86400)
        march = await raw.program("March")
        q1 = {"StartUtc": "2025-01-01T00:00:00Z", "EndUtc": "2025-02-01T00:00:00Z"}
        answer = await raw.ok(
            "loyaltyPrograms/getAll", {"CreatedUtc": q1, "Limitation": {"Count": 9}}
        )
        assert [p["Id"] for p in answer["LoyaltyPrograms"]] == [january]
        spring = {"StartUtc": "2025-03-01T00:00:00Z", "EndUtc": "2025-06-01T00:00:00.0000000Z"}
        answer = await raw.ok(
            "loyaltyPrograms/getAll", {"UpdatedUtc": spring, "Limitation": {"Count": 9}}
        )
        assert [p["Id"] for p in answer["LoyaltyPrograms"]] == [march]
        too_long = {"StartUtc": "2025-01-01T00:00:00Z", "EndUtc": "2025-04-01T00:00:01Z"}
        status, _, body = await raw.send(
            "loyaltyPrograms/getAll", {"CreatedUtc": too_long, "Limitation": {"Count": 9}}
        )
        assert (status, body["Message"]) == (
            400,
            "Invalid CreatedUtc. The interval may be at most 3 months long.",
        )
