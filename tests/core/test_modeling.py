"""Models: wire casing, tolerance, open enums, dates, exact amounts, UNSET and CLEAR."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from loyalty_async import codec
from loyalty_async.modeling import (
    CLEAR,
    UNSET,
    ClearType,
    OpenEnum,
    UnsetType,
    camel,
    pascal,
    to_camel,
    to_pascal,
    wire,
)
from tests.core.helpers import mock_session, ok


class IdentifierType(OpenEnum):
    CARD = "CARD"
    APP = "APP"


@attrs.define
class Identifier:
    code: str
    identifier_type: IdentifierType


@attrs.define
class Account:
    account_id: str
    locked_points: int
    balance: Decimal
    created_at: dt.datetime
    birth_date: dt.date | None = None
    identifiers: list[Identifier] = attrs.Factory(list)
    eur_amount: Decimal | None = attrs.field(default=None, metadata=wire("EUR"))


@attrs.define
class UserUpdate:
    given_name: str | UnsetType | ClearType = UNSET
    phone: str | UnsetType | ClearType | None = UNSET
    opt_in: bool = False
    points: int = 0
    tags: list[str] = attrs.Factory(list)
    note: str | None = None
    status: IdentifierType | None = None


@attrs.define
class LoyaltyProgram:
    loyalty_program_id: str
    name: str
    is_primary: bool = False


@pytest.mark.parametrize(
    ("name", "camel_name", "pascal_name"),
    [
        ("locked_points", "lockedPoints", "LockedPoints"),
        ("id", "id", "Id"),
        ("loyalty_program_id", "loyaltyProgramId", "LoyaltyProgramId"),
        ("x", "x", "X"),
    ],
)
def test_case_converters(name: str, camel_name: str, pascal_name: str) -> None:
    assert (to_camel(name), to_pascal(name)) == (camel_name, pascal_name)


def test_camel_response_with_unknown_fields_enums_dates_and_amounts() -> None:
    body = codec.loads(
        b'{"accountId":"a-1","lockedPoints":5,"balance":0.30000000000000004,'
        b'"createdAt":"2024-03-01T10:00:00Z","birthDate":"1990-05-17","EUR":12.30,'
        b'"identifiers":[{"code":"V1","identifierType":"CARD","extra":true},'
        b'{"code":"N1","identifierType":"NFCTAG"}],"brandNewField":{"nested":[1]}}'
    )
    account = camel.structure(body, Account)
    assert account.account_id == "a-1"
    assert account.balance == Decimal("0.30000000000000004")
    assert isinstance(account.balance, Decimal)
    assert account.eur_amount == Decimal("12.3")
    assert account.created_at == dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.UTC)
    assert account.birth_date == dt.date(1990, 5, 17)
    card, nfc = account.identifiers
    assert card.identifier_type is IdentifierType.CARD and card.identifier_type.is_known()
    assert nfc.identifier_type.value == "NFCTAG" and not nfc.identifier_type.is_known()
    assert nfc.identifier_type == "NFCTAG" and str(nfc.identifier_type) == "NFCTAG"
    # Unknown values survive a round trip.
    assert camel.unstructure(nfc) == {"code": "N1", "identifierType": "NFCTAG"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T10:00:00Z", dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)),
        ("2024-03-01T10:00:00z", dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)),
        ("2024-03-01T12:00:00+02:00",
         dt.datetime(2024, 3, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
        ("2024-03-01T05:00:00-0500",
         dt.datetime(2024, 3, 1, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))),
        ("2024-03-01T10:00:00.000+0000", dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)),
        ("2024-03-01T10:00:00.9573333Z",
         dt.datetime(2024, 3, 1, 10, 0, 0, 957333, tzinfo=dt.UTC)),
        ("2024-03-01T10:00:00.5", dt.datetime(2024, 3, 1, 10, 0, 0, 500000)),
        ("2024-03-01 10:00", dt.datetime(2024, 3, 1, 10, 0)),
        (1709287200000, dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)),
    ],
)  # fmt: skip
def test_datetimes(text: object, expected: dt.datetime) -> None:
    assert camel.structure(text, dt.datetime) == expected


def test_dates_and_bad_values() -> None:
    assert camel.structure("2024-03-01", dt.date) == dt.date(2024, 3, 1)
    assert camel.structure("2024-03-01T23:30:00+02:00", dt.date) == dt.date(2024, 3, 1)
    with pytest.raises(ValueError):
        camel.structure("yesterday", dt.datetime)
    with pytest.raises(TypeError):
        camel.structure(True, Decimal)
    with pytest.raises(ValueError):
        camel.structure("twelve", Decimal)


@pytest.mark.parametrize(
    ("wire_value", "amount"),
    [(b"0.1", "0.1"), (b"0.3", "0.3"), (b"12.30", "12.3"), (b"100", "100"), (b'"19.99"', "19.99")],
)
def test_amounts_are_decimal_never_float(wire_value: bytes, amount: str) -> None:
    value = camel.structure(codec.loads(wire_value), Decimal)
    assert isinstance(value, Decimal)
    assert value == Decimal(amount)


async def test_amounts_go_out_exactly() -> None:
    total = Decimal("0.1") + Decimal("0.2")
    account = Account("a-1", 0, total, dt.datetime(2024, 3, 1, tzinfo=dt.UTC))
    data = camel.unstructure(account)
    assert data["balance"] == Decimal("0.3")
    async with mock_session(ok) as (session, transport):
        await session.request("POST", "/accounts", json=data)
    assert transport.requests[0].content == (
        b'{"accountId":"a-1","lockedPoints":0,"balance":0.3,'
        b'"createdAt":"2024-03-01T00:00:00+00:00","identifiers":[]}'
    )


def test_unset_is_omitted_clear_is_null_none_defaults_omitted() -> None:
    assert camel.unstructure(UserUpdate()) == {"optIn": False, "points": 0, "tags": []}
    update = UserUpdate(given_name="Ann", phone=CLEAR, note="vip", status=IdentifierType("NEW"))
    assert camel.unstructure(update) == {
        "givenName": "Ann",
        "phone": None,
        "optIn": False,
        "points": 0,
        "tags": [],
        "note": "vip",
        "status": "NEW",
    }
    assert camel.unstructure(UserUpdate(phone=None)) == {
        "phone": None, "optIn": False, "points": 0, "tags": [],
    }  # fmt: skip
    assert repr(UNSET) == "UNSET" and not UNSET and not CLEAR


def test_models_with_unset_fields_can_be_read_back() -> None:
    update = camel.structure({"givenName": "Ann", "phone": None, "optIn": True}, UserUpdate)
    assert update == UserUpdate(given_name="Ann", phone=None, opt_in=True)


def test_pascal_converter_for_mews() -> None:
    program = pascal.structure(
        {"LoyaltyProgramId": "p-1", "Name": "Gold", "IsPrimary": True, "ChainId": "c"},
        LoyaltyProgram,
    )
    assert program == LoyaltyProgram("p-1", "Gold", True)
    # A required boolean left at its default still goes out.
    assert pascal.unstructure(LoyaltyProgram("p-2", "Silver")) == {
        "LoyaltyProgramId": "p-2",
        "Name": "Silver",
        "IsPrimary": False,
    }


def test_open_enum_members() -> None:
    assert IdentifierType("CARD") is IdentifierType.CARD
    unknown = IdentifierType("NFCTAG")
    assert isinstance(unknown, IdentifierType)
    assert unknown.name == "NFCTAG"
    assert IdentifierType("NFCTAG") == unknown
    with pytest.raises(ValueError):
        IdentifierType(7)  # type: ignore[arg-type]


def test_a_plain_string_on_an_enum_field_goes_out_as_it_is() -> None:
    # It used to fail with AttributeError ('str' object has no attribute 'value').
    known = Identifier(code="C1", identifier_type="CARD")  # type: ignore[arg-type]
    unknown = Identifier(code="C2", identifier_type="NFCTAG")  # type: ignore[arg-type]

    assert camel.unstructure(known) == {"code": "C1", "identifierType": "CARD"}
    assert camel.unstructure(unknown) == {"code": "C2", "identifierType": "NFCTAG"}
    assert camel.unstructure(Identifier("C3", IdentifierType("NFCTAG")))["identifierType"] == (
        "NFCTAG"
    )
