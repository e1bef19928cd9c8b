"""Campaigns, messages, their schedules, instant sends, clicks, targets and statistics."""

# mypy: disable-error-code="empty-body"
# The bodies of bound methods are derived from their operation (operations.binder).

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from typing_extensions import Unpack

from loyalty_async.accengage.models import (
    Action,
    Campaign,
    Click,
    Created,
    InstantMessage,
    JSONObject,
    Message,
    Schedule,
    ScheduleExclusion,
    Stat,
    Target,
)
from loyalty_async.accengage.services.base import (
    AccengageService,
    RequestOptions,
    operation,
    sends,
)
from loyalty_async.accengage.validation import check_query_date, data_selection
from loyalty_async.errors import ValidationError
from loyalty_async.paging import Pager

#: A date in a clicks or targets query: ``date``, ``datetime`` or ``YYYY-MM-DD[ hh:mm:ss]``.
QueryDate = dt.date | str


def _reaction_query(
    start_date: QueryDate | None, end_date: QueryDate | None, data: Sequence[str] | None
) -> dict[str, Any]:
    query: dict[str, Any] = {}
    if start_date is not None:
        query["startDate"] = check_query_date(start_date, "start_date")
    if end_date is not None:
        query["endDate"] = check_query_date(end_date, "end_date")
    fields = data_selection(data)
    if fields:
        query["data[]"] = fields
    return query


