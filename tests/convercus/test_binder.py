"""The binder: typed methods checked against their operation at class creation, and derived.

A method that names an unknown operation, leaves a path parameter unfilled, takes an
argument nothing uses or returns another type than its row declares fails when its
class is created (at import). Derived methods keep their signature, send what the row
says, take per-call options, and check their arguments before any request.
"""

# mypy: disable-error-code="empty-body"

from __future__ import annotations

import inspect
import json
import uuid
from decimal import Decimal
from typing import Any

import attrs
import pytest
from typing_extensions import Unpack

from loyalty_async import ConvercusClient, Response, RetryPolicy, Timeout
from loyalty_async.convercus import OPERATIONS, Account, Balance, BalanceEur, IdType
from loyalty_async.convercus.models.program import Tag
from loyalty_async.convercus.services.accounts import AccountsService
from loyalty_async.convercus.services.base import (
    AccountRef,
    ConvercusService,
    ProgramOptions,
    RequestOptions,
    operation,
    twin,
)
from loyalty_async.errors import ConfigurationError, ValidationError
from loyalty_async.operations import Operation, OperationTable, Result
from loyalty_async.operations.binder import is_declaration
from loyalty_async.operations.readers import BindingError
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import ACCOUNT, CARD, assert_sent, make_client


def test_an_unknown_operation_fails_at_class_creation() -> None:
    with pytest.raises(BindingError, match=r"accounts\.get_balanse.*not in the table"):

        class Wrong(ConvercusService):
            @operation("accounts.get_balanse")
            async def get_balance(
                self, account: AccountRef, *, id_type: IdType | str | None = None,
                **options: Unpack[RequestOptions],
            ) -> Balance:  # fmt: skip
                """Misspelt."""


def test_a_declaration_is_bound_to_the_operation_named_after_it() -> None:
    class Accounts(ConvercusService, prefix="accounts"):
        async def get_balance(
            self, account: AccountRef, *, id_type: IdType | str | None = None,
            **options: Unpack[RequestOptions],
        ) -> Balance:  # fmt: skip
            """Bound to accounts.get_balance by its name."""

        @operation("accounts.get_balance_eur")
        async def in_euros(
            self, account: AccountRef, *, id_type: IdType | str | None = None,
            **options: Unpack[RequestOptions],
        ) -> BalanceEur:  # fmt: skip
            """Bound to another name by its decorator."""

        async def helper(self, account: AccountRef) -> Balance:
            """Has a body: not a declaration, so not bound."""
            return await self.get_balance(account)

    assert Accounts.bound_operations == {
        "accounts.get_balance": "get_balance",
        "accounts.get_balance_eur": "in_euros",
    }
    assert Accounts.get_balance.__source__  # type: ignore[attr-defined]
    assert Accounts.get_balance.__doc__ == "Bound to accounts.get_balance by its name."


def test_a_declaration_named_after_no_operation_fails() -> None:
    with pytest.raises(BindingError, match=r"get_balanse is bound to 'accounts\.get_balanse'"):

        class Wrong(ConvercusService, prefix="accounts"):
            async def get_balanse(
                self, account: AccountRef, **options: Unpack[RequestOptions]
            ) -> Balance:
                """Misspelt."""


def test_a_twin_of_an_unbound_method_fails() -> None:
    with pytest.raises(BindingError, match=r"twin of create, which is not bound"):

        class Wrong(ConvercusService):
            async def create(self, **options: Unpack[RequestOptions]) -> str:
                """No prefix and no decorator: not bound."""

            create_deprecated = twin(create, "users.create_deprecated")


def test_only_a_body_that_does_nothing_makes_a_declaration() -> None:
    async def documented(self: object) -> None:
        """Only a docstring."""

    async def ellipsis(self: object) -> None: ...

    def passes(self: object) -> None:
        pass

    def answers(self: object) -> int:
        """A docstring and a body."""
        return 1

    def returns_none(self: object) -> None:
        print("side effect")

    async def gives(self: object) -> int:
        return 1  # the same instructions as a bare body, another constant

    assert all(map(is_declaration, (documented, ellipsis, passes)))
    assert not any(map(is_declaration, (answers, returns_none, gives, len, "text")))


