"""How one operation is declared, and the table that holds them all.

Each operation is declared once (Convercus: :mod:`loyalty_async.convercus.operations`): a stable
name, the HTTP method, the path template with its version prefix and how each of its
parameters is filled, whether it takes the ``id-type`` header, its request model, how its
result is read (and into which model), its paging style, whether a write may be resent,
and which operation replaces it when it is deprecated. Typed service methods are bound to
these rows (:mod:`loyalty_async.operations.binder`); :meth:`OperationTable.with_routes`
lets a user correct any path at construction, without waiting for a release.
"""

from __future__ import annotations

import enum
import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from loyalty_async.errors import ConfigurationError

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class Result(enum.Enum):
    """How the response of an operation is read."""

    #: A JSON document (object or array), structured into a model by the service.
    JSON = "json"
    #: The new resource's id, parsed from the ``Location`` header (the body may be empty).
    LOCATION = "location"
    #: Nothing worth reading (``204`` or an ignorable body).
    NONE = "none"
    #: A plain-text body (the login token, a coupon code).
    TEXT = "text"
    #: A file streamed in chunks (report exports).
    FILE = "file"


class Fill(enum.Enum):
    """How the value of a path parameter is given and checked."""

    #: A plain id or code: any non-empty text (percent-encoded on the wire).
    ID = "id"
    #: A technical id: a UUID.
    UUID = "uuid"
    #: An account reference: a UUID, or one of the account's codes named by ``id-type``.
    ACCOUNT = "account"
    #: The program id: the client's ``program_id`` unless the call gives its own.
    PROGRAM = "program"
    #: A numeric id: a positive whole number (or its digits as text).
    NUMBER = "number"


@attrs.frozen
class Param:
    """How one path parameter is filled: its :class:`Fill` and its method argument.

    ``arg`` ``None`` means the argument named after the parameter (``accountId`` →
    ``account_id``; ``account`` for an account reference, ``program_id`` for the program).
    """

    fill: Fill = Fill.ID
    arg: str | None = None


class Paging(enum.Enum):
    """How a list operation pages."""

    #: Spring's ``page``/``size`` query; the body is a bare array or a Spring page object.
    SPRING = "spring"
    #: A cursor handed back by each page (Mews ``Limitation``/``Cursor``).
    CURSOR = "cursor"
    #: The next page's URL in a ``Link`` header (Accengage).
    LINK = "link"
    #: A generic CRUD framework's ``page`` (from 1) and ``limit`` query; the body is
    #: ``{data, page, pageCount, …}`` or a bare array (NestJS CRUD services).
    CRUD = "crud"


