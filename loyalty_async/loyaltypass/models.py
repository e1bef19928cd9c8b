"""Loyalty Pass requests and answers: lenient models that keep every field.

No Loyalty Pass payload is public, so every field below is an **assumption** named after
what the API's published purpose needs (a member, a basket, points, a voucher). Each
model is lenient both ways:

* fields of an answer that the model does not declare are kept in ``extra``, never
  dropped, and a declared field the server leaves out reads as ``None``;
* ``extra`` of a request is sent as it is, beside the declared fields, for the fields the
  real API needs and this model does not know.

Wire names are the camelCase of the attribute names (``member_id`` → ``memberId``); when
the real API uses other names, give ``field_names={"memberId": "cardNumber"}`` to the
client rather than waiting for a release.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from loyalty_async.errors import ValidationError
from loyalty_async.modeling import make_converter, to_camel
from loyalty_async.operations.checks import check_id, field_check

T = TypeVar("T")


def _extra_check(value: Any, field: str) -> Any:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ValidationError(f"{field} must be a dict of field names to values", field=field)
    return value


@attrs.define(kw_only=True)
class Lenient:
    """Base of the Loyalty Pass models: ``extra`` holds the fields the model does not declare."""

    extra: dict[str, Any] = attrs.field(factory=dict, validator=field_check(_extra_check))


def _wire(field: attrs.Attribute[Any]) -> str:
    explicit = field.metadata.get("wire")
    return str(explicit) if explicit else to_camel(field.name)


def _lenient_converter() -> cattrs.Converter:
    converter = make_converter("camel")

    def structure_factory(cls: type[Any]) -> Callable[[Any, type[Any]], Any]:
        fields = [f for f in attrs.fields(cls) if f.name != "extra"]
        wire_names = {_wire(f) for f in fields}
        # A null where the model has a non-None default (a list) reads as that default.
        nullable = {_wire(f) for f in fields if f.default is None}
        overrides: dict[str, Any] = {f.name: override(rename=_wire(f)) for f in fields}
        overrides["extra"] = override(omit=True)
        plain = make_dict_structure_fn(cls, converter, **overrides)

        def structure(data: Any, _: type[Any]) -> Any:
            if not isinstance(data, dict):
                raise TypeError(f"expected a JSON object for {cls.__name__}")
            known = {
                name: data[name]
                for name in wire_names
                if name in data and (data[name] is not None or name in nullable)
            }
            instance = plain(known, cls)
            instance.extra = {k: v for k, v in data.items() if k not in wire_names}
            return instance

        return structure

    def unstructure_factory(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        fields = [f for f in attrs.fields(cls) if f.name != "extra"]
        overrides: dict[str, Any] = {
            f.name: override(rename=_wire(f), omit_if_default=f.default is None) for f in fields
        }
        overrides["extra"] = override(omit=True)
        plain = make_dict_unstructure_fn(cls, converter, **overrides)

        def unstructure(instance: Any) -> dict[str, Any]:
            data = plain(instance)
            for key, value in instance.extra.items():
                data.setdefault(key, value)
            return data

        return unstructure

    def is_lenient(cls: Any) -> bool:
        return isinstance(cls, type) and issubclass(cls, Lenient)

    converter.register_structure_hook_factory(is_lenient, structure_factory)
    converter.register_unstructure_hook_factory(is_lenient, unstructure_factory)
    return converter


#: The converter of the Loyalty Pass models.
converter = _lenient_converter()


# ---------------------------------------------------------------------- requests


def _amount(value: Any, field: str) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int):
        raise ValidationError(
            f"{field} must be a Decimal (floats lose cents), got {value!r}", field=field
        )
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0:
        raise ValidationError(f"{field} must be a finite amount of 0 or more", field=field)
    return amount


def _points(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(f"{field} must be a whole number above 0, got {value!r}", field=field)
    return value


def _aware(value: Any, field: str) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise ValidationError(f"{field} must be a datetime with a time zone", field=field)
    return value


_ID = field_check(check_id)
_OPTIONAL_ID = field_check(check_id, optional=True)
_AMOUNT = field_check(_amount)
_OPTIONAL_AMOUNT = field_check(_amount, optional=True)
_WHEN = field_check(_aware, optional=True)


@attrs.define(kw_only=True)
class BasketItem(Lenient):
    """One line of a basket: a product, how many, and the line's amount."""

    sku: str = attrs.field(validator=_ID)
    quantity: Decimal = attrs.field(default=Decimal(1), validator=_AMOUNT)
    amount: Decimal = attrs.field(validator=_AMOUNT)
    category: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)


