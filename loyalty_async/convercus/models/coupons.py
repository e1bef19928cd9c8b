"""Coupons as a member holds them (account coupons) and as a program defines them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from loyalty_async.convercus.enums import CouponUsageType
from loyalty_async.convercus.models.common import CustomProperty


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
class AccountCoupon:
    """A coupon assigned to an account, with its limits and how often it was redeemed."""

    account_coupon_id: str | None = None
    account_id: str | None = None
    coupon_id: str | None = None
    external_reference: str | None = None
    i18n_fields: dict[str, dict[str, Any]] = attrs.Factory(dict)
    images: list[CouponImage] = attrs.Factory(list)
    valid_from: dt.datetime | None = None
    valid_to: dt.datetime | None = None
    points: int | None = None
    points_of_redemption: list[PointsOfRedemption] = attrs.Factory(list)
    redeem_count: int | None = None
    redeem_count_global: int | None = None
    max_redeem_count: int | None = None
    max_redeem_count_global: int | None = None
    state_level: str | None = None
    usage_type: CouponUsageType | None = None
    status: str | None = None
    promo_code: str | None = None
    custom_properties: list[CustomProperty] = attrs.Factory(list)
