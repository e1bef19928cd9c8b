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
    operation,
)
from loyalty_async.paging import Pager


class PushNotificationsService(ConvercusService):
    """Read push notifications and their targets; count devices; check the service."""

    @operation("push_notifications.list")
    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[PushNotification]:  # fmt: skip
        """Walk the notifications (``filters`` go to the query as they are)."""

    @operation("push_notifications.get")
    async def get(
        self, notification_id: str, **options: Unpack[RequestOptions]
    ) -> PushNotification:
        """One notification (``notification_id`` is a UUID)."""

    @operation("push_notifications.list_targets")
    def list_targets(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[PushTarget]:  # fmt: skip
        """Walk the targets notifications go to."""

    @operation("push_notifications.get_target")
    async def get_target(self, target_id: str, **options: Unpack[RequestOptions]) -> PushTarget:
        """One target (``target_id`` is a UUID)."""

    @operation("push_notifications.count_devices")
    async def count_devices(self, **options: Unpack[RequestOptions]) -> DeviceCount:
        """How many devices can receive push notifications."""

    @operation("push_notifications.list_operations")
    async def list_operations(
        self, **options: Unpack[RequestOptions]
    ) -> builtins.list[ServiceOperation]:
        """The operations the push service lists about itself."""

    @operation("push_notifications.health")
    async def health(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """The push service's health check."""

    @operation("push_notifications.health_liveness")
    async def health_liveness(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """Whether the push service is alive."""

    @operation("push_notifications.health_readiness")
    async def health_readiness(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """Whether the push service is ready to take requests."""
