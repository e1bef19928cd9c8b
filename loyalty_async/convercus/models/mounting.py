"""Device mounting: devices, where they are mounted, profiles, and what the service keeps.

Devices are tablets, kiosks, terminals; a mounting puts one in a store with a profile.
The service keeps its own partners, programs, stores and images.

Only the image upload and health routes are documented. The others carry the titles a
generic CRUD framework generates ("Retrieve multiple Devices", "Create a single Device",
"Create multiple Devices"), so each kind is read in that framework's shapes: records with
an ``id``, creates in bulk as ``{"bulk": [...]}``. The fields beyond the id are inferred.
Every model keeps the fields it does not declare in ``extra``, both ways; request models
check their values as they are built. Partial updates (``…Update``) send only the fields
you set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs

from loyalty_async.convercus.models.common import Changes, Draft, change_check, check_window
from loyalty_async.convercus.validation import (
    check_aware,
    check_image_type,
    check_text,
    check_url,
    check_uuid,
)
from loyalty_async.errors import ValidationError
from loyalty_async.modeling import KEEP_UNKNOWN, UNSET, ClearType, UnsetType
from loyalty_async.operations.checks import field_check

_TEXT = field_check(check_text)
_OPTIONAL_TEXT = field_check(check_text, optional=True)
_OPTIONAL_UUID = field_check(check_uuid, optional=True)
_OPTIONAL_AWARE = field_check(check_aware, optional=True)
_NAME = change_check(check_text)
_TEXT_CHANGE = change_check(check_text, clearable=True)
_UUID_CHANGE = change_check(check_uuid, clearable=True)
_AWARE_CHANGE = change_check(check_aware, clearable=True)
#: The attributes the service assigns to every record: a replace does not send them back.
_SERVER_FIELDS = ("id", "created_at", "updated_at")


def _settings(value: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and k for k in value):
        raise ValidationError(f"{field} must map setting names to values", field=field)
    return value


@attrs.define
class Bulk:
    """Many records of one kind to create at once (``{"bulk": [...]}``, at least one)."""

    bulk: list[Any] = attrs.field()

    @bulk.validator
    def _check(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence) or not value:
            raise ValidationError("bulk must be a non-empty list of records", field="bulk")
        kinds = {type(item) for item in value}
        if len(kinds) != 1 or not attrs.has(kinds.pop()):
            raise ValidationError("bulk must hold request models of one kind", field="bulk")


# ---------------------------------------------------------------------- devices


@attrs.define
class Device:
    """A device (a tablet, a kiosk, a terminal) the mounting service knows."""

    id: str | None = None
    name: str | None = None
    serial_number: str | None = None
    type: str | None = None
    status: str | None = None
    profile_id: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewDevice(Draft):
    """A device to create or store whole: a ``name``; its profile's UUID if it has one."""

    _server_fields: ClassVar[tuple[str, ...]] = (*_SERVER_FIELDS, "status")

    name: str = attrs.field(validator=_TEXT)
    serial_number: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    type: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    profile_id: str | None = attrs.field(default=None, validator=_OPTIONAL_UUID)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class DeviceUpdate(Changes):
    """A partial update of a device (``PATCH``); its ``name`` cannot be cleared."""

    name: str | UnsetType = attrs.field(default=UNSET, validator=_NAME)
    serial_number: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_TEXT_CHANGE)
    type: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_TEXT_CHANGE)
    profile_id: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_UUID_CHANGE)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- mountings


@attrs.define
class Mounting:
    """A device mounted at a store (for a time), with the profile it runs."""

    id: str | None = None
    device_id: str | None = None
    store_id: str | None = None
    partner_id: str | None = None
    program_id: str | None = None
    profile_id: str | None = None
    mounted_at: dt.datetime | None = None
    unmounted_at: dt.datetime | None = None
    status: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewMounting(Draft):
    """A mounting to create or store whole: the device's UUID, where, and when.

    Ids are UUIDs; times carry a UTC offset, and ``unmounted_at`` is not before
    ``mounted_at``.
    """

    _server_fields: ClassVar[tuple[str, ...]] = (*_SERVER_FIELDS, "status")

    device_id: str = attrs.field(validator=field_check(check_uuid))
    store_id: str | None = attrs.field(default=None, validator=_OPTIONAL_UUID)
    partner_id: str | None = attrs.field(default=None, validator=_OPTIONAL_UUID)
    program_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    profile_id: str | None = attrs.field(default=None, validator=_OPTIONAL_UUID)
    mounted_at: dt.datetime | None = attrs.field(default=None, validator=_OPTIONAL_AWARE)
    unmounted_at: dt.datetime | None = attrs.field(default=None, validator=_OPTIONAL_AWARE)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)

    def __attrs_post_init__(self) -> None:
        _mounted_window(self)


