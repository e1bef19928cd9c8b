"""A program's network: partners, their stores, and their interaction points.

Interaction points are the tills, web shops and apps that speak to Convercus.

No source documents these bodies; the fields below are inferred from the API reference's
titles and the implementation guides (a store has a name, an address, coordinates and a
phone; an interaction point belongs to a business unit and its id is what clients send as
``interaction-id``). Every model keeps the fields it does not declare in ``extra``, both
ways: a resource read, changed and sent back with ``update`` loses nothing.

Response models (:class:`Partner`, :class:`Store`, :class:`InteractionPoint`, …) accept
what the server sends. Request models (``New…``, ``…Update``) check their values as they
are built, so bad input fails before any request.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from loyalty_async.convercus.enums import InteractionPointType, UnitStatus, UnitType
from loyalty_async.convercus.models.common import (
    CustomProperty,
    Draft,
    not_clearable,
    optional_member,
    optional_properties,
    unset_or,
)
from loyalty_async.convercus.validation import (
    check_coordinate,
    check_country_code,
    check_email,
    check_enum,
    check_text,
)
from loyalty_async.errors import ValidationError
from loyalty_async.modeling import KEEP_UNKNOWN, UNSET, ClearType, UnsetType
from loyalty_async.operations.checks import field_check

# ---------------------------------------------------------------------- shared rules


def _optional_country(value: Any) -> str | None:
    return None if value is None else check_country_code(value)


def _optional_email(value: Any) -> str | None:
    return None if value is None else check_email(value, "email")


def _latitude(value: Any) -> Decimal | None:
    return None if value is None else check_coordinate(value, "latitude", 90)


def _longitude(value: Any) -> Decimal | None:
    return None if value is None else check_coordinate(value, "longitude", 180)


def _point_type(value: Any) -> InteractionPointType | None:
    return optional_member(value, InteractionPointType, "type")


_OPTIONAL_TEXT = field_check(check_text, optional=True)


# ---------------------------------------------------------------------- partners


@attrs.define
class Partner:
    """A partner of the program: a company whose stores collect and redeem points."""

    partner_id: str | None = None
    name: str | None = None
    status: UnitStatus | None = None
    external_id: str | None = None
    description: str | None = None
    email: str | None = None
    phone: str | None = None
    street_house_no: str | None = None
    zip_code: str | None = None
    city: str | None = None
    country_code: str | None = None
    custom_properties: list[CustomProperty] = attrs.Factory(list)
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewPartner(Draft):
    """A partner to create (``POST``) or the whole partner to store (``PUT``, replace).

    ``name`` is required; every other field left at ``None`` is not sent (on a replace
    that deletes the stored value: start from :meth:`from_resource` to keep it).
    ``country_code`` is ISO 3166-1 alpha-2, ``email`` an e-mail address. Fields the SDK
    does not declare go in ``extra`` under their wire (camelCase) names.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("partner_id", "created_at")

    name: str = attrs.field(validator=field_check(check_text))
    external_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    description: str | None = None
    email: str | None = attrs.field(default=None, converter=_optional_email)
    phone: str | None = None
    street_house_no: str | None = None
    zip_code: str | None = None
    city: str | None = None
    country_code: str | None = attrs.field(default=None, converter=_optional_country)
    custom_properties: list[CustomProperty] | None = attrs.field(
        default=None, converter=optional_properties
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class ProgramUnit:
    """A business unit (the program, a partner or a store) a partner is affiliated with."""

    unit_id: str | None = None
    unit_type: UnitType | None = None
    name: str | None = None
    partner_id: str | None = None
    status: UnitStatus | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- stores


@attrs.define
class Store:
    """A store of a partner: where members shop, with its address and position."""

    store_id: str | None = None
    partner_id: str | None = None
    name: str | None = None
    status: UnitStatus | None = None
    external_id: str | None = None
    street_house_no: str | None = None
    zip_code: str | None = None
    city: str | None = None
    country_code: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    phone: str | None = None
    email: str | None = None
    custom_properties: list[CustomProperty] = attrs.Factory(list)
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewStore(Draft):
    """A store to create (``POST``) or the whole store to store (``PUT``, replace).

    ``name`` is required. ``latitude`` (-90..90) and ``longitude`` (-180..180) are
    degrees, kept as ``Decimal``; ``country_code`` is ISO 3166-1 alpha-2. The store's
    hierarchy and identifiers, whose shape no source shows, travel in ``extra``.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("store_id", "partner_id", "created_at")

    name: str = attrs.field(validator=field_check(check_text))
    external_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    street_house_no: str | None = None
    zip_code: str | None = None
    city: str | None = None
    country_code: str | None = attrs.field(default=None, converter=_optional_country)
    latitude: Decimal | None = attrs.field(default=None, converter=_latitude)
    longitude: Decimal | None = attrs.field(default=None, converter=_longitude)
    phone: str | None = None
    email: str | None = attrs.field(default=None, converter=_optional_email)
    custom_properties: list[CustomProperty] | None = attrs.field(
        default=None, converter=optional_properties
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- interaction points


@attrs.define
class BusinessUnit:
    """The program, partner or store an interaction point belongs to."""

    id: str | None = None
    unit_type: UnitType | None = None
    name: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class InteractionPoint:
    """A till, web shop or app registered with the program.

    Its ``interaction_point_id`` is what a client sends as the ``interaction-id`` header:
    it binds each call to the partner or store (``business_unit_id``) the point
    belongs to.
    """

    interaction_point_id: str | None = None
    name: str | None = None
    type: InteractionPointType | None = None
    status: UnitStatus | None = None
    business_unit_id: str | None = None
    partner_id: str | None = None
    store_id: str | None = None
    description: str | None = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class InteractionPointDetails(InteractionPoint):
    """An interaction point with its business unit resolved (``…/details``)."""

    business_unit: BusinessUnit | None = None


@attrs.define
class NewInteractionPoint(Draft):
    """An interaction point to create for the program, a partner or a store.

    ``name`` is required; ``type`` is an :class:`InteractionPointType`. Where the point is
    created (program, partner or store) decides its business unit; ``business_unit_id``
    names another one explicitly.
    """

    _server_fields: ClassVar[tuple[str, ...]] = (
        "interaction_point_id",
        "partner_id",
        "store_id",
        "created_at",
    )

    name: str = attrs.field(validator=field_check(check_text))
    type: InteractionPointType | None = attrs.field(default=None, converter=_point_type)
    description: str | None = None
    business_unit_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


def _type_change(value: Any) -> Any:
    return unset_or(value, lambda v, f: check_enum(v, InteractionPointType, f), "type")


def _status_change(value: Any) -> Any:
    return unset_or(value, lambda v, f: check_enum(v, UnitStatus, f), "status")


def _name_change(value: Any) -> Any:
    return unset_or(value, check_text, "name")


def _description_change(value: Any) -> Any:
    return unset_or(value, check_text, "description")


def _unit_change(value: Any) -> Any:
    return unset_or(value, check_text, "business_unit_id")


@attrs.define
class InteractionPointUpdate:
    """A partial update of an interaction point (``PATCH``): only the fields you set go out.

    Each field defaults to :data:`~loyalty_async.modeling.UNSET` (left out, the stored
    value stays); :data:`~loyalty_async.modeling.CLEAR` sends ``null`` to delete a stored
    value (not allowed for ``name``, ``type`` and ``status``). An update that sets nothing
    is refused.
    """

    name: str | UnsetType = attrs.field(
        default=UNSET, converter=_name_change, validator=not_clearable
    )
    type: InteractionPointType | str | UnsetType = attrs.field(
        default=UNSET, converter=_type_change, validator=not_clearable
    )
    status: UnitStatus | str | UnsetType = attrs.field(
        default=UNSET, converter=_status_change, validator=not_clearable
    )
    description: str | UnsetType | ClearType = attrs.field(
        default=UNSET, converter=_description_change
    )
    business_unit_id: str | UnsetType = attrs.field(
        default=UNSET, converter=_unit_change, validator=not_clearable
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)

    def __attrs_post_init__(self) -> None:
        if not self.extra and all(
            getattr(self, f.name) is UNSET for f in attrs.fields(type(self)) if f.name != "extra"
        ):
            raise ValidationError("the update sets no field; set at least one", field="update")
