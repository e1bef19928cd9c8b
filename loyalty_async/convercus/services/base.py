"""What every Convercus service shares: sending a declared operation and reading its result."""

from __future__ import annotations

import copy
import functools
import inspect
import uuid
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Self, TypeVar, cast
from urllib.parse import urlsplit

from loyalty_async.convercus.enums import IdType
from loyalty_async.convercus.errors import refusals_as
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.convercus.validation import check_account_ref, check_positive_int
from loyalty_async.errors import (
    APIError,
    DecodeError,
    ValidationError,
)
from loyalty_async.modeling import camel
from loyalty_async.operations import Operation, OperationTable
from loyalty_async.paging import Page, Pager, array_page, spring_page
from loyalty_async.session.call import NO_OPTIONS, Call, CallOptions
from loyalty_async.session.retry import RetryPolicy
from loyalty_async.session.session import Session
from loyalty_async.transport.base import Body, Response, Timeout

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

#: An account reference: its technical id, or one of its codes together with ``id_type``.
AccountRef = str | uuid.UUID

#: Items per page asked for when the caller does not say.
DEFAULT_PAGE_SIZE = 50
#: The largest page size the SDK asks for (Spring's usual cap is 1000 or lower).
MAX_PAGE_SIZE = 1000


class ConvercusService:
    """Base class of the Convercus domain services.

    A service takes the :class:`~loyalty_async.Session` it sends through (dependency
    injection: build one on a session of your own if you like) and the operation table
    (the client passes its table with any ``routes=`` overrides applied). Each public
    method is one declared operation.
    """

    #: The typed error family this service's business refusals are raised as (if any).
    _refusals: ClassVar[type[APIError] | None] = None

    def __init__(self, session: Session, *, operations: OperationTable | None = None) -> None:
        self._session = session
        self._operations = operations if operations is not None else OPERATIONS
        self._options: CallOptions = NO_OPTIONS
        # Operation name → the operation sent instead (see route_variant).
        self._aliases: dict[str, str] = {}

    @property
    def session(self) -> Session:
        """The session this service sends through."""
        return self._session

    def with_options(
        self,
        *,
        retry: RetryPolicy | None = None,
        timeout: Timeout | None = None,
        deadline: float | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """Return a copy of this service whose calls use these settings.

        For example ``client.accounts.with_options(deadline=1.5).get_balance(...)``, or
        ``headers={"interaction-id": "till-7"}`` to speak for another interaction point.
        """
        clone = copy.copy(self)
        clone._options = self._options.merge(
            CallOptions(retry=retry, timeout=timeout, deadline=deadline, headers=headers or None)
        )
        return clone

    def _routed(self, replaces: str, operation: str) -> Self:
        """A copy of this service that sends ``operation`` wherever it would send ``replaces``."""
        clone = copy.copy(self)
        clone._aliases = {**self._aliases, replaces: operation}
        return clone

    def _operation(self, name: str) -> Operation:
        """The operation sent for ``name``: itself, or its stand-in in a route variant."""
        return self._operations[self._aliases.get(name, name)]

    # ------------------------------------------------------------------ sending

    async def _send(
        self,
        name: str,
        *,
        path: Mapping[str, Any] | None = None,
        id_type: str | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: Body | None = None,
        headers: Mapping[str, str] | None = None,
        context: Mapping[str, Any] | None = None,
        resend_safe: bool | None = None,
        stream: bool = False,
    ) -> Response:
        """Send the operation called ``name`` (``id_type`` must already be validated).

        Business refusals are raised as the service's typed error family, if it has one.
        """
        if id_type is not None:
            headers = {**headers, "id-type": id_type} if headers else {"id-type": id_type}
        request = self._session.send(
            Call(
                self._operation(name),
                path=path,
                query=params,
                json=json,
                content=content,
                headers=headers,
                options=self._options,
                context=context,
                resend_safe=resend_safe,
                stream=stream,
            )
        )
        if self._refusals is None:
            return await request
        with refusals_as(self._refusals):
            return await request

    @staticmethod
    def _account(account: AccountRef, id_type: IdType | str | None) -> tuple[str, str | None]:
        """The account path value and the ``id-type`` header, checked before any request."""
        text, member = check_account_ref(account, id_type)
        return text, None if member is None else member.value

    # ------------------------------------------------------------------ reading

    def _json(self, response: Response) -> Any:
        return self._session.decode_json(response)

    def _structure(self, response: Response, model: type[T]) -> T:
        """Structure a JSON object body into ``model``."""
        return structure(self._json(response), model, response)

    def _optional(self, response: Response, model: type[T]) -> T | None:
        """Structure a JSON object body into ``model``; ``None`` for an empty or non-object body.

        For writes whose answer no source documents: a server that echoes the resource
        gives it back, one that answers ``204`` gives ``None``.
        """
        data = self._json(response)
        if not isinstance(data, Mapping):
            return None
        return structure(data, model, response)

    def _structure_list(self, response: Response, model: type[T]) -> list[T]:
        """Structure a bare JSON array body (an empty body counts as ``[]``)."""
        try:
            items = array_page(self._json(response)).items
        except DecodeError as exc:
            exc.response = response
            raise
        return [structure(item, model, response) for item in items]

    @staticmethod
    def _location_id(response: Response) -> str:
        """The id of a created resource: the last segment of the ``Location`` header."""
        location = response.headers.get("Location")
        if location:
            segments = [s for s in urlsplit(location.strip()).path.split("/") if s]
            if segments:
                return segments[-1]
        raise DecodeError(
            f"HTTP {response.status} created a resource but sent no usable Location header",
            response=response,
        )

    def _created_id(self, response: Response, *keys: str) -> str:
        """The id of a created resource: from ``Location``, else from the body's ``keys``."""
        if response.headers.get("Location"):
            return self._location_id(response)
        found = _first_text(self._json(response), keys)
        if found is None:
            raise DecodeError(
                f"HTTP {response.status} created a resource but sent neither a Location "
                f"header nor any of {', '.join(keys)} in its body",
                response=response,
            )
        return found

    def _count(self, response: Response) -> int:
        """A count: a bare JSON number, or an object's ``count``/``total``/``amount``."""
        data = self._json(response)
        if isinstance(data, Mapping):
            data = next((data[k] for k in ("count", "total", "amount") if k in data), data)
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        raise DecodeError(
            f"expected a count from HTTP {response.status}, got {type(data).__name__}",
            response=response,
        )

    def _pager(
        self,
        name: str,
        model: type[T],
        *,
        page_size: int,
        start_page: int = 0,
        path: Mapping[str, Any] | None = None,
        id_type: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Pager[T]:
        """A :class:`Pager` over a Spring-paged list (``page``/``size``; array or Page body).

        Nothing is sent before the first iteration.
        """
        size, start = check_page(page_size, start_page)
        fixed = check_filters(params)

        async def fetch(page: int) -> Page[T]:
            response = await self._send(
                name, path=path, id_type=id_type, params={**fixed, "page": page, "size": size}
            )
            try:
                found = spring_page(self._json(response), page, size)
            except DecodeError as exc:
                exc.response = response
                raise
            return Page([structure(item, model, response) for item in found.items], found.next)

        return Pager(fetch, start=start)


def route_variant(method: F, replaces: str, operation: str, doc: str) -> F:
    """The typed ``method`` sent as ``operation`` instead of ``replaces`` (another route).

    The API reference lists deprecated and duplicate entries of an operation with the same
    inputs and result; each gets its own method (named after the operation) that shares
    the current method's signature, checks and parsing::

        create_deprecated = route_variant(create, "users.create", "users.create_deprecated", doc)
    """
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def variant(self: ConvercusService, *args: Any, **kwargs: Any) -> Any:
            return await method(self._routed(replaces, operation), *args, **kwargs)

    else:

        @functools.wraps(method)
        def variant(self: ConvercusService, *args: Any, **kwargs: Any) -> Any:
            return method(self._routed(replaces, operation), *args, **kwargs)

    name = operation.rsplit(".", 1)[-1]
    variant.__name__ = name
    variant.__qualname__ = f"{method.__qualname__.rsplit('.', 1)[0]}.{name}"
    variant.__doc__ = doc
    return cast(F, variant)


def structure(data: Any, model: type[T], response: Response | None = None) -> T:
    """Structure decoded JSON into ``model``; a mismatch is a :class:`DecodeError`."""
    try:
        return camel.structure(data, model)
    except Exception as exc:  # cattrs raises several kinds; all mean "unexpected shape"
        raise DecodeError(
            f"the response does not fit {model.__name__}: {exc}", response=response
        ) from exc


def unstructure(model: Any) -> Any:
    """Turn a model into its JSON payload (camelCase keys, unset fields left out)."""
    return camel.unstructure(model)


def mint_id() -> str:
    """A fresh unique id (UUID 4) for a call that needs one and was given none."""
    return str(uuid.uuid4())


def check_page(page_size: Any, start_page: Any) -> tuple[int, int]:
    """A page size in ``1..MAX_PAGE_SIZE`` and a 0-based start page."""
    size = check_positive_int(page_size, "page_size")
    if size > MAX_PAGE_SIZE:
        raise ValidationError(
            f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {size}", field="page_size"
        )
    if isinstance(start_page, bool) or not isinstance(start_page, int) or start_page < 0:
        raise ValidationError(
            f"start_page must be an int >= 0, got {start_page!r}", field="start_page"
        )
    return size, start_page


def check_filters(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    """Query filters passed as they are; ``page`` and ``size`` belong to the pager."""
    if not filters:
        return {}
    reserved = {"page", "size"} & set(filters)
    if reserved:
        raise ValidationError(
            f"filters may not set {sorted(reserved)}: the pager does", field="filters"
        )
    return dict(filters)


def _first_text(data: Any, keys: tuple[str, ...]) -> str | None:
    if isinstance(data, Mapping):
        for key in keys:
            value = data.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                return str(value)
    return None
