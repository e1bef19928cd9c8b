"""The customer profile: accounts, balances, levels, identifiers, users and memberships.

The users' models live in :mod:`loyalty_async.convercus.models.users` and are importable
from here too. Response models accept what the server sends: unknown fields are ignored,
unknown enum values are kept, and every part the API does not always send is optional.
Request models check their values when they are built or changed, so bad input fails
before any request is made.

Models whose shape no source documents (rating levels, fraud info, identifier batches,
registrations, events) also keep the object exactly as received in ``raw``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from loyalty_async.convercus.enums import (
    AccountStatus,
    IdentifierStatus,
    IdentifierType,
    MemberRole,
)
from loyalty_async.convercus.models.common import CustomProperty, remember_raw
from loyalty_async.convercus.models.coupons import AccountCoupon
from loyalty_async.convercus.models.users import (
    CustomPropertyValue,
    NewUser,
    NotificationResend,
    PasswordChange,
    PasswordReset,
    Registration,
    User,
    UserUpdate,
)
from loyalty_async.convercus.validation import (
    check_bool,
    check_enum,
    check_positive_int,
    check_text,
    check_uuid,
)
from loyalty_async.errors import DecodeError, ValidationError
from loyalty_async.modeling import CLEAR, UNSET, ClearType, UnsetType, camel, wire
from loyalty_async.operations.checks import field_check

__all__ = [
    "Account",
    "AccountDetails",
    "AccountMember",
    "Balance",
    "BalanceEur",
    "CustomPropertyValue",
    "Event",
    "FraudInfo",
    "FraudReport",
    "Identifier",
    "IdentifierBatch",
    "Level",
    "Membership",
    "MembershipUpdate",
    "NewIdentifier",
    "NewIdentifierBatch",
    "NewMembership",
    "NewUser",
    "NotificationResend",
    "Optin",
    "PasswordChange",
    "PasswordReset",
    "RatingLevel",
    "RatingLevelAssignment",
    "Registration",
    "User",
    "UserUpdate",
    "optin_list",
]

# ---------------------------------------------------------------------- accounts


@attrs.define
class Account:
    """The account points are collected on: its technical id, program and status.

    Only ``ACTIVE`` accounts should earn and burn; Convercus answers 404 for deleted ones.
    """

    id: str
    program: str | None = None
    status: AccountStatus | None = None


@attrs.define
class Balance:
    """Points an account can spend, and points locked (refund periods, manual locks)."""

    points: int
    locked_points: int = 0
    #: Status points, where the program reports them with the balance.
    status_points: int | None = None


@attrs.define
class BalanceEur:
    """The value of an account's points in euros (``GET …/balance/EUR``).

    The API reference only says the points are "displayed as EUR"; the SDK reads an
    ``amount`` field, or the ``points``/``lockedPoints`` fields of the balance shape.
    """

    amount: Decimal
    locked_amount: Decimal | None = None
    currency: str = "EUR"


@attrs.define
class Level:
    """An account's status level and its progress towards the next one."""

    name: str | None = None
    current_state_points: int | None = None
    needed_state_points: int | None = None
    needed_state_points_next_level: int | None = None
    valid_to: dt.datetime | None = None


@attrs.define
class RatingLevel:
    """The rating level assigned to an account (shape inferred; see ``raw``)."""

    rating_level_id: str | None = None
    name: str | None = None
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.define
class RatingLevelAssignment:
    """The body that assigns a rating level to an account (inferred: ``{"ratingLevelId"}``)."""

    rating_level_id: str = attrs.field(validator=field_check(check_text))


@attrs.define
class FraudInfo:
    """Whether an account is locked for fraud, and why (shape inferred; see ``raw``)."""

    fraud: bool | None = None
    locked: bool | None = None
    reason: str | None = None
    created_at: dt.datetime | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.define
class FraudReport:
    """The body that flags an account as fraud (inferred: ``{"reason"}``, or ``{}``)."""

    reason: str | None = attrs.field(default=None, validator=field_check(check_text, optional=True))


