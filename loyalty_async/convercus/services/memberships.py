"""Memberships: the link between an account and a user, with its opt-ins."""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from typing_extensions import Unpack

from loyalty_async.convercus.enums import IdType, MemberRole
from loyalty_async.convercus.models.profile import Event, Membership, Optin, optin_list
from loyalty_async.convercus.services.base import (
    AccountRef,
    ConvercusService,
    RequestOptions,
    operation,
    sends,
)
from loyalty_async.modeling import UNSET, ClearType, UnsetType
from loyalty_async.operations.checks import check_uuid


class MembershipsService(ConvercusService, prefix="memberships"):
    """Memberships: a user linked to an account with a role (the first ``OWNER``) and opt-ins.

    Opt-ins are always replaced whole: **every opt-in left out is deleted**.
    """

    async def list(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[Membership]:  # fmt: skip
        """The account's memberships (``[]`` for an anonymous account)."""

    async def get(
        self, account: AccountRef, membership_id: str, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Membership:  # fmt: skip
        """One membership of the account."""

    async def create(
        self, account_id: AccountRef, *, user_id: str, member_role: MemberRole | str,
        optins: Iterable[Optin] | None = None, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Link a user to an account (UUIDs); return the membership id.

        ``partner_id`` is required in multi-partner programs (it decides partner bonuses).
        """

    async def update(
        self, account: AccountRef, membership_id: str, *,
        member_role: MemberRole | str | UnsetType = UNSET,
        partner_id: str | UnsetType | ClearType = UNSET,
        optins: Iterable[Optin] | UnsetType = UNSET, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Membership | None:  # fmt: skip
        """Change the fields you pass (``PATCH``); ``partner_id=CLEAR`` removes the partner.

        ``optins``, when given, replaces all opt-ins (those left out are deleted).
        """

    async def remove(
        self, account: AccountRef, membership_id: str, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """End the membership: the user is no longer linked to the account."""

    @sends("memberships.update_optins")
    async def update_optins(
        self, account: AccountRef, membership_id: str, optins: Iterable[Optin], *,
        id_type: IdType | str | None = None, **options: Unpack[RequestOptions],
    ) -> Membership | None:  # fmt: skip
        """Replace **all** opt-ins: **any left out is deleted** (``flag=False`` turns one off)."""
        ref, headers = self._account_ref(account, id_type)
        path = {"accountId": ref, "membershipId": check_uuid(membership_id, "membership_id")}
        body = self._converter.unstructure(optin_list(optins))
        response = await self._send(
            "memberships.update_optins", path=path, headers=headers, json=body, options=options
        )
        return self._optional(response, Membership)

    @operation("events.list_for_membership")
    async def list_events(
        self, account: AccountRef, membership_id: str, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[Event]:  # fmt: skip
        """Everything recorded for the membership (``[]`` if nothing)."""
