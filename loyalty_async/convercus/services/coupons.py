"""Coupon definitions, their account assignations, batches, promo codes and images."""

from __future__ import annotations

from loyalty_async.convercus.services.base import ConvercusService


class CouponsService(ConvercusService):
    """Manage coupon definitions and who may redeem them."""
