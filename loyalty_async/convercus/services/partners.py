"""Partners of a program: the companies whose stores collect and redeem points.

Scoped to a program; every path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from loyalty_async.convercus.models.partners import NewPartner, Partner, ProgramUnit
from loyalty_async.convercus.models.program import BlacklistEntry, NewBlacklistEntry
from loyalty_async.convercus.services.base import ConvercusService, ProgramOptions, twin
from loyalty_async.operations.service import SubService


class PartnerBlacklistsService(ConvercusService, prefix="partners.blacklists"):
    """Read, add, replace and delete entries of a partner's blacklist."""

    async def list(
        self, partner_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[BlacklistEntry]:
        """Every entry of the partner's blacklist."""

    async def get(
        self, partner_id: str, blacklist_id: str, **options: Unpack[ProgramOptions]
    ) -> BlacklistEntry:
        """One entry of the partner's blacklist."""

    async def create(
        self, partner_id: str, entry: NewBlacklistEntry, **options: Unpack[ProgramOptions]
    ) -> str:
        """Add an entry to the partner's blacklist; return its id (from ``Location``)."""

    async def update(
        self, partner_id: str, blacklist_id: str, entry: NewBlacklistEntry,
        **options: Unpack[ProgramOptions],
    ) -> BlacklistEntry | None:  # fmt: skip
        """Replace an entry (``PUT``); the stored entry, if the server sends it."""

    async def delete(
        self, partner_id: str, blacklist_id: str, **options: Unpack[ProgramOptions]
    ) -> None:
        """Remove an entry from the partner's blacklist."""


class PartnersService(ConvercusService, prefix="partners"):
    """Create, read, replace and deactivate partners; their affiliates and blacklists."""

    blacklists = SubService(PartnerBlacklistsService)
    """Entries of a partner's blacklist."""

    async def list(self, **options: Unpack[ProgramOptions]) -> builtins.list[Partner]:
        """Every partner of the program."""

    list_deprecated = twin(list, "partners.list_deprecated")
    list_deprecated_2 = twin(list, "partners.list_deprecated_2")

    async def get(self, partner_id: str, **options: Unpack[ProgramOptions]) -> Partner:
        """One partner (``partner_id`` is a UUID)."""

    async def create(self, partner: NewPartner, **options: Unpack[ProgramOptions]) -> str:
        """Create a partner; return its id. Never resent: look with :meth:`list` before again."""

    create_deprecated = twin(create, "partners.create_deprecated")

    async def update(
        self, partner_id: str, partner: NewPartner, **options: Unpack[ProgramOptions]
    ) -> Partner | None:
        """Replace the partner (``PUT``): **every field left out is deleted**."""

    update_deprecated = twin(update, "partners.update_deprecated")

    async def deactivate(self, partner_id: str, **options: Unpack[ProgramOptions]) -> None:
        """Deactivate the partner (``DELETE``): it stays readable, with status ``INACTIVE``."""

    deactivate_deprecated = twin(deactivate, "partners.deactivate_deprecated")

    async def list_affiliates(
        self, partner_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[Partner]:
        """The partners affiliated with this partner."""

    async def list_affiliate_program_units(
        self, partner_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[ProgramUnit]:
        """The business units (program, partners, stores) this partner is affiliated with."""