def test_a_path_parameter_without_argument_fails() -> None:
    with pytest.raises(BindingError, match=r"target_account_id.*targetAccountId"):

        class Wrong(ConvercusService):
            @operation("accounts.merge")
            async def merge(
                self, account: AccountRef, *, id_type: IdType | str | None = None,
                **options: Unpack[RequestOptions],
            ) -> None:  # fmt: skip
                """No target."""


def test_a_mismatched_result_model_fails() -> None:
    with pytest.raises(BindingError, match=r"returns Account.*accounts\.get_balance.*Balance"):

        class Wrong(ConvercusService):
            @operation("accounts.get_balance")
            async def get_balance(
                self, account: AccountRef, *, id_type: IdType | str | None = None,
                **options: Unpack[RequestOptions],
            ) -> Account:  # fmt: skip
                """Wrong model."""


def test_an_argument_nothing_uses_fails() -> None:
    with pytest.raises(BindingError, match=r"argument\(s\) verbose not used"):

        class Wrong(ConvercusService):
            @operation("accounts.get_balance")
            async def get_balance(
                self, account: AccountRef, *, verbose: bool = False,
                id_type: IdType | str | None = None, **options: Unpack[RequestOptions],
            ) -> Balance:  # fmt: skip
                """An extra argument."""


def test_a_method_without_per_call_options_fails() -> None:
    with pytest.raises(BindingError, match=r"\*\*options"):

        class Wrong(ConvercusService):
            @operation("accounts.create")
            async def create(self) -> str:
                """No options."""


def test_a_twin_must_be_declared_in_the_table() -> None:
    with pytest.raises(BindingError, match=r"replaced_by"):

        class Wrong(ConvercusService):
            @operation("accounts.create")
            async def create(self, **options: Unpack[RequestOptions]) -> str:
                """Create."""

            other = twin(create, "accounts.get")


def test_a_body_argument_must_be_a_field_of_the_request_model() -> None:
    @attrs.define
    class Body:
        reason: str | None = None

    table = OperationTable.of(Operation("x.create", "POST", "/x", body=Body, result=Result.NONE))
    with pytest.raises(BindingError, match=r"'why' is neither a path parameter nor a field"):

        class Wrong(ConvercusService):
            _table = table

            @operation("x.create")
            async def create(self, why: str, **options: Unpack[RequestOptions]) -> None:
                """Wrong field."""


def test_a_derived_method_keeps_its_signature_and_docstring() -> None:
    signature = inspect.signature(AccountsService.get_balance)

    assert list(signature.parameters) == ["self", "account", "id_type", "options"]
    assert signature.parameters["id_type"].default is None
    assert signature.parameters["id_type"].kind is inspect.Parameter.KEYWORD_ONLY
    assert AccountsService.get_balance.__doc__ == "Points available to spend and points locked."
    assert AccountsService.bound_operations["accounts.get_balance"] == "get_balance"


