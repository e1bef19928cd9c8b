"""Identifiers (card, app and external codes) and identifier batches."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from loyalty_async.convercus.enums import IdentifierType, IdType
from loyalty_async.convercus.models.profile import Identifier, IdentifierBatch
from loyalty_async.convercus.services.base import AccountRef, ConvercusService, sends, twin
from loyalty_async.convercus.validation import (
    check_enum,
    check_positive_int,
    check_text,
    check_uuid,
)
from loyalty_async.errors import DecodeError, ValidationError
from loyalty_async.paging import Pager

#: Keys under which an identifier batch may carry its id (the shape is not documented).
_BATCH_ID_KEYS = ("batchId", "identifierBatchId", "id")


class IdentifiersService(ConvercusService):
    """Attach, list, lock, unlock and terminate the codes that address an account.

    Also generates identifiers in batches (``*_batch`` methods). Once attached, a code
    addresses its account in every account call: ``id_type=IdType.CARDCODE`` and so on.
    """

    @sends("identifiers.list_for_account")
    async def list_for_account(
        self, account: AccountRef, *, id_type: IdType | str | None = None
    ) -> list[Identifier]:
        """Every identifier of the account (``[]`` if it has none)."""
        ref, header = self._account(account, id_type)
        response = await self._send(
            "identifiers.list_for_account", path={"accountId": ref}, id_type=header
        )
        return self._structure_list(response, Identifier)

    @sends("identifiers.create")
    async def create(
        self,
        account_id: AccountRef,
        type: IdentifierType | str,
        code: str | None = None,
        display_code: str | None = None,
    ) -> str | None:
        """Attach a new identifier to the account ``account_id`` (its technical id).

        ``type`` is ``APPCODE``, ``CARDCODE`` or ``EXTERNALCODE``; ``code`` and
        ``display_code`` are optional (left out, Convercus generates the code).

        Returns the new identifier's id from the ``Location`` header. Convercus does not
        document that header for identifiers: without it the id is read from an
        ``identifierId`` in the body, and if neither is there the result is ``None``.
        The identifier was still created; find it with :meth:`list_for_account`.
        """
        account = check_uuid(account_id, "account_id")
        body: dict[str, Any] = {"type": check_enum(type, IdentifierType, "type").value}
        if code is not None:
            body["code"] = check_text(code, "code")
        if display_code is not None:
            body["displayCode"] = check_text(display_code, "display_code")
        response = await self._send(
            "identifiers.create",
            path={"accountId": account},
            json=body,
            context={"account_id": account, "type": body["type"], "code": code},
        )
        location = response.headers.get("Location")
        if location and location.strip():
            return self._location_id(response)
        try:
            data = self._json(response)
        except DecodeError:  # a text body without an id is as good as none
            return None
        if isinstance(data, Mapping) and isinstance(data.get("identifierId"), str):
            return str(data["identifierId"])
        return None

    @sends("identifiers.lock")
    async def lock(
        self,
        account: AccountRef,
        identifier_id: str,
        *,
        id_type: IdType | str | None = None,
    ) -> Identifier | None:
        """Lock an identifier of the account; the identifier, if the server sends it back."""
        return await self._lock_or_unlock("identifiers.lock", account, identifier_id, id_type)

    @sends("identifiers.unlock")
    async def unlock(
        self,
        account: AccountRef,
        identifier_id: str,
        *,
        id_type: IdType | str | None = None,
    ) -> Identifier | None:
        """Unlock an identifier of the account; the identifier, if the server sends it back."""
        return await self._lock_or_unlock("identifiers.unlock", account, identifier_id, id_type)

    async def _lock_or_unlock(
        self,
        name: str,
        account: AccountRef,
        identifier_id: str,
        id_type: IdType | str | None,
    ) -> Identifier | None:
        ref, header = self._account(account, id_type)
        identifier = check_uuid(identifier_id, "identifier_id")
        response = await self._send(
            name,
            path={"accountId": ref, "identifierId": identifier},
            id_type=header,
            context={"account": ref, "identifier_id": identifier},
        )
        return self._optional(response, Identifier)

    @sends("identifiers.get")
    async def get(self, identifier_id: str) -> Identifier:
        """One identifier, by its id."""
        identifier = check_uuid(identifier_id, "identifier_id")
        response = await self._send("identifiers.get", path={"identifierId": identifier})
        return self._structure(response, Identifier)

    @sends("identifiers.terminate")
    async def terminate(self, identifier_id: str) -> None:
        """Terminate an identifier for good (its code no longer addresses the account)."""
        identifier = check_uuid(identifier_id, "identifier_id")
        await self._send("identifiers.terminate", path={"identifierId": identifier})

    # ------------------------------------------------------------------ batches

    @sends("identifier_batches.list")
    async def list_batches(self) -> list[IdentifierBatch]:
        """Every identifier batch of the program."""
        response = await self._send("identifier_batches.list")
        return [_with_batch_id(b) for b in self._structure_list(response, IdentifierBatch)]

    @sends("identifier_batches.create")
    async def create_batch(
        self,
        type: IdentifierType | str,
        count: int,
        *,
        fields: Mapping[str, Any] | None = None,
    ) -> IdentifierBatch | None:
        """Generate ``count`` identifiers of ``type`` in a new batch.

        Sends ``{"type": ..., "count": ..., **fields}``: the body is inferred, so
        ``fields`` (camelCase keys, sent as given) carries whatever else your program
        needs. Returns the batch the server sends back, a batch holding only the id from
        ``Location`` if it sends no body, or ``None`` if it sends neither.
        """
        body: dict[str, Any] = {
            "type": check_enum(type, IdentifierType, "type").value,
            "count": check_positive_int(count, "count"),
        }
        for key, value in (fields or {}).items():
            if not isinstance(key, str) or not key:
                raise ValidationError(f"fields keys must be names, got {key!r}", field="fields")
            body[key] = value
        response = await self._send(
            "identifier_batches.create", json=body, context={"type": body["type"], "count": count}
        )
        batch = self._optional(response, IdentifierBatch)
        if batch is not None:
            _with_batch_id(batch)
        elif response.headers.get("Location"):
            batch = IdentifierBatch(batch_id=self._location_id(response))
        else:
            return None
        if batch.batch_id is None and response.headers.get("Location"):
            batch.batch_id = self._location_id(response)
        return batch

    create_batch_deprecated = twin(create_batch, "identifier_batches.create_deprecated")

    @sends("identifier_batches.get")
    async def get_batch(self, batch_id: str) -> IdentifierBatch:
        """One identifier batch, by its id."""
        batch = check_text(batch_id, "batch_id")
        response = await self._send("identifier_batches.get", path={"batchId": batch})
        return _with_batch_id(self._structure(response, IdentifierBatch))

    @sends("identifier_batches.list_identifiers")
    def list_batch_identifiers(self, batch_id: str, *, page_size: int = 100) -> Pager[Identifier]:
        """The identifiers of a batch, page by page (Spring ``page``/``size``).

        ``async for identifier in client.identifiers.list_batch_identifiers(batch_id)``
        walks every page; nothing is sent before the first iteration.
        """
        batch = check_text(batch_id, "batch_id")
        return self._pager(
            "identifier_batches.list_identifiers",
            Identifier,
            page_size=page_size,
            path={"batchId": batch},
        )


def _with_batch_id(batch: IdentifierBatch) -> IdentifierBatch:
    """Fill ``batch_id`` from whichever likely key the server used for it."""
    if batch.batch_id is None:
        for key in _BATCH_ID_KEYS:
            value = batch.raw.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool):
                batch.batch_id = str(value)
                break
    return batch
