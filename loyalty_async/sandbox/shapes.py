"""What an operation does to a stored resource, read from its method and path.

The sandbox serves the operations without a hand-written handler generically. Each one
is read once into a :class:`Shape`: the resource *kind* its path names (the literal
segments before the item, version prefixes left out, within its service), the path
parameter that is the item's id, the parameters that scope it (``programId``,
``partnerId``, …), and its :class:`Role` (list, create, get, replace, …).

Examples, from the operation table::

    POST   /programs/{programId}/partners/{partnerId}/stores       CREATE  stores
    GET    /programs/{programId}/stores                             LIST    stores
    GET    /programs/{programId}/partners/{partnerId}/stores/{id}   GET     stores
    DELETE /programs/{programId}/partners/{partnerId}/stores/{id}   DEACTIVATE (its name)
    POST   /webhooks/action-config/{id}/pause                       ACTION  pause
    GET    /accounts/{accountId}/ratinglevel                        SINGLETON_GET
    POST   /mounting-service/devices/bulk                           CREATE_MANY devices

A route override moves the shape with the path. Reading a path never fails: a shape
nothing else fits is a singleton of its path.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

import attrs

from loyalty_async.operations import Operation, OperationTable

_VERSION = re.compile(r"v\d+")
_SERVICE_SUFFIX = "-service"

#: Literals after an item's id (or before it, as in ``/webhooks/action/retry/{id}``) that
#: act on the item instead of naming a sub-resource.
VERBS = frozenset(
    {"pause", "resume", "empty", "retry", "publish", "schedule", "clone", "abort", "lock"}
    | {"unlock", "activate"}
)
#: The trailing literal of a paths that reads an item with the records it hangs under.
DETAILS = "details"
BULK = "bulk"
BATCH = "batch"
UPLOAD = "upload"
COUNT = "count"
HEALTH = "health"
PING = "ping"
#: Where the API reference documents a misspelt path, the kind it means.
KIND_ALIASES = {
    "core:webhooks/integration/concercus-analytics": "core:webhooks/integration/convercus-analytics"
}


class Role(enum.Enum):
    """What an operation does to its kind."""

    HEALTH = "health"
    LIST = "list"
    FIND = "find"
    COUNT = "count"
    CREATE = "create"
    CREATE_MANY = "create_many"
    UPLOAD = "upload"
    UPLOAD_MANY = "upload_many"
    BATCH = "batch"
    QUERY = "query"
    GET = "get"
    DETAILS = "details"
    REPLACE = "replace"
    MERGE = "merge"
    REMOVE = "remove"
    DEACTIVATE = "deactivate"
    ASSIGN = "assign"
    ACTION = "action"
    COLLECTION_ACTION = "collection_action"
    SINGLETON_GET = "singleton_get"
    SINGLETON_PUT = "singleton_put"
    SINGLETON_DELETE = "singleton_delete"


@attrs.frozen
class Segment:
    """One segment of a path template: a literal or a ``{parameter}``."""

    text: str
    param: bool = False


@attrs.frozen
class Parent:
    """A scope parameter and the kind of the record it names."""

    param: str
    kind: str


@attrs.frozen
class Shape:
    """How the sandbox serves one operation generically."""

    role: Role
    kind: str
    id_param: str | None = None
    scope: tuple[str, ...] = ()
    parents: tuple[Parent, ...] = ()
    verb: str = ""


@attrs.frozen
class Path:
    """A path template read into its service (namespace) and segments."""

    namespace: str
    segments: tuple[Segment, ...]

    @classmethod
    def read(cls, template: str) -> Path:
        """Split ``template``; version segments (``v2``) are left out."""
        segments = [
            Segment(part[1:-1], True)
            if part.startswith("{") and part.endswith("}")
            else Segment(part)
            for part in template.split("/")
            if part and not _VERSION.fullmatch(part)
        ]
        namespace = "core"
        if segments and not segments[0].param and segments[0].text.endswith(_SERVICE_SUFFIX):
            namespace = segments.pop(0).text
        return cls(namespace, tuple(segments))

    def kind(self, literals: Iterable[str]) -> str:
        """The kind named by a run of literals in this path's service."""
        name = f"{self.namespace}:{'/'.join(literals)}"
        return KIND_ALIASES.get(name, name)

    def params(self) -> tuple[str, ...]:
        """The parameter names, in order."""
        return tuple(s.text for s in self.segments if s.param)

    def parents(self, before: int) -> tuple[Parent, ...]:
        """Each parameter among the first ``before`` segments, with the kind it names."""
        found = []
        for index in range(before):
            segment = self.segments[index]
            if segment.param:
                run = self._run_before(index)
                if run:
                    found.append(Parent(segment.text, self.kind(run)))
        return tuple(found)

    def _run_before(self, index: int) -> list[str]:
        run: list[str] = []
        position = index - 1
        while position >= 0 and not self.segments[position].param:
            run.insert(0, self.segments[position].text)
            position -= 1
        return run