async def test_per_call_options_reach_the_wire(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/accounts/{CARD}/balance", Response(200, json={"points": 5}))

    balance = await client.accounts.get_balance(
        CARD,
        id_type=IdType.CARDCODE,
        extra_headers={"interaction-id": "till-7", "X-Trace": "t-1"},
        extra_query={"verbose": "true"},
        timeout=Timeout(connect=1, read=2),
        deadline=5,
        retry=RetryPolicy(max_attempts=1),
    )

    assert balance == Balance(points=5)
    sent = wire.last
    assert sent.method == "GET"
    assert sent.params == [("verbose", "true")]
    assert sent.headers["interaction-id"] == "till-7"
    assert sent.headers["X-Trace"] == "t-1"
    assert sent.headers["id-type"] == "CARDCODE"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"deadline": 0}, "deadline"),
        ({"deadline": "soon"}, "deadline"),
        ({"timeout": -1}, "timeout"),
        ({"retry": 3}, "retry"),
        ({"extra_headers": {"X-Bad": "a\r\nInjected: 1"}}, "extra_headers"),
        ({"extra_headers": ["X"]}, "extra_headers"),
        ({"extra_query": "a=b"}, "extra_query"),
        ({"timeot": 3}, "timeot"),
    ],
)
async def test_bad_per_call_options_are_refused_before_any_request(
    client: ConvercusClient, wire: Wire, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.accounts.get_balance(ACCOUNT, **options)

    assert caught.value.field == field
    assert wire.calls == []


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.accounts.get_balance(12), "account"),
        (lambda c: c.accounts.get_balance("not-a-uuid"), "id_type"),
        (lambda c: c.accounts.get_balance(CARD, id_type="BOGUS"), "id_type"),
        (lambda c: c.accounts.get_balance(CARD, id_type=["CARDCODE"]), "id_type"),
        (lambda c: c.accounts.get_balance("", id_type=IdType.CARDCODE), "account"),
        (lambda c: c.accounts.get_balance(CARD, id_type=IdType.ID), "account"),
        (lambda c: c.accounts.merge(ACCOUNT, "x"), "target_account_id"),
        (lambda c: c.accounts.update_rating_level(ACCOUNT, 7), "rating_level_id"),
        (lambda c: c.accounts.create_fraud(ACCOUNT, reason=""), "reason"),
    ],
)
async def test_bad_arguments_are_refused_before_any_request(
    client: ConvercusClient, wire: Wire, call: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await call(client)

    assert caught.value.field == field
    assert wire.calls == []


async def test_an_enum_member_and_its_name_send_the_same_header(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", f"/accounts/{CARD}/level", Response(200, json={}))

    await client.accounts.get_level(CARD, id_type=IdType.CARDCODE)
    await client.accounts.get_level(CARD, id_type="CARDCODE")

    for sent in wire.calls:
        assert_sent(sent, "GET", f"/accounts/{CARD}/level", id_type="CARDCODE")


async def test_a_write_names_its_arguments_in_an_unknown_outcome(wire: Wire) -> None:
    from loyalty_async.errors import OutcomeUnknownError
    from tests.convercus.wire_asserts import make_client

    wire.on("POST", f"/accounts/{CARD}/fraud", Response(503))
    async with make_client(wire, retry=RetryPolicy(max_attempts=1)) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.accounts.create_fraud(CARD, reason="chargebacks", id_type="CARDCODE")

    assert caught.value.context == {"account": CARD, "id_type": "CARDCODE"}
    assert_sent(
        wire.last,
        "POST",
        f"/accounts/{CARD}/fraud",
        id_type="CARDCODE",
        json={"reason": "chargebacks"},
    )


async def test_a_reconciled_write_names_what_identifies_it_and_when_it_gave_up(
    wire: Wire,
) -> None:
    from loyalty_async.errors import OutcomeUnknownError
    from tests.convercus.wire_asserts import make_client

    # NewBooking declares outcome_keys: those body fields join the path values, as sent.
    wire.on("POST", f"/v2/accounts/{CARD}/bookings", Response(503))
    async with make_client(wire, retry=RetryPolicy(max_attempts=1)) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.bookings.create(
                CARD, booking_type="EARNBOOKING", points=5, reason="welcome", id_type="CARDCODE"
            )

    context = dict(caught.value.context)
    gave_up = context.pop("gave_up_at")
    minted = json.loads(wire.last.content or b"{}")["referenceId"]
    assert context == {
        "account": CARD,
        "id_type": "CARDCODE",
        "reference_id": minted,
        "booking_type": "EARNBOOKING",
        "points": 5,
    }
    assert uuid.UUID(minted) and gave_up.tzinfo is not None


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Response(201, headers={"Location": "/v2/accounts/x/bookings/b-1"}), "b-1"),
        (Response(201, json={"bookingId": "b-2"}), "b-2"),
        (Response(201, json={"levelBookingId": "b-3"}), "b-3"),
        (Response(201, json={"id": "b-4"}), "b-4"),
    ],
)
async def test_a_created_id_is_read_from_the_keys_its_row_names(
    client: ConvercusClient, wire: Wire, answer: Response, expected: str
) -> None:
    wire.on("POST", f"/v2/accounts/{ACCOUNT}/bookings", answer)
    created = await client.bookings.create(ACCOUNT, booking_type="BURNBOOKING", points=1)
    assert created == expected
    assert (
        await client.call("bookings.create", path_params={"accountId": ACCOUNT}, json={"points": 1})
        == expected
    )


