"""The push notification service: notifications, their targets, devices, health.

Every route is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from loyalty_async.convercus.models.platform import (
    DeviceCount,
    PushNotification,
    PushTarget,
    ServiceHealth,
    ServiceOperation,
)
from loyalty_async.convercus.services.base import (
    DEFAULT_PAGE_SIZE,
    ConvercusService,
    RequestOptions,
)
from loyalty_async.paging import Pager


class PushNotificationsService(ConvercusService, prefix="push_notifications"):
    """Read push notifications and their targets; count devices; check the service."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[PushNotification]:  # fmt: skip
        """Walk the notifications (``filters`` go to the query as they are)."""

    async def get(
        self, notification_id: str, **options: Unpack[RequestOptions]
    ) -> PushNotification:
        """One notification (``notification_id`` is a UUID)."""

    def list_targets(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[PushTarget]:  # fmt: skip
        """Walk the targets notifications go to."""

    async def get_target(self, target_id: str, **options: Unpack[RequestOptions]) -> PushTarget:
        """One target (``target_id`` is a UUID)."""

    async def count_devices(self, **options: Unpack[RequestOptions]) -> DeviceCount:
        """How many devices can receive push notifications."""

    async def list_operations(
        self, **options: Unpack[RequestOptions]
    ) -> builtins.list[ServiceOperation]:
        """The operations the push service lists about itself."""

    async def health(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """The push service's health check."""

    async def health_liveness(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """Whether the push service is alive."""

    async def health_readiness(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """Whether the push service is ready to take requests."""
