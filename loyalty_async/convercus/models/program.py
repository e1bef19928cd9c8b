"""A program's configuration: blacklists, custom properties, endpoints, tags, levels.

Also the program's API operations and resources.

No source documents these bodies; the fields below are inferred from the API reference's
titles (tags "can be filtered by domain", endpoints "by type", status level sets "by
status of the set"). Every model keeps the fields it does not declare in ``extra``, both
ways. Request models (``New…``) check their values as they are built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar

import attrs

from loyalty_async.convercus.enums import CustomPropertyDomain, StatusLevelSetStatus
from loyalty_async.convercus.models.common import (
    Draft,
    check_window,
    optional_aware,
    optional_member,
)
from loyalty_async.convercus.validation import check_bool, check_count, check_text, check_url
from loyalty_async.errors import ValidationError
from loyalty_async.modeling import KEEP_UNKNOWN
from loyalty_async.operations.checks import field_check

_OPTIONAL_TEXT = field_check(check_text, optional=True)
_OPTIONAL_BOOL = field_check(check_bool, optional=True)


def _domain(value: Any) -> CustomPropertyDomain | None:
    return optional_member(value, CustomPropertyDomain, "domain")


def _set_status(value: Any) -> StatusLevelSetStatus | None:
    return optional_member(value, StatusLevelSetStatus, "status")


def _url(value: Any) -> str:
    return check_url(value, "url")


def _rank(value: Any) -> int | None:
    return None if value is None else check_count(value, "rank")


def _state_points(value: Any) -> int | None:
    return None if value is None else check_count(value, "needed_state_points")


def _window(instance: Any) -> None:
    check_window(instance.valid_from, instance.valid_to)


def _aware_from(value: Any) -> dt.datetime | None:
    return optional_aware(value, "valid_from")


def _aware_to(value: Any) -> dt.datetime | None:
    return optional_aware(value, "valid_to")


# ---------------------------------------------------------------------- blacklists


@attrs.define
class BlacklistEntry:
    """An entry of a program's or partner's blacklist: what kind of thing, and its value.

    For example an article excluded from earning.
    """

    blacklist_id: str | None = None
    type: str | None = None
    value: str | None = None
    description: str | None = None
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewBlacklistEntry(Draft):
    """A blacklist entry to create or store whole (``PUT``).

    ``value`` is required (the article number, code or other value blacklisted); the
    validity window, if given, uses datetimes with a UTC offset and may not end before
    it starts.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("blacklist_id", "created_at")

    value: str = attrs.field(validator=field_check(check_text))
    type: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    description: str | None = None
    valid_from: dt.datetime | None = attrs.field(default=None, converter=_aware_from)
    valid_to: dt.datetime | None = attrs.field(default=None, converter=_aware_to)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)

    def __attrs_post_init__(self) -> None:
        _window(self)


# ---------------------------------------------------------------------- custom properties


@attrs.define
class CustomPropertyDefinition:
    """A custom property the program defines for users, accounts, coupons or stores.

    Values of it appear as :class:`~loyalty_async.convercus.models.CustomProperty`
    ``name``/``value`` pairs on those objects.
    """

    custom_property_id: str | None = None
    name: str | None = None
    domain: CustomPropertyDomain | None = None
    type: str | None = None
    mandatory: bool | None = None
    default_value: str | None = None
    description: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewCustomPropertyDefinition(Draft):
    """A custom property definition to create or store whole (``PUT``).

    ``name`` is required; ``domain`` is a :class:`CustomPropertyDomain`; ``type`` (the
    value's data type, e.g. ``"STRING"``) is sent as given.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("custom_property_id",)

    name: str = attrs.field(validator=field_check(check_text))
    domain: CustomPropertyDomain | None = attrs.field(default=None, converter=_domain)
    type: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    mandatory: bool | None = attrs.field(default=None, validator=_OPTIONAL_BOOL)
    default_value: str | None = None
    description: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- endpoints


@attrs.define
class Endpoint:
    """A URL of an outside system the program calls (of a ``type`` such as a webhook)."""

    endpoint_id: str | None = None
    name: str | None = None
    type: str | None = None
    url: str | None = None
    active: bool | None = None
    description: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewEndpoint(Draft):
    """An endpoint to create or store whole (``PUT``).

    ``name`` and ``url`` (absolute ``http``/``https``) are required.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("endpoint_id",)

    name: str = attrs.field(validator=field_check(check_text))
    url: str = attrs.field(converter=_url)
    type: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    active: bool | None = attrs.field(default=None, validator=_OPTIONAL_BOOL)
    description: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- API operations


