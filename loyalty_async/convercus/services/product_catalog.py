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
from loyalty_async.convercus.services.base import (
    ConvercusService,
    RequestOptions,
    operation,
    twin,
)
from loyalty_async.operations.service import SubService


class CatalogGroupsService(ConvercusService):
    """Merchandise groups of the program's catalog, and of a partner's."""

    @operation("product_catalog.groups.list")
    async def list(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[CatalogGroup]:
        """Every group of the program's catalog."""

    list_deprecated = twin(list, "product_catalog.groups.list_deprecated")

    @operation("product_catalog.groups.get")
    async def get(
        self, group_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CatalogGroup:  # fmt: skip
        """One group (``group_id`` is a UUID)."""

    @operation("product_catalog.groups.create")
    async def create(
        self, group: NewCatalogGroup, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create a group in the program's catalog; return its id (from ``Location``)."""

    create_deprecated = twin(create, "product_catalog.groups.create_deprecated")

    @operation("product_catalog.groups.update")
    async def update(
        self, group_id: str, group: NewCatalogGroup, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CatalogGroup | None:  # fmt: skip
        """Replace a group (``PUT``); the stored group, if the server sends it."""

    update_deprecated = twin(update, "product_catalog.groups.update_deprecated")

    @operation("product_catalog.groups.delete")
    async def delete(
        self, group_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete a group."""

    @operation("product_catalog.groups.list_for_partner")
    async def list_for_partner(
        self, partner_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[CatalogGroup]:  # fmt: skip
        """Every group of the partner's catalog."""

    @operation("product_catalog.groups.create_for_partner")
    async def create_for_partner(
        self, partner_id: str, group: NewCatalogGroup, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create a group in the partner's catalog; return its id (from ``Location``)."""

    create_for_partner_deprecated = twin(
        create_for_partner, "product_catalog.groups.create_for_partner_deprecated"
    )


class CatalogSubgroupsService(ConvercusService):
    """Subgroups of the merchandise groups, in the program's catalog and a partner's."""

    @operation("product_catalog.subgroups.list")
    async def list(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[CatalogSubgroup]:
        """Every subgroup of the program's catalog, whatever its group."""

    list_deprecated = twin(list, "product_catalog.subgroups.list_deprecated")

    @operation("product_catalog.subgroups.list_for_group")
    async def list_for_group(
        self, group_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[CatalogSubgroup]:  # fmt: skip
        """The subgroups of one group."""

    @operation("product_catalog.subgroups.create")
    async def create(
        self, group_id: str, subgroup: NewCatalogSubgroup, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create a subgroup under ``group_id``; return its id (from ``Location``)."""

    create_deprecated = twin(create, "product_catalog.subgroups.create_deprecated")

    @operation("product_catalog.subgroups.update")
    async def update(
        self, subgroup_id: str, subgroup: NewCatalogSubgroup, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CatalogSubgroup | None:  # fmt: skip
        """Replace a subgroup (``PUT``); the stored subgroup, if the server sends it."""

    update_deprecated = twin(update, "product_catalog.subgroups.update_deprecated")

    @operation("product_catalog.subgroups.delete")
    async def delete(
        self, subgroup_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete a subgroup."""

    @operation("product_catalog.subgroups.get_for_partner")
    async def get_for_partner(
        self, partner_id: str, subgroup_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CatalogSubgroup:  # fmt: skip
        """One subgroup of the partner's catalog."""

    @operation("product_catalog.subgroups.list_for_partner_group")
    async def list_for_partner_group(
        self, partner_id: str, group_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[CatalogSubgroup]:  # fmt: skip
        """The subgroups of one group of the partner's catalog."""

    @operation("product_catalog.subgroups.create_for_partner")
    async def create_for_partner(
        self, partner_id: str, group_id: str, subgroup: NewCatalogSubgroup, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create a subgroup under a group of the partner's catalog; return its id."""

    create_for_partner_deprecated = twin(
        create_for_partner, "product_catalog.subgroups.create_for_partner_deprecated"
    )


class CatalogItemsService(ConvercusService):
    """Items (articles) of the program's catalog and a partner's."""

    @operation("product_catalog.items.list")
    async def list(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[CatalogItem]:
        """Every item of the program's catalog."""

    list_deprecated = twin(list, "product_catalog.items.list_deprecated")

    @operation("product_catalog.items.list_for_subgroup")
    async def list_for_subgroup(
        self, group_id: str, subgroup_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[CatalogItem]:  # fmt: skip
        """The items filed under one group and subgroup."""

    @operation("product_catalog.items.get")
    async def get(
        self, item_id: str, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> CatalogItem:
        """One item (``item_id`` is a UUID)."""

    @operation("product_catalog.items.create")
    async def create(
        self, group_id: str, subgroup_id: str, item: NewCatalogItem, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create an item under a group and subgroup; return its id (from ``Location``)."""

    create_deprecated = twin(create, "product_catalog.items.create_deprecated")

    @operation("product_catalog.items.update")
    async def update(
        self, item_id: str, item: NewCatalogItem, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CatalogItem | None:  # fmt: skip
        """Replace an item (``PUT``); the stored item, if the server sends it."""

    update_deprecated = twin(update, "product_catalog.items.update_deprecated")

    @operation("product_catalog.items.delete")
    async def delete(
        self, item_id: str, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> None:
        """Delete an item."""

    @operation("product_catalog.items.list_for_partner")
    async def list_for_partner(
        self, partner_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[CatalogItem]:  # fmt: skip
        """Every item of the partner's catalog."""

    @operation("product_catalog.items.list_for_partner_subgroup")
    async def list_for_partner_subgroup(
        self, partner_id: str, group_id: str, subgroup_id: str, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> builtins.list[CatalogItem]:  # fmt: skip
        """The items under one group and subgroup of the partner's catalog."""

    @operation("product_catalog.items.create_for_partner")
    async def create_for_partner(
        self, partner_id: str, group_id: str, subgroup_id: str, item: NewCatalogItem, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
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