class Catalog:
    """The shape of every operation of a (routed) table, read once."""

    def __init__(self, operations: OperationTable) -> None:
        paths = {op.name: Path.read(op.path) for op in operations}
        # Kinds that have items (``…/kind/{id}``) and kinds that are created by POST.
        self.item_params: dict[str, str] = {}
        creatable: set[str] = set()
        posted: set[tuple[str, tuple[Segment, ...]]] = set()
        for op in operations:
            path = paths[op.name]
            segments = path.segments
            if op.method == "POST":
                posted.add((path.namespace, segments))
            last_param = max((i for i, s in enumerate(segments) if s.param), default=-1)
            if last_param > 0 and not segments[last_param - 1].param:
                run = path._run_before(last_param)
                kind = path.kind(run[:-1] if run[-1] in VERBS and len(run) > 1 else run)
                self.item_params.setdefault(kind, segments[last_param].text)
            if op.method == "POST" and segments and not segments[-1].param:
                creatable.add(path.kind(_trailing(segments)))
        self._creatable = creatable
        self._posted = posted
        self.shapes = {op.name: self._shape(op, paths[op.name]) for op in operations}
        self._readers: dict[str, list[str]] = {}
        self._parent_kinds: dict[str, set[str]] = {}
        paged_routes = {(op.method, op.path) for op in operations if op.paged}
        self._paged_names = {op.name for op in operations if (op.method, op.path) in paged_routes}
        for op in sorted(operations, key=lambda o: o.deprecated):
            shape = self.shapes[op.name]
            if shape.role is Role.GET:
                self._readers.setdefault(shape.kind, []).append(op.name)
            for parent in shape.parents:
                self._parent_kinds.setdefault(parent.param, set()).add(parent.kind)

    def __getitem__(self, name: str) -> Shape:
        return self.shapes[name]

    def id_field(self, kind: str) -> str:
        """The field a record of ``kind`` shows its id in (its path parameter's name)."""
        return self.item_params.get(kind, "id")

    def creatable(self, kind: str) -> bool:
        """Whether some operation creates records of ``kind`` (their ids are the server's)."""
        return kind in self._creatable

    def has_items(self, kind: str) -> bool:
        """Whether some operation addresses single records of ``kind`` by id."""
        return kind in self.item_params

    def readers(self, kind: str) -> list[str]:
        """The operations that read one record of ``kind`` by id (current ones first)."""
        return self._readers.get(kind, [])

    def route_pages(self, operation: Operation) -> bool:
        """Whether ``operation``'s route is declared paged by it or a twin on the same route."""
        return operation.name in self._paged_names

    def parents_of(self, namespace: str, scope: Iterable[str]) -> list[Parent]:
        """The scope parameters of a record that name records the sandbox keeps."""
        found = []
        for param in scope:
            for kind in sorted(self._parent_kinds.get(param, ())):
                if kind.startswith(f"{namespace}:") and self.creatable(kind):
                    found.append(Parent(param, kind))
        return found

    def _shape(self, op: Operation, path: Path) -> Shape:
        segments = path.segments
        texts = [s.text for s in segments if not s.param]
        if HEALTH in texts or (segments and segments[-1] == Segment(PING)):
            return Shape(Role.HEALTH, path.kind(texts))
        if segments and segments[-1].param:
            return self._item_shape(op, path)
        return self._trailing_shape(op, path)

    def _item_shape(self, op: Operation, path: Path) -> Shape:
        """A path that ends in a parameter: one record of a kind (or an action on it)."""
        segments = path.segments
        index = len(segments) - 1
        run = path._run_before(index)
        id_param = segments[index].text
        if not run:
            # ``/connectors/{connectorId}/{domainId}``: a message to the scope, kept.
            return Shape(
                Role.CREATE,
                path.kind(["messages"]),
                scope=path.params(),
                parents=path.parents(index),
            )
        start = index - len(run)
        scope = tuple(s.text for s in segments[:start] if s.param)
        parents = path.parents(start)
        if len(run) > 1 and run[-1] in VERBS:
            return Shape(Role.ACTION, path.kind(run[:-1]), id_param, scope, parents, verb=run[-1])
        kind = path.kind(run)
        role = {
            "GET": Role.GET,
            "PUT": Role.REPLACE,
            "PATCH": Role.MERGE,
            "POST": Role.ASSIGN,
        }.get(op.method, Role.REMOVE)
        if role is Role.REMOVE and op.name.rsplit(".", 1)[-1].startswith("deactivate"):
            role = Role.DEACTIVATE
        return Shape(role, kind, id_param, scope, parents)

    def _trailing_shape(self, op: Operation, path: Path) -> Shape:
        """A path that ends in literals: a collection, a singleton, or an item's action."""
        segments = path.segments
        run = _trailing(segments)
        start = len(segments) - len(run)
        scope = tuple(s.text for s in segments[:start] if s.param)
        parents = path.parents(start)
        item_index = start - 1
        if item_index > 0 and run[0] in VERBS and not segments[item_index - 1].param:
            # ``…/kind/{id}/pause`` or ``…/{id}/schedule/delete``: an action on the item.
            item_run = path._run_before(item_index)
            return Shape(
                Role.ACTION,
                path.kind(item_run),
                segments[item_index].text,
                scope[:-1],
                path.parents(item_index - len(item_run)),
                verb="/".join(run),
            )
        if run == [DETAILS] and item_index > 0:
            item_run = path._run_before(item_index)
            return Shape(
                Role.DETAILS,
                path.kind(item_run),
                segments[item_index].text,
                scope[:-1],
                path.parents(item_index - len(item_run)),
            )
        short = op.name.rsplit(".", 1)[-1]
        method = op.method
        if method == "GET":
            if run[-1] == COUNT or short.startswith(COUNT):
                counted = run[:-1] if run[-1] == COUNT and len(run) > 1 else run
                return Shape(Role.COUNT, path.kind(counted), scope=scope, parents=parents)
            kind = path.kind(run)
            if short.startswith("list") or self.has_items(kind):
                return Shape(Role.LIST, kind, scope=scope, parents=parents)
            if (path.namespace, segments) in self._posted:
                return Shape(Role.FIND, kind, scope=scope, parents=parents)
            return Shape(Role.SINGLETON_GET, kind, scope=scope, parents=parents)
        if method == "POST":
            if run[-1] == BULK and len(run) > 1:
                if run[-2] == UPLOAD and len(run) > 2:
                    return Shape(
                        Role.UPLOAD_MANY, path.kind(run[:-2]), scope=scope, parents=parents
                    )
                return Shape(Role.CREATE_MANY, path.kind(run[:-1]), scope=scope, parents=parents)
            if run[-1] == UPLOAD and len(run) > 1:
                return Shape(Role.UPLOAD, path.kind(run[:-1]), scope=scope, parents=parents)
        if run[-1] == BATCH and len(run) > 1:
            return Shape(Role.BATCH, path.kind(run[:-1]), scope=scope, parents=parents)
        if method == "POST":
            if op.resend_safe:
                return Shape(Role.QUERY, path.kind(run), scope=scope, parents=parents)
            collection = path.kind(run[:-1])
            if len(run) > 1 and self.has_items(collection) and not self.has_items(path.kind(run)):
                return Shape(
                    Role.COLLECTION_ACTION, collection, scope=scope, parents=parents, verb=run[-1]
                )
            return Shape(Role.CREATE, path.kind(run), scope=scope, parents=parents)
        role = Role.SINGLETON_DELETE if method == "DELETE" else Role.SINGLETON_PUT
        return Shape(role, path.kind(run), scope=scope, parents=parents)


def _trailing(segments: tuple[Segment, ...]) -> list[str]:
    """The literals after the last parameter (the whole path if it has none)."""
    run: list[str] = []
    for segment in reversed(segments):
        if segment.param:
            break
        run.insert(0, segment.text)
    return run