@attrs.define(kw_only=True)
class Basket(Lenient):
    """A member's basket, as the Basket Point Evaluation API previews it (assumed fields)."""

    member_id: str = attrs.field(validator=_ID)
    items: list[BasketItem] = attrs.field(factory=list)
    total: Decimal | None = attrs.field(default=None, validator=_OPTIONAL_AMOUNT)
    currency: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    store_id: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    transaction_date: dt.datetime | None = attrs.field(default=None, validator=_WHEN)

    def __attrs_post_init__(self) -> None:
        if self.total is None and not self.items:
            raise ValidationError("a basket needs its items or its total", field="items")
        for index, item in enumerate(self.items):
            if not isinstance(item, BasketItem):
                raise ValidationError(f"items[{index}] must be a BasketItem", field="items")


@attrs.define(kw_only=True)
class EarnRequest(Lenient):
    """A transaction to post points for (Earn API; assumed fields).

    ``reference`` is your unique receipt number: keep it, a reversal is keyed by it.
    """

    member_id: str = attrs.field(validator=_ID)
    reference: str = attrs.field(validator=_ID)
    amount: Decimal = attrs.field(validator=_AMOUNT)
    currency: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    items: list[BasketItem] | None = None
    store_id: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    transaction_date: dt.datetime | None = attrs.field(default=None, validator=_WHEN)


@attrs.define(kw_only=True)
class ReversalRequest(Lenient):
    """A reversal of an earn, keyed by that earn's reference (Earn Reversal API; assumed)."""

    reference: str = attrs.field(validator=_ID)
    reason: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)


@attrs.define(kw_only=True)
class VoucherRequest(Lenient):
    """Points converted into a web-shop gift voucher (Redeem Points Voucher API; assumed)."""

    member_id: str = attrs.field(validator=_ID)
    points: int = attrs.field(validator=field_check(_points))
    reference: str = attrs.field(validator=_ID)
    gift_id: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)


@attrs.define(kw_only=True)
class RewardEventRequest(Lenient):
    """A member action rewarded with bonus points (Event Rewarding API; assumed)."""

    member_id: str = attrs.field(validator=_ID)
    event: str = attrs.field(validator=_ID)
    reference: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)


@attrs.define(kw_only=True)
class SegmentMember(Lenient):
    """A member and a segment (Segment Member Mapping API; assumed)."""

    segment_id: str = attrs.field(validator=_ID)
    member_id: str = attrs.field(validator=_ID)


@attrs.define(kw_only=True)
class PromotionMapping(Lenient):
    """A segment linked to a promotion, for one member (Promotion Segment Mapping API; assumed)."""

    segment_id: str = attrs.field(validator=_ID)
    promotion_id: str = attrs.field(validator=_ID)
    member_id: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)


@attrs.define(kw_only=True)
class MemberRequest(Lenient):
    """A member, for the Identification user API (assumed)."""

    member_id: str = attrs.field(validator=_ID)


# ---------------------------------------------------------------------- answers


@attrs.define(kw_only=True)
class PointsPreview(Lenient):
    """Points a basket would earn; nothing is posted."""

    points: Decimal | None = None
    currency: str | None = None


@attrs.define(kw_only=True)
class PointsPosted(Lenient):
    """Points posted by an earn, a reversal or an event.

    ``reference`` is what a reversal is keyed by: the server's if it sent one, else the
    reference your request carried. ``transaction_id`` is the server's id when it sends one.
    """

    reference: str | None = None
    transaction_id: str | None = None
    points: Decimal | None = None
    balance: Decimal | None = None


@attrs.define(kw_only=True)
class Voucher(Lenient):
    """A gift voucher issued for points."""

    voucher_code: str | None = None
    points: Decimal | None = None
    balance: Decimal | None = None
    reference: str | None = None
    expires_at: dt.datetime | None = None


@attrs.define(kw_only=True)
class Language(Lenient):
    """A language the programme is configured in."""

    code: str | None = None
    name: str | None = None


@attrs.define(kw_only=True)
class Transaction(Lenient):
    """One line of a member's points history.

    ``status`` is the reward order's state (exchange, cancellation, in preparation,
    shipping, delivered, returned…) as sent.
    """

    transaction_id: str | None = None
    reference: str | None = None
    date: dt.datetime | None = None
    type: str | None = None
    points: Decimal | None = None
    status: str | None = None
    description: str | None = None


@attrs.define(kw_only=True)
class Category(Lenient):
    """An active reward category."""

    id: str | None = None
    name: str | None = None
    parent_id: str | None = None


@attrs.define(kw_only=True)
class Gift(Lenient):
    """A validated reward of the catalogue (or a promotional product)."""

    id: str | None = None
    name: str | None = None
    points: Decimal | None = None
    category_id: str | None = None
    description: str | None = None
    image_url: str | None = None


@attrs.define(kw_only=True)
class PromotionProducts(Lenient):
    """The promotional products of a promotion linked to a segment (for a member)."""

    promotion_id: str | None = None
    segment_id: str | None = None
    products: list[Gift] = attrs.field(factory=list)
