"""The customer profile's users: a user as read, and the bodies that create and change one.

Request models (:class:`NewUser`, :class:`UserUpdate`) check their values when they are
built or changed, so bad input fails before any request is made. A registration, whose
shape no source documents, keeps the object exactly as received in ``raw``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from loyalty_async.convercus.enums import GenderCode
from loyalty_async.convercus.models.common import CustomProperty, remember_raw
from loyalty_async.convercus.validation import (
    check_country_code,
    check_date,
    check_email,
    check_enum,
    check_text,
)
from loyalty_async.errors import ValidationError
from loyalty_async.modeling import CLEAR, UNSET, ClearType, UnsetType, wire
from loyalty_async.operations.checks import field_check


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


remember_raw(Registration)
