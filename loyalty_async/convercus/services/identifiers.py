"""Identifiers (card, app and external codes) and identifier batches."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from loyalty_async.convercus.enums import IdentifierType, IdType
from loyalty_async.convercus.models.profile import Identifier, IdentifierBatch, NewIdentifierBatch
from loyalty_async.convercus.services.base import (
    AccountRef,
    ConvercusService,
    RequestOptions,
    operation,
    sends,
    twin,
)
from loyalty_async.errors import ValidationError
from loyalty_async.paging import Pager


class IdentifiersService(ConvercusService, prefix="identifiers"):
    """The codes that address an account (``id_type=IdType.CARDCODE`` …), and their batches."""

    async def list_for_account(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[Identifier]:  # fmt: skip
        """Every identifier of the account (``[]`` if it has none)."""

    async def create(
        self, account_id: AccountRef, type: IdentifierType | str, code: str | None = None,
        display_code: str | None = None, **options: Unpack[RequestOptions],
    ) -> str | None:  # fmt: skip
        """Attach a new identifier (``code`` left out: Convercus makes one); return its id.

        The id is read from ``Location`` or the body's ``identifierId``; ``None`` when the
        server sends neither (it was still created: see :meth:`list_for_account`).
        """

    async def lock(
        self, account: AccountRef, identifier_id: str, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Identifier | None:  # fmt: skip
        """Lock an identifier of the account; the identifier, if the server sends it back."""

    async def unlock(
        self, account: AccountRef, identifier_id: str, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Identifier | None:  # fmt: skip
        """Unlock an identifier of the account; the identifier, if the server sends it back."""

    async def get(self, identifier_id: str, **options: Unpack[RequestOptions]) -> Identifier:
        """One identifier, by its id."""

    async def terminate(self, identifier_id: str, **options: Unpack[RequestOptions]) -> None:
        """Terminate an identifier for good (its code no longer addresses the account)."""

    @operation("identifier_batches.list")
    async def list_batches(self, **options: Unpack[RequestOptions]) -> list[IdentifierBatch]:
        """Every identifier batch of the program."""

    @sends("identifier_batches.create")
    async def create_batch(
        self, type: IdentifierType | str, count: int, *, fields: Mapping[str, Any] | None = None,
        **options: Unpack[RequestOptions],
    ) -> IdentifierBatch | None:  # fmt: skip
        """Generate ``count`` identifiers of ``type`` in a new batch (inferred body).

        ``fields`` (camelCase keys) adds what else your program needs. Returns the batch,
        one holding only the ``Location`` id, or ``None`` when the server sends neither.
        """
        request = NewIdentifierBatch(type=type, count=count)
        body = self._converter.unstructure(request)
        if fields is not None and not isinstance(fields, Mapping):
            raise ValidationError(f"fields must be a mapping, got {fields!r}", field="fields")
        for key, value in (fields or {}).items():
            if not isinstance(key, str) or not key:
                raise ValidationError(f"fields keys must be names, got {key!r}", field="fields")
            if key in body:  # checked above: type and count are the arguments' own
                raise ValidationError(
                    f"fields must not set {key!r}; pass it as an argument", field="fields"
                )
            body[key] = value
        response = await self._send(
            "identifier_batches.create",
            json=body,
            context={"type": body["type"], "count": count},
            options=options,
        )
        batch = self._optional(response, IdentifierBatch)
        location = response.headers.get("Location")
        if batch is None:
            return IdentifierBatch(batch_id=self._location_id(response)) if location else None
        if batch.batch_id is None and location:
            batch.batch_id = self._location_id(response)
        return batch

    create_batch_deprecated = twin(create_batch, "identifier_batches.create_deprecated")

    @operation("identifier_batches.get")
    async def get_batch(self, batch_id: str, **options: Unpack[RequestOptions]) -> IdentifierBatch:
        """One identifier batch, by its id."""

    @operation("identifier_batches.list_identifiers")
    def list_batch_identifiers(
        self, batch_id: str, *, page_size: int = 100, start_page: int = 0,
        **options: Unpack[RequestOptions],
    ) -> Pager[Identifier]:  # fmt: skip
        """Walk the identifiers of a batch, page by page."""
