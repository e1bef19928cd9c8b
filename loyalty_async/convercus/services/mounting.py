"""Device mounting: devices, their mountings in stores, and their profiles.

A generic CRUD service: each kind has the same seven operations, lists page with ``page``
(from 1) and ``limit``. Its partners, programs, stores and images: ``mounting_sites``.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from loyalty_async.convercus.models.mounting import (
    Device,
    DeviceUpdate,
    Mounting,
    MountingProfile,
    MountingProfileUpdate,
    MountingUpdate,
    NewDevice,
    NewMounting,
    NewMountingProfile,
)
from loyalty_async.convercus.models.platform import ServiceHealth
from loyalty_async.convercus.services.base import (
    DEFAULT_PAGE_SIZE,
    ConvercusService,
    RequestOptions,
)
from loyalty_async.convercus.services.mounting_sites import (
    MountingImagesService,
    MountingPartnersService,
    MountingProgramsService,
    MountingStoresService,
)
from loyalty_async.operations.service import SubService
from loyalty_async.paging import Pager


class MountingDevicesService(ConvercusService, prefix="mounting.devices"):
    """Devices: tablets, kiosks and terminals the service knows."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[Device]:  # fmt: skip
        """Walk the devices (``filters`` go to the query as they are)."""

    async def get(self, device_id: str, **options: Unpack[RequestOptions]) -> Device:
        """One device (``device_id`` is a UUID)."""

    async def create(self, device: NewDevice, **options: Unpack[RequestOptions]) -> str:
        """Create a device; return its id (``Location``, or the created record's)."""

    async def create_many(
        self, bulk: builtins.list[NewDevice], **options: Unpack[RequestOptions]
    ) -> builtins.list[Device]:
        """Create several devices in one request; return them as created."""

    async def replace(
        self, device_id: str, device: NewDevice, **options: Unpack[RequestOptions]
    ) -> Device | None:
        """Store the device whole (``PUT``): fields left out are deleted."""

    async def update(
        self, device_id: str, changes: DeviceUpdate, **options: Unpack[RequestOptions]
    ) -> Device | None:
        """Change some fields of the device (``PATCH``)."""

    async def delete(self, device_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete the device."""


class MountingMountingsService(ConvercusService, prefix="mounting.mountings"):
    """Mountings: which device is mounted in which store, since and until when."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[Mounting]:  # fmt: skip
        """Walk the mountings (``filters`` go to the query as they are)."""

    async def get(self, mounting_id: str, **options: Unpack[RequestOptions]) -> Mounting:
        """One mounting (``mounting_id`` is a UUID)."""

    async def create(self, mounting: NewMounting, **options: Unpack[RequestOptions]) -> str:
        """Create a mounting; return its id (``Location``, or the created record's)."""

    async def create_many(
        self, bulk: builtins.list[NewMounting], **options: Unpack[RequestOptions]
    ) -> builtins.list[Mounting]:
        """Create several mountings in one request; return them as created."""

    async def replace(
        self, mounting_id: str, mounting: NewMounting, **options: Unpack[RequestOptions]
    ) -> Mounting | None:
        """Store the mounting whole (``PUT``): fields left out are deleted."""

    async def update(
        self, mounting_id: str, changes: MountingUpdate, **options: Unpack[RequestOptions]
    ) -> Mounting | None:
        """Change some fields of the mounting (``PATCH``)."""

    async def delete(self, mounting_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete the mounting."""


class MountingProfilesService(ConvercusService, prefix="mounting.profiles"):
    """Profiles: the settings mounted devices run with."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[MountingProfile]:  # fmt: skip
        """Walk the profiles (``filters`` go to the query as they are)."""

    async def get(self, profile_id: str, **options: Unpack[RequestOptions]) -> MountingProfile:
        """One profile (``profile_id`` is a UUID)."""

    async def create(self, profile: NewMountingProfile, **options: Unpack[RequestOptions]) -> str:
        """Create a profile; return its id (``Location``, or the created record's)."""

    async def create_many(
        self, bulk: builtins.list[NewMountingProfile], **options: Unpack[RequestOptions]
    ) -> builtins.list[MountingProfile]:
        """Create several profiles in one request; return them as created."""

    async def replace(
        self, profile_id: str, profile: NewMountingProfile, **options: Unpack[RequestOptions]
    ) -> MountingProfile | None:
        """Store the profile whole (``PUT``): fields left out are deleted."""

    async def update(
        self, profile_id: str, changes: MountingProfileUpdate, **options: Unpack[RequestOptions]
    ) -> MountingProfile | None:
        """Change some fields of the profile (``PATCH``)."""

    async def delete(self, profile_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete the profile."""


class MountingService(ConvercusService, prefix="mounting"):
    """The device mounting service: its health, and one sub-service per kind it keeps."""

    devices = SubService(MountingDevicesService)
    """Devices: tablets, kiosks and terminals."""
    mountings = SubService(MountingMountingsService)
    """Which device is mounted in which store, and when."""
    profiles = SubService(MountingProfilesService)
    """The settings mounted devices run with."""
    partners = SubService(MountingPartnersService)
    """The partners the mounting service keeps."""
    programs = SubService(MountingProgramsService)
    """The loyalty programs the mounting service keeps."""
    stores = SubService(MountingStoresService)
    """The stores the mounting service keeps."""
    images = SubService(MountingImagesService)
    """Image records and uploads."""

    async def health(self, **options: Unpack[RequestOptions]) -> ServiceHealth:
        """The mounting service's health check."""
