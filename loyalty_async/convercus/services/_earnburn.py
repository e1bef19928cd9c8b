"""What the earn-and-burn services share: paging, lenient result reading, input checks."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import inspect
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from loyalty_async.convercus.errors import refusals_as
from loyalty_async.convercus.services.base import ConvercusService, structure
from loyalty_async.errors import (
    APIError,
    DecodeError,
    OutcomeUnknownError,
    ServerError,
    TransportError,
    ValidationError,
)
from loyalty_async.paging import Page, Pager, spring_page
from loyalty_async.session.retry import RetryPolicy
from loyalty_async.transport.base import Response

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

#: Items per page asked for when the caller does not say.
DEFAULT_PAGE_SIZE = 50
#: The largest page size the SDK asks for (Spring's usual cap is 1000 or lower).
MAX_PAGE_SIZE = 1000


def check_page(page_size: Any, start_page: Any) -> tuple[int, int]:
    """A page size in ``1..MAX_PAGE_SIZE`` and a 0-based start page."""
    if isinstance(page_size, bool) or not isinstance(page_size, int):
        raise ValidationError(f"page_size must be an int, got {page_size!r}", field="page_size")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValidationError(
            f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}", field="page_size"
        )
    if isinstance(start_page, bool) or not isinstance(start_page, int) or start_page < 0:
        raise ValidationError(
            f"start_page must be an int >= 0, got {start_page!r}", field="start_page"
        )
    return page_size, start_page


def check_aware(value: Any, field: str) -> dt.datetime:
    """A datetime with a UTC offset (a naive one would be read in the server's zone)."""
    if not isinstance(value, dt.datetime):
        raise ValidationError(f"{field} must be a datetime, got {value!r}", field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            f"{field} must carry a UTC offset (e.g. datetime.now(timezone.utc)), got {value!r}",
            field=field,
        )
    return value


def check_optional_text(value: Any, field: str) -> str | None:
    """``None``, or a non-empty string."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{field} must be a non-empty string, got {value!r}", field=field)
    return value


def check_count(value: Any, field: str) -> int:
    """A whole number, zero or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{field} must be a whole number >= 0, got {value!r}", field=field)
    return value


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


def mint_id() -> str:
    """A fresh unique id (UUID 4) for a call that needs one and was given none."""
    return str(uuid.uuid4())


def route_variant(method: F, replaces: str, operation: str, doc: str) -> F:
    """The typed ``method`` sent as ``operation`` instead of ``replaces`` (another route).

    The API reference lists deprecated and duplicate entries of an operation with the same
    inputs and result; each gets its own method (named after the operation) that shares
    the current method's signature, checks and parsing.
    """
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def variant(self: EarnBurnService, *args: Any, **kwargs: Any) -> Any:
            return await method(self._routed(replaces, operation), *args, **kwargs)

    else:

        @functools.wraps(method)
        def variant(self: EarnBurnService, *args: Any, **kwargs: Any) -> Any:
            return method(self._routed(replaces, operation), *args, **kwargs)

    name = operation.rsplit(".", 1)[-1]
    variant.__name__ = name
    variant.__qualname__ = f"{method.__qualname__.rsplit('.', 1)[0]}.{name}"
    variant.__doc__ = doc
    return cast(F, variant)


def _first_text(data: Any, keys: tuple[str, ...]) -> str | None:
    if isinstance(data, Mapping):
        for key in keys:
            value = data.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                return str(value)
    return None


class EarnBurnService(ConvercusService):
    """A Convercus service with the helpers the earn-and-burn domains need."""

    #: The typed error family business refusals of this service are raised as.
    _refusals: type[APIError] | None = None
    #: Operation name → the operation sent instead (set by :func:`route_variant`).
    _aliases: Mapping[str, str] = {}

    def _routed(self, replaces: str, operation: str) -> EarnBurnService:
        clone = copy.copy(self)
        clone._aliases = {**self._aliases, replaces: operation}
        return clone

    def _operation(self, name: str) -> str:
        """The operation actually sent for ``name`` (another route in a variant method)."""
        return self._aliases.get(name, name)

    async def _call(self, name: str, **kwargs: Any) -> Response:
        """:meth:`_send`, with refusals raised as this service's typed errors."""
        name = self._operation(name)
        if self._refusals is None:
            return await self._send(name, **kwargs)
        with refusals_as(self._refusals):
            return await self._send(name, **kwargs)

    async def _call_once(self, name: str, *, context: Mapping[str, Any], **kwargs: Any) -> Response:
        """Send a write that must never go twice although its method is PUT or DELETE.

        The session resends idempotent methods after an ambiguous failure; a deprecated
        ``PUT`` redeem is not idempotent, so it is sent exactly once and an ambiguous
        failure becomes :class:`~loyalty_async.errors.OutcomeUnknownError`. A refused
        connection (nothing left) is raised as it is: sending again is safe.
        """
        name = self._operation(name)
        once = self.with_options(retry=RetryPolicy.disabled())
        try:
            return await once._call(name, context=context, **kwargs)
        except (TransportError, ServerError) as exc:
            if isinstance(exc, TransportError) and not exc.may_have_reached_server:
                raise
            raise OutcomeUnknownError(
                f"{name}: the outcome is unknown ({type(exc).__name__}: {exc}); do not resend "
                "it before checking whether it took effect",
                request=exc.request,
                operation=name,
                context=context,
            ) from exc

    def _pager(
        self,
        name: str,
        model: type[T],
        *,
        page_size: int,
        start_page: int,
        path: Mapping[str, Any] | None = None,
        id_type: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Pager[T]:
        """A :class:`Pager` over a Spring-paged list (``page``/``size``; array or Page body)."""
        size, start = check_page(page_size, start_page)
        fixed = dict(params or {})

        async def fetch(page: int) -> Page[T]:
            response = await self._call(
                name, path=path, id_type=id_type, params={**fixed, "page": page, "size": size}
            )
            try:
                raw = spring_page(self._json(response), page, size)
            except DecodeError as exc:
                exc.response = response
                raise
            return Page([structure(item, model, response) for item in raw.items], raw.next)

        return Pager(fetch, start=start)

    def _object(self, response: Response, model: type[T]) -> T | None:
        """Structure a JSON object body into ``model``; ``None`` for an empty body."""
        data = self._json(response)
        return None if data is None else structure(data, model, response)

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
