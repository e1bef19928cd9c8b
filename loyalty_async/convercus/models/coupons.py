"""Coupons as a member holds them (account coupons) and as a program defines them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from loyalty_async.convercus.enums import CouponUsageType
from loyalty_async.convercus.models.common import CustomProperty, named
from loyalty_async.convercus.validation import check_amount, check_positive_int
from loyalty_async.errors import ValidationError
from loyalty_async.modeling import camel, to_camel
from loyalty_async.operations.checks import check_id, check_uuid, field_check


@attrs.define
class CouponImage:
    """An image of a coupon."""

    id: str | None = None
    name: str | None = None
    path: str | None = None
    tags: list[str] = attrs.Factory(list)


@attrs.define
class PointsOfRedemption:
    """Where a coupon can be redeemed (``unit_type`` e.g. ``PROGRAM``)."""

    unit_type: str | None = None
    value: str | None = None


@attrs.define
class CouponTerms:
    """What a coupon offers and on which terms: shared by definitions and account coupons."""

    coupon_id: str | None = None
    external_reference: str | None = None
    i18n_fields: dict[str, dict[str, Any]] = attrs.Factory(dict)
    images: list[CouponImage] = attrs.Factory(list)
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None
    points: int | None = None
    points_of_redemption: list[PointsOfRedemption] = attrs.Factory(list)
    max_redeem_count: int | None = None
    max_redeem_count_global: int | None = None
    state_level: str | None = None
    usage_type: CouponUsageType | None = None
    status: str | None = None
    custom_properties: list[CustomProperty] = attrs.Factory(list)


@attrs.define
class AccountCoupon(CouponTerms):
    """A coupon assigned to an account, with its limits and how often it was redeemed."""

    account_coupon_id: str | None = None
    account_id: str | None = None
    redeem_count: int | None = None
    redeem_count_global: int | None = None
    promo_code: str | None = None


@attrs.define
class CouponRedemption:
    """One redemption of an account coupon or promo code.

    ``redemption_id`` is what ``account_coupons.cancel_redemption`` takes; a preview has
    none. ``redeem_count`` is the coupon's count after this redemption. ``points`` is
    what the redemption costs (a ``REWARD`` coupon's price; what a preview is for).
    """

    redemption_id: str | None = None
    account_coupon_id: str | None = None
    account_id: str | None = None
    coupon_id: str | None = None
    redeemed_at: dt.datetime | None = None
    redeem_count: int | None = None
    transaction_external_id: str | None = None
    amount: Decimal | None = None
    points: int | None = None


@attrs.define
class Coupon(CouponTerms):
    """A coupon definition (the program's template that account coupons are made from).

    The API reference does not document this body. The declared fields are the terms seen
    on account coupons; every other field of a definition (conditions, assignation type,
    benefit, …) travels in ``extra`` under its wire (camelCase) name, both ways: a coupon
    read from the server and sent back with ``update`` loses nothing. A key of ``extra``
    may not repeat a declared field.
    """

    #: What names a coupon create whose outcome is unknown (its error's ``context``).
    outcome_keys: ClassVar[tuple[str, ...]] = ("external_reference",)

    extra: dict[str, Any] = attrs.Factory(dict)


@attrs.define
class CouponAssignment:
    """An account's assignation to a coupon (its account coupon, validity and limit)."""

    account_id: str | None = None
    coupon_id: str | None = None
    account_coupon_id: str | None = None
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None
    redeem_count: int | None = None
    max_redeem_count: int | None = None
    status: str | None = None


@attrs.define
class CouponBatchError:
    """Why one account of a batch assignation failed."""

    account_id: str | None = None
    code: str | None = None
    message: str | None = None


@attrs.define
class CouponBatch:
    """A batch assignation of accounts to a coupon, with (some of) its errors."""

    batch_id: str | None = None
    coupon_id: str | None = None
    status: str | None = None
    created_at: dt.datetime | None = None
    total: int | None = None
    processed: int | None = None
    failed: int | None = None
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None
    max_redeem_count: int | None = None
    errors: list[CouponBatchError] = attrs.Factory(list)


@attrs.define
class PromoCode:
    """A promo code of a coupon: generic (one code for everybody) or unique (one per use)."""

    code: str | None = None
    coupon_id: str | None = None
    type: str | None = None
    redeem_count: int | None = None
    max_redeem_count: int | None = None
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None


# A coupon definition keeps the fields it does not declare in ``extra`` (see Coupon).
_COUPON_WIRE = {to_camel(f.name): f.name for f in attrs.fields(Coupon) if f.name != "extra"}
_coupon_fields = make_dict_structure_fn(
    Coupon,
    camel,
    extra=override(omit=True),
    **{name: override(rename=key) for key, name in _COUPON_WIRE.items()},  # type: ignore[arg-type]
)
_coupon_dict = make_dict_unstructure_fn(
    Coupon,
    camel,
    extra=override(omit=True),
    **{name: override(rename=key, omit_if_default=True) for key, name in _COUPON_WIRE.items()},  # type: ignore[arg-type]
)


def _structure_coupon(data: Any, _: type) -> Coupon:
    if not isinstance(data, Mapping):
        raise TypeError(f"a coupon is a JSON object, not {type(data).__name__}")
    coupon = _coupon_fields({k: v for k, v in data.items() if k in _COUPON_WIRE}, Coupon)
    coupon.extra = {k: v for k, v in data.items() if k not in _COUPON_WIRE}
    return coupon


def _unstructure_coupon(coupon: Coupon) -> dict[str, Any]:
    clashes = sorted(key for key in coupon.extra if key in _COUPON_WIRE)
    if clashes:
        raise ValidationError(
            f"Coupon.extra repeats declared fields {clashes}; set the attributes instead",
            field="extra",
        )
    return {**_coupon_dict(coupon), **coupon.extra}


camel.register_structure_hook(Coupon, _structure_coupon)
camel.register_unstructure_hook(Coupon, _unstructure_coupon)

# A batch create may answer with the bare codes instead of objects.
named(PromoCode, "code")


# ---------------------------------------------------------------------- request bodies


def _positive_amount(value: Any) -> Decimal | None:
    if value is None:
        return None
    amount = check_amount(value, "amount")
    if amount <= 0:
        raise ValidationError(f"amount must be above zero, got {value}", field="amount")
    return amount


def _account(value: Any) -> str | None:
    return None if value is None else check_uuid(value, "account")


def _optional_text(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        check_id(value, attribute.name)


@attrs.define
class Redemption:
    """The body of a redemption or its preview: who redeems, on which receipt, how much.

    ``account_id`` (the redeeming account's technical id) is required for a promo code.
    ``amount``, when given, is a ``Decimal`` above zero.
    """

    account_id: str | None = attrs.field(default=None, converter=_account)
    transaction_external_id: str | None = attrs.field(default=None, validator=_optional_text)
    amount: Decimal | None = attrs.field(default=None, converter=_positive_amount)


def _real_bool(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise ValidationError(
            f"{attribute.name} must be True or False, got {value!r}", field=attribute.name
        )


@attrs.define
class Activation:
    """The body that activates (``True``) or deactivates (``False``) an account coupon."""

    active: bool = attrs.field(validator=_real_bool)


def _aware(value: Any, field: str) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise ValidationError(
            f"{field} must carry a UTC offset (e.g. datetime.now(timezone.utc)), got {value!r}",
            field=field,
        )
    return value


def _check_validity(instance: Any) -> None:
    start = _aware(instance.valid_from, "valid_from")
    end = _aware(instance.valid_to, "valid_to")
    if start is not None and end is not None and end <= start:
        raise ValidationError("valid_to must be later than valid_from", field="valid_to")


def _assigned_account(value: Any) -> str:
    return check_uuid(value, "account")


@attrs.define
class Assignment:
    """The body that assigns one account (technical id) to a coupon, for a time if given."""

    account_id: str = attrs.field(converter=_assigned_account)
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None

    def __attrs_post_init__(self) -> None:
        _check_validity(self)


def account_id_list(values: Any, field: str = "accounts") -> list[str]:
    """A non-empty list of distinct technical ids."""
    if isinstance(values, str) or not isinstance(values, list | tuple) or not values:
        raise ValidationError(f"{field} must be a non-empty list of ids", field=field)
    ids = [check_uuid(value, f"{field}[{i}]") for i, value in enumerate(values)]
    if len(set(ids)) != len(ids):
        raise ValidationError(f"{field} lists the same id twice", field=field)
    return ids


@attrs.define
class BatchAssignment:
    """The body that assigns many accounts (technical ids) to a coupon in one batch."""

    account_ids: list[str] = attrs.field(converter=account_id_list)
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None

    def __attrs_post_init__(self) -> None:
        _check_validity(self)


_positive = field_check(check_positive_int)
_optional_positive = field_check(check_positive_int, optional=True)


@attrs.define
class RedemptionLimit:
    """The body that sets how often an account (or a batch's accounts) may redeem."""

    max_redeem_count: int = attrs.field(validator=_positive)


@attrs.define
class CouponStatus:
    """The body that sets a coupon's status (``{"status"}``)."""

    status: str = attrs.field(validator=lambda _, a, v: check_id(v, a.name))


@attrs.define
class NewPromoCode:
    """The body that creates a promo code (``None``: the server makes the code up)."""

    #: What names a promo code create whose outcome is unknown (its error's ``context``).
    outcome_keys: ClassVar[tuple[str, ...]] = ("code",)

    code: str | None = attrs.field(default=None, validator=_optional_text)
    max_redeem_count: int | None = attrs.field(default=None, validator=_optional_positive)


@attrs.define
class PromoCodeBatch:
    """The body that creates ``count`` unique promo codes at once."""

    #: What names a batch create whose outcome is unknown (its error's ``context``).
    outcome_keys: ClassVar[tuple[str, ...]] = ("count",)

    count: int = attrs.field(validator=_positive)
