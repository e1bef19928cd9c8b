"""Device mounting: the partners, programs, stores and images the mounting service keeps.

The same seven CRUD operations per kind as in ``mounting``, plus image uploads.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any

from typing_extensions import Unpack

from loyalty_async.codec import MultipartFile, encode_multipart
from loyalty_async.convercus.models.mounting import (
    ImageFile,
    MountingImage,
    MountingImageUpdate,
    MountingPartner,
    MountingPartnerUpdate,
    MountingProgram,
    MountingProgramUpdate,
    MountingStore,
    MountingStoreUpdate,
    NewMountingImage,
    NewMountingPartner,
    NewMountingProgram,
    NewMountingStore,
)
from loyalty_async.convercus.services.base import (
    DEFAULT_PAGE_SIZE,
    ConvercusService,
    RequestOptions,
    sends,
)
from loyalty_async.errors import ValidationError
from loyalty_async.paging import Pager


class MountingPartnersService(ConvercusService, prefix="mounting.partners"):
    """The partners the mounting service keeps."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[MountingPartner]:  # fmt: skip
        """Walk the partners (``filters`` go to the query as they are)."""

    async def get(self, partner_id: str, **options: Unpack[RequestOptions]) -> MountingPartner:
        """One partner (``partner_id`` is a UUID)."""

    async def create(self, partner: NewMountingPartner, **options: Unpack[RequestOptions]) -> str:
        """Create a partner; return its id (``Location``, or the created record's)."""

    async def create_many(
        self, bulk: builtins.list[NewMountingPartner], **options: Unpack[RequestOptions]
    ) -> builtins.list[MountingPartner]:
        """Create several partners in one request; return them as created."""

    async def replace(
        self, partner_id: str, partner: NewMountingPartner, **options: Unpack[RequestOptions]
    ) -> MountingPartner | None:
        """Store the partner whole (``PUT``): fields left out are deleted."""

    async def update(
        self, partner_id: str, changes: MountingPartnerUpdate, **options: Unpack[RequestOptions]
    ) -> MountingPartner | None:
        """Change some fields of the partner (``PATCH``)."""

    async def delete(self, partner_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete the partner."""


class MountingProgramsService(ConvercusService, prefix="mounting.programs"):
    """The loyalty programs the mounting service keeps."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[MountingProgram]:  # fmt: skip
        """Walk the programs (``filters`` go to the query as they are)."""

    async def get(self, program_id: str, **options: Unpack[RequestOptions]) -> MountingProgram:
        """One program (``program_id`` is a UUID)."""

    async def create(self, program: NewMountingProgram, **options: Unpack[RequestOptions]) -> str:
        """Create a program; return its id (``Location``, or the created record's)."""

    async def create_many(
        self, bulk: builtins.list[NewMountingProgram], **options: Unpack[RequestOptions]
    ) -> builtins.list[MountingProgram]:
        """Create several programs in one request; return them as created."""

    async def replace(
        self, program_id: str, program: NewMountingProgram, **options: Unpack[RequestOptions]
    ) -> MountingProgram | None:
        """Store the program whole (``PUT``): fields left out are deleted."""

    async def update(
        self, program_id: str, changes: MountingProgramUpdate, **options: Unpack[RequestOptions]
    ) -> MountingProgram | None:
        """Change some fields of the program (``PATCH``)."""

    async def delete(self, program_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete the program."""


class MountingStoresService(ConvercusService, prefix="mounting.stores"):
    """The stores the mounting service keeps (where devices are mounted)."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[MountingStore]:  # fmt: skip
        """Walk the stores (``filters`` go to the query as they are)."""

    async def get(self, store_id: str, **options: Unpack[RequestOptions]) -> MountingStore:
        """One store (``store_id`` is a UUID)."""

    async def create(self, store: NewMountingStore, **options: Unpack[RequestOptions]) -> str:
        """Create a store; return its id (``Location``, or the created record's)."""

    async def create_many(
        self, bulk: builtins.list[NewMountingStore], **options: Unpack[RequestOptions]
    ) -> builtins.list[MountingStore]:
        """Create several stores in one request; return them as created."""

    async def replace(
        self, store_id: str, store: NewMountingStore, **options: Unpack[RequestOptions]
    ) -> MountingStore | None:
        """Store the store whole (``PUT``): fields left out are deleted."""

    async def update(
        self, store_id: str, changes: MountingStoreUpdate, **options: Unpack[RequestOptions]
    ) -> MountingStore | None:
        """Change some fields of the store (``PATCH``)."""

    async def delete(self, store_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete the store."""


class MountingImagesService(ConvercusService, prefix="mounting.images"):
    """Images mounted devices show: records, and uploads of the files."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[MountingImage]:  # fmt: skip
        """Walk the images (``filters`` go to the query as they are)."""

    async def get(self, image_id: str, **options: Unpack[RequestOptions]) -> MountingImage:
        """One image (``image_id`` is a UUID)."""

    async def create(self, image: NewMountingImage, **options: Unpack[RequestOptions]) -> str:
        """Create a image; return its id (``Location``, or the created record's)."""

    async def create_many(
        self, bulk: builtins.list[NewMountingImage], **options: Unpack[RequestOptions]
    ) -> builtins.list[MountingImage]:
        """Create several images in one request; return them as created."""

    async def replace(
        self, image_id: str, image: NewMountingImage, **options: Unpack[RequestOptions]
    ) -> MountingImage | None:
        """Store the image whole (``PUT``): fields left out are deleted."""

    async def update(
        self, image_id: str, changes: MountingImageUpdate, **options: Unpack[RequestOptions]
    ) -> MountingImage | None:
        """Change some fields of the image (``PATCH``)."""

    async def delete(self, image_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete the image."""

    @sends("mounting.images.upload")
    async def upload(
        self, image: bytes, *, filename: str, content_type: str = "image/png",
        **options: Unpack[RequestOptions],
    ) -> MountingImage:  # fmt: skip
        """Upload an image file (form field ``file``); the image, or one with the new id."""
        file = ImageFile(filename, image, content_type)
        content, multipart_type = encode_multipart(files=[_part("file", file)])
        response = await self._send(
            "mounting.images.upload",
            content=content,
            headers={"Content-Type": multipart_type},
            context={"filename": file.filename},
            options=options,
        )
        described = self._optional(response, MountingImage)
        return described if described is not None else MountingImage(id=self._location_id(response))

    @sends("mounting.images.upload_bulk")
    async def upload_bulk(
        self, files: Sequence[ImageFile], **options: Unpack[RequestOptions]
    ) -> builtins.list[MountingImage]:
        """Upload several image files in one request (form field ``files``, one per file)."""
        if not isinstance(files, list | tuple) or not files:
            raise ValidationError("files must be a non-empty list of ImageFile", field="files")
        if not all(isinstance(file, ImageFile) for file in files):
            raise ValidationError("files must hold ImageFile(filename, image, ...)", field="files")
        content, multipart_type = encode_multipart(files=[_part("files", f) for f in files])
        response = await self._send(
            "mounting.images.upload_bulk",
            content=content,
            headers={"Content-Type": multipart_type},
            context={"filenames": [file.filename for file in files]},
            options=options,
        )
        return self._structure_list(response, MountingImage)


def _part(field: str, file: ImageFile) -> MultipartFile:
    return MultipartFile(field, file.filename, bytes(file.image), file.content_type)