def snake(name: str) -> str:
    """``accountCouponId`` → ``account_coupon_id``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def path_parameters(path: str) -> tuple[str, ...]:
    """The ``{named}`` parameters of a path template, in order."""
    return tuple(_PLACEHOLDER.findall(path))


@attrs.frozen
class Operation:
    """One operation of a platform's API reference.

    ``confirmed`` is false for paths inferred from naming rules (``confidence`` H, M or L):
    check them against a live server, and override them with ``routes=`` if they differ.
    ``resend_safe`` marks writes that may be sent again after an ambiguous failure because
    they carry a de-duplication key or change nothing (previews, searches, login).
    ``idempotent`` overrides what the HTTP method implies: ``False`` for a ``PUT`` whose
    repetition would act twice (the deprecated ``PUT`` coupon redemptions).

    ``params`` says how path parameters are filled where the default does not fit (the
    default: ``accountId`` of an ``id_type`` operation is an account reference,
    ``programId`` the program id, anything else a plain id). ``body`` is the request model
    the JSON body is made from; ``model`` the type a JSON result is read into (a class, or
    ``list[Class]`` for a bare array). ``paging`` is the paging style of a list (``paged``
    is the same as ``paging=Paging.SPRING``). ``preview`` marks a dry run that changes
    nothing. ``replaced_by`` names the current operation a deprecated one duplicates
    (same inputs and result, another route). ``query`` lists the method arguments that
    go to the query string (camelCased). ``envelope`` names the key a JSON result sits
    under (``{"LoyaltyPrograms": [...]}``). ``paging_style`` gives another paging style
    than Spring's (a platform's service walks it in its ``_page_walk``). ``created_id``
    names the body keys a ``LOCATION`` result's id is read from when there is no
    ``Location`` header (services answering a create with the created record).
    """

    name: str
    method: str
    path: str
    id_type: bool = False
    resend_safe: bool = False
    idempotent: bool | None = None
    result: Result = Result.JSON
    paged: bool = False
    deprecated: bool = False
    confidence: str = "C"
    title: str = ""
    params: Mapping[str, Param] = attrs.field(factory=dict, hash=False)
    body: Any = None
    model: Any = None
    preview: bool = False
    replaced_by: str | None = None
    query: tuple[str, ...] = ()
    envelope: str | None = None
    paging_style: Paging | None = None
    created_id: tuple[str, ...] = ("id",)

    @property
    def paging(self) -> Paging | None:
        """The paging style of a list operation (``None``: not paged)."""
        if self.paging_style is not None:
            return self.paging_style
        return Paging.SPRING if self.paged else None

    @property
    def confirmed(self) -> bool:
        """Whether a source shows this exact method and path."""
        return self.confidence == "C"

    @property
    def parameters(self) -> tuple[str, ...]:
        """The path parameters this operation needs."""
        return path_parameters(self.path)

    def param(self, name: str) -> Param:
        """How the path parameter ``name`` is filled, with its argument name resolved."""
        declared = self.params.get(name)
        if declared is None:
            if name == "accountId" and self.id_type:
                declared = Param(Fill.ACCOUNT)
            elif name == "programId":
                declared = Param(Fill.PROGRAM)
            else:
                declared = Param(Fill.ID)
        if declared.arg is not None:
            return declared
        if declared.fill is Fill.ACCOUNT:
            return Param(Fill.ACCOUNT, "account")
        return Param(declared.fill, snake(name))


class OperationTable:
    """A read-only, iterable table of operations, looked up by name.

    Iterating yields :class:`Operation` entries in API-reference order;
    ``table["accounts.get_balance"]`` returns one.
    """

    def __init__(self, operations: Mapping[str, Operation]) -> None:
        self._by_name = dict(operations)

    @classmethod
    def of(cls, *operations: Operation, fills: Mapping[str, Fill] | None = None) -> OperationTable:
        """Build a table, refusing two operations with the same name.

        ``fills`` gives the table's default :class:`Fill` of a path parameter by its name
        (``{"userId": Fill.UUID}``), for rows that do not say otherwise (an ``accountId``
        of an ``id_type`` row stays an account reference).
        """
        by_name: dict[str, Operation] = {}
        for operation in operations:
            if operation.name in by_name:
                raise ConfigurationError(f"operation {operation.name!r} is declared twice")
            if fills:
                operation = _with_fills(operation, fills)
            by_name[operation.name] = operation
        return cls(by_name)

    def __iter__(self) -> Iterator[Operation]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Operation:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"no operation named {name!r}") from None

    @property
    def by_name(self) -> Mapping[str, Operation]:
        """Every operation by name (read-only by convention: a plain dict for fast look-ups)."""
        return self._by_name

    def get(self, name: str) -> Operation | None:
        """The operation called ``name``, or ``None``."""
        return self._by_name.get(name)

    def names(self) -> list[str]:
        """Every operation name, in table order."""
        return list(self._by_name)

    def with_routes(self, routes: Mapping[str, str] | None) -> OperationTable:
        """Return a copy whose paths are replaced by ``routes`` (name → path template).

        Each override must name a known operation, start with ``/`` and use exactly the
        same ``{parameters}`` as the path it replaces, so every typed method keeps working.
        """
        if not routes:
            return self
        changed = dict(self._by_name)
        for name, path in routes.items():
            original = self._by_name.get(name)
            if original is None:
                raise ConfigurationError(f"routes: no operation named {name!r}")
            if not isinstance(path, str) or not path.startswith("/"):
                raise ConfigurationError(f"routes[{name!r}] must be a path starting with '/'")
            try:
                list(string.Formatter().parse(path))
            except ValueError as exc:
                raise ConfigurationError(f"routes[{name!r}] is not a template: {exc}") from None
            if sorted(path_parameters(path)) != sorted(original.parameters):
                raise ConfigurationError(
                    f"routes[{name!r}] must use the parameters "
                    f"{', '.join('{' + p + '}' for p in original.parameters) or '(none)'}; "
                    f"got {path!r}"
                )
            changed[name] = attrs.evolve(original, path=path)
        return OperationTable(changed)


def _with_fills(operation: Operation, fills: Mapping[str, Fill]) -> Operation:
    added = {
        name: Param(fills[name])
        for name in operation.parameters
        if name in fills
        and name not in operation.params
        and not (name == "accountId" and operation.id_type)
    }
    if not added:
        return operation
    return attrs.evolve(operation, params={**added, **operation.params})
