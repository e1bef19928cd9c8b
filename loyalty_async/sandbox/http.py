"""What every handler module uses: the request being served, answers, and the registry.

A handler module declares ``routes = Routes()`` and registers one coroutine per operation
name with ``@routes.handles("accounts.get")``; :mod:`loyalty_async.sandbox.handlers`
gathers the modules, and :mod:`loyalty_async.sandbox.app` routes each operation of the
table to its handler.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote

import attrs
from aiohttp import web

from loyalty_async.codec import dumps
from loyalty_async.convercus.services.base import MAX_PAGE_SIZE
from loyalty_async.operations import Operation
from loyalty_async.sandbox import values
from loyalty_async.sandbox.core import SandboxCore
from loyalty_async.sandbox.problems import Problem, invalid

#: ``size`` of a paged list when none is given (Spring's default).
DEFAULT_PAGE_SIZE = 20
#: Largest ``page`` number (Spring reads it as a Java ``int``).
MAX_PAGE = 2**31 - 1

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE",
    "MAX_PAGE_SIZE",
    "Call",
    "Handler",
    "Routes",
    "created",
    "json_response",
    "no_content",
    "problem_response",
]


@attrs.define
class Call:
    """One request to one operation, with helpers to read it."""

    core: SandboxCore
    request: web.Request
    operation: Operation
    raw: bytes = b""
    interaction_id: str = ""
    claims: dict[str, Any] = attrs.Factory(dict)

    async def body(self) -> Any:
        """The decoded JSON body (``None`` when empty)."""
        return values.decode(self.raw)

    async def fields(self) -> values.Body:
        """The body, which must be a JSON object (an empty body counts as ``{}``)."""
        return values.as_object(await self.body())

    def param(self, name: str) -> str:
        """A path parameter."""
        return self.request.match_info[name]

    def has_param(self, name: str) -> bool:
        """Whether the operation's path has the parameter ``name``."""
        return name in self.request.match_info

    @property
    def id_type(self) -> str | None:
        """The ``id-type`` header, if this operation reads one."""
        if not self.operation.id_type:
            return None
        return self.request.headers.get("id-type")

    def account(self) -> sqlite3.Row:
        """The account the path's ``{accountId}`` names (read as the ``id-type`` says)."""
        return self.core.members.resolve(self.param("accountId"), self.id_type)

    def page(self) -> tuple[int, int]:
        """``page`` (from 0, default 0) and ``size`` (default 20) of a paged list."""
        query = self.request.query
        page = _query_int(query.get("page"), "page", 0, 0, MAX_PAGE)
        size = _query_int(query.get("size"), "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        return page, size

    def crud_page(self) -> tuple[int, int]:
        """``page`` (from 1, default 1) and ``limit`` (default 20) of a CRUD-framework list."""
        query = self.request.query
        page = _query_int(query.get("page"), "page", 1, 1, MAX_PAGE)
        limit = _query_int(query.get("limit"), "limit", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        return page, limit

    def optional_page(self) -> tuple[int | None, int | None]:
        """Like :meth:`page`, but ``(None, None)`` (everything) when neither is given."""
        if "page" not in self.request.query and "size" not in self.request.query:
            return None, None
        return self.page()

    def location_of(self, operation: str, **params: str) -> str:
        """The absolute URL of ``operation``'s path (as routed) filled with ``params``."""
        template = self.core.operations[operation].path
        path = template.format_map({k: quote(v, safe="") for k, v in params.items()})
        return f"{self.request.url.origin()}{path}"


def _query_int(raw: str | None, name: str, default: int, minimum: int, maximum: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        number = int(raw)
    except ValueError:  # also a number of more than 4300 digits
        raise invalid(f"{name} must be a whole number, got {raw[:40]!r}", name) from None
    if number < minimum:
        raise invalid(f"{name} must be at least {minimum}", name)
    if number > maximum:
        raise invalid(f"{name} must be at most {maximum}", name)
    return number


# ---------------------------------------------------------------------- answers


def json_response(data: Any, status: int = 200) -> web.Response:
    """A JSON answer (exact decimals)."""
    return web.Response(status=status, body=dumps(data), content_type="application/json")


def problem_response(problem: Problem, headers: Mapping[str, str] | None = None) -> web.Response:
    """An error answer with the ``{code, message, detail}`` body."""
    response = json_response(problem.body(), problem.status)
    if headers:
        response.headers.update(headers)
    return response


def created(location: str, data: Any = None) -> web.Response:
    """``201`` with ``Location``; no body unless the contract gives one."""
    response = web.Response(status=201) if data is None else json_response(data, 201)
    response.headers["Location"] = location
    return response


def no_content() -> web.Response:
    """``204`` with an empty body."""
    return web.Response(status=204)


# ---------------------------------------------------------------------- registry

Handler = Callable[[Call], Awaitable[web.StreamResponse]]


class Routes:
    """Handlers by operation name, as one handler module registers them."""

    def __init__(self) -> None:
        self.handlers: dict[str, Handler] = {}

    def handles(self, *names: str) -> Callable[[Handler], Handler]:
        """Register the decorated handler for the operations called ``names``."""

        def register(handler: Handler) -> Handler:
            for name in names:
                if name in self.handlers:
                    raise ValueError(f"operation {name!r} has two sandbox handlers")
                self.handlers[name] = handler
            return handler

        return register

    @classmethod
    def merge(cls, parts: Iterable[Routes]) -> dict[str, Handler]:
        """Every handler of ``parts``; an operation handled twice is a mistake."""
        merged: dict[str, Handler] = {}
        for part in parts:
            for name, handler in part.handlers.items():
                if name in merged:
                    raise ValueError(f"operation {name!r} has two sandbox handlers")
                merged[name] = handler
        return merged
