"""Connectors: messages and sales for third-party systems (POS connectors), and health.

Bodies are the connector's own and are sent as given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from loyalty_async.convercus.models.platform import (
    ConnectorMessage,
    ConnectorReply,
    ConnectorSale,
    ServiceHealth,
)
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions


class ConnectorsService(ConvercusService, prefix="connectors"):
    """Send a connector a message or a sale; check the connector service."""

    async def send(
        self, connector_id: str, domain_id: str, message: ConnectorMessage | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> ConnectorReply | None:  # fmt: skip
        """Send ``message`` (a JSON object, as the connector expects it) to a connector."""

    async def send_sales(
        self, connector_id: str, domain_id: str, sale: ConnectorSale | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> ConnectorReply | None:  # fmt: skip
        """Report a sale to a POS connector; never resent (it could be booked twice)."""

    async def ping(self, **options: Unpack[RequestOptions]) -> None:
        """Whether the connector service answers (raises if it does not)."""

    async def health(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """The connector service's health check."""

    async def health_actuator(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """The connector service's actuator health check."""
