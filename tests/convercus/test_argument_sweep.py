"""Every public method of every Convercus service refuses wrong argument types up front.

For each method and each of its arguments, the method is called with good values for
every other argument and a wrong-typed value for that one: it must raise
``ValidationError`` naming nothing else than a clear refusal, and send nothing. Good values
are derived from the annotations, as the binder derives its checks.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import os
import types
import typing
import uuid
from collections.abc import Awaitable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from loyalty_async import ConvercusClient, OutcomeUnknownError, Response, ValidationError
from loyalty_async.convercus import (
    Coupon,
    NewUser,
    Optin,
    RatingConfig,
    TransactionRequest,
    UserUpdate,
)
from loyalty_async.convercus.models.common import Changes
from loyalty_async.convercus.models.partners import InteractionPointUpdate
from loyalty_async.convercus.services.base import ConvercusService
from loyalty_async.operations.derive import carried_options
from tests.convercus.conftest import Wire
from tests.convercus.test_table_walk import _services
from tests.convercus.wire_asserts import make_client

GOOD_ID = "7d123457-bfa1-4a83-8213-123456789763"

#: Good values of the models a method takes as a whole.
MODELS: dict[type, Any] = {
    NewUser: NewUser(email_address="ann@example.com"),
    UserUpdate: UserUpdate(given_name="Ann"),
    TransactionRequest: TransactionRequest(
        transaction_type="EARNTRANSACTION", amount=Decimal("1.00"), currency_code="EUR"
    ),
    Coupon: Coupon(),
    RatingConfig: RatingConfig(enabled=True),
    InteractionPointUpdate: InteractionPointUpdate(name="Till 7"),
}

#: Arguments whose good value the annotation alone does not tell.
BY_NAME: dict[str, Any] = {
    "report": "transaction",
    "booking_type": "EARNBOOKING",
    "member_role": "OWNER",
    "type": "CARDCODE",
    "id_type": None,
    "url": "https://hooks.example/convercus",
    "error": OutcomeUnknownError(
        "lost",
        operation="bookings.create",
        context={"account": GOOD_ID, "reference_id": "r", "points": 1, "booking_type": "X"},
    ),
}


def _good(name: str, annotation: Any, tmp_path: Path) -> Any:
    if name in BY_NAME:
        return BY_NAME[name]
    if name == "path":
        return tmp_path / "export.csv"
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _good(name, args[0], tmp_path)
    if annotation in MODELS:
        return MODELS[annotation]
    if isinstance(annotation, type) and issubclass(annotation, Changes):
        return annotation(extra={"note": "sweep"})  # a partial update must set something
    if isinstance(annotation, type) and attrs.has(annotation):
        return _model(annotation, tmp_path)
    if annotation in (str, uuid.UUID) or annotation is Any:
        return GOOD_ID
    if annotation is bool:
        return True
    if annotation is int:
        return 1
    if annotation is float:
        return 0.0
    if annotation is Decimal:
        return Decimal("1.00")
    if annotation is bytes:
        return b"\x89PNG"
    if annotation is dt.datetime:
        return dt.datetime.now(dt.UTC)
    if annotation is dt.timedelta:
        return dt.timedelta(seconds=1)
    if origin in (typing.Literal,):
        return typing.get_args(annotation)[0]
    text = str(annotation)
    if "Iterable" in text and "Optin" in text:
        return [Optin(type="email", flag=True)]
    if "Sequence" in text or "Iterable" in text or origin is list:
        return [GOOD_ID]
    if "Mapping" in text:
        return {}
    if "Callable" in text:
        return lambda *args: None
    if isinstance(annotation, type) and issubclass(annotation, str):  # an enum
        return next(iter(annotation)).value  # type: ignore[call-overload]
    return GOOD_ID


def _model(cls: type, tmp_path: Path) -> Any:
    hints = typing.get_type_hints(cls)
    values = {
        field.name: _good(field.name, hints[field.name], tmp_path)
        for field in attrs.fields(cls)
        if field.default is attrs.NOTHING
    }
    return cls(**values)


def _calls(tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    for cls in sorted(_services(), key=lambda c: c.__name__):
        for name, function in inspect.getmembers(cls, inspect.isfunction):
            if name.startswith("_") or name == "with_options":
                continue
            for parameter in list(inspect.signature(function).parameters.values())[1:]:
                if parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL):
                    continue
                yield cls.__name__, name, parameter.name
            # Arguments passed among the per-call options (``program_id``).
            for option in carried_options(function):
                yield cls.__name__, name, option


def _service(client: ConvercusClient, cls_name: str) -> ConvercusService:
    pending: list[object] = [client]
    seen: set[int] = set()
    while pending:
        owner = pending.pop()
        for attr, member in inspect.getmembers(type(owner)):
            if attr.startswith("_") or not isinstance(member, property | functools.cached_property):
                continue
            value = getattr(owner, attr)
            if isinstance(value, ConvercusService) and id(type(value)) not in seen:
                if type(value).__name__ == cls_name:
                    return value
                seen.add(id(type(value)))
                pending.append(value)
    raise LookupError(cls_name)


class _Wrong:
    """A value of no type any argument takes."""

    def __repr__(self) -> str:
        return "<wrong>"


CASES = sorted(set(_calls(Path("."))))


@pytest.mark.parametrize(("service", "method", "argument"), CASES)
async def test_a_wrong_type_is_refused_before_any_request(
    wire: Wire, tmp_path: Path, service: str, method: str, argument: str
) -> None:
    wire.on("GET", "/anything", Response(200, json={}))
    async with make_client(wire, program_id="PROG-1", reconcile_settle=0) as client:
        target = _service(client, service)
        function = getattr(type(target), method)
        hints = typing.get_type_hints(function)
        arguments: dict[str, Any] = {}
        positional: list[Any] = []
        for parameter in list(inspect.signature(function).parameters.values())[1:]:
            if parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL):
                continue
            if parameter.name == argument:
                value: Any = _Wrong()
            elif parameter.default is not parameter.empty:
                continue
            else:
                value = _good(parameter.name, hints.get(parameter.name, Any), tmp_path)
            if (
                parameter.kind is parameter.POSITIONAL_OR_KEYWORD
                and parameter.default is parameter.empty
            ):
                positional.append(value)
            else:
                arguments[parameter.name] = value
        if argument in carried_options(function):
            arguments[argument] = _Wrong()
        with pytest.raises(ValidationError):
            result = getattr(target, method)(*positional, **arguments)
            if isinstance(result, Awaitable):
                await result
            elif hasattr(result, "__aiter__"):
                async for _ in result:
                    break
    assert wire.calls == []


def test_the_sweep_covers_every_service() -> None:
    covered = {service for service, _, _ in CASES}
    with_arguments = {
        cls.__name__
        for cls in _services()
        for name, function in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
        and name != "with_options"
        and (
            any(
                p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
                for p in list(inspect.signature(function).parameters.values())[1:]
            )
            or carried_options(function)
        )
    }
    assert covered == with_arguments
    assert len(CASES) > 500


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.account_coupons.redeem(GOOD_ID, amount=Decimal(-5)), "amount"),
        (lambda c: c.account_coupons.redeem(GOOD_ID, amount=Decimal(0)), "amount"),
        (lambda c: c.bookings.create(GOOD_ID, booking_type="EARNBOOKING", points=0), "points"),
        (lambda c: c.identifiers.create_batch("CARDCODE", -1), "count"),
        (lambda c: c.coupons.promo_codes.create_unique_batch("c", 0), "count"),
        (lambda c: c.coupons.batches.get("c", "b", error_limit=-1), "error_limit"),
        (
            lambda c: c.coupons.assignments.update_redemption_limit("c", GOOD_ID, 0),
            "max_redeem_count",
        ),
        (lambda c: c.reports.export("transaction", params="x=1"), "params"),
        (lambda c: c.reports.export("transaction", delimiter=";;"), "delimiter"),
        (lambda c: c.transactions.list(filters={"page": 2}), "filters"),
        (lambda c: c.transactions.list_for_account(GOOD_ID, page_size=0), "page_size"),
        # Past what a JSON encoder and the server's 64-bit integers carry.
        (lambda c: c.bookings.create(GOOD_ID, booking_type="EARNBOOKING", points=2**63), "points"),
        (lambda c: c.identifiers.create_batch("CARDCODE", 10**30), "count"),
        (lambda c: c.identifiers.create_batch("CARDCODE", 5, fields={"count": -1}), "fields"),
        (lambda c: c.identifiers.create_batch("CARDCODE", 5, fields={"type": "X"}), "fields"),
        (
            lambda c: c.coupons.promo_codes.create_generic("c", max_redeem_count=2**64),
            "max_redeem_count",
        ),
        (lambda c: c.coupons.promo_codes.create_unique_batch("c", 2**63), "count"),
        (lambda c: c.transactions.list_for_account(GOOD_ID, start_page=2**31), "start_page"),
        (
            lambda c: c.coupons.images.upload(
                "c", b"\x89PNG", filename="a.png", content_type=["image/png"]
            ),
            "content_type",
        ),
        (lambda c: c.reports.export("transaction", encoding="utf-8\x00"), "encoding"),
        (lambda c: c.reports.download("transaction", ""), "path"),
        (lambda c: c.reports.download("transaction", "."), "path"),
        (lambda c: c.reports.download("transaction", "a\x00.csv"), "path"),
        # Time limits the event loop cannot hold.
        (lambda c: c.accounts.get_balance(GOOD_ID, deadline=float("inf")), "deadline"),
        (lambda c: c.accounts.get_balance(GOOD_ID, deadline=10**400), "deadline"),
        (lambda c: c.accounts.get_balance(GOOD_ID, timeout=float("inf")), "timeout"),
        (lambda c: c.accounts.get_balance(GOOD_ID, timeout=float("nan")), "timeout"),
    ],
)
async def test_values_out_of_range_are_refused(wire: Wire, call: Any, field: str) -> None:
    async with make_client(wire, program_id="PROG-1") as client:
        with pytest.raises(ValidationError) as caught:
            result = call(client)
            if isinstance(result, Awaitable):
                await result
            elif hasattr(result, "__aiter__"):
                async for _ in result:
                    break
    assert caught.value.field == field
    assert wire.calls == []


async def test_a_directory_is_no_download_target(wire: Wire, tmp_path: Path) -> None:
    async with make_client(wire) as client:
        with pytest.raises(ValidationError) as caught:
            await client.reports.download("transaction", tmp_path)
    assert caught.value.field == "path"
    assert wire.calls == []
    assert os.listdir(tmp_path) == []  # no temporary file left behind


@pytest.mark.parametrize("bad", [".", ".."])
async def test_a_paged_walk_refuses_a_dot_segment_as_bad_input(wire: Wire, bad: str) -> None:
    """Nothing was sent, so it is a ValidationError, not a PaginationError to resume from."""
    async with make_client(wire) as client:
        with pytest.raises(ValidationError) as caught:
            async for _ in client.identifiers.list_batch_identifiers(bad):
                break
    assert caught.value.field == "batchId"
    assert wire.calls == []
