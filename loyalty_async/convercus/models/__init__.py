"""Typed Convercus models (attrs classes; unknown response fields are ignored)."""

from loyalty_async.convercus.models.common import CustomProperty
from loyalty_async.convercus.models.coupons import AccountCoupon, CouponImage, PointsOfRedemption

__all__ = ["AccountCoupon", "CouponImage", "CustomProperty", "PointsOfRedemption"]
