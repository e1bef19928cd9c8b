"""Helpers shared by the customer-profile services (accounts, identifiers, users, memberships)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TypeVar

from loyalty_async.convercus.enums import IdType
from loyalty_async.convercus.services.base import ConvercusService, structure
from loyalty_async.convercus.validation import check_account_ref
from loyalty_async.transport.base import Response

T = TypeVar("T")

#: An account reference: its technical id, or one of its codes together with ``id_type``.
AccountRef = str | uuid.UUID


class ProfileService(ConvercusService):
    """A Convercus service that addresses accounts by id or code and reads optional bodies."""

    @staticmethod
    def _account(account: AccountRef, id_type: IdType | str | None) -> tuple[str, str | None]:
        """The account path value and the ``id-type`` header, checked before any request."""
        text, member = check_account_ref(account, id_type)
        return text, None if member is None else member.value

    def _structure_optional(self, response: Response, model: type[T]) -> T | None:
        """Structure a JSON object body into ``model``; ``None`` for an empty or non-object body.

        Used by writes whose answer no source documents: a server that echoes the resource
        gives it back, one that answers ``204`` gives ``None``.
        """
        data = self._json(response)
        if not isinstance(data, Mapping):
            return None
        return structure(data, model, response)
