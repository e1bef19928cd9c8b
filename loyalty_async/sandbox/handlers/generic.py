"""Every operation without a hand-written handler, served from its :class:`Shape`.

Create answers ``201`` with ``Location`` and no body; get and list return what was
stored (a bare array, or a Spring page where the operation pages); ``PUT`` replaces,
``PATCH`` merges (RFC 7386), ``DELETE`` removes, or deactivates where the operation's
name says so; an unknown id is ``404 RESOURCE_NOT_FOUND``. Records are scoped by the
path parameters they were created under, so each program sees only its own.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from aiohttp import web

from loyalty_async.operations import Paging
from loyalty_async.sandbox import values
from loyalty_async.sandbox.db import new_code
from loyalty_async.sandbox.http import Call, created, json_response, no_content
from loyalty_async.sandbox.problems import invalid
from loyalty_async.sandbox.resources import SINGLETON_ID as SINGLETON
from loyalty_async.sandbox.resources import Record, describe, merge_patch
from loyalty_async.sandbox.shapes import Role, Shape

#: Query parameters that page or sort a list rather than filter it.
_PAGING = frozenset({"page", "size", "sort", "limit"})
#: Largest number of records one bulk or batch request may name.
MAX_BATCH = 1000


class RecordStatus(str, enum.Enum):
    """The ``status`` the sandbox gives a record that an action or a deactivation changed."""

    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"
    PAUSED = "PAUSED"
    PUBLISHED = "PUBLISHED"
    SCHEDULED = "SCHEDULED"
    DELETION_SCHEDULED = "DELETION_SCHEDULED"
    ABORTED = "ABORTED"
    LOCKED = "LOCKED"
    UP = "UP"
    DONE = "DONE"
    COMPLETED = "COMPLETED"


#: The status an action leaves its record in (actions not listed change nothing).
VERB_STATUS = {
    "pause": RecordStatus.PAUSED,
    "resume": RecordStatus.ACTIVE,
    "publish": RecordStatus.PUBLISHED,
    "schedule": RecordStatus.SCHEDULED,
    "schedule/delete": RecordStatus.DELETION_SCHEDULED,
    "abort": RecordStatus.ABORTED,
    "lock": RecordStatus.LOCKED,
    "unlock": RecordStatus.ACTIVE,
    "activate": RecordStatus.ACTIVE,
}


def show(call: Call, record: Record) -> dict[str, Any]:
    """A record as the API shows it: its scope, its fields, and its id (a singleton has none)."""
    shown = {**record.scope, **record.body}
    if record.id != SINGLETON:
        shown[call.core.catalog.id_field(record.kind)] = record.id
    return shown


async def serve(call: Call) -> web.StreamResponse:
    """Answer ``call`` from its operation's shape."""
    shape = call.core.catalog[call.operation.name]
    serve_role = _ROLES[shape.role]
    return await serve_role(call, shape)


# ---------------------------------------------------------------------- scope and ids


def scope_of(call: Call, shape: Shape) -> dict[str, str]:
    """The scope the path names, each parent checked (an unknown one is ``404``)."""
    scope: dict[str, str] = {}
    parents = {parent.param: parent.kind for parent in shape.parents}
    for name in shape.scope:
        scope[name] = call.core.references.resolve(
            call, name, parents.get(name), call.param(name), scope
        )
    return scope


def _item_id(call: Call, shape: Shape, scope: Mapping[str, str]) -> str:
    assert shape.id_param is not None
    return call.core.references.resolve(
        call, shape.id_param, None, call.param(shape.id_param), scope
    )


def _chosen_id(call: Call, kind: str, body: Mapping[str, Any]) -> str | None:
    """An id the client chose: the body's field named like the kind's id parameter."""
    value = body.get(call.core.catalog.id_field(kind))
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = str(value)
    if not text.strip():
        raise invalid(f"{call.core.catalog.id_field(kind)} must not be blank")
    return text


def _new_id(call: Call, kind: str) -> str | None:
    # Codes (promo codes) are made up as codes; other ids are UUIDs.
    return new_code() if call.core.catalog.id_field(kind) == "code" else None


def location(call: Call, record: Record) -> str:
    """The URL that reads ``record``: its kind's (routed) get, or the list path + id."""
    catalog = call.core.catalog
    known = {**record.scope, catalog.id_field(record.kind): record.id}
    for name in catalog.readers(record.kind):
        operation = call.core.operations[name]
        if set(operation.parameters) <= set(known):
            return call.location_of(name, **{p: known[p] for p in operation.parameters})
    return f"{call.request.url.origin()}{call.request.path}/{quote(record.id, safe='')}"


