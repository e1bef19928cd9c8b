"""The tracking service: its health check (documented route)."""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.platform import ServiceHealth
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions, operation


class TrackingService(ConvercusService):
    """The tracking service."""

    @operation("tracking.health")
    async def health(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """The tracking service's health check."""