async def test_money_in_a_result_is_read_exactly(client: ConvercusClient, wire: Wire) -> None:
    body = b'{"amount": 12345678901234567.890, "lockedAmount": 24.90}'
    wire.on(
        "GET",
        f"/accounts/{ACCOUNT}/balance/EUR",
        Response(200, content=body, headers={"Content-Type": "application/json"}),
    )

    balance = await client.accounts.get_balance_eur(ACCOUNT)

    assert str(balance.amount) == "12345678901234567.890"
    assert str(balance.locked_amount) == "24.90"
    assert isinstance(balance.locked_amount, Decimal)


@attrs.define
class Thing:
    """A model of a program-scoped test operation."""

    id: str


async def test_a_program_scoped_operation_needs_a_program_id(wire: Wire) -> None:
    table = OperationTable.of(
        Operation("things.get", "GET", "/programs/{programId}/things/{thingId}", model=Thing)
    )

    class Things(ConvercusService):
        _table = table

        @operation("things.get")
        async def get(self, thing_id: str, **options: Unpack[ProgramOptions]) -> Thing:
            """A thing."""

    wire.on("GET", "/programs/P1/things/t", Response(200, json={"id": "t"}))
    wire.on("GET", "/programs/P2/things/t", Response(200, json={"id": "t2"}))
    async with make_client(wire) as client:
        things = Things(client.session, operations=table)
        with pytest.raises(ConfigurationError, match="program_id"):
            await things.get("t")
        assert wire.calls == []
        defaulted = Things(client.session, operations=table, program_id="P1")
        assert await defaulted.get("t") == Thing("t")
        assert await defaulted.get("t", program_id="P2") == Thing("t2")
    assert [c.url.rsplit("/programs/", 1)[1] for c in wire.calls] == ["P1/things/t", "P2/things/t"]


async def test_the_program_id_option_leaves_the_other_options_to_the_call(wire: Wire) -> None:
    tag = str(uuid.uuid4())
    wire.on("GET", f"/programs/P2/tags/{tag}", Response(200, json={"id": tag}))
    async with make_client(wire, program_id="P1") as client:
        await client.programs.tags.get(tag, program_id="P2", extra_headers={"X-Trace": "1"})
        with pytest.raises(ValidationError, match="program_id must be a non-empty string"):
            await client.programs.tags.get(tag, program_id="")
    assert wire.calls[0].url.endswith(f"/programs/P2/tags/{tag}")
    assert wire.calls[0].headers["X-Trace"] == "1"
    assert len(wire.calls) == 1


def test_program_options_on_an_operation_without_a_program_fail() -> None:
    with pytest.raises(
        BindingError, match=r"argument\(s\) program_id not used by accounts\.create"
    ):

        class Wrong(ConvercusService):
            @operation("accounts.create")
            async def create(self, **options: Unpack[ProgramOptions]) -> str:
                """No program in the path."""


def test_a_program_scoped_operation_without_program_options_fails() -> None:
    with pytest.raises(BindingError, match=r"no argument 'program_id'.*\{programId\}"):

        class Wrong(ConvercusService):
            @operation("programs.tags.get")
            async def get(self, tag_id: str, **options: Unpack[RequestOptions]) -> Tag:
                """The program is not taken."""


def test_an_argument_also_carried_by_the_options_fails() -> None:
    with pytest.raises(BindingError, match=r"'program_id' both as an argument and as an option"):

        class Wrong(ConvercusService):
            @operation("programs.tags.get")
            async def get(  # type: ignore[misc]  # mypy refuses the overlap too
                self, tag_id: str, program_id: str, **options: Unpack[ProgramOptions]
            ) -> Tag:
                """Twice."""


def test_every_bound_row_of_the_table_is_well_formed() -> None:
    for op in OPERATIONS:
        for parameter in op.parameters:
            assert op.param(parameter).arg, (op.name, parameter)
        if op.replaced_by is not None:
            assert op.replaced_by in OPERATIONS, op.name
