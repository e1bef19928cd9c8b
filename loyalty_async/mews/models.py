"""The Mews loyalty models: what the API answers, and what you send it.

Read models (:class:`LoyaltyProgram`, :class:`LoyaltyMembership`, :class:`LoyaltyTier`)
tolerate fields they do not know and keep enum values they do not know. Write models
check their fields when they are built, so bad input fails before any request:
``New*`` models are the items of ``add`` batches, ``*Update`` models the items of
``update`` batches.

An update sends only what you set. Each updatable field defaults to
:data:`~loyalty_async.modeling.UNSET` (left out: Mews keeps the stored value); a value
goes out as ``{"Value": x}``; :data:`~loyalty_async.modeling.CLEAR` goes out as
``{"Value": null}`` and empties a field that may be empty. ``None`` is refused, since it
could mean either.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

from loyalty_async.errors import ValidationError
from loyalty_async.mews import validation as check
from loyalty_async.mews.enums import (
    LoyaltyMembershipState,
    LoyaltyProgramSubscription,
    LoyaltyProgramType,
)
from loyalty_async.modeling import CLEAR, UNSET, ClearType, UnsetType, pascal, to_pascal

C = TypeVar("C", bound=type)

# Datetimes go out as Mews writes them (``...Z``, in UTC), ids as text.
pascal.register_unstructure_hook(dt.datetime, check.format_utc)
pascal.register_unstructure_hook(uuid.UUID, str)


# ---------------------------------------------------------------------- field checks

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
Rule = Callable[[Any, str], Any]


def _rule(rule: Rule) -> Validator:
    """An attrs validator running ``rule(value, field name)``."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        rule(value, attribute.name)

    return validate


def text(max_length: int | None = None) -> Validator:
    """A non-blank string of at most ``max_length`` characters."""
    return _rule(lambda value, field: check.check_text(value, field, max_length))


def choice(enum_type: type[Any]) -> Validator:
    """A member of an open enum, or a non-empty string."""
    return _rule(lambda value, field: check.check_choice(value, enum_type, field))


ident = _rule(check.check_id)
whole = _rule(check.check_int)
flag = _rule(check.check_bool)
aware = _rule(check.check_aware)


def optional(validator: Validator) -> Validator:
    """``None`` (not sent), or a value ``validator`` accepts."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return validate


def update(validator: Validator, *, nullable: bool = False) -> Validator:
    """An updatable field: ``UNSET`` (not sent), a value, or ``CLEAR`` if ``nullable``."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        name = attribute.name
        if value is UNSET:
            return
        if value is CLEAR:
            if not nullable:
                raise ValidationError(f"{name} cannot be cleared: Mews requires one", field=name)
            return
        if value is None:
            clear = ", or pass CLEAR to empty it" if nullable else ""
            raise ValidationError(
                f"{name}=None is ambiguous: leave it out (UNSET) to keep the stored value{clear}",
                field=name,
            )
        validator(instance, attribute, value)

    return validate


def _wire_name(field: attrs.Attribute[Any]) -> str:
    return str(field.metadata.get("wire") or to_pascal(field.name))


class _Update:
    """Base of the update models: an update that changes nothing is refused."""

    def __attrs_post_init__(self) -> None:
        fields = attrs.fields(cast(Any, type(self)))
        if all(getattr(self, f.name) is UNSET for f in fields if f.default is UNSET):
            names = ", ".join(f.name for f in fields if f.default is UNSET)
            raise ValidationError(
                f"{type(self).__name__} changes nothing: set at least one of {names}"
            )


