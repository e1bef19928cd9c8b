"""Devices (the CSV export, search, updates) and static lists."""

# mypy: disable-error-code="empty-body"
# The bodies of bound methods are derived from their operation (operations.binder).

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from typing_extensions import Unpack

from loyalty_async.accengage.devices import DeviceRows
from loyalty_async.accengage.models import (
    Created,
    Device,
    DeviceFields,
    JSONObject,
    ListDevice,
    ListUser,
    StaticList,
)
from loyalty_async.accengage.services.base import (
    AccengageService,
    RequestOptions,
    operation,
    sends,
)
from loyalty_async.accengage.validation import (
    check_query_date,
    check_text,
    field_selection,
)
from loyalty_async.errors import ValidationError
from loyalty_async.operations.service import check_filters
from loyalty_async.paging import Pager
from loyalty_async.transport.base import Response

#: A ``firstOpen`` filter: one date (devices first opened since), or a ``(from, to)`` range.
OpenFilter = dt.date | str | tuple[dt.date | str, dt.date | str]


class DevicesService(AccengageService):
    """The app's devices: export them all, find one, update one or up to 100."""

    @sends("devices.export")
    def export(
        self, *, fields: Sequence[str] | None = None, last_open: dt.date | str | None = None,
        first_open: OpenFilter | None = None, resume_from: str | None = None,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> DeviceRows:  # fmt: skip
        """Every device, one ``dict`` per CSV row, streamed page after page.

        Accengage answers up to 10,000 ``;``-separated rows a page and names the next page
        in its ``Link`` header; rows are parsed as the bytes arrive, so memory stays flat
        however many devices there are. ``fields`` picks the columns (``["UDID", "IDFA"]``,
        sent as ``fields[1]=UDID&fields[2]=IDFA``); ``last_open`` keeps devices opened
        since that date; ``first_open`` takes a date or a ``(from, to)`` range. Nothing is
        sent before iteration starts; ``resume_from`` is the page URL a stopped export
        gives as ``PaginationError.resume``.
        """
        name = "devices.export"
        path = self._path(name, partner_id)
        query: dict[str, Any] = dict(field_selection(fields))
        if last_open is not None:
            query["lastOpen"] = check_query_date(last_open, "last_open")
        if first_open is not None:
            if isinstance(first_open, tuple):
                if len(first_open) != 2:
                    raise ValidationError("first_open must be a date or a (from, to) pair")
                low = check_query_date(first_open[0], "first_open")
                high = check_query_date(first_open[1], "first_open")
                query["firstOpen"] = f"{low}|{high}"
            else:
                query["firstOpen"] = check_query_date(first_open, "first_open")
        if resume_from is not None and not (
            isinstance(resume_from, str) and resume_from.startswith(("http://", "https://"))
        ):
            raise ValidationError("resume_from must be the URL of a page", field="resume_from")
        per_call = self._call_options(options) if options else self._options

        async def open_page(url: str | None) -> Response:
            if url is not None:
                return await self._send_url(name, url, stream=True, options=per_call)
            return await self._send(name, path=path, params=query, stream=True, options=options)

        return DeviceRows(open_page, resume_from=resume_from)

    @sends("devices.search")
    async def search(
        self, filters: Mapping[str, str], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Device:  # fmt: skip
        """The first device matching every filter, e.g. ``{"UDID": "F315…"}``.

        Only indexed fields may be queried (the client id, ``token``, ``UDID``…): give as
        many as you can to be sure of the device. 404 if none matches.
        """
        name = "devices.search"
        query = check_filters(filters)
        if not query:
            raise ValidationError("search needs at least one indexed field", field="filters")
        for key, value in query.items():
            check_text(value, f"filters[{key!r}]")
        response = await self._send(
            name, path=self._path(name, partner_id), params=query, options=options
        )
        return self._object(response)  # type: ignore[return-value]

    @operation("devices.update")
    async def update(
        self, udid: str, fields: DeviceFields | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Change fields of one device.

        ``id`` and ``UDID`` cannot change (refused before sending); an empty update is
        "nothing to do" for Accengage.
        """

    @operation("devices.update_many")
    async def update_many(
        self, users: Sequence[Mapping[str, Any]], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Change up to 100 devices at once.

        Each user names its device by its matching key (``UDID`` or an indexed field)
        beside the fields to change; more than 100 users are refused before sending.
        """


class ListsService(AccengageService):
    """Static lists: create them, read their devices, add and remove devices.

    Changes to a list go through Accengage's queue: they show a little later, so update a
    list a little before sending to it. Lists themselves cannot be renamed or deleted
    through the API.
    """

    @operation("lists.list")
    def list(
        self, *, start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[StaticList]:  # fmt: skip
        """Every static list, by ascending id."""

    @operation("lists.create")
    async def create(
        self, static_list: StaticList | Mapping[str, Any], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Created:  # fmt: skip
        """Create a list (``name``; ``listId`` of your own, 409 if taken; ``externalId``)."""

    @operation("lists.devices")
    def devices(
        self, list_id: int | str, *, start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[ListDevice]:  # fmt: skip
        """The devices in the list (an unknown list reads as empty, as Accengage answers)."""

    @operation("lists.add_users")
    async def add_users(
        self, list_id: int | str, users: Sequence[ListUser | Mapping[str, Any]], *,
        expire_at: dt.datetime | str | None = None, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Queue devices into the list, by ``UDID`` or an indexed field.

        ``expire_at`` (RFC 3339) takes them out by itself at that moment.
        """

    @sends("lists.remove_users")
    async def remove_users(
        self, list_id: int | str, users: Sequence[ListUser | Mapping[str, Any]], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Queue devices out of the list (a ``DELETE`` with a body, not idempotent)."""
        name = "lists.remove_users"
        path = self._path(name, partner_id, list_id=list_id)
        body = self._json_body(name, {"users": users})
        await self._delete(name, path=path, json=body, options=options)
