"""Stores of a program's partners: where members shop (a store is given with its partner).

Scoped to a program; every path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.partners import NewStore, Store
from loyalty_async.convercus.services.base import (
    DEFAULT_PAGE_SIZE,
    ConvercusService,
    ProgramOptions,
    twin,
)
from loyalty_async.paging import Pager


class StoresService(ConvercusService, prefix="stores"):
    """Create, read, replace and deactivate stores; list them for the program or a partner."""

    async def list_for_program(self, **options: Unpack[ProgramOptions]) -> list[Store]:
        """Every store of the program, whatever its partner."""

    list_for_program_2 = twin(list_for_program, "stores.list_for_program_2")
    list_for_program_deprecated = twin(list_for_program, "stores.list_for_program_deprecated")

    def list_for_program_paginated_deprecated(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, start_page: int = 0,
        **options: Unpack[ProgramOptions],
    ) -> Pager[Store]:  # fmt: skip
        """Walk every store of the program, page by page (deprecated paged route)."""

    async def list_for_partner_deprecated(
        self, partner_id: str, **options: Unpack[ProgramOptions]
    ) -> list[Store]:
        """Every store of one partner (a deprecated route; no current one is documented)."""

    def list_for_partner_paginated_deprecated(
        self, partner_id: str, *, page_size: int = DEFAULT_PAGE_SIZE, start_page: int = 0,
        **options: Unpack[ProgramOptions],
    ) -> Pager[Store]:  # fmt: skip
        """Walk every store of one partner, page by page (deprecated paged route)."""

    async def get(self, partner_id: str, store_id: str, **options: Unpack[ProgramOptions]) -> Store:
        """One store of the partner (both ids are UUIDs)."""

    async def create(
        self, partner_id: str, store: NewStore, **options: Unpack[ProgramOptions]
    ) -> str:
        """Create a store; return its id. Never resent: look with :meth:`list_for_program` first."""

    create_deprecated = twin(create, "stores.create_deprecated")

    async def update(
        self, partner_id: str, store_id: str, store: NewStore, **options: Unpack[ProgramOptions]
    ) -> Store | None:
        """Replace the store (``PUT``): **every field left out is deleted**."""

    update_deprecated = twin(update, "stores.update_deprecated")

    async def deactivate(
        self, partner_id: str, store_id: str, **options: Unpack[ProgramOptions]
    ) -> None:
        """Deactivate the store (``DELETE``): it stays readable, with status ``INACTIVE``."""