class CampaignsService(AccengageService):
    """Campaigns of the app, and the devices each one reached and that reacted.

    The Campaign schema was lost from the reference: :class:`~loyalty_async.accengage.Campaign`
    types the fields known, any other field is sent unchanged, and dates must be RFC 3339.
    """

    @operation("campaigns.list")
    def list(
        self, *, start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[Campaign]:  # fmt: skip
        """Every campaign, by ascending id, page after page (100 a page)."""

    @operation("campaigns.create")
    async def create(
        self, campaign: Campaign | Mapping[str, Any], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Created:  # fmt: skip
        """Create a campaign; the answer holds its technical ``id``."""

    @operation("campaigns.get")
    async def get(
        self, campaign_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Campaign:  # fmt: skip
        """One campaign (every field the server sends is kept)."""

    @operation("campaigns.update")
    async def update(
        self, campaign_id: int | str, campaign: Campaign | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Update a campaign; the answer's body, if it has one."""

    @sends("campaigns.delete")
    async def delete(
        self, campaign_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete a campaign for good.

        Not idempotent: a second delete answers 404. After an ambiguous first attempt the
        delete is sent once more, and a 404 then raises
        :class:`~loyalty_async.accengage.AlreadyDeletedError`, never a silent success.
        """
        path = self._path("campaigns.delete", partner_id, campaign_id=campaign_id)
        await self._delete("campaigns.delete", path=path, options=options)

    @sends("campaigns.clicks")
    def clicks(
        self, campaign_id: int | str, *, start_date: QueryDate | None = None,
        end_date: QueryDate | None = None, data: Sequence[str] | None = None,
        start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[Click]:  # fmt: skip
        """The devices that reacted to the campaign, between the dates if given.

        ``data`` names device fields to add to each item (``["clientId"]``). Query a
        period for in-app or recurring campaigns.
        """
        name = "campaigns.clicks"
        path = self._path(name, partner_id, campaign_id=campaign_id)
        query = _reaction_query(start_date, end_date, data)
        return self._page_walk(
            name, self._items(name, Click), None, start_page, path=path, params=query,
            options=options,
        )  # fmt: skip

    @sends("campaigns.targets")
    def targets(
        self, campaign_id: int | str, *, start_date: QueryDate | None = None,
        end_date: QueryDate | None = None, data: Sequence[str] | None = None,
        start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[Click]:  # fmt: skip
        """The devices the campaign was sent to (kept three months), between the dates."""
        name = "campaigns.targets"
        path = self._path(name, partner_id, campaign_id=campaign_id)
        query = _reaction_query(start_date, end_date, data)
        return self._page_walk(
            name, self._items(name, Click), None, start_page, path=path, params=query,
            options=options,
        )  # fmt: skip


class MessagesService(AccengageService):
    """Android, iOS and Web push messages: create, read, send, and who they reached.

    The message schemas were lost from the reference: :class:`~loyalty_async.accengage.Message`
    types the fields known, any other field is sent unchanged. Button actions are checked.
    """

    @operation("messages.list")
    def list(
        self, *, external_id: str | None = None, title: str | None = None,
        start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[Message]:  # fmt: skip
        """Every message, page after page.

        ``external_id`` and ``title`` filter the list; ``%`` is a wildcard
        (``"PushCampaign2017%"``).
        """

    @operation("messages.create")
    async def create(
        self, message: Message | Mapping[str, Any], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Created:  # fmt: skip
        """Create a message; the answer holds its technical ``id``."""

    @operation("messages.get")
    async def get(
        self, message_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Message:  # fmt: skip
        """One message (every field the server sends is kept)."""

    @operation("messages.update")
    async def update(
        self, message_id: int | str, message: Message | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Update a message; the answer's body, if it has one."""

    @sends("messages.delete")
    async def delete(
        self, message_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete a message for good (not idempotent: see ``CampaignsService.delete``)."""
        path = self._path("messages.delete", partner_id, message_id=message_id)
        await self._delete("messages.delete", path=path, options=options)

    @operation("messages.actions")
    def actions(
        self, message_id: int | str, *, start_page: int | str = 1,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> Pager[Action]:  # fmt: skip
        """The message's possible actions (buttons, rich URL) with their ids."""

    @sends("messages.clicks")
    def clicks(
        self, message_id: int | str, *, start_date: QueryDate | None = None,
        end_date: QueryDate | None = None, data: Sequence[str] | None = None,
        start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[Click]:  # fmt: skip
        """The devices that reacted to the message (see ``CampaignsService.clicks``)."""
        name = "messages.clicks"
        path = self._path(name, partner_id, message_id=message_id)
        query = _reaction_query(start_date, end_date, data)
        return self._page_walk(
            name, self._items(name, Click), None, start_page, path=path, params=query,
            options=options,
        )  # fmt: skip

    @sends("messages.targets")
    def targets(
        self, message_id: int | str, *, start_date: QueryDate | None = None,
        end_date: QueryDate | None = None, data: Sequence[str] | None = None,
        start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[Click]:  # fmt: skip
        """The devices the message was sent to (kept three months)."""
        name = "messages.targets"
        path = self._path(name, partner_id, message_id=message_id)
        query = _reaction_query(start_date, end_date, data)
        return self._page_walk(
            name, self._items(name, Click), None, start_page, path=path, params=query,
            options=options,
        )  # fmt: skip

    @sends("messages.send")
    async def send(
        self, message_id: int | str, *, test: bool = False, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Send the message to its campaign's audience, or, with ``test=True``, a test send.

        Never resent after an ambiguous failure. A message being sent, already sent or
        whose send failed is refused with ``API_ERR_MESSAGE_SENDING``, ``_SENT`` or
        ``_FAILED`` (on the error's ``label``).
        """
        if not isinstance(test, bool):
            raise ValidationError(f"test must be True or False, got {test!r}", field="test")
        path = self._path("messages.send", partner_id, message_id=message_id)
        await self._send(
            "messages.send", path=path, params={"test": "true"} if test else None, options=options
        )


class SchedulesService(AccengageService):
    """A message's schedule and the days it skips."""

    @operation("schedules.create")
    async def create(
        self, message_id: int | str, schedule: Schedule | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Schedule the message.

        Answers 403 if it already has a schedule; an outdated ``nextSendingDate`` is
        refused.
        """

    @operation("schedules.get")
    async def get(
        self, message_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Schedule:  # fmt: skip
        """The message's schedule (404 if it has none)."""

    @operation("schedules.update")
    async def update(
        self, message_id: int | str, schedule: Schedule | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Change the message's schedule."""

    @sends("schedules.delete")
    async def delete(
        self, message_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete the message's schedule (not idempotent, like every delete)."""
        path = self._path("schedules.delete", partner_id, message_id=message_id)
        await self._delete("schedules.delete", path=path, options=options)

    @operation("schedules.create_exclusion")
    async def create_exclusion(
        self, message_id: int | str, exclusion: ScheduleExclusion | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Exclude days from the schedule.

        ``days`` may be given as ``[1, 3]`` (Monday, Wednesday); it goes out as the text
        Accengage takes, ``"[1,3]"``.
        """

    @operation("schedules.exclusions")
    async def exclusions(
        self, message_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[ScheduleExclusion]:  # fmt: skip
        """The schedule's exclusions."""

    @sends("schedules.delete_exclusions")
    async def delete_exclusions(
        self, message_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete the schedule's exclusions."""
        path = self._path("schedules.delete_exclusions", partner_id, message_id=message_id)
        await self._delete("schedules.delete_exclusions", path=path, options=options)


class InstantService(AccengageService):
    """Instant sends of an existing message to named devices, lists or segments.

    Checked before sending: exactly one of ``parentMessageId`` and
    ``parentMessageExternalId``; one kind of target (``targets``, ``segments`` or
    ``lists``); at most 100 targets; RFC 3339 dates. Never resent after an ambiguous
    failure (a device would get the push twice).
    """

    @operation("instant.send")
    async def send(
        self, message: InstantMessage | Mapping[str, Any], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Send the message now; the answer's body, if any."""

    @operation("instant.send_multi_app")
    async def send_multi_app(
        self, apps: Mapping[str, InstantMessage | Mapping[str, Any]],
        targets: Sequence[Target | Mapping[str, Any]], **options: Unpack[RequestOptions],
    ) -> JSONObject:  # fmt: skip
        """Send on several apps at once.

        ``apps`` is keyed by partner id, each with its parent message; the answer has a
        status per app.
        """


class StatsService(AccengageService):
    """Daily statistics, as the dashboard shows them."""

    @sends("stats.daily")
    def daily(
        self, *, date: dt.date | str | None = None, start_date: dt.date | str | None = None,
        end_date: dt.date | str | None = None, start_page: int | str = 1,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> Pager[Stat]:  # fmt: skip
        """Daily statistics of one ``date``, or from ``start_date`` to ``end_date``.

        Dates are ``YYYY-MM-DD``; ``end_date`` defaults to today. With no date at all every
        day is asked for, which may time out: give a range.
        """
        name = "stats.daily"
        query: dict[str, Any] = {}
        given = (("date", "date", date), ("startDate", "start_date", start_date),
                 ("endDate", "end_date", end_date))  # fmt: skip
        for wire, field, value in given:
            if value is not None:
                query[wire] = check_query_date(value, field, with_time=False)
        if "endDate" in query and "startDate" not in query:
            raise ValidationError("end_date needs a start_date", field="end_date")
        return self._page_walk(
            name, self._items(name, Stat), None, start_page, path=self._path(name, partner_id),
            params=query, options=options,
        )  # fmt: skip
