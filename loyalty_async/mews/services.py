# mypy: disable-error-code="empty-body"
"""The typed methods of the Mews loyalty operations, bound to the rows of the table.

Each method states its signature and docstring; its body is derived from its row of
:data:`~loyalty_async.mews.operations.OPERATIONS` (see ``docs/adding-an-operation.md``):
the arguments build the row's request model (which checks them before anything is
sent), the answer is read into the row's model. ``get_all`` methods return a
:class:`~loyalty_async.Pager`: nothing is sent until it is iterated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any

from typing_extensions import Unpack

from loyalty_async.mews.enums import ActivityState, LoyaltyMembershipState
from loyalty_async.mews.errors import mews_errors
from loyalty_async.mews.models import (
    LoyaltyMembership,
    LoyaltyMembershipUpdate,
    LoyaltyProgram,
    LoyaltyProgramUpdate,
    LoyaltyTier,
    LoyaltyTierUpdate,
    NewLoyaltyMembership,
    NewLoyaltyProgram,
    NewLoyaltyTier,
    TimeInterval,
)
from loyalty_async.mews.operations import OPERATIONS
from loyalty_async.mews.paging import Cursor, cursor_walk
from loyalty_async.mews.requests import Id
from loyalty_async.modeling import pascal
from loyalty_async.operations.binder import operation
from loyalty_async.operations.readers import ItemReader, decode_exact
from loyalty_async.operations.service import RequestOptions, Service
from loyalty_async.paging import Pager
from loyalty_async.session.call import Call
from loyalty_async.transport.base import Response

#: Items per page when ``page_size`` is not given (Mews accepts 1 to 1000).
DEFAULT_PAGE_SIZE = 100

#: An interval filter: a :class:`TimeInterval` or a ``(start, end)`` pair of aware datetimes.
Interval = TimeInterval | tuple[dt.datetime, dt.datetime]

_INTERVALS = ("CreatedUtc", "UpdatedUtc")


class MewsService(Service):
    """What the Mews services share: the table, PascalCase, Mews errors, cursor pages."""

    _table = OPERATIONS
    _converter = pascal

    @classmethod
    def _refusal_context(cls) -> Callable[[], AbstractContextManager[None]] | None:
        return mews_errors

    def _page_walk(
        self,
        name: str,
        item: ItemReader,
        page_size: Any,
        start_page: Any,
        *,
        path: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        options: Mapping[str, Any] | None = None,
        exact: bool = False,
        body: Any = None,
    ) -> Pager[Any]:
        """Walk a ``getAll`` by cursor (``start_page`` is the cursor to resume from).

        ``body`` holds the filters; ``Limitation`` is added to each page's request, and a
        ``CreatedUtc``/``UpdatedUtc`` interval over 3 months is split into parts.
        """
        operation = self._ops[self._operation_name(name)]
        per_call = self._call_options(options) if options else self._options
        decode = decode_exact if exact else self._session.decode_json
        filters = dict(body or {})
        intervals = {
            key: TimeInterval(
                pascal.structure(value["StartUtc"], dt.datetime),
                pascal.structure(value["EndUtc"], dt.datetime),
            )
            for key in _INTERVALS
            if (value := filters.pop(key, None)) is not None
        }

        async def send(request: dict[str, Any]) -> tuple[Any, Response]:
            call = Call(operation, json=request, headers=headers, options=per_call)
            with mews_errors():
                response = await self._session.send(call)
            if self._capture is not None:
                self._capture.append(response)
            return decode(response), response

        return cursor_walk(
            send,
            item,
            items_key=operation.envelope or "Data",
            filters=filters,
            intervals=intervals,
            page_size=page_size,
            cursor=start_page,
        )


class LoyaltyProgramsService(MewsService):
    """Loyalty programs of the chain (or the chains of a portfolio token)."""

    @operation("loyalty_programs.get_all")
    def get_all(
        self,
        *,
        chain_ids: Iterable[Id] | None = None,
        loyalty_program_ids: Iterable[Id] | None = None,
        codes: Iterable[str] | None = None,
        activity_states: Iterable[ActivityState | str] | None = None,
        created_utc: Interval | None = None,
        updated_utc: Interval | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        cursor: Cursor = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[LoyaltyProgram]:
        """Every program matching the filters, newest first, one page at a time.

        Filters left out do not filter (``activity_states``: Mews's default, active
        ones). Intervals over 3 months are split into 3-month requests. Resume a walk
        with ``cursor=pager.cursor``.
        """

    @operation("loyalty_programs.add")
    async def add(
        self,
        loyalty_programs: Iterable[NewLoyaltyProgram],
        *,
        chain_id: Id | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[LoyaltyProgram]:
        """Add 1 to 1000 programs; returns them with their new ids.

        ``chain_id`` is required with a portfolio token. Never resent after a failure that
        may have reached Mews (:class:`~loyalty_async.errors.OutcomeUnknownError`).
        """

    @operation("loyalty_programs.update")
    async def update(
        self,
        loyalty_program_updates: Iterable[LoyaltyProgramUpdate],
        *,
        chain_id: Id | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[LoyaltyProgram]:
        """Change 1 to 1000 programs (only the fields each update sets); returns them."""

    @operation("loyalty_programs.delete")
    async def delete(
        self, loyalty_program_ids: Iterable[Id], **options: Unpack[RequestOptions]
    ) -> None:
        """Delete 1 to 1000 programs.

        Mews refuses a program that still has active memberships
        (:class:`~loyalty_async.mews.BusinessRuleError`): delete those first.
        """


class LoyaltyMembershipsService(MewsService):
    """Guests' memberships of loyalty programs: enrolment, tiers, points."""

    @operation("loyalty_memberships.get_all")
    def get_all(
        self,
        *,
        chain_ids: Iterable[Id] | None = None,
        loyalty_membership_ids: Iterable[Id] | None = None,
        account_ids: Iterable[Id] | None = None,
        loyalty_program_ids: Iterable[Id] | None = None,
        membership_states: Iterable[LoyaltyMembershipState | str] | None = None,
        activity_states: Iterable[ActivityState | str] | None = None,
        membership_numbers: Iterable[str] | None = None,
        provider_membership_ids: Iterable[str] | None = None,
        created_utc: Interval | None = None,
        updated_utc: Interval | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        cursor: Cursor = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[LoyaltyMembership]:
        """Every membership matching the filters, newest first, one page at a time.

        Intervals over 3 months are split into 3-month requests. Resume a walk with
        ``cursor=pager.cursor``.
        """

    @operation("loyalty_memberships.add")
    async def add(
        self,
        loyalty_memberships: Iterable[NewLoyaltyMembership],
        *,
        chain_id: Id | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[LoyaltyMembership]:
        """Enrol 1 to 1000 guest accounts; returns the new memberships.

        Never resent after a failure that may have reached Mews: look the memberships up
        (by ``membership_numbers``, say) before adding them again.
        """

    @operation("loyalty_memberships.update")
    async def update(
        self,
        loyalty_membership_updates: Iterable[LoyaltyMembershipUpdate],
        *,
        chain_id: Id | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[LoyaltyMembership]:
        """Change 1 to 1000 memberships (move to a tier, set points, ...); returns them."""

    @operation("loyalty_memberships.delete")
    async def delete(
        self,
        loyalty_membership_ids: Iterable[Id],
        *,
        chain_id: Id | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Delete 1 to 1000 memberships."""


class LoyaltyTiersService(MewsService):
    """The tiers (levels) of loyalty programs."""

    @operation("loyalty_tiers.get_all")
    def get_all(
        self,
        loyalty_program_ids: Iterable[Id],
        *,
        chain_ids: Iterable[Id] | None = None,
        loyalty_tier_ids: Iterable[Id] | None = None,
        activity_states: Iterable[ActivityState | str] | None = None,
        updated_utc: Interval | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        cursor: Cursor = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[LoyaltyTier]:
        """The tiers of 1 to 1000 programs, newest first, one page at a time."""

    @operation("loyalty_tiers.add")
    async def add(
        self,
        loyalty_tiers: Iterable[NewLoyaltyTier],
        *,
        chain_id: Id | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[LoyaltyTier]:
        """Add 1 to 1000 tiers to their programs; returns them with their new ids."""

    @operation("loyalty_tiers.update")
    async def update(
        self,
        loyalty_tier_updates: Iterable[LoyaltyTierUpdate],
        **options: Unpack[RequestOptions],
    ) -> list[LoyaltyTier]:
        """Change 1 to 1000 tiers (name, code, ordering); returns them."""

    @operation("loyalty_tiers.delete")
    async def delete(
        self, loyalty_tier_ids: Iterable[Id], **options: Unpack[RequestOptions]
    ) -> None:
        """Delete 1 to 1000 tiers."""
