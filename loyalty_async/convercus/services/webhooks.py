"""Webhooks: action configs, their actions and history, events, the analytics integration.

Lists page with ``page`` (from 1) and ``limit``. The analytics integration's delete route
is spelt ``concercus`` as documented; correct it with ``ConvercusClient(routes=...)``.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from loyalty_async.convercus.models.platform import ServiceOperation
from loyalty_async.convercus.models.webhooks import (
    ActionConfig,
    ActionConfigUpdate,
    AnalyticsIntegration,
    DomainType,
    NewActionConfig,
    NewAnalyticsIntegration,
    WebhookAction,
    WebhookEvent,
    WebhookHistory,
)
from loyalty_async.convercus.services.base import (
    DEFAULT_PAGE_SIZE,
    ConvercusService,
    RequestOptions,
)
from loyalty_async.operations.service import SubService
from loyalty_async.paging import Pager


class ActionConfigsService(ConvercusService, prefix="webhooks.action_configs"):
    """Action configs: a URL to call when events of a domain type occur."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[ActionConfig]:  # fmt: skip
        """Walk the action configs (``filters`` go to the query as they are)."""

    async def get(self, action_config_id: str, **options: Unpack[RequestOptions]) -> ActionConfig:
        """One action config (``action_config_id`` is a UUID)."""

    async def create(self, config: NewActionConfig, **options: Unpack[RequestOptions]) -> str:
        """Create an action config; return its id (``Location``, or the created record's)."""

    async def replace(
        self, action_config_id: str, config: NewActionConfig, **options: Unpack[RequestOptions]
    ) -> ActionConfig | None:
        """Store the action config whole (``PUT``): fields left out are deleted."""

    async def update(
        self, action_config_id: str, changes: ActionConfigUpdate, **options: Unpack[RequestOptions]
    ) -> ActionConfig | None:
        """Change some fields of an action config (``PATCH``)."""

    async def delete(self, action_config_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete an action config."""

    async def pause(
        self, action_config_id: str, **options: Unpack[RequestOptions]
    ) -> ActionConfig | None:
        """Stop calling the URL; events wait in the config's queue."""

    async def resume(
        self, action_config_id: str, **options: Unpack[RequestOptions]
    ) -> ActionConfig | None:
        """Call the URL again, starting with the events that waited."""

    async def empty(
        self, action_config_id: str, **options: Unpack[RequestOptions]
    ) -> ActionConfig | None:
        """Drop the events waiting in the config's queue."""

    async def retry(
        self, action_config_id: str, **options: Unpack[RequestOptions]
    ) -> ActionConfig | None:
        """Send the config's failed actions again."""


class WebhookActionsService(ConvercusService, prefix="webhooks.actions"):
    """Actions: the calls action configs made for events."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[WebhookAction]:  # fmt: skip
        """Walk the actions (``filters`` go to the query as they are)."""

    async def get(self, action_id: str, **options: Unpack[RequestOptions]) -> WebhookAction:
        """One action (``action_id`` is a UUID)."""

    async def retry(
        self, action_id: str, **options: Unpack[RequestOptions]
    ) -> WebhookAction | None:
        """Send a failed action again."""


class WebhookHistoryService(ConvercusService, prefix="webhooks.history"):
    """The history: one record per attempt to call a URL."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[WebhookHistory]:  # fmt: skip
        """Walk the history (``filters`` go to the query as they are)."""

    async def get(self, history_id: str, **options: Unpack[RequestOptions]) -> WebhookHistory:
        """One history record (``history_id`` is a UUID)."""


class WebhookEventsService(ConvercusService, prefix="webhooks.events"):
    """Events: what happened on the platform, as webhooks see it."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[WebhookEvent]:  # fmt: skip
        """Walk the events (``filters`` go to the query as they are)."""

    async def get(self, event_id: str, **options: Unpack[RequestOptions]) -> WebhookEvent:
        """One event (``event_id`` is a UUID)."""


class WebhookIntegrationsService(ConvercusService, prefix="webhooks.integrations"):
    """The Convercus analytics integration, by its alias."""

    async def create_convercus_analytics(
        self, integration: NewAnalyticsIntegration, **options: Unpack[RequestOptions]
    ) -> str:
        """Set up the analytics integration; return its alias (read from ``Location``)."""

    async def update_convercus_analytics(
        self, alias: str, integration: NewAnalyticsIntegration, **options: Unpack[RequestOptions]
    ) -> AnalyticsIntegration | None:
        """Store the integration of ``alias`` whole (``PUT``)."""

    async def delete_convercus_analytics(
        self, alias: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Remove the integration of ``alias`` (on the documented ``concercus`` route)."""


class WebhooksService(ConvercusService, prefix="webhooks"):
    """The webhook service: what it knows about itself, and its parts."""

    action_configs = SubService(ActionConfigsService)
    """What to call on which events; pause, resume, empty and retry their queues."""
    actions = SubService(WebhookActionsService)
    """The calls action configs made, and retrying one."""
    history = SubService(WebhookHistoryService)
    """The record of each attempt."""
    events = SubService(WebhookEventsService)
    """The events the platform raised."""
    integrations = SubService(WebhookIntegrationsService)
    """The Convercus analytics integration."""

    async def list_domain_types(
        self, **options: Unpack[RequestOptions]
    ) -> builtins.list[DomainType]:
        """The kinds of objects events come from, with their event types."""

    async def list_operations(
        self, **options: Unpack[RequestOptions]
    ) -> builtins.list[ServiceOperation]:
        """The operations the webhook service lists about itself."""
