"""A program's configuration: blacklists, custom properties, endpoints, resources, tags.

Scoped to a program; every path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from loyalty_async.convercus.models.program import (
    ApiOperation,
    BlacklistEntry,
    CustomPropertyDefinition,
    Endpoint,
    NewBlacklistEntry,
    NewCustomPropertyDefinition,
    NewEndpoint,
    NewResource,
    NewTag,
    Resource,
    Tag,
)
from loyalty_async.convercus.services.base import ConvercusService, ProgramOptions, twin
from loyalty_async.operations.service import SubService


class ProgramBlacklistsService(ConvercusService, prefix="programs.blacklists"):
    """Read, add, replace and delete entries of the program's blacklist."""

    async def list(self, **options: Unpack[ProgramOptions]) -> builtins.list[BlacklistEntry]:
        """Every entry of the program's blacklist."""

    async def get(self, blacklist_id: str, **options: Unpack[ProgramOptions]) -> BlacklistEntry:
        """One blacklist entry (``blacklist_id`` is a UUID)."""

    async def create(self, entry: NewBlacklistEntry, **options: Unpack[ProgramOptions]) -> str:
        """Add an entry to the blacklist; return its id (read from ``Location``)."""

    async def update(
        self, blacklist_id: str, entry: NewBlacklistEntry, **options: Unpack[ProgramOptions]
    ) -> BlacklistEntry | None:
        """Replace a blacklist entry (``PUT``); the stored entry, if the server sends it."""

    async def delete(self, blacklist_id: str, **options: Unpack[ProgramOptions]) -> None:
        """Remove an entry from the blacklist."""


class ProgramCustomPropertiesService(ConvercusService, prefix="programs.custom_properties"):
    """Define the custom properties users, accounts, coupons and stores carry."""

    async def list(
        self, **options: Unpack[ProgramOptions]
    ) -> builtins.list[CustomPropertyDefinition]:
        """Every custom property the program defines."""

    async def get(
        self, custom_property_id: str, **options: Unpack[ProgramOptions]
    ) -> CustomPropertyDefinition:
        """One custom property definition (``custom_property_id`` is a UUID)."""

    async def create(
        self, definition: NewCustomPropertyDefinition, **options: Unpack[ProgramOptions]
    ) -> str:
        """Define a custom property; return its id (read from ``Location``)."""

    async def update(
        self, custom_property_id: str, definition: NewCustomPropertyDefinition,
        **options: Unpack[ProgramOptions],
    ) -> CustomPropertyDefinition | None:  # fmt: skip
        """Replace a custom property definition (``PUT``); the stored one, if sent back."""


class ProgramEndpointsService(ConvercusService, prefix="programs.endpoints"):
    """The URLs of outside systems the program calls, by type."""

    async def list(
        self, *, type: str | None = None, **options: Unpack[ProgramOptions]
    ) -> builtins.list[Endpoint]:
        """The program's endpoints; only those of ``type`` if given (sent as ``?type=``)."""

    async def get(self, endpoint_id: str, **options: Unpack[ProgramOptions]) -> Endpoint:
        """One endpoint (``endpoint_id`` is a UUID)."""

    async def create(self, endpoint: NewEndpoint, **options: Unpack[ProgramOptions]) -> str:
        """Create an endpoint (``POST /v2/…``); return its id (read from ``Location``)."""

    create_deprecated = twin(create, "programs.endpoints.create_deprecated")

    async def update(
        self, endpoint_id: str, endpoint: NewEndpoint, **options: Unpack[ProgramOptions]
    ) -> Endpoint | None:
        """Replace an endpoint (``PUT``); the stored endpoint, if the server sends it."""

    update_deprecated = twin(update, "programs.endpoints.update_deprecated")

    async def delete(self, endpoint_id: str, **options: Unpack[ProgramOptions]) -> None:
        """Delete an endpoint."""


class ProgramResourcesService(ConvercusService, prefix="programs.resources"):
    """Files and links the program serves (images, documents)."""

    async def get(self, resource_id: str, **options: Unpack[ProgramOptions]) -> Resource:
        """One resource (``resource_id`` is a UUID)."""

    async def create(self, resource: NewResource, **options: Unpack[ProgramOptions]) -> str:
        """Create a resource; return its id (read from ``Location``)."""

    async def delete(self, resource_id: str, **options: Unpack[ProgramOptions]) -> None:
        """Delete a resource."""


class ProgramTagsService(ConvercusService, prefix="programs.tags"):
    """Tags that label the program's objects, one ``domain`` (kind of object) each."""

    async def list(
        self, *, domain: str | None = None, **options: Unpack[ProgramOptions]
    ) -> builtins.list[Tag]:
        """The program's tags; only those of ``domain`` if given (sent as ``?domain=``)."""

    async def get(self, tag_id: str, **options: Unpack[ProgramOptions]) -> Tag:
        """One tag (``tag_id`` is a UUID)."""

    async def create(self, tag: NewTag, **options: Unpack[ProgramOptions]) -> str:
        """Create a tag; return its id (read from ``Location``)."""

    create_deprecated = twin(create, "programs.tags.create_deprecated")

    async def update(
        self, tag_id: str, tag: NewTag, **options: Unpack[ProgramOptions]
    ) -> Tag | None:
        """Replace a tag (``PUT``); the stored tag, if the server sends it."""

    update_deprecated = twin(update, "programs.tags.update_deprecated")

    async def delete(self, tag_id: str, **options: Unpack[ProgramOptions]) -> None:
        """Delete a tag."""


class ProgramsService(ConvercusService, prefix="programs"):
    """The program's own configuration."""

    blacklists = SubService(ProgramBlacklistsService)
    """Entries of the program's blacklist."""
    custom_properties = SubService(ProgramCustomPropertiesService)
    """The custom properties the program defines for users, accounts, coupons, stores."""
    endpoints = SubService(ProgramEndpointsService)
    """URLs of outside systems the program calls."""
    resources = SubService(ProgramResourcesService)
    """Files and links the program serves."""
    tags = SubService(ProgramTagsService)
    """Tags that label the program's objects."""

    async def list_operations(
        self, **options: Unpack[ProgramOptions]
    ) -> builtins.list[ApiOperation]:
        """The API operations of the program."""
