"""Bookings: direct points and status-point credits and debits."""

from __future__ import annotations

from loyalty_async.convercus.services.base import ConvercusService


class BookingsService(ConvercusService):
    """Create and list bookings and level bookings."""
