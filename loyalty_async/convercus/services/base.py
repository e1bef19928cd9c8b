"""What every Convercus service shares: sending a declared operation and reading its result."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

from typing_extensions import Self

from loyalty_async.convercus.operation import OperationTable
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.errors import DecodeError
from loyalty_async.modeling import camel
from loyalty_async.paging import array_page
from loyalty_async.session.retry import RetryPolicy
from loyalty_async.session.session import Session
from loyalty_async.transport.base import Body, Response, Timeout

T = TypeVar("T")


class ConvercusService:
    """Base class of the Convercus domain services.

    A service takes the :class:`~loyalty_async.Session` it sends through (dependency
    injection: build one on a session of your own if you like) and the operation table
    (the client passes its table with any ``routes=`` overrides applied). Each public
    method is one declared operation.
    """

    def __init__(self, session: Session, *, operations: OperationTable | None = None) -> None:
        self._session = session
        self._operations = operations if operations is not None else OPERATIONS
        self._options: dict[str, Any] = {}

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
        options = dict(self._options)
        for key, value in (("retry", retry), ("timeout", timeout), ("deadline", deadline)):
            if value is not None:
                options[key] = value
        if headers:
            options["headers"] = {**options.get("headers", {}), **headers}
        clone._options = options
        return clone

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
        """Send the operation called ``name`` (``id_type`` must already be validated)."""
        operation = self._operations[name]
        extra: dict[str, str] = dict(self._options.get("headers", {}))
        if headers:
            extra.update(headers)
        if id_type is not None:
            extra["id-type"] = id_type
        return await self._session.request(
            operation.method,
            operation.path,
            path_params=path,
            params=params,
            headers=extra,
            json=json,
            content=content,
            operation=name,
            resend_safe=operation.resend_safe if resend_safe is None else resend_safe,
            context=context,
            stream=stream,
            retry=self._options.get("retry"),
            timeout=self._options.get("timeout"),
            deadline=self._options.get("deadline"),
        )

    def _json(self, response: Response) -> Any:
        return self._session.decode_json(response)

    def _structure(self, response: Response, model: type[T]) -> T:
        """Structure a JSON object body into ``model``."""
        return structure(self._json(response), model, response)

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