# ---------------------------------------------------------------------- identifiers


@attrs.define
class Identifier:
    """A card, app or external code that addresses an account (use it with ``id_type``)."""

    identifier_id: str | None = None
    code: str | None = None
    display_code: str | None = None
    type: IdentifierType | None = None
    status: IdentifierStatus | None = None


@attrs.define
class IdentifierBatch:
    """A batch of generated identifiers (shape inferred; see ``raw``)."""

    batch_id: str | None = None
    type: IdentifierType | None = None
    count: int | None = None
    status: str | None = None
    created_at: dt.datetime | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


def _identifier_type(value: Any) -> IdentifierType:
    return check_enum(value, IdentifierType, "type")


@attrs.define
class NewIdentifier:
    """The body that attaches an identifier to an account (left out, the code is generated)."""

    #: What names an identifier create whose outcome is unknown (its error's ``context``).
    outcome_keys: ClassVar[tuple[str, ...]] = ("type", "code")

    type: IdentifierType = attrs.field(converter=_identifier_type)
    code: str | None = attrs.field(default=None, validator=field_check(check_text, optional=True))
    display_code: str | None = attrs.field(
        default=None, validator=field_check(check_text, optional=True)
    )


@attrs.define
class NewIdentifierBatch:
    """The body that generates ``count`` identifiers of ``type`` (the shape is inferred)."""

    type: IdentifierType = attrs.field(converter=_identifier_type)
    count: int = attrs.field(validator=field_check(check_positive_int))


# ---------------------------------------------------------------------- memberships


@attrs.define
class Optin:
    """One opt-in of a membership: its ``type`` (e.g. ``"Newsletter"``) and its ``flag``."""

    type: str
    flag: bool


def optin_list(optins: Any) -> list[Optin]:
    """A complete opt-in list: ``Optin`` items, each type at most once."""
    if isinstance(optins, str | bytes | Optin) or not isinstance(optins, Iterable):
        raise ValidationError(
            f"optins must be a list of Optin(type=..., flag=...), got {optins!r}", field="optins"
        )
    checked: list[Optin] = []
    seen: set[str] = set()
    for optin in optins:
        if not isinstance(optin, Optin):
            raise ValidationError(
                f"optins must hold Optin(type=..., flag=...), got {optin!r}", field="optins"
            )
        kind = check_text(optin.type, "optins.type")
        if kind in seen:
            raise ValidationError(f"opt-in {kind!r} is given twice", field="optins")
        seen.add(kind)
        checked.append(Optin(type=kind, flag=check_bool(optin.flag, "optins.flag")))
    return checked


def _role(value: Any) -> MemberRole:
    return check_enum(value, MemberRole, "member_role")


@attrs.define
class NewMembership:
    """The body that links a user to an account (``POST …/memberships``)."""

    account_id: str = attrs.field(validator=field_check(check_uuid))
    user_id: str = attrs.field(validator=field_check(check_uuid))
    member_role: MemberRole = attrs.field(converter=_role)
    optins: list[Optin] | None = attrs.field(
        default=None, converter=attrs.converters.optional(optin_list)
    )
    partner_id: str | None = attrs.field(
        default=None, validator=field_check(check_uuid, optional=True)
    )


def _update_role(value: Any) -> MemberRole | UnsetType:
    return value if value is UNSET else _role(value)


def _update_partner(value: Any) -> str | UnsetType | ClearType:
    return value if value is UNSET or value is CLEAR else check_uuid(value, "partner_id")


def _update_optins(value: Any) -> list[Optin] | UnsetType:
    return value if value is UNSET else optin_list(value)


@attrs.define
class MembershipUpdate:
    """A partial update of a membership (``PATCH``): only the fields set are sent.

    ``partner_id=CLEAR`` removes the partner; ``optins`` replaces all opt-ins.
    """

    member_role: MemberRole | UnsetType = attrs.field(default=UNSET, converter=_update_role)
    partner_id: str | UnsetType | ClearType = attrs.field(default=UNSET, converter=_update_partner)
    optins: list[Optin] | UnsetType = attrs.field(default=UNSET, converter=_update_optins)

    def __attrs_post_init__(self) -> None:
        if all(getattr(self, f.name) is UNSET for f in attrs.fields(type(self))):
            raise ValidationError("the update sets no field; pass at least one")


