"""The customer profile: accounts, balances, levels, identifiers, users and memberships.

Response models accept what the server sends: unknown fields are ignored, unknown enum
values are kept, and every part the API does not always send is optional. Request models
(:class:`NewUser`, :class:`UserUpdate`) check their values when they are built or changed,
so bad input fails before any request is made.

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
    GenderCode,
    IdentifierStatus,
    IdentifierType,
    MemberRole,
)
from loyalty_async.convercus.models.common import CustomProperty
from loyalty_async.convercus.models.coupons import AccountCoupon
from loyalty_async.convercus.validation import (
    check_bool,
    check_country_code,
    check_date,
    check_email,
    check_enum,
    check_positive_int,
    check_text,
    check_uuid,
)
from loyalty_async.errors import DecodeError, ValidationError
from loyalty_async.modeling import CLEAR, UNSET, ClearType, UnsetType, camel, wire
from loyalty_async.operations.checks import field_check

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


# ---------------------------------------------------------------------- users


@attrs.define
class User:
    """A user's personal data as Convercus returns it.

    Programs may add fields; the ones not listed here are ignored. ``custom_properties``
    are the program's preconfigured name/value pairs.
    """

    user_id: str | None = None
    email_address: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    street_house_no: str | None = None
    zip_code: str | None = None
    city: str | None = None
    country_code: str | None = None
    gender_code: GenderCode | None = None
    birth_date: dt.date | None = None
    phone: str | None = None
    custom_properties: list[CustomProperty] = attrs.Factory(list)


def _email(value: str) -> str:
    return check_email(value)


def _optional_country(value: str | None) -> str | None:
    return None if value is None else check_country_code(value)


def _optional_gender(value: GenderCode | str | None) -> GenderCode | None:
    return None if value is None else check_enum(value, GenderCode, "gender_code")


def _optional_birth_date(value: dt.date | str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(check_date(value))


def _properties(value: Iterable[CustomProperty]) -> list[CustomProperty]:
    given: object = value  # checked as any object: callers may not be type-checked
    if isinstance(given, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            f"custom_properties must be a list of CustomProperty, got {value!r}",
            field="custom_properties",
        )
    items = list(value)
    for item in items:
        if not isinstance(item, CustomProperty):
            raise ValidationError(
                f"custom_properties must hold CustomProperty(name=..., value=...), got {item!r}",
                field="custom_properties",
            )
        check_text(item.name, "custom_properties.name")
    return items


def _optional_properties(value: Iterable[CustomProperty] | None) -> list[CustomProperty] | None:
    return None if value is None else _properties(value)


@attrs.define
class NewUser:
    """A user to create (``POST /users``) or the whole user to store (``PUT``, replace).

    ``email_address`` is required. Every other field is optional: left at ``None`` it is
    not sent, which on a *replace* deletes the stored value. Values are checked as they
    are set: ``country_code`` must be ISO 3166-1 alpha-2, ``birth_date`` a date
    (``datetime.date`` or ``"YYYY-MM-DD"``), ``gender_code`` a :class:`GenderCode`.
    """

    email_address: str = attrs.field(converter=_email)
    given_name: str | None = None
    family_name: str | None = None
    street_house_no: str | None = None
    zip_code: str | None = None
    city: str | None = None
    country_code: str | None = attrs.field(default=None, converter=_optional_country)
    gender_code: GenderCode | None = attrs.field(default=None, converter=_optional_gender)
    birth_date: dt.date | None = attrs.field(default=None, converter=_optional_birth_date)
    phone: str | None = None
    custom_properties: list[CustomProperty] | None = attrs.field(
        default=None, converter=_optional_properties
    )

    @classmethod
    def from_user(cls, user: User) -> NewUser:
        """The full payload of ``user``, for a read-modify-replace round trip."""
        if user.email_address is None:
            raise ValidationError(
                "the user has no email_address; a replace needs one", field="email_address"
            )
        # Every field of a new user is a field of the stored one, under the same name.
        values = {field.name: getattr(user, field.name) for field in attrs.fields(cls)}
        values["custom_properties"] = list(user.custom_properties)
        return cls(**values)


def _not_none(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        raise ValidationError(
            f"{attribute.name}=None is ambiguous: leave it out (UNSET) to keep the stored "
            f"value, or pass CLEAR to delete it",
            field=attribute.name,
        )


def _update_email(value: str | UnsetType) -> str | UnsetType:
    given: object = value  # CLEAR is refused by the type too, but callers may be untyped
    if given is CLEAR:
        raise ValidationError(
            "email_address is mandatory for a user and cannot be cleared", field="email_address"
        )
    return value if value is UNSET else check_email(value)


def _update_country(value: str | UnsetType | ClearType) -> str | UnsetType | ClearType:
    return value if value is UNSET or value is CLEAR else check_country_code(value)


def _update_gender(
    value: GenderCode | str | UnsetType | ClearType,
) -> GenderCode | UnsetType | ClearType:
    if value is UNSET or value is CLEAR:
        return value
    return check_enum(value, GenderCode, "gender_code")


def _update_birth_date(
    value: dt.date | str | UnsetType | ClearType,
) -> dt.date | UnsetType | ClearType:
    if value is UNSET or value is CLEAR:
        return value
    return dt.date.fromisoformat(check_date(value))


def _update_properties(
    value: Iterable[CustomProperty] | UnsetType | ClearType,
) -> list[CustomProperty] | UnsetType | ClearType:
    if value is UNSET or value is CLEAR:
        return value
    return _properties(value)


@attrs.define
class UserUpdate:
    """A partial update of a user (``PATCH``): only the fields you set are sent.

    Each field defaults to :data:`~loyalty_async.modeling.UNSET` (left out, the stored
    value stays). :data:`~loyalty_async.modeling.CLEAR` sends ``null``, which deletes the
    stored value. ``None`` is refused because it could mean either.

    ``custom_properties`` is always sent whole: Convercus replaces the entire list, so
    every property you do not include is deleted, even if it did not change.
    """

    email_address: str | UnsetType = attrs.field(
        default=UNSET, converter=_update_email, validator=_not_none
    )
    given_name: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_not_none)
    family_name: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_not_none)
    street_house_no: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_not_none)
    zip_code: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_not_none)
    city: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_not_none)
    country_code: str | UnsetType | ClearType = attrs.field(
        default=UNSET, converter=_update_country, validator=_not_none
    )
    gender_code: GenderCode | UnsetType | ClearType = attrs.field(
        default=UNSET, converter=_update_gender, validator=_not_none
    )
    birth_date: dt.date | UnsetType | ClearType = attrs.field(
        default=UNSET, converter=_update_birth_date, validator=_not_none
    )
    phone: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_not_none)
    custom_properties: list[CustomProperty] | UnsetType | ClearType = attrs.field(
        default=UNSET, converter=_update_properties, validator=_not_none
    )

    def is_empty(self) -> bool:
        """Whether no field is set (such an update would change nothing)."""
        return all(getattr(self, f.name) is UNSET for f in attrs.fields(type(self)))


@attrs.define
class PasswordReset:
    """The body that asks for a password-reset message (inferred: ``{"emailAddress"}``)."""

    email_address: str = attrs.field(validator=field_check(check_email))


@attrs.define
class PasswordChange:
    """The body that sets a user's password (inferred); never shown in a repr or log."""

    new_password: str = attrs.field(validator=field_check(check_text), repr=False)
    old_password: str | None = attrs.field(
        default=None, validator=field_check(check_text, optional=True), repr=False
    )