@attrs.define
class MountingUpdate(Changes):
    """A partial update of a mounting (``PATCH``): move it, change its profile, end it."""

    store_id: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_UUID_CHANGE)
    profile_id: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_UUID_CHANGE)
    mounted_at: dt.datetime | UnsetType = attrs.field(
        default=UNSET, validator=change_check(check_aware)
    )
    unmounted_at: dt.datetime | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=_AWARE_CHANGE
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _mounted_window(self)


def _mounted_window(instance: Any) -> None:
    try:
        check_window(instance.mounted_at, instance.unmounted_at)
    except ValidationError as error:
        raise ValidationError("unmounted_at is before mounted_at", field="unmounted_at") from error


# ---------------------------------------------------------------------- profiles


@attrs.define
class MountingProfile:
    """A profile: the settings a mounted device runs with."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    settings: dict[str, Any] | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewMountingProfile(Draft):
    """A profile to create or store whole: a ``name`` and its ``settings``."""

    _server_fields: ClassVar[tuple[str, ...]] = _SERVER_FIELDS

    name: str = attrs.field(validator=_TEXT)
    description: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    settings: Mapping[str, Any] | None = attrs.field(
        default=None, validator=field_check(_settings, optional=True)
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class MountingProfileUpdate(Changes):
    """A partial update of a profile (``PATCH``); ``settings`` are replaced as a whole."""

    name: str | UnsetType = attrs.field(default=UNSET, validator=_NAME)
    description: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_TEXT_CHANGE)
    settings: Mapping[str, Any] | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(_settings, clearable=True)
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- partners, programs, stores


@attrs.define
class MountingPartner:
    """A partner as the mounting service keeps it (the stores devices are mounted in)."""

    id: str | None = None
    name: str | None = None
    external_id: str | None = None
    program_id: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewMountingPartner(Draft):
    """A partner to create or store whole in the mounting service."""

    _server_fields: ClassVar[tuple[str, ...]] = _SERVER_FIELDS

    name: str = attrs.field(validator=_TEXT)
    external_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    program_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class MountingPartnerUpdate(Changes):
    """A partial update of a mounting-service partner (``PATCH``)."""

    name: str | UnsetType = attrs.field(default=UNSET, validator=_NAME)
    external_id: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_TEXT_CHANGE)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class MountingProgram:
    """A loyalty program as the mounting service keeps it."""

    id: str | None = None
    name: str | None = None
    external_id: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewMountingProgram(Draft):
    """A program to create or store whole in the mounting service."""

    _server_fields: ClassVar[tuple[str, ...]] = _SERVER_FIELDS

    name: str = attrs.field(validator=_TEXT)
    external_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class MountingProgramUpdate(Changes):
    """A partial update of a mounting-service program (``PATCH``)."""

    name: str | UnsetType = attrs.field(default=UNSET, validator=_NAME)
    external_id: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_TEXT_CHANGE)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class MountingStore:
    """A store as the mounting service keeps it (where devices are mounted)."""

    id: str | None = None
    name: str | None = None
    partner_id: str | None = None
    external_id: str | None = None
    city: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewMountingStore(Draft):
    """A store to create or store whole in the mounting service (its partner's UUID)."""

    _server_fields: ClassVar[tuple[str, ...]] = _SERVER_FIELDS

    name: str = attrs.field(validator=_TEXT)
    partner_id: str | None = attrs.field(default=None, validator=_OPTIONAL_UUID)
    external_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    city: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class MountingStoreUpdate(Changes):
    """A partial update of a mounting-service store (``PATCH``)."""

    name: str | UnsetType = attrs.field(default=UNSET, validator=_NAME)
    partner_id: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_UUID_CHANGE)
    external_id: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_TEXT_CHANGE)
    city: str | UnsetType | ClearType = attrs.field(default=UNSET, validator=_TEXT_CHANGE)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- images


@attrs.define
class MountingImage:
    """An image a mounted device shows (uploaded, or registered by URL)."""

    id: str | None = None
    name: str | None = None
    url: str | None = None
    content_type: str | None = None
    size: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewMountingImage(Draft):
    """An image record to create or store whole: a ``name`` and where it is (``url``)."""

    _server_fields: ClassVar[tuple[str, ...]] = (*_SERVER_FIELDS, "size")

    name: str = attrs.field(validator=_TEXT)
    url: str | None = attrs.field(default=None, validator=field_check(check_url, optional=True))
    content_type: str | None = attrs.field(
        default=None, validator=field_check(check_image_type, optional=True)
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class MountingImageUpdate(Changes):
    """A partial update of an image record (``PATCH``)."""

    name: str | UnsetType = attrs.field(default=UNSET, validator=_NAME)
    url: str | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(check_url, clearable=True)
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class ImageFile:
    """An image file to upload: its name, its bytes (not empty) and its image type."""

    filename: str = attrs.field(validator=_TEXT)
    image: bytes = attrs.field(repr=False)
    content_type: str = attrs.field(default="image/png", validator=field_check(check_image_type))

    @image.validator
    def _check_image(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, bytes | bytearray) or not value:
            raise ValidationError("image must be non-empty bytes", field="image")
