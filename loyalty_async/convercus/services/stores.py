"""Stores of a program's partners: where members shop (a store is given with its partner).

Scoped to a program; every path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.partners import NewStore, Store
from loyalty_async.convercus.services.base import (
    DEFAULT_PAGE_SIZE,
    ConvercusService,
    RequestOptions,
    operation,
    twin,
)
from loyalty_async.paging import Pager


class StoresService(ConvercusService):
    """Create, read, replace and deactivate stores; list them for the program or a partner."""

    @operation("stores.list_for_program")
    async def list_for_program(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> list[Store]:
        """Every store of the program, whatever its partner."""

    list_for_program_2 = twin(list_for_program, "stores.list_for_program_2")
    list_for_program_deprecated = twin(list_for_program, "stores.list_for_program_deprecated")

    @operation("stores.list_for_program_paginated_deprecated")
    def list_for_program_paginated_deprecated(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, start_page: int = 0,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> Pager[Store]:  # fmt: skip
        """Walk every store of the program, page by page (deprecated paged route)."""

    @operation("stores.list_for_partner_deprecated")
    async def list_for_partner_deprecated(
        self, partner_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[Store]:  # fmt: skip
        """Every store of one partner (a deprecated route; no current one is documented)."""

    @operation("stores.list_for_partner_paginated_deprecated")
    def list_for_partner_paginated_deprecated(
        self, partner_id: str, *, page_size: int = DEFAULT_PAGE_SIZE, start_page: int = 0,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> Pager[Store]:  # fmt: skip
        """Walk every store of one partner, page by page (deprecated paged route)."""

    @operation("stores.get")
    async def get(
        self, partner_id: str, store_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Store:  # fmt: skip
        """One store of the partner (both ids are UUIDs)."""

    @operation("stores.create")
    async def create(
        self, partner_id: str, store: NewStore, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create a store; return its id. Never resent: look with :meth:`list_for_program` first."""

    create_deprecated = twin(create, "stores.create_deprecated")

    @operation("stores.update")
    async def update(
        self, partner_id: str, store_id: str, store: NewStore, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> Store | None:  # fmt: skip
        """Replace the store (``PUT``): **every field left out is deleted**."""

    update_deprecated = twin(update, "stores.update_deprecated")

    @operation("stores.deactivate")
    async def deactivate(
        self, partner_id: str, store_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Deactivate the store (``DELETE``): it stays readable, with status ``INACTIVE``."""