async def _object(call: Call) -> dict[str, Any]:
    return dict(await call.fields())


# ---------------------------------------------------------------------- roles


async def _health(call: Call, shape: Shape) -> web.StreamResponse:
    return json_response({"status": RecordStatus.UP.value})


async def _list(call: Call, shape: Shape) -> web.StreamResponse:
    records = call.core.resources.all(shape.kind, scope_of(call, shape))
    items = _filtered(call, [show(call, record) for record in records])
    return paged(call, items)


def _filtered(call: Call, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Query parameters filter on the field of their name (one no record has is ignored)."""
    for key, wanted in call.request.query.items():
        if key in _PAGING or not any(key in item for item in items):
            continue
        items = [item for item in items if _as_text(item.get(key)) == wanted]
    return items


def _as_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def paged(call: Call, items: list[Any]) -> web.StreamResponse:
    """A bare array, or one Spring page where the operation (or a twin of its route) pages.

    A CRUD-framework list (:attr:`Paging.CRUD`) asked for ``page`` or ``limit`` answers
    ``{data, count, total, page, pageCount}``, ``page`` counted from 1.
    """
    query = call.request.query
    if call.operation.paging is Paging.CRUD and ("page" in query or "limit" in query):
        return _crud_page(call, items)
    asked = "page" in query or "size" in query
    if not (call.operation.paged or (asked and call.core.catalog.route_pages(call.operation))):
        return json_response(items)
    page, size = call.page()
    total = len(items)
    content = items[page * size : (page + 1) * size]
    pages = math.ceil(total / size)
    return json_response(
        {
            "content": content,
            "number": page,
            "size": size,
            "totalElements": total,
            "totalPages": pages,
            "numberOfElements": len(content),
            "first": page == 0,
            "last": page >= pages - 1,
            "empty": not content,
        }
    )


def _crud_page(call: Call, items: list[Any]) -> web.StreamResponse:
    page, limit = call.crud_page()
    content = items[(page - 1) * limit : page * limit]
    return json_response(
        {
            "data": content,
            "count": len(content),
            "total": len(items),
            "page": page,
            "pageCount": math.ceil(len(items) / limit),
        }
    )


async def _find(call: Call, shape: Shape) -> web.StreamResponse:
    records = call.core.resources.all(shape.kind, scope_of(call, shape))
    items = _filtered(call, [show(call, record) for record in records])
    if not items:
        raise call.core.resources.missing(shape.kind, "matching the query")
    return json_response(items[-1])


async def _count(call: Call, shape: Shape) -> web.StreamResponse:
    records = call.core.resources.all(shape.kind, scope_of(call, shape))
    return json_response({"count": len(records)})


async def _create(call: Call, shape: Shape) -> web.StreamResponse:
    scope = scope_of(call, shape)
    body = await _object(call) if not _is_form(call) else _form_record(call)
    record_id = _chosen_id(call, shape.kind, body) or _new_id(call, shape.kind)
    record = call.core.resources.create(shape.kind, scope, body, record_id)
    return created(location(call, record))


def _is_form(call: Call) -> bool:
    return call.request.content_type == "multipart/form-data"


def _form_record(call: Call) -> dict[str, Any]:
    """A record describing an uploaded file: its form fields, name, type and size."""
    parts = values.form_parts(call.raw, call.request.headers.get("Content-Type", ""))
    files = [part for part in parts if part.filename is not None]
    if len(files) != 1:
        raise invalid("the form must hold exactly one file", "file")
    record: dict[str, Any] = {p.name: p.text for p in parts if p.filename is None}
    record.update(
        name=files[0].filename, contentType=files[0].content_type, size=len(files[0].content)
    )
    return record


async def _upload_many(call: Call, shape: Shape) -> web.StreamResponse:
    if not _is_form(call):  # descriptions of the files, as JSON
        return await _create_many(call, shape)
    scope = scope_of(call, shape)
    parts = values.form_parts(call.raw, call.request.headers.get("Content-Type", ""))
    files = [part for part in parts if part.filename is not None]
    if not files or len(files) > MAX_BATCH:
        raise invalid(f"the form must hold 1 to {MAX_BATCH} files", "files")
    made = [
        call.core.resources.create(
            shape.kind,
            scope,
            {"name": f.filename, "contentType": f.content_type, "size": len(f.content)},
        )
        for f in files
    ]
    return json_response([show(call, record) for record in made], 201)


def _items(body: Any, field: str) -> list[Any]:
    """A bulk body: a bare array, or an object holding one under ``field`` or ``items``.

    ``bulk`` is accepted as well: the CRUD framework's create-many body.
    """
    if isinstance(body, Mapping):
        body = next((body[key] for key in (field, "items", "bulk") if key in body), None)
    if not isinstance(body, list) or not 1 <= len(body) <= MAX_BATCH:
        raise invalid(f"the body must be an array of 1 to {MAX_BATCH} entries", field)
    return body


async def _create_many(call: Call, shape: Shape) -> web.StreamResponse:
    scope = scope_of(call, shape)
    entries = _items(await call.body(), describe(shape.kind).rsplit("/", 1)[-1])
    made = []
    with call.core.db.write():  # all or nothing
        for index, entry in enumerate(entries):
            body = dict(values.as_object(entry, f"[{index}]"))
            record_id = _chosen_id(call, shape.kind, body) or _new_id(call, shape.kind)
            made.append(call.core.resources.create(shape.kind, scope, body, record_id))
    return json_response([show(call, record) for record in made], 201)


async def _batch(call: Call, shape: Shape) -> web.StreamResponse:
    """Add (``POST``/``PUT``) or remove (``DELETE``) many records by id at once.

    The body lists ids (``["id", …]`` or ``{"<kind>Ids": […]}``), or asks for ``count``
    new records (generated codes).
    """
    scope = scope_of(call, shape)
    resources = call.core.resources
    body = await call.body()
    if isinstance(body, Mapping) and "count" in body:
        count = values.integer(body, "count", required=True, minimum=1)
        assert count is not None
        if count > MAX_BATCH:
            raise invalid(f"count must be at most {MAX_BATCH}", "count")
        with call.core.db.write():
            made = [
                resources.create(shape.kind, scope, {}, _new_id(call, shape.kind))
                for _ in range(count)
            ]
        return json_response([show(call, record) for record in made], 201)
    id_field = call.core.catalog.id_field(shape.kind)
    ids = [str(i) for i in _items(body, f"{id_field}s")]
    resolved = [call.core.references.resolve(call, id_field, None, raw, scope) for raw in ids]
    with call.core.db.write():
        if call.request.method == "DELETE":
            for record_id in resolved:
                resources.remove(resources.get(shape.kind, record_id, scope))
            return no_content()
        kept = []
        for record_id in resolved:
            found = resources.find(shape.kind, record_id, scope)
            kept.append(found or resources.create(shape.kind, scope, {}, record_id))
    return json_response([show(call, record) for record in kept])


async def _query(call: Call, shape: Shape) -> web.StreamResponse:
    # A search of a kind the sandbox keeps nothing of finds nothing.
    await call.body()
    return json_response([])


async def _get(call: Call, shape: Shape) -> web.StreamResponse:
    scope = scope_of(call, shape)
    record = call.core.resources.get(shape.kind, _item_id(call, shape, scope), scope)
    return json_response(show(call, record))


async def _details(call: Call, shape: Shape) -> web.StreamResponse:
    """The record with the records its scope names (its partner, its store, …)."""
    scope = scope_of(call, shape)
    record = call.core.resources.get(shape.kind, _item_id(call, shape, scope), scope)
    shown = show(call, record)
    namespace = record.kind.partition(":")[0]
    for parent in call.core.catalog.parents_of(namespace, record.scope):
        found = call.core.resources.find(parent.kind, record.scope[parent.param], {})
        if found is not None:
            shown[describe(parent.kind).rsplit("/", 1)[-1]] = show(call, found)
    return json_response(shown)


async def _replace(call: Call, shape: Shape) -> web.StreamResponse:
    scope = scope_of(call, shape)
    record_id = _item_id(call, shape, scope)
    body = await _object(call)
    resources = call.core.resources
    record = resources.find(shape.kind, record_id, scope)
    if record is None:
        if call.core.catalog.creatable(shape.kind):
            raise resources.missing(shape.kind, record_id)
        # Ids of this kind are the client's (an account assigned to a post): PUT makes it.
        record = resources.create(shape.kind, scope, body, record_id)
        return created(location(call, record))
    return json_response(show(call, resources.save(record, body)))


async def _merge(call: Call, shape: Shape) -> web.StreamResponse:
    scope = scope_of(call, shape)
    record = call.core.resources.get(shape.kind, _item_id(call, shape, scope), scope)
    patch = await _object(call)
    merged = call.core.resources.save(record, merge_patch(record.body, patch))
    return json_response(show(call, merged))


async def _remove(call: Call, shape: Shape) -> web.StreamResponse:
    scope = scope_of(call, shape)
    record = call.core.resources.get(shape.kind, _item_id(call, shape, scope), scope)
    call.core.resources.remove(record)
    return no_content()


async def _deactivate(call: Call, shape: Shape) -> web.StreamResponse:
    scope = scope_of(call, shape)
    record = call.core.resources.get(shape.kind, _item_id(call, shape, scope), scope)
    call.core.resources.save(record, {**record.body, "status": RecordStatus.INACTIVE.value})
    return no_content()


async def _assign(call: Call, shape: Shape) -> web.StreamResponse:
    scope = scope_of(call, shape)
    record_id = _item_id(call, shape, scope)
    record = call.core.resources.create(shape.kind, scope, await _object(call), record_id)
    return created(location(call, record))


async def _action(call: Call, shape: Shape) -> web.StreamResponse:
    """An action on one record: ``clone`` copies it; others set its status (see VERB_STATUS)."""
    scope = scope_of(call, shape)
    resources = call.core.resources
    record = resources.get(shape.kind, _item_id(call, shape, scope), scope)
    body = await call.body()
    changes = dict(values.as_object(body)) if isinstance(body, Mapping) or body is None else {}
    if shape.verb == "clone":
        copy = resources.create(shape.kind, record.scope, merge_patch(record.body, changes))
        return created(location(call, copy))
    status = VERB_STATUS.get(shape.verb)
    if status is not None:
        changes["status"] = status.value
    return json_response(show(call, resources.save(record, merge_patch(record.body, changes))))


async def _collection_action(call: Call, shape: Shape) -> web.StreamResponse:
    scope = scope_of(call, shape)
    await call.body()
    count = len(call.core.resources.all(shape.kind, scope))
    return json_response({"status": RecordStatus.DONE.value, "count": count})


def _singleton(call: Call, shape: Shape, scope: Mapping[str, str]) -> Record | None:
    # Exactly this scope: a program's rating config is not one of its partners'.
    records = call.core.resources.all(shape.kind, scope)
    return next((r for r in records if r.id == SINGLETON and r.scope == dict(scope)), None)


async def _singleton_get(call: Call, shape: Shape) -> web.StreamResponse:
    record = _singleton(call, shape, scope_of(call, shape))
    if record is None:
        raise call.core.resources.missing(shape.kind, "set here")
    return json_response(show(call, record))


async def _singleton_put(call: Call, shape: Shape) -> web.StreamResponse:
    """``PUT`` sets the singleton whole; ``PATCH`` merges into it. Either creates it."""
    scope = scope_of(call, shape)
    body = values.as_object(await call.body())
    resources = call.core.resources
    record = _singleton(call, shape, scope)
    if call.request.method == "PATCH":
        value = merge_patch(record.body if record else {}, body)
    else:
        value = dict(body)
    if record is None:
        record = resources.create(shape.kind, scope, value, SINGLETON)
    else:
        record = resources.save(record, value)
    return json_response(show(call, record))


async def _singleton_delete(call: Call, shape: Shape) -> web.StreamResponse:
    record = _singleton(call, shape, scope_of(call, shape))
    if record is not None:
        call.core.resources.remove(record)
    return no_content()


_ROLES = {
    Role.HEALTH: _health,
    Role.LIST: _list,
    Role.FIND: _find,
    Role.COUNT: _count,
    Role.CREATE: _create,
    Role.CREATE_MANY: _create_many,
    Role.UPLOAD: _create,
    Role.UPLOAD_MANY: _upload_many,
    Role.BATCH: _batch,
    Role.QUERY: _query,
    Role.GET: _get,
    Role.DETAILS: _details,
    Role.REPLACE: _replace,
    Role.MERGE: _merge,
    Role.REMOVE: _remove,
    Role.DEACTIVATE: _deactivate,
    Role.ASSIGN: _assign,
    Role.ACTION: _action,
    Role.COLLECTION_ACTION: _collection_action,
    Role.SINGLETON_GET: _singleton_get,
    Role.SINGLETON_PUT: _singleton_put,
    Role.SINGLETON_DELETE: _singleton_delete,
}
