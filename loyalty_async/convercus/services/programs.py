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
from loyalty_async.convercus.services.base import (
    ConvercusService,
    RequestOptions,
    operation,
    twin,
)
from loyalty_async.operations.service import SubService


class ProgramBlacklistsService(ConvercusService):
    """Read, add, replace and delete entries of the program's blacklist."""

    @operation("programs.blacklists.list")
    async def list(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[BlacklistEntry]:
        """Every entry of the program's blacklist."""

    @operation("programs.blacklists.get")
    async def get(
        self, blacklist_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BlacklistEntry:  # fmt: skip
        """One blacklist entry (``blacklist_id`` is a UUID)."""

    @operation("programs.blacklists.create")
    async def create(
        self, entry: NewBlacklistEntry, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Add an entry to the blacklist; return its id (read from ``Location``)."""

    @operation("programs.blacklists.update")
    async def update(
        self, blacklist_id: str, entry: NewBlacklistEntry, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BlacklistEntry | None:  # fmt: skip
        """Replace a blacklist entry (``PUT``); the stored entry, if the server sends it."""

    @operation("programs.blacklists.delete")
    async def delete(
        self, blacklist_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Remove an entry from the blacklist."""


class ProgramCustomPropertiesService(ConvercusService):
    """Define the custom properties users, accounts, coupons and stores carry."""

    @operation("programs.custom_properties.list")
    async def list(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[CustomPropertyDefinition]:
        """Every custom property the program defines."""

    @operation("programs.custom_properties.get")
    async def get(
        self, custom_property_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CustomPropertyDefinition:  # fmt: skip
        """One custom property definition (``custom_property_id`` is a UUID)."""

    @operation("programs.custom_properties.create")
    async def create(
        self, definition: NewCustomPropertyDefinition, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Define a custom property; return its id (read from ``Location``)."""

    @operation("programs.custom_properties.update")
    async def update(
        self, custom_property_id: str, definition: NewCustomPropertyDefinition, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> CustomPropertyDefinition | None:  # fmt: skip
        """Replace a custom property definition (``PUT``); the stored one, if sent back."""


class ProgramEndpointsService(ConvercusService):
    """The URLs of outside systems the program calls, by type."""

    @operation("programs.endpoints.list")
    async def list(
        self, *, type: str | None = None, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[Endpoint]:  # fmt: skip
        """The program's endpoints; only those of ``type`` if given (sent as ``?type=``)."""

    @operation("programs.endpoints.get")
    async def get(
        self, endpoint_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Endpoint:  # fmt: skip
        """One endpoint (``endpoint_id`` is a UUID)."""

    @operation("programs.endpoints.create")
    async def create(
        self, endpoint: NewEndpoint, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create an endpoint (``POST /v2/…``); return its id (read from ``Location``)."""

    create_deprecated = twin(create, "programs.endpoints.create_deprecated")

    @operation("programs.endpoints.update")
    async def update(
        self, endpoint_id: str, endpoint: NewEndpoint, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Endpoint | None:  # fmt: skip
        """Replace an endpoint (``PUT``); the stored endpoint, if the server sends it."""

    update_deprecated = twin(update, "programs.endpoints.update_deprecated")

    @operation("programs.endpoints.delete")
    async def delete(
        self, endpoint_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete an endpoint."""


class ProgramResourcesService(ConvercusService):
    """Files and links the program serves (images, documents)."""

    @operation("programs.resources.get")
    async def get(
        self, resource_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Resource:  # fmt: skip
        """One resource (``resource_id`` is a UUID)."""

    @operation("programs.resources.create")
    async def create(
        self, resource: NewResource, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create a resource; return its id (read from ``Location``)."""

    @operation("programs.resources.delete")
    async def delete(
        self, resource_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete a resource."""


class ProgramTagsService(ConvercusService):
    """Tags that label the program's objects, one ``domain`` (kind of object) each."""

    @operation("programs.tags.list")
    async def list(
        self, *, domain: str | None = None, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[Tag]:  # fmt: skip
        """The program's tags; only those of ``domain`` if given (sent as ``?domain=``)."""

    @operation("programs.tags.get")
    async def get(
        self, tag_id: str, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> Tag:
        """One tag (``tag_id`` is a UUID)."""

    @operation("programs.tags.create")
    async def create(
        self, tag: NewTag, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> str:
        """Create a tag; return its id (read from ``Location``)."""

    create_deprecated = twin(create, "programs.tags.create_deprecated")

    @operation("programs.tags.update")
    async def update(
        self, tag_id: str, tag: NewTag, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Tag | None:  # fmt: skip
        """Replace a tag (``PUT``); the stored tag, if the server sends it."""

    update_deprecated = twin(update, "programs.tags.update_deprecated")

    @operation("programs.tags.delete")
    async def delete(
        self, tag_id: str, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> None:
        """Delete a tag."""


class ProgramsService(ConvercusService):
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

    @operation("programs.list_operations")
    async def list_operations(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[ApiOperation]:
        """The API operations of the program."""
