"""Account coupons and promo codes: what a member holds, and redeeming it."""

from __future__ import annotations

from loyalty_async.convercus.services.base import ConvercusService


class AccountCouponsService(ConvercusService):
    """Read, redeem, preview, activate and cancel account coupons and promo codes."""