def update_model(cls: C) -> C:
    """Register how an update model goes on the wire.

    Its fields that default to ``UNSET`` are the updatable ones: each one set goes out
    wrapped as ``{"Value": x}`` (``CLEAR``: ``{"Value": null}``), each one left ``UNSET``
    is left out. The other fields (the record's id) go out as they are.
    """
    fields = attrs.fields(cls)
    updatable = frozenset(f.name for f in fields if f.default is UNSET)

    def unstructure(instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for f in fields:
            value = getattr(instance, f.name)
            if value is UNSET:
                continue
            if f.name in updatable:
                wrapped = None if value is CLEAR else pascal.unstructure(value)
                data[_wire_name(f)] = {"Value": wrapped}
            else:
                data[_wire_name(f)] = pascal.unstructure(value)
        return data

    pascal.register_unstructure_hook(cls, unstructure)
    return cls


# ---------------------------------------------------------------------- read models


@attrs.frozen
class LoyaltyProgram:
    """A loyalty program of a chain (``Type`` and ``Subscription`` since 2023)."""

    id: str
    name: str
    code: str
    chain_id: str | None = None
    type: LoyaltyProgramType | None = None
    subscription: LoyaltyProgramSubscription | None = None


@attrs.frozen
class LoyaltyMembership:
    """A guest account's membership of a loyalty program.

    ``creator_profile`` and ``updater_profile`` are documented as required but come as
    ``null`` in Mews's own examples, so they are optional here. ``code`` is deprecated by
    Mews in favour of ``membership_number``.
    """

    id: str
    account_id: str
    loyalty_program_id: str
    state: LoyaltyMembershipState
    is_primary: bool
    chain_id: str | None = None
    provider_membership_id: str | None = None
    membership_number: str | None = None
    points: int | None = None
    expiration_date: dt.datetime | None = None
    url: str | None = None
    loyalty_tier_id: str | None = None
    creator_profile: dict[str, Any] | None = None
    updater_profile: dict[str, Any] | None = None
    code: str | None = None


@attrs.frozen
class LoyaltyTier:
    """A tier (level) of one loyalty program; ``ordering`` ranks the tiers of a program."""

    id: str
    loyalty_program_id: str
    name: str
    code: str
    ordering: int


# ---------------------------------------------------------------------- add models


@attrs.frozen
class NewLoyaltyProgram:
    """A program to add: name (at most 100 characters), code (at most 50), type, subscription."""

    name: str = attrs.field(validator=text(check.PROGRAM_NAME_MAX))
    code: str = attrs.field(validator=text(check.PROGRAM_CODE_MAX))
    type: LoyaltyProgramType | str = attrs.field(validator=choice(LoyaltyProgramType))
    subscription: LoyaltyProgramSubscription | str = attrs.field(
        validator=choice(LoyaltyProgramSubscription)
    )


@attrs.frozen
class NewLoyaltyMembership:
    """A membership to add: a guest account joins a program.

    ``state`` is ``Enrolled`` on the Mews side when left out. ``expiration_date`` must be
    timezone-aware. ``loyalty_tier_id`` must be a tier of the same program.
    """

    account_id: str | uuid.UUID = attrs.field(validator=ident)
    loyalty_program_id: str | uuid.UUID = attrs.field(validator=ident)
    is_primary: bool = attrs.field(validator=flag)
    state: LoyaltyMembershipState | str | None = attrs.field(
        default=None, validator=optional(choice(LoyaltyMembershipState))
    )
    membership_number: str | None = attrs.field(
        default=None, validator=optional(text(check.MEMBERSHIP_NUMBER_MAX))
    )
    points: int | None = attrs.field(default=None, validator=optional(whole))
    expiration_date: dt.datetime | None = attrs.field(default=None, validator=optional(aware))
    url: str | None = attrs.field(default=None, validator=optional(text()))
    loyalty_tier_id: str | uuid.UUID | None = attrs.field(default=None, validator=optional(ident))


@attrs.frozen
class NewLoyaltyTier:
    """A tier to add to a program: name and code (at most 50 characters each), ordering."""

    loyalty_program_id: str | uuid.UUID = attrs.field(validator=ident)
    name: str = attrs.field(validator=text(check.TIER_NAME_MAX))
    code: str = attrs.field(validator=text(check.TIER_CODE_MAX))
    ordering: int = attrs.field(validator=whole)


# ---------------------------------------------------------------------- update models


@update_model
@attrs.frozen
class LoyaltyProgramUpdate(_Update):
    """Changes to one program; none of its fields can be cleared."""

    loyalty_program_id: str | uuid.UUID = attrs.field(validator=ident)
    name: str | UnsetType = attrs.field(
        default=UNSET, validator=update(text(check.PROGRAM_NAME_MAX))
    )
    type: LoyaltyProgramType | str | UnsetType = attrs.field(
        default=UNSET, validator=update(choice(LoyaltyProgramType))
    )
    subscription: LoyaltyProgramSubscription | str | UnsetType = attrs.field(
        default=UNSET, validator=update(choice(LoyaltyProgramSubscription))
    )


@update_model
@attrs.frozen
class LoyaltyMembershipUpdate(_Update):
    """Changes to one membership: move it to another tier, set its points, ...

    ``membership_number``, ``provider_membership_id``, ``points``, ``expiration_date``,
    ``url`` and ``loyalty_tier_id`` may be emptied with ``CLEAR``.
    """

    loyalty_membership_id: str | uuid.UUID = attrs.field(validator=ident)
    loyalty_program_id: str | uuid.UUID | UnsetType = attrs.field(
        default=UNSET, validator=update(ident)
    )
    state: LoyaltyMembershipState | str | UnsetType = attrs.field(
        default=UNSET, validator=update(choice(LoyaltyMembershipState))
    )
    is_primary: bool | UnsetType = attrs.field(default=UNSET, validator=update(flag))
    membership_number: str | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=update(text(check.MEMBERSHIP_NUMBER_MAX), nullable=True)
    )
    provider_membership_id: str | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=update(text(check.PROVIDER_MEMBERSHIP_ID_MAX), nullable=True)
    )
    points: int | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=update(whole, nullable=True)
    )
    expiration_date: dt.datetime | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=update(aware, nullable=True)
    )
    url: str | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=update(text(), nullable=True)
    )
    loyalty_tier_id: str | uuid.UUID | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=update(ident, nullable=True)
    )


