"""The product catalog of a program and of each partner: groups, subgroups and items.

Scoped to a program; every path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from loyalty_async.convercus.models.catalog import (
    CatalogGroup,
    CatalogItem,
    CatalogSubgroup,
    NewCatalogGroup,
    NewCatalogItem,
    NewCatalogSubgroup,
)
from loyalty_async.convercus.services.base import ConvercusService, ProgramOptions, twin
from loyalty_async.operations.service import SubService


class CatalogGroupsService(ConvercusService, prefix="product_catalog.groups"):
    """Merchandise groups of the program's catalog, and of a partner's."""

    async def list(self, **options: Unpack[ProgramOptions]) -> builtins.list[CatalogGroup]:
        """Every group of the program's catalog."""

    list_deprecated = twin(list, "product_catalog.groups.list_deprecated")

    async def get(self, group_id: str, **options: Unpack[ProgramOptions]) -> CatalogGroup:
        """One group (``group_id`` is a UUID)."""

    async def create(self, group: NewCatalogGroup, **options: Unpack[ProgramOptions]) -> str:
        """Create a group in the program's catalog; return its id (from ``Location``)."""

    create_deprecated = twin(create, "product_catalog.groups.create_deprecated")

    async def update(
        self, group_id: str, group: NewCatalogGroup, **options: Unpack[ProgramOptions]
    ) -> CatalogGroup | None:
        """Replace a group (``PUT``); the stored group, if the server sends it."""

    update_deprecated = twin(update, "product_catalog.groups.update_deprecated")

    async def delete(self, group_id: str, **options: Unpack[ProgramOptions]) -> None:
        """Delete a group."""

    async def list_for_partner(
        self, partner_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[CatalogGroup]:
        """Every group of the partner's catalog."""

    async def create_for_partner(
        self, partner_id: str, group: NewCatalogGroup, **options: Unpack[ProgramOptions]
    ) -> str:
        """Create a group in the partner's catalog; return its id (from ``Location``)."""

    create_for_partner_deprecated = twin(
        create_for_partner, "product_catalog.groups.create_for_partner_deprecated"
    )


class CatalogSubgroupsService(ConvercusService, prefix="product_catalog.subgroups"):
    """Subgroups of the merchandise groups, in the program's catalog and a partner's."""

    async def list(self, **options: Unpack[ProgramOptions]) -> builtins.list[CatalogSubgroup]:
        """Every subgroup of the program's catalog, whatever its group."""

    list_deprecated = twin(list, "product_catalog.subgroups.list_deprecated")

    async def list_for_group(
        self, group_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[CatalogSubgroup]:
        """The subgroups of one group."""

    async def create(
        self, group_id: str, subgroup: NewCatalogSubgroup, **options: Unpack[ProgramOptions]
    ) -> str:
        """Create a subgroup under ``group_id``; return its id (from ``Location``)."""

    create_deprecated = twin(create, "product_catalog.subgroups.create_deprecated")

    async def update(
        self, subgroup_id: str, subgroup: NewCatalogSubgroup, **options: Unpack[ProgramOptions]
    ) -> CatalogSubgroup | None:
        """Replace a subgroup (``PUT``); the stored subgroup, if the server sends it."""

    update_deprecated = twin(update, "product_catalog.subgroups.update_deprecated")

    async def delete(self, subgroup_id: str, **options: Unpack[ProgramOptions]) -> None:
        """Delete a subgroup."""

    async def get_for_partner(
        self, partner_id: str, subgroup_id: str, **options: Unpack[ProgramOptions]
    ) -> CatalogSubgroup:
        """One subgroup of the partner's catalog."""

    async def list_for_partner_group(
        self, partner_id: str, group_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[CatalogSubgroup]:
        """The subgroups of one group of the partner's catalog."""

    async def create_for_partner(
        self, partner_id: str, group_id: str, subgroup: NewCatalogSubgroup,
        **options: Unpack[ProgramOptions],
    ) -> str:  # fmt: skip
        """Create a subgroup under a group of the partner's catalog; return its id."""

    create_for_partner_deprecated = twin(
        create_for_partner, "product_catalog.subgroups.create_for_partner_deprecated"
    )


class CatalogItemsService(ConvercusService, prefix="product_catalog.items"):
    """Items (articles) of the program's catalog and a partner's."""

    async def list(self, **options: Unpack[ProgramOptions]) -> builtins.list[CatalogItem]:
        """Every item of the program's catalog."""

    list_deprecated = twin(list, "product_catalog.items.list_deprecated")

    async def list_for_subgroup(
        self, group_id: str, subgroup_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[CatalogItem]:
        """The items filed under one group and subgroup."""

    async def get(self, item_id: str, **options: Unpack[ProgramOptions]) -> CatalogItem:
        """One item (``item_id`` is a UUID)."""

    async def create(
        self, group_id: str, subgroup_id: str, item: NewCatalogItem,
        **options: Unpack[ProgramOptions],
    ) -> str:  # fmt: skip
        """Create an item under a group and subgroup; return its id (from ``Location``)."""

    create_deprecated = twin(create, "product_catalog.items.create_deprecated")

    async def update(
        self, item_id: str, item: NewCatalogItem, **options: Unpack[ProgramOptions]
    ) -> CatalogItem | None:
        """Replace an item (``PUT``); the stored item, if the server sends it."""

    update_deprecated = twin(update, "product_catalog.items.update_deprecated")

    async def delete(self, item_id: str, **options: Unpack[ProgramOptions]) -> None:
        """Delete an item."""

    async def list_for_partner(
        self, partner_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[CatalogItem]:
        """Every item of the partner's catalog."""

    async def list_for_partner_subgroup(
        self, partner_id: str, group_id: str, subgroup_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[CatalogItem]:
        """The items under one group and subgroup of the partner's catalog."""

    async def create_for_partner(
        self, partner_id: str, group_id: str, subgroup_id: str, item: NewCatalogItem,
        **options: Unpack[ProgramOptions],
    ) -> str:  # fmt: skip
        """Create an item in the partner's catalog; return its id (from ``Location``)."""

    create_for_partner_deprecated = twin(
        create_for_partner, "product_catalog.items.create_for_partner_deprecated"
    )


class ProductCatalogService(ConvercusService):
    """The catalog's three levels: :attr:`groups`, :attr:`subgroups` and :attr:`items`."""

    groups = SubService(CatalogGroupsService)
    """Merchandise groups."""
    subgroups = SubService(CatalogSubgroupsService)
    """Subgroups of the merchandise groups."""
    items = SubService(CatalogItemsService)
    """Items (articles), filed under a group and subgroup."""
