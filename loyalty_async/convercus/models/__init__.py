"""Typed Convercus models (attrs classes; unknown response fields are ignored)."""

from loyalty_async.convercus.models.common import CustomProperty
from loyalty_async.convercus.models.coupons import AccountCoupon, CouponImage, PointsOfRedemption
from loyalty_async.convercus.models.profile import (
    Account,
    AccountDetails,
    AccountMember,
    Balance,
    BalanceEur,
    Event,
    FraudInfo,
    Identifier,
    IdentifierBatch,
    Level,
    Membership,
    NewUser,
    Optin,
    RatingLevel,
    Registration,
    User,
    UserUpdate,
)

__all__ = [
    "Account",
    "AccountCoupon",
    "AccountDetails",
    "AccountMember",
    "Balance",
    "BalanceEur",
    "CouponImage",
    "CustomProperty",
    "Event",
    "FraudInfo",
    "Identifier",
    "IdentifierBatch",
    "Level",
    "Membership",
    "NewUser",
    "Optin",
    "PointsOfRedemption",
    "RatingLevel",
    "Registration",
    "User",
    "UserUpdate",
]