@attrs.define
class ApiOperation:
    """One API operation as the program lists it (``GET …/operations``)."""

    name: str | None = None
    method: str | None = None
    path: str | None = None
    description: str | None = None
    enabled: bool | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- resources


@attrs.define
class Resource:
    """A resource of the program (a file or link it serves: an image, a document)."""

    resource_id: str | None = None
    name: str | None = None
    type: str | None = None
    url: str | None = None
    content_type: str | None = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


def _optional_url(value: Any) -> str | None:
    return None if value is None else check_url(value, "url")


@attrs.define
class NewResource(Draft):
    """A resource to create: ``name`` is required, ``url`` (if given) absolute http(s)."""

    _server_fields: ClassVar[tuple[str, ...]] = ("resource_id", "created_at")

    name: str = attrs.field(validator=field_check(check_text))
    type: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    url: str | None = attrs.field(default=None, converter=_optional_url)
    content_type: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- tags


@attrs.define
class Tag:
    """A tag of the program, used to label objects of one ``domain`` (coupons, posts, …)."""

    tag_id: str | None = None
    name: str | None = None
    domain: str | None = None
    description: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewTag(Draft):
    """A tag to create or store whole (``PUT``): ``name`` is required."""

    _server_fields: ClassVar[tuple[str, ...]] = ("tag_id",)

    name: str = attrs.field(validator=field_check(check_text))
    domain: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    description: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- status level sets


@attrs.define
class StatusLevel:
    """One level of a status level set: its name, its rank, and the status points it needs.

    An account's current level (``client.accounts.get_level``) is one of these.
    """

    status_level_id: str | None = None
    name: str | None = None
    rank: int | None = None
    needed_state_points: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class StatusLevelSet:
    """The program's ladder of status levels, and when it applies."""

    status_level_set_id: str | None = None
    name: str | None = None
    status: StatusLevelSetStatus | None = None
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None
    description: str | None = None
    levels: list[StatusLevel] = attrs.Factory(list)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewStatusLevel(Draft):
    """A level of a status level set to store.

    ``name`` is required; ``rank`` and ``needed_state_points`` are whole numbers >= 0.
    ``status_level_id`` names a level that exists already (a replace keeps it, and the
    accounts on it); leave it out for a new level.
    """

    name: str = attrs.field(validator=field_check(check_text))
    status_level_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    rank: int | None = attrs.field(default=None, converter=_rank)
    needed_state_points: int | None = attrs.field(default=None, converter=_state_points)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


def _levels(value: Any) -> list[NewStatusLevel]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            f"levels must be a list of NewStatusLevel, got {value!r}", field="levels"
        )
    levels: list[NewStatusLevel] = []
    names: set[str] = set()
    for item in value:
        if isinstance(item, StatusLevel):  # read from the server: a read-modify-replace
            item = NewStatusLevel.from_resource(item)
        if not isinstance(item, NewStatusLevel):
            raise ValidationError(
                f"levels must hold NewStatusLevel(name=...), got {item!r}", field="levels"
            )
        if item.name in names:
            raise ValidationError(f"levels names {item.name!r} twice", field="levels")
        names.add(item.name)
        levels.append(item)
    return levels


@attrs.define
class NewStatusLevelSet(Draft):
    """A status level set to create or store whole (``PUT``).

    ``name`` is required; ``status`` is a :class:`StatusLevelSetStatus`; each level name
    appears once; the validity window uses datetimes with a UTC offset and may not end
    before it starts.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("status_level_set_id",)

    name: str = attrs.field(validator=field_check(check_text))
    status: StatusLevelSetStatus | None = attrs.field(default=None, converter=_set_status)
    valid_from: dt.datetime | None = attrs.field(default=None, converter=_aware_from)
    valid_to: dt.datetime | None = attrs.field(default=None, converter=_aware_to)
    description: str | None = None
    levels: list[NewStatusLevel] = attrs.field(factory=list, converter=_levels)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)

    def __attrs_post_init__(self) -> None:
        _window(self)
