"""The request bodies of the twelve Mews loyalty operations, one model each.

A service method's arguments become one of these models, which checks them (batches of 1
to 1000 items, array filters of 1 to 1000 values, ids, intervals) before anything is
sent; the model goes on the wire in PascalCase, leaving out what was not given. The
tokens are added by :class:`~loyalty_async.auth.MewsAuth`, and ``Limitation`` by the
``getAll`` iterators.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from loyalty_async.errors import ValidationError
from loyalty_async.mews import validation as check
from loyalty_async.mews.enums import ActivityState, LoyaltyMembershipState
from loyalty_async.mews.models import (
    LoyaltyMembershipUpdate,
    LoyaltyProgramUpdate,
    LoyaltyTierUpdate,
    NewLoyaltyMembership,
    NewLoyaltyProgram,
    NewLoyaltyTier,
    TimeInterval,
    Validator,
    ident,
    optional,
)

Id = str | uuid.UUID


def _listed(value: Any) -> Any:
    """An iterable argument as a list (checked by the field's validator)."""
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        return value
    return list(value)


def batch(item_model: type[Any]) -> Validator:
    """1 to 1000 items, each a ``item_model``."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        items = check.check_items(value, attribute.name)
        for index, item in enumerate(items):
            if not isinstance(item, item_model):
                raise ValidationError(
                    f"{attribute.name}[{index}] must be a {item_model.__name__}, "
                    f"got {type(item).__name__}",
                    field=attribute.name,
                )

    return validate


def _ids(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check.check_ids(value, attribute.name)


def _texts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for index, item in enumerate(check.check_items(value, attribute.name)):
        check.check_text(item, f"{attribute.name}[{index}]")


def choices(enum_type: type[Any]) -> Validator:
    """1 to 1000 values of an open enum."""

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        for index, item in enumerate(check.check_items(value, attribute.name)):
            check.check_choice(item, enum_type, f"{attribute.name}[{index}]")

    return validate


def _interval(value: Any) -> Any:
    if isinstance(value, tuple | list) and len(value) == 2:
        try:
            return TimeInterval(value[0], value[1])
        except ValidationError:
            return value  # the validator names the argument
    return value


def _interval_check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        TimeInterval.of(value, attribute.name)


#: Optional filters of a ``getAll``.
_ANY_IDS = optional(_ids)
_ANY_TEXTS = optional(_texts)
_ANY_ACTIVITY = optional(choices(ActivityState))
_ANY_STATE = optional(choices(LoyaltyMembershipState))
_ANY_CHAIN = optional(ident)


# ---------------------------------------------------------------------- getAll


@attrs.frozen
class GetLoyaltyPrograms:
    """The filters of ``loyaltyPrograms/getAll`` (all optional)."""

    chain_ids: list[Id] | None = attrs.field(default=None, converter=_listed, validator=_ANY_IDS)
    loyalty_program_ids: list[Id] | None = attrs.field(
        default=None, converter=_listed, validator=_ANY_IDS
    )
    codes: list[str] | None = attrs.field(default=None, converter=_listed, validator=_ANY_TEXTS)
    activity_states: list[ActivityState | str] | None = attrs.field(
        default=None, converter=_listed, validator=_ANY_ACTIVITY
    )
    created_utc: TimeInterval | None = attrs.field(
        default=None, converter=_interval, validator=_interval_check
    )
    updated_utc: TimeInterval | None = attrs.field(
        default=None, converter=_interval, validator=_interval_check
    )


@attrs.frozen
class GetLoyaltyMemberships:
    """The filters of ``loyaltyMemberships/getAll`` (all optional)."""

    chain_ids: list[Id] | None = attrs.field(default=None, converter=_listed, validator=_ANY_IDS)
    loyalty_membership_ids: list[Id] | None = attrs.field(
        default=None, converter=_listed, validator=_ANY_IDS
    )
    account_ids: list[Id] | None = attrs.field(default=None, converter=_listed, validator=_ANY_IDS)
    loyalty_program_ids: list[Id] | None = attrs.field(
        default=None, converter=_listed, validator=_ANY_IDS
    )
    membership_states: list[LoyaltyMembershipState | str] | None = attrs.field(
        default=None, converter=_listed, validator=_ANY_STATE
    )
    activity_states: list[ActivityState | str] | None = attrs.field(
        default=None, converter=_listed, validator=_ANY_ACTIVITY
    )
    membership_numbers: list[str] | None = attrs.field(
        default=None, converter=_listed, validator=_ANY_TEXTS
    )
    provider_membership_ids: list[str] | None = attrs.field(
        default=None, converter=_listed, validator=_ANY_TEXTS
    )
    created_utc: TimeInterval | None = attrs.field(
        default=None, converter=_interval, validator=_interval_check
    )
    updated_utc: TimeInterval | None = attrs.field(
        default=None, converter=_interval, validator=_interval_check
    )


@attrs.frozen
class GetLoyaltyTiers:
    """The filters of ``loyaltyTiers/getAll``: the programs (required), then optional ones."""

    loyalty_program_ids: list[Id] = attrs.field(converter=_listed, validator=_ids)
    chain_ids: list[Id] | None = attrs.field(default=None, converter=_listed, validator=_ANY_IDS)
    loyalty_tier_ids: list[Id] | None = attrs.field(
        default=None, converter=_listed, validator=_ANY_IDS
    )
    activity_states: list[ActivityState | str] | None = attrs.field(
        default=None, converter=_listed, validator=_ANY_ACTIVITY
    )
    updated_utc: TimeInterval | None = attrs.field(
        default=None, converter=_interval, validator=_interval_check
    )


# ---------------------------------------------------------------------- add


@attrs.frozen
class AddLoyaltyPrograms:
    """The body of ``loyaltyPrograms/add``."""

    loyalty_programs: list[NewLoyaltyProgram] = attrs.field(
        converter=_listed, validator=batch(NewLoyaltyProgram)
    )
    chain_id: Id | None = attrs.field(default=None, validator=_ANY_CHAIN)


@attrs.frozen
class AddLoyaltyMemberships:
    """The body of ``loyaltyMemberships/add``."""

    loyalty_memberships: list[NewLoyaltyMembership] = attrs.field(
        converter=_listed, validator=batch(NewLoyaltyMembership)
    )
    chain_id: Id | None = attrs.field(default=None, validator=_ANY_CHAIN)


@attrs.frozen
class AddLoyaltyTiers:
    """The body of ``loyaltyTiers/add``."""

    loyalty_tiers: list[NewLoyaltyTier] = attrs.field(
        converter=_listed, validator=batch(NewLoyaltyTier)
    )
    chain_id: Id | None = attrs.field(default=None, validator=_ANY_CHAIN)


# ---------------------------------------------------------------------- update


@attrs.frozen
class UpdateLoyaltyPrograms:
    """The body of ``loyaltyPrograms/update``."""

    loyalty_program_updates: list[LoyaltyProgramUpdate] = attrs.field(
        converter=_listed, validator=batch(LoyaltyProgramUpdate)
    )
    chain_id: Id | None = attrs.field(default=None, validator=_ANY_CHAIN)


@attrs.frozen
class UpdateLoyaltyMemberships:
    """The body of ``loyaltyMemberships/update``."""

    loyalty_membership_updates: list[LoyaltyMembershipUpdate] = attrs.field(
        converter=_listed, validator=batch(LoyaltyMembershipUpdate)
    )
    chain_id: Id | None = attrs.field(default=None, validator=_ANY_CHAIN)


@attrs.frozen
class UpdateLoyaltyTiers:
    """The body of ``loyaltyTiers/update`` (no ``ChainId``: a tier id is enough)."""

    loyalty_tier_updates: list[LoyaltyTierUpdate] = attrs.field(
        converter=_listed, validator=batch(LoyaltyTierUpdate)
    )


# ---------------------------------------------------------------------- delete


@attrs.frozen
class DeleteLoyaltyPrograms:
    """The body of ``loyaltyPrograms/delete``."""

    loyalty_program_ids: list[Id] = attrs.field(converter=_listed, validator=_ids)


@attrs.frozen
class DeleteLoyaltyMemberships:
    """The body of ``loyaltyMemberships/delete``."""

    loyalty_membership_ids: list[Id] = attrs.field(converter=_listed, validator=_ids)
    chain_id: Id | None = attrs.field(default=None, validator=_ANY_CHAIN)


@attrs.frozen
class DeleteLoyaltyTiers:
    """The body of ``loyaltyTiers/delete``."""

    loyalty_tier_ids: list[Id] = attrs.field(converter=_listed, validator=_ids)
