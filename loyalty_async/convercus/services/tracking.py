"""The tracking service: its health check (documented route)."""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.platform import ServiceHealth
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions


class TrackingService(ConvercusService, prefix="tracking"):
    """The tracking service."""

    async def health(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """The tracking service's health check."""
