"""Memberships: the link between an account and a user, with its opt-ins."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Any

from loyalty_async.convercus.enums import IdType, MemberRole
from loyalty_async.convercus.models.profile import Event, Membership, Optin
from loyalty_async.convercus.services.base import AccountRef, ConvercusService, sends
from loyalty_async.convercus.validation import check_bool, check_enum, check_text, check_uuid
from loyalty_async.errors import ValidationError
from loyalty_async.modeling import CLEAR, UNSET, ClearType, UnsetType


class MembershipsService(ConvercusService):
    """Create, read, update and remove memberships and their opt-ins.

    A membership links one user to one account with a role (the first one must be the
    ``OWNER``) and carries the member's opt-ins. An account without memberships is
    anonymous: :meth:`list` returns ``[]`` for it.

    Opt-ins are always replaced as a whole: :meth:`update_optins` (and :meth:`update`
    with ``optins=``) stores exactly the list you send, **deleting every opt-in you
    leave out**.
    """

    def _membership(
        self, account: AccountRef, membership_id: str, id_type: IdType | str | None
    ) -> tuple[dict[str, str], str | None]:
        """The checked path parameters of one membership, and the ``id-type`` header."""
        ref, header = self._account(account, id_type)
        membership = check_uuid(membership_id, "membership_id")
        return {"accountId": ref, "membershipId": membership}, header

    @sends("memberships.list")
    async def list(
        self, account: AccountRef, *, id_type: IdType | str | None = None
    ) -> list[Membership]:
        """The account's memberships (``[]`` for an anonymous account)."""
        ref, header = self._account(account, id_type)
        response = await self._send("memberships.list", path={"accountId": ref}, id_type=header)
        return self._structure_list(response, Membership)

    @sends("memberships.get")
    async def get(
        self,
        account: AccountRef,
        membership_id: str,
        *,
        id_type: IdType | str | None = None,
    ) -> Membership:
        """One membership of the account."""
        path, header = self._membership(account, membership_id, id_type)
        response = await self._send("memberships.get", path=path, id_type=header)
        return self._structure(response, Membership)

    @sends("memberships.create")
    async def create(
        self,
        account_id: AccountRef,
        *,
        user_id: str,
        member_role: MemberRole | str,
        optins: Iterable[Optin] | None = None,
        partner_id: str | None = None,
    ) -> str:
        """Link the user ``user_id`` to the account ``account_id``; return the membership id.

        Both ids are technical ids (UUIDs). ``partner_id`` is required in multi-partner
        programs (it decides partner bonuses such as a welcome bonus).
        """
        account = check_uuid(account_id, "account_id")
        body: dict[str, Any] = {
            "accountId": account,
            "userId": check_uuid(user_id, "user_id"),
            "memberRole": check_enum(member_role, MemberRole, "member_role").value,
        }
        if optins is not None:
            body["optins"] = _optins(optins)
        if partner_id is not None:
            body["partnerId"] = check_uuid(partner_id, "partner_id")
        response = await self._send(
            "memberships.create",
            path={"accountId": account},
            json=body,
            context={"account_id": account, "user_id": body["userId"]},
        )
        return self._location_id(response)

    @sends("memberships.update")
    async def update(
        self,
        account: AccountRef,
        membership_id: str,
        *,
        member_role: MemberRole | str | UnsetType = UNSET,
        partner_id: str | UnsetType | ClearType = UNSET,
        optins: Iterable[Optin] | UnsetType = UNSET,
        id_type: IdType | str | None = None,
    ) -> Membership | None:
        """Change the fields you pass (``PATCH``); the others stay as they are.

        ``partner_id=CLEAR`` removes the partner. ``optins``, when given, replaces all
        opt-ins (those left out are deleted). Returns the membership if the server sends
        it back.
        """
        path, header = self._membership(account, membership_id, id_type)
        body: dict[str, Any] = {}
        if member_role is not UNSET:
            body["memberRole"] = check_enum(member_role, MemberRole, "member_role").value
        if partner_id is CLEAR:
            body["partnerId"] = None
        elif partner_id is not UNSET:
            body["partnerId"] = check_uuid(partner_id, "partner_id")
        if optins is not UNSET:
            body["optins"] = _optins(optins)
        if not body:
            raise ValidationError("the update sets no field; pass at least one")
        response = await self._send("memberships.update", path=path, id_type=header, json=body)
        return self._optional(response, Membership)

    @sends("memberships.remove")
    async def remove(
        self,
        account: AccountRef,
        membership_id: str,
        *,
        id_type: IdType | str | None = None,
    ) -> None:
        """End the membership: the user is no longer linked to the account."""
        path, header = self._membership(account, membership_id, id_type)
        await self._send("memberships.remove", path=path, id_type=header)

    @sends("memberships.update_optins")
    async def update_optins(
        self,
        account: AccountRef,
        membership_id: str,
        optins: Iterable[Optin],
        *,
        id_type: IdType | str | None = None,
    ) -> Membership | None:
        """Replace **all** opt-ins of the membership with ``optins``.

        The body is the bare list ``[{"flag": ..., "type": ...}, ...]``. Send every opt-in,
        changed or not: **any opt-in left out is deleted**, and ``[]`` deletes them all.
        To turn one off, send it with ``flag=False``. Returns the membership if the server
        sends it back.
        """
        path, header = self._membership(account, membership_id, id_type)
        body = _optins(optins)
        response = await self._send(
            "memberships.update_optins", path=path, id_type=header, json=body
        )
        return self._optional(response, Membership)

    @sends("events.list_for_membership")
    async def list_events(
        self,
        account: AccountRef,
        membership_id: str,
        *,
        id_type: IdType | str | None = None,
    ) -> builtins.list[Event]:
        """Everything recorded for the membership (``[]`` if nothing)."""
        path, header = self._membership(account, membership_id, id_type)
        response = await self._send("events.list_for_membership", path=path, id_type=header)
        return self._structure_list(response, Event)


def _optins(optins: Iterable[Optin]) -> list[dict[str, Any]]:
    """The wire form of a complete opt-in list; each type at most once."""
    if isinstance(optins, str | bytes | Optin) or not isinstance(optins, Iterable):
        raise ValidationError(
            f"optins must be a list of Optin(type=..., flag=...), got {optins!r}", field="optins"
        )
    body: list[dict[str, Any]] = []
    seen: set[str] = set()
    for optin in optins:
        if not isinstance(optin, Optin):
            raise ValidationError(
                f"optins must hold Optin(type=..., flag=...), got {optin!r}", field="optins"
            )
        kind = check_text(optin.type, "optins.type")
        if kind in seen:
            raise ValidationError(f"opt-in {kind!r} is given twice", field="optins")
        seen.add(kind)
        body.append({"flag": check_bool(optin.flag, "optins.flag"), "type": kind})
    return body