@attrs.define
class NotificationResend:
    """The body that asks for a notification again (inferred: ``{"type"}``, or ``{}``)."""

    notification_type: str | None = attrs.field(
        default=None, validator=field_check(check_text, optional=True), metadata=wire("type")
    )


def _any_text(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise ValidationError(
            f"{attribute.name} must be a string, got {value!r}", field=attribute.name
        )


@attrs.define
class CustomPropertyValue:
    """The body that sets one custom property of a user: ``{"name", "value"}``."""

    name: str = attrs.field(validator=field_check(check_text))
    value: str = attrs.field(validator=_any_text)


@attrs.define
class Registration:
    """A user's registration data (shape inferred; see ``raw``)."""

    user_id: str | None = None
    status: str | None = None
    created_at: dt.datetime | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


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


def _keep_raw(cls: type[Any]) -> None:
    """Make ``cls`` remember the object it was read from in ``raw``, wherever it is read."""
    base: Callable[[Any, type[Any]], Any] = camel.get_structure_hook(cls)

    def structure(data: Any, _: type[Any]) -> Any:
        instance = base(data, cls)
        if isinstance(data, Mapping):
            instance.raw = dict(data)
        return instance

    camel.register_structure_hook(cls, structure)


for _model in (RatingLevel, FraudInfo, IdentifierBatch, Registration, Event):
    _keep_raw(_model)

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