@update_model
@attrs.frozen
class LoyaltyTierUpdate(_Update):
    """Changes to one tier; none of its fields can be cleared."""

    loyalty_tier_id: str | uuid.UUID = attrs.field(validator=ident)
    name: str | UnsetType = attrs.field(default=UNSET, validator=update(text(check.TIER_NAME_MAX)))
    code: str | UnsetType = attrs.field(default=UNSET, validator=update(text(check.TIER_CODE_MAX)))
    ordering: int | UnsetType = attrs.field(default=UNSET, validator=update(whole))


# ---------------------------------------------------------------------- filters


@attrs.frozen
class TimeInterval:
    """A ``CreatedUtc``/``UpdatedUtc`` filter: both ends included, both timezone-aware.

    Mews answers at most 3 months per request; the ``get_all`` iterators split a longer
    interval into consecutive ones (see :func:`split_interval`).
    """

    start_utc: dt.datetime = attrs.field(validator=aware)
    end_utc: dt.datetime = attrs.field(validator=aware)

    def __attrs_post_init__(self) -> None:
        if self.start_utc > self.end_utc:
            raise ValidationError(
                f"the interval starts after it ends ({check.format_utc(self.start_utc)} > "
                f"{check.format_utc(self.end_utc)})",
                field="start_utc",
            )

    @classmethod
    def of(cls, value: Any, field: str) -> TimeInterval:
        """A :class:`TimeInterval`, or one built from a ``(start, end)`` pair."""
        if isinstance(value, TimeInterval):
            return value
        if isinstance(value, tuple | list) and len(value) == 2:
            try:
                return cls(value[0], value[1])
            except ValidationError as exc:
                raise ValidationError(f"{field}: {exc}", field=field) from None
        raise ValidationError(
            f"{field} must be a TimeInterval or a (start, end) pair of aware datetimes, "
            f"got {value!r}",
            field=field,
        )

    def months_exceeded(self) -> bool:
        """Whether Mews would refuse this interval as longer than 3 months."""
        return self.end_utc > check.add_months(self.start_utc, check.MAX_INTERVAL_MONTHS)


def split_interval(interval: TimeInterval) -> list[TimeInterval]:
    """``interval`` as consecutive intervals of at most 3 calendar months, the newest first.

    Each part starts where the one before it (in time) ends: Mews includes both ends, so
    nothing falls in a gap, and the iterators drop an item that a boundary shows twice.
    """
    bounds = [interval.start_utc]
    while True:
        step = check.add_months(bounds[-1], check.MAX_INTERVAL_MONTHS)
        if step >= interval.end_utc:
            bounds.append(interval.end_utc)
            break
        bounds.append(step)
    parts = [TimeInterval(start, end) for start, end in itertools.pairwise(bounds)]
    return parts[::-1]
