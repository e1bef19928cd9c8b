"""The product catalog: merchandise groups, their subgroups, and the items (articles) in them.

A catalog exists for the program and for each partner. Coupon conditions and earn rules
refer to groups, subgroups and items; the implementation guides say merchandise groups and
excluded articles are configured per program. No source documents these bodies: the
fields below are inferred, and every model keeps the fields it does not declare in
``extra``, both ways. Request models (``New…``) check their values as they are built.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import attrs

from loyalty_async.convercus.models.common import Draft
from loyalty_async.convercus.validation import check_currency, check_price, check_text
from loyalty_async.modeling import KEEP_UNKNOWN
from loyalty_async.operations.checks import field_check

_OPTIONAL_TEXT = field_check(check_text, optional=True)


def _optional_price(value: Any) -> Decimal | None:
    return None if value is None else check_price(value)


def _optional_currency(value: Any) -> str | None:
    return None if value is None else check_currency(value)


@attrs.define
class CatalogGroup:
    """A merchandise group of the program's or a partner's catalog."""

    group_id: str | None = None
    name: str | None = None
    external_id: str | None = None
    description: str | None = None
    partner_id: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewCatalogGroup(Draft):
    """A group to create or store whole (``PUT``).

    ``name`` is required; ``external_id`` is the group's code in the partner's systems.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("group_id", "partner_id")

    name: str = attrs.field(validator=field_check(check_text))
    external_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    description: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class CatalogSubgroup:
    """A subgroup of a merchandise group."""

    subgroup_id: str | None = None
    group_id: str | None = None
    name: str | None = None
    external_id: str | None = None
    description: str | None = None
    partner_id: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewCatalogSubgroup(Draft):
    """A subgroup to create (under the group the call names) or store whole (``PUT``)."""

    _server_fields: ClassVar[tuple[str, ...]] = ("subgroup_id", "group_id", "partner_id")

    name: str = attrs.field(validator=field_check(check_text))
    external_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    description: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class CatalogItem:
    """An item (article) of the catalog, filed under a group and subgroup."""

    item_id: str | None = None
    group_id: str | None = None
    subgroup_id: str | None = None
    name: str | None = None
    external_id: str | None = None
    ean: str | None = None
    description: str | None = None
    price: Decimal | None = None
    currency_code: str | None = None
    partner_id: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewCatalogItem(Draft):
    """An item to create (under the group and subgroup the call names) or store whole.

    ``name`` is required; ``external_id`` is the article number; ``price`` is a
    ``Decimal`` of zero or more (never a float), ``currency_code`` ISO 4217.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("item_id", "group_id", "subgroup_id", "partner_id")

    name: str = attrs.field(validator=field_check(check_text))
    external_id: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    ean: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    description: str | None = None
    price: Decimal | None = attrs.field(default=None, converter=_optional_price)
    currency_code: str | None = attrs.field(default=None, converter=_optional_currency)
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)
