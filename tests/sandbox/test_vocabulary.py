"""The sandbox speaks the SDK's vocabulary: one definition of each enum, rule and route."""

from __future__ import annotations

import ast
import enum
import inspect
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from loyalty_async.convercus import enums, errors
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.convercus.services.base import MAX_PAGE_SIZE
from loyalty_async.convercus.validation import check_email
from loyalty_async.errors import ValidationError
from loyalty_async.sandbox import Sandbox, implemented_operations
from loyalty_async.sandbox import handlers as handler_package
from loyalty_async.sandbox.http import Routes
from loyalty_async.sandbox.problems import SandboxCode

from .conftest import Api, Clock

SANDBOX_SOURCES = Path(handler_package.__file__).parent.parent


def _sdk_enums() -> Iterator[type[enum.Enum]]:
    for module in (enums, errors):
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, enum.Enum) and value.__module__ == module.__name__:
                yield value


#: HTTP methods are the protocol's words, not an enum's (``FeedItemType.POST`` is not a verb).
HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
SDK_VALUES = {
    member.value: kind
    for kind in _sdk_enums()
    for member in kind
    if member.value not in HTTP_METHODS
}
SANDBOX_CODES = {code.value for code in SandboxCode}


def _literals(path: Path) -> Iterator[tuple[int, str]]:
    """String constants of a module, leaving out docstrings and enum class bodies."""
    tree = ast.parse(path.read_text())
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            isinstance(base, ast.Attribute | ast.Name)
            and getattr(base, "attr", getattr(base, "id", "")) == "Enum"
            for base in node.bases
        ):
            skipped.update(id(child) for child in ast.walk(node))
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skipped.add(id(body[0].value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
        ):
            yield node.lineno, node.value


def _sandbox_modules() -> list[Path]:
    return sorted(
        path
        for path in SANDBOX_SOURCES.rglob("*.py")
        # The other platforms' stand-ins speak their own vocabularies.
        if not {"mews", "accengage", "loyaltypass"} & set(path.relative_to(SANDBOX_SOURCES).parts)
    )


@pytest.mark.parametrize(
    "path", _sandbox_modules(), ids=lambda p: str(p.relative_to(SANDBOX_SOURCES))
)
def test_no_string_literal_restates_an_enum(path: Path) -> None:
    restated = [
        f"line {line}: {text!r} is {SDK_VALUES[text].__name__}.{text}"
        for line, text in _literals(path)
        if text in SDK_VALUES
    ]
    restated += [
        f"line {line}: {text!r} is SandboxCode.{text}"
        for line, text in _literals(path)
        if text in SANDBOX_CODES and path.name != "problems.py"
    ]

    assert restated == []


def test_the_literal_scan_finds_a_restated_enum(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text('"""Doc: "OWNER"."""\nROLE = "OWNER"\n')

    assert [text for _, text in _literals(module)] == ["OWNER"]


def test_every_handler_serves_an_operation_of_the_table() -> None:
    assert implemented_operations() <= set(OPERATIONS.names())


def test_an_operation_handled_twice_is_refused() -> None:
    first, second = Routes(), Routes()

    async def handler(call: object) -> None:
        raise AssertionError

    first.handles("accounts.get")(handler)  # type: ignore[arg-type]
    second.handles("accounts.get")(handler)  # type: ignore[arg-type]

    with pytest.raises(ValueError, match="two sandbox handlers"):
        Routes.merge([first, second])
    with pytest.raises(ValueError, match="two sandbox handlers"):
        first.handles("accounts.get")(handler)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- shared rules


@pytest.mark.parametrize(
    "email", ["a@b", "ada@example", "ada example@x.de", "@example.com", "ada@@example.com"]
)
async def test_an_email_the_sdk_refuses_the_sandbox_refuses(api: Api, email: str) -> None:
    with pytest.raises(ValidationError):
        check_email(email)

    reply = await api.post("/users", json={"emailAddress": email})

    assert (reply.status, reply.code) == (400, "VALIDATION_ERROR")
    assert reply.json()["detail"] == ["emailAddress"]


@pytest.mark.parametrize("email", ["ada@example.com", "a.b+c@mail.example.org"])
async def test_an_email_the_sdk_accepts_the_sandbox_accepts(api: Api, email: str) -> None:
    check_email(email)

    reply = await api.post("/users", json={"emailAddress": email})

    assert reply.status == 201


async def test_the_page_size_cap_is_the_sdk_s(api: Api) -> None:
    largest = await api.get("/v2/coupons", params={"size": str(MAX_PAGE_SIZE)})
    larger = await api.get("/v2/coupons", params={"size": str(MAX_PAGE_SIZE + 1)})

    assert largest.status == 200
    assert (larger.status, larger.code) == (400, "VALIDATION_ERROR")
    assert larger.json()["message"] == f"size must be at most {MAX_PAGE_SIZE}"


# ---------------------------------------------------------------------- one debit rule


async def test_every_debit_is_refused_by_the_same_rule(api: Api, sandbox: Sandbox) -> None:
    account_id = sandbox.seed.account(points=40, locked_points=1000)
    coupon_id = sandbox.seed.coupon(usage_type="REWARD", points=50)
    account_coupon_id = sandbox.seed.assign_coupon(coupon_id, account_id)
    pay = {"transactionType": "PAYWITHPOINTS", "amount": Decimal("0.50"), "externalId": "P-1"}

    refusals = [
        await api.post(
            f"/v2/accounts/{account_id}/bookings",
            json={"bookingType": "BURNBOOKING", "points": 50},
        ),
        await api.post(f"/accounts/{account_id}/transactions", json=pay),
        await api.post(f"/accounts/{account_id}/transactions/preview", json=pay),
        await api.send("PATCH", f"/v3/accountcoupons/{account_coupon_id}", json={}),
        await api.send("PATCH", f"/v3/accountcoupons/{account_coupon_id}/preview", json={}),
    ]
    balance = (await api.get(f"/accounts/{account_id}/balance")).json()

    expected = f"account {account_id} has fewer than 50 points available (it has 40)"
    assert [(r.status, r.code, r.json()["message"]) for r in refusals] == [
        (400, "INSUFFICIENT_POINTS", expected)
    ] * 5
    # Locked points never pay, and nothing was taken.
    assert balance == {"points": 40, "lockedPoints": 1000}
    assert sandbox.stats.writes["transactions"] == 0
    assert sandbox.stats.writes["redemptions"] == 0


async def test_exactly_the_balance_can_be_spent(api: Api, sandbox: Sandbox) -> None:
    account_id = sandbox.seed.account(points=50)

    spent = await api.post(
        f"/v2/accounts/{account_id}/bookings", json={"bookingType": "BURNBOOKING", "points": 50}
    )
    balance = (await api.get(f"/accounts/{account_id}/balance")).json()

    assert spent.status == 201
    assert balance == {"points": 0, "lockedPoints": 0}


# ---------------------------------------------------------------------- routes


async def test_locations_follow_the_routed_table(clock: Clock) -> None:
    routes = {
        "users.get": "/v9/users/{userId}",
        "accounts.get": "/v9/accounts/{accountId}",
        "identifiers.get": "/v9/identifiers/{identifierId}",
        "memberships.get": "/v9/accounts/{accountId}/members/{membershipId}",
        "transactions.get": "/v9/receipts/{transactionId}",
    }
    async with Sandbox(routes=routes, clock=clock) as sandbox:
        url = sandbox.url
        async with sandbox.client(routes=routes) as client:
            account = await client.request("POST", "/accounts")
            account_id = account.headers["Location"].rsplit("/", 1)[1]
            user = await client.request("POST", "/users", json={"emailAddress": "a@example.com"})
            user_id = user.headers["Location"].rsplit("/", 1)[1]
            membership = await client.request(
                "POST",
                f"/accounts/{account_id}/memberships",
                json={"memberRole": "OWNER", "userId": user_id},
            )
            identifier = await client.request(
                "POST", f"/accounts/{account_id}/identifiers", json={"type": "CARDCODE"}
            )
            receipt = await client.request(
                "POST",
                f"/accounts/{account_id}/transactions",
                json={"transactionType": "EARNTRANSACTION", "amount": 12, "externalId": "L-1"},
            )
            # Each Location is readable through the routed operation it names.
            read = await client.call(
                "memberships.get",
                path_params={
                    "accountId": account_id,
                    "membershipId": membership.headers["Location"].rsplit("/", 1)[1],
                },
            )

    assert account.headers["Location"] == f"{url}/v9/accounts/{account_id}"
    assert user.headers["Location"] == f"{url}/v9/users/{user_id}"
    assert membership.headers["Location"].startswith(f"{url}/v9/accounts/{account_id}/members/")
    assert identifier.headers["Location"].startswith(f"{url}/v9/identifiers/")
    assert receipt.headers["Location"] == f"{url}/v9/receipts/{receipt.json()['transactionId']}"
    assert read["userId"] == user_id
