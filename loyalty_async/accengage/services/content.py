"""In-app messages, scheduled alarms and inbox messages, by id or by external id."""

# mypy: disable-error-code="empty-body"
# The bodies of bound methods are derived from their operation (operations.binder).

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from loyalty_async.accengage.models import Alarm, Created, InApp, InboxMessage, JSONObject
from loyalty_async.accengage.services.base import (
    AccengageService,
    RequestOptions,
    operation,
    sends,
)
from loyalty_async.accengage.validation import check_text
from loyalty_async.paging import Pager


class InAppsService(AccengageService):
    """In-app messages.

    Their model tree (segments, triggers, templates, actions) was lost from the
    reference: :class:`~loyalty_async.accengage.InApp` types the fields known and the rest
    is sent as given. The template type of an in-app cannot change.
    """

    @operation("inapps.list")
    def list(
        self, *, start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[InApp]:  # fmt: skip
        """Every in-app message of the app."""

    @operation("inapps.create")
    async def create(
        self, inapp: InApp | Mapping[str, Any], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Created:  # fmt: skip
        """Create an in-app message; the answer holds its ``id``."""

    @operation("inapps.get")
    async def get(
        self, inapp_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> InApp:  # fmt: skip
        """One in-app message by id."""

    @operation("inapps.get_external")
    async def get_external(
        self, external_id: str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> InApp:  # fmt: skip
        """One in-app message by its external id."""

    @operation("inapps.update")
    async def update(
        self, inapp_id: int | str, inapp: InApp | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Update an in-app message by id."""

    @operation("inapps.update_external")
    async def update_external(
        self, external_id: str, inapp: InApp | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Update an in-app message by its external id."""

    @operation("inapps.set_status")
    async def set_status(
        self, inapp_id: int | str, *, is_active: bool, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Activate or deactivate it.

        Sent as ``{"isActive": …}`` (the Status schema was lost; this is the field the
        alarm model shows). Outside its dates an active in-app still shows as inactive.
        """

    @operation("inapps.set_status_external")
    async def set_status_external(
        self, external_id: str, *, is_active: bool, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Activate or deactivate it, by external id."""


class AlarmsService(AccengageService):
    """Scheduled alarms.

    Messages, triggers, segments and settings as the alarm example of the reference shows
    them; fields beyond :class:`~loyalty_async.accengage.Alarm` pass through.
    """

    @operation("alarms.list")
    def list(
        self, *, start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[Alarm]:  # fmt: skip
        """Every alarm of the app."""

    @operation("alarms.create")
    async def create(
        self, alarm: Alarm | Mapping[str, Any], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Created:  # fmt: skip
        """Create an alarm; the answer holds its ``id``."""

    @operation("alarms.get")
    async def get(
        self, alarm_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Alarm:  # fmt: skip
        """One alarm by id (404 ``API_ERR_DATA`` if the id is another type's or app's)."""

    @operation("alarms.get_external")
    async def get_external(
        self, external_id: str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Alarm:  # fmt: skip
        """One alarm by its external id."""

    @operation("alarms.update")
    async def update(
        self, alarm_id: int | str, alarm: Alarm | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Update an alarm by id."""

    @operation("alarms.update_external")
    async def update_external(
        self, external_id: str, alarm: Alarm | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Update an alarm by its external id."""

    @operation("alarms.set_status")
    async def set_status(
        self, alarm_id: int | str, *, is_active: bool, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Activate or deactivate the alarm (sent as ``{"isActive": …}``)."""

    @operation("alarms.set_status_external")
    async def set_status_external(
        self, external_id: str, *, is_active: bool, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Activate or deactivate the alarm, by external id."""


class InboxesService(AccengageService):
    """Inbox messages (content, buttons); a message already sent cannot change."""

    @operation("inboxes.create")
    async def create(
        self, inbox: InboxMessage | Mapping[str, Any], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Created:  # fmt: skip
        """Create inbox messages (the InboxMessages object, passed through)."""

    @operation("inboxes.update")
    async def update(
        self, inbox_id: int | str, inbox: InboxMessage | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Update an inbox message by id."""

    @operation("inboxes.update_external")
    async def update_external(
        self, external_id: str, inbox: InboxMessage | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Update an inbox message by its external id."""

    async def _status(
        self, name: str, udid: str, read_date: dt.datetime | str | None,
        archived_date: dt.datetime | str | None, partner_id: str | None,
        options: Mapping[str, Any], **ids: Any,
    ) -> None:  # fmt: skip
        path = self._path(name, partner_id, **ids)
        body = self._json_body(
            name,
            {k: v for k, v in (("readDate", read_date), ("archivedDate", archived_date)) if v},
        )
        query = {"UDID": check_text(udid, "udid")}
        await self._send(name, path=path, params=query, json=body, options=options)

    @sends("inboxes.set_status")
    async def set_status(
        self, inbox_id: int | str, *, udid: str, read_date: dt.datetime | str | None = None,
        archived_date: dt.datetime | str | None = None, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Record when the user ``udid`` read or archived the message (RFC 3339)."""
        await self._status(
            "inboxes.set_status", udid, read_date, archived_date, partner_id, options,
            inbox_id=inbox_id,
        )  # fmt: skip

    @sends("inboxes.set_status_external")
    async def set_status_external(
        self, external_id: str, *, udid: str, read_date: dt.datetime | str | None = None,
        archived_date: dt.datetime | str | None = None, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Record when the user read or archived the message, by external id."""
        await self._status(
            "inboxes.set_status_external", udid, read_date, archived_date, partner_id, options,
            external_id=external_id,
        )  # fmt: skip
