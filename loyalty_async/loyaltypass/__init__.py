"""Loyalty Pass (earn and burn, segments, catalogue) on the shared core.

Start with :class:`LoyaltyPassClient`, and read ``docs/loyaltypass.md`` first: the routes
and payloads are assumptions until you give the ones of your API reference.
"""

from loyalty_async.loyaltypass.client import LoyaltyPassClient
from loyalty_async.loyaltypass.models import (
    Basket,
    BasketItem,
    Category,
    EarnRequest,
    Gift,
    Language,
    Lenient,
    MemberRequest,
    PointsPosted,
    PointsPreview,
    PromotionMapping,
    ReversalRequest,
    RewardEventRequest,
    SegmentMember,
    Transaction,
    Voucher,
    VoucherRequest,
)
from loyalty_async.loyaltypass.operations import OPERATIONS, ROUTE_VALUES

__all__ = [
    "OPERATIONS",
    "ROUTE_VALUES",
    "Basket",
    "BasketItem",
    "Category",
    "EarnRequest",
    "Gift",
    "Language",
    "Lenient",
    "LoyaltyPassClient",
    "MemberRequest",
    "PointsPosted",
    "PointsPreview",
    "PromotionMapping",
    "ReversalRequest",
    "RewardEventRequest",
    "SegmentMember",
    "Transaction",
    "Voucher",
    "VoucherRequest",
]
