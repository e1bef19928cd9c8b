"""What every Convercus service shares: its table, account references and refusals."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any, ClassVar, TypeVar

from loyalty_async.convercus.enums import IdType
from loyalty_async.convercus.errors import refusals_as
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.convercus.validation import check_account_ref
from loyalty_async.errors import APIError
from loyalty_async.modeling import camel
from loyalty_async.operations import OperationTable
from loyalty_async.operations.binder import operation, sends, twin
from loyalty_async.operations.checks import check_id, check_uuid, is_canonical_uuid
from loyalty_async.operations.service import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ProgramOptions,
    RequestOptions,
    Service,
    check_filters,
    check_page,
    structure,
)
from loyalty_async.recipes.exactly_once import DEFAULT_SETTLE
from loyalty_async.transport.headers import CheckedHeaders

S = TypeVar("S", bound=Service)

#: An account reference: its technical id, or one of its codes together with ``id_type``.
AccountRef = str | uuid.UUID

#: The ``id-type`` header of each accepted value, built once (a member or its name).
_ID_TYPE_HEADERS: dict[Any, Mapping[str, str]] = {}
for _member in IdType:
    _ID_TYPE_HEADERS[_member.value] = CheckedHeaders({"id-type": _member.value})
_BY_ID = _ID_TYPE_HEADERS[IdType.ID.value]


class ConvercusService(Service):
    """Base class of the Convercus domain services: the Convercus table, casing and refusals.

    Built on a :class:`~loyalty_async.Session` (yours, if you like), a table (the client's,
    with its ``routes=``) and a default ``program_id``.
    """

    _table: ClassVar[OperationTable | None] = OPERATIONS
    _converter = camel
    #: The typed error family this service's business refusals are raised as (if any).
    _refusals: ClassVar[type[APIError] | None] = None

    @classmethod
    def _refusal_context(cls) -> Callable[[], AbstractContextManager[None]] | None:
        if cls._refusals is None:
            return None
        return functools.partial(refusals_as, cls._refusals)

    def _account_ref(self, account: Any, id_type: Any) -> tuple[str, Mapping[str, str] | None]:
        """The account path value and its ``id-type`` header, checked before any request."""
        if id_type is None:
            if type(account) is str and is_canonical_uuid(account):
                return account, None
            return check_account_ref(account, None)[0], None
        try:
            headers = _ID_TYPE_HEADERS.get(id_type)
        except TypeError:  # unhashable: certainly not an IdType
            headers = None
        if headers is None:
            check_account_ref(account, id_type)  # raises, naming the accepted values
            raise AssertionError("unreachable")  # pragma: no cover
        if headers is _BY_ID:
            return check_uuid(account, "account"), headers
        return check_id(account, "account"), headers

    #: Seconds a reconcile lets pass after a write gave up before it looks (the client's
    #: ``reconcile_settle``; :mod:`loyalty_async.recipes.exactly_once`).
    reconcile_settle: float = DEFAULT_SETTLE

    def _child(self, cls: type[S]) -> S:
        child = super()._child(cls)
        if isinstance(child, ConvercusService):
            child.reconcile_settle = self.reconcile_settle
        return child


def unstructure(model: Any) -> Any:
    """Turn a model into its JSON payload (camelCase keys, unset fields left out)."""
    return camel.unstructure(model)


__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "AccountRef",
    "ConvercusService",
    "ProgramOptions",
    "RequestOptions",
    "check_filters",
    "check_page",
    "operation",
    "sends",
    "structure",
    "twin",
    "unstructure",
]
