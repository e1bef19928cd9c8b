"""Partners of a program: the companies whose stores collect and redeem points.

Scoped to a program; every path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from loyalty_async.convercus.models.partners import NewPartner, Partner, ProgramUnit
from loyalty_async.convercus.models.program import BlacklistEntry, NewBlacklistEntry
from loyalty_async.convercus.services.base import (
    ConvercusService,
    RequestOptions,
    operation,
    twin,
)
from loyalty_async.operations.service import SubService


class PartnerBlacklistsService(ConvercusService):
    """Read, add, replace and delete entries of a partner's blacklist."""

    @operation("partners.blacklists.list")
    async def list(
        self, partner_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[BlacklistEntry]:  # fmt: skip
        """Every entry of the partner's blacklist."""

    @operation("partners.blacklists.get")
    async def get(
        self, partner_id: str, blacklist_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BlacklistEntry:  # fmt: skip
        """One entry of the partner's blacklist."""

    @operation("partners.blacklists.create")
    async def create(
        self, partner_id: str, entry: NewBlacklistEntry, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Add an entry to the partner's blacklist; return its id (from ``Location``)."""

    @operation("partners.blacklists.update")
    async def update(
        self, partner_id: str, blacklist_id: str, entry: NewBlacklistEntry, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> BlacklistEntry | None:  # fmt: skip
        """Replace an entry (``PUT``); the stored entry, if the server sends it."""

    @operation("partners.blacklists.delete")
    async def delete(
        self, partner_id: str, blacklist_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Remove an entry from the partner's blacklist."""


class PartnersService(ConvercusService):
    """Create, read, replace and deactivate partners; their affiliates and blacklists."""

    blacklists = SubService(PartnerBlacklistsService)
    """Entries of a partner's blacklist."""

    @operation("partners.list")
    async def list(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[Partner]:
        """Every partner of the program."""

    list_deprecated = twin(list, "partners.list_deprecated")
    list_deprecated_2 = twin(list, "partners.list_deprecated_2")

    @operation("partners.get")
    async def get(
        self, partner_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Partner:  # fmt: skip
        """One partner (``partner_id`` is a UUID)."""

    @operation("partners.create")
    async def create(
        self, partner: NewPartner, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create a partner; return its id. Never resent: look with :meth:`list` before again."""

    create_deprecated = twin(create, "partners.create_deprecated")

    @operation("partners.update")
    async def update(
        self, partner_id: str, partner: NewPartner, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Partner | None:  # fmt: skip
        """Replace the partner (``PUT``): **every field left out is deleted**."""

    update_deprecated = twin(update, "partners.update_deprecated")

    @operation("partners.deactivate")
    async def deactivate(
        self, partner_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Deactivate the partner (``DELETE``): it stays readable, with status ``INACTIVE``."""

    deactivate_deprecated = twin(deactivate, "partners.deactivate_deprecated")

    @operation("partners.list_affiliates")
    async def list_affiliates(
        self, partner_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[Partner]:  # fmt: skip
        """The partners affiliated with this partner."""

    @operation("partners.list_affiliate_program_units")
    async def list_affiliate_program_units(
        self, partner_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[ProgramUnit]:  # fmt: skip
        """The business units (program, partners, stores) this partner is affiliated with."""
