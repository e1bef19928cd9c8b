"""How one operation is declared, and the table that holds them all.

Each operation is declared once (Convercus: :mod:`loyalty_async.convercus.operations`): a stable
name, the HTTP method, the path template with its version prefix, whether it takes the
``id-type`` header, whether a write may be resent, and how its result is read. Services
are thin typed wrappers over these declarations; :meth:`OperationTable.with_routes` lets
a user correct any path at construction, without waiting for a release.
"""

from __future__ import annotations

import enum
import re
import string
from collections.abc import Iterator, Mapping

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

    @property
    def confirmed(self) -> bool:
        """Whether a source shows this exact method and path."""
        return self.confidence == "C"

    @property
    def parameters(self) -> tuple[str, ...]:
        """The path parameters this operation needs."""
        return path_parameters(self.path)


class OperationTable:
    """A read-only, iterable table of operations, looked up by name.

    Iterating yields :class:`Operation` entries in API-reference order;
    ``table["accounts.get_balance"]`` returns one.
    """

    def __init__(self, operations: Mapping[str, Operation]) -> None:
        self._by_name = dict(operations)

    @classmethod
    def of(cls, *operations: Operation) -> OperationTable:
        """Build a table, refusing two operations with the same name."""
        by_name: dict[str, Operation] = {}
        for operation in operations:
            if operation.name in by_name:
                raise ConfigurationError(f"operation {operation.name!r} is declared twice")
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