@attrs.define
class Membership:
    """The link between an account and a user, with the user's role and opt-ins."""

    membership_id: str | None = None
    account_id: str | None = None
    user_id: str | None = None
    member_role: MemberRole | None = None
    partner_id: str | None = None
    optins: list[Optin] = attrs.Factory(list)
    #: ``None`` while the membership is active; once it ended, the marker as sent (the
    #: manual only ever shows ``null``, so its type is not known).
    terminated: Any = None
    created_at: dt.datetime | None = None


@attrs.define
class AccountMember(User):
    """A member as the account details show it: the user's data, role and opt-ins."""

    membership_id: str | None = None
    member_role: MemberRole | None = None
    partner_id: str | None = None
    optins: list[Optin] = attrs.Factory(list)


@attrs.define
class AccountDetails:
    """The aggregated view of an account (``GET /v3/accountdetails/{accountId}``).

    Each part may be missing from a response; lists then are empty and objects ``None``.
    """

    account_id: str | None = None
    status: AccountStatus | None = None
    balance: Balance | None = attrs.field(default=None, metadata=wire("accountBalance"))
    level: Level | None = None
    rating_level: RatingLevel | None = None
    identifiers: list[Identifier] = attrs.Factory(list)
    memberships: list[AccountMember] = attrs.Factory(list)
    account_coupons: list[AccountCoupon] = attrs.Factory(list)
    custom_properties: list[CustomProperty] = attrs.Factory(list)


# ---------------------------------------------------------------------- events


@attrs.define
class Event:
    """Something that happened to a user or membership (shape inferred; see ``raw``)."""

    event_id: str | None = None
    type: str | None = None
    created_at: dt.datetime | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


# ---------------------------------------------------------------------- raw copies


for _model in (RatingLevel, FraudInfo, IdentifierBatch, Event):
    remember_raw(_model)

#: Keys under which an identifier batch may carry its id (the shape is not documented).
_BATCH_ID_KEYS = ("batchId", "identifierBatchId", "id")


def _read_batch_id() -> None:
    """Fill ``IdentifierBatch.batch_id`` from whichever likely key the server used."""
    base: Callable[[Any, type[Any]], Any] = camel.get_structure_hook(IdentifierBatch)

    def structure(data: Any, _: type[Any]) -> Any:
        batch = base(data, IdentifierBatch)
        if batch.batch_id is None:
            for key in _BATCH_ID_KEYS:
                value = batch.raw.get(key)
                if isinstance(value, str | int) and not isinstance(value, bool):
                    batch.batch_id = str(value)
                    break
        return batch

    camel.register_structure_hook(IdentifierBatch, structure)


_read_batch_id()


def _balance_eur_fields(data: Any) -> dict[str, Any]:
    """Read the EUR balance from an ``amount`` object, the balance shape, or a bare number."""
    if isinstance(data, int | float | Decimal) and not isinstance(data, bool):
        return {"amount": data}
    if not isinstance(data, Mapping):
        raise DecodeError(f"expected the EUR balance as a JSON object, got {data!r}")
    amount = data.get("amount", data.get("points"))
    locked = data.get("lockedAmount", data.get("lockedPoints"))
    fields: dict[str, Any] = {"amount": amount}
    if locked is not None:
        fields["lockedAmount"] = locked
    currency = data.get("currency") or data.get("currencyCode")
    if currency:
        fields["currency"] = currency
    return fields


def _read_balance_eur() -> None:
    base: Callable[[Any, type[Any]], Any] = camel.get_structure_hook(BalanceEur)
    camel.register_structure_hook(
        BalanceEur, lambda data, _: base(_balance_eur_fields(data), BalanceEur)
    )


_read_balance_eur()
