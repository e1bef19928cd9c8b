"""What every Accengage service shares: the app, typed errors, bodies, deletes and pages.

The typed methods are bound to the rows of :data:`~loyalty_async.accengage.operations.OPERATIONS`
(:mod:`loyalty_async.operations.binder`); what they need at run time lives here:

* ``{partner_id}`` is the client's app unless a call gives its own;
* every error answer is raised as its :class:`~loyalty_async.accengage.errors.AccengageError`
  class, with every ``{label, message}`` entry kept;
* free-form bodies pass the checks of :mod:`loyalty_async.accengage.validation` (limits,
  target kinds, RFC 3339 dates) before anything is sent;
* a list is walked page after page by its ``Link`` URLs, each request signed again;
* a ``DELETE`` whose first attempt was ambiguous is sent once more, and its 404 is
  reported as :class:`~loyalty_async.accengage.errors.AlreadyDeletedError`.
"""

# mypy: disable-error-code="empty-body"
# MeService.get is derived from its operation (operations.binder).

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ClassVar

import attrs
from typing_extensions import Unpack

from loyalty_async.accengage.errors import AlreadyDeletedError, accengage_error
from loyalty_async.accengage.operations import OPERATIONS
from loyalty_async.accengage.validation import BODY_CHECKS, check_body, check_text
from loyalty_async.errors import (
    APIError,
    DecodeError,
    NotFoundError,
    OutcomeUnknownError,
    ValidationError,
)
from loyalty_async.operations import Fill, Operation, OperationTable
from loyalty_async.operations.binder import operation, sends
from loyalty_async.operations.checks import check_id, check_positive_id
from loyalty_async.operations.readers import ItemReader, decode_exact
from loyalty_async.operations.service import RequestOptions, Service
from loyalty_async.paging import Page, Pager, link_json_page
from loyalty_async.session.call import Call, CallOptions
from loyalty_async.session.session import Session
from loyalty_async.transport.base import Response

__all__ = ["AccengageService", "MeService", "RequestOptions", "operation", "sends"]


@contextmanager
def _typed_errors() -> Iterator[None]:
    try:
        yield
    except APIError as exc:
        typed = accengage_error(exc)
        if typed is exc:
            raise
        raise typed from exc


class AccengageService(Service):
    """Base class of the Accengage services (one per domain of the API).

    A service takes the session it sends through, the operation table (with any
    ``routes=`` applied) and the app's ``partner_id``.
    """

    _table: ClassVar[OperationTable | None] = OPERATIONS

    def __init__(
        self,
        session: Session,
        *,
        operations: OperationTable | None = None,
        partner_id: str | None = None,
    ) -> None:
        super().__init__(session, operations=operations, program_id=partner_id)

    @classmethod
    def _refusal_context(cls) -> Callable[[], AbstractContextManager[None]] | None:
        return _typed_errors

    def _program(self, program_id: Any) -> str:
        """The app of a call: its own ``partner_id``, else the client's."""
        if program_id is None:
            if self._program_id is None:
                raise ValidationError("this route is app-scoped: pass partner_id=...")
            return str(self._program_id)
        return check_text(program_id, "partner_id")

    def _json_body(self, name: str, body: Any, field: str = "body") -> Any:
        """The body of ``name`` after Accengage's checks (limits, dates, target kinds)."""
        return BODY_CHECKS.get(name, check_body)(body, field)

    def _path(self, name: str, partner_id: Any = None, **values: Any) -> dict[str, str]:
        """The checked path values of ``name`` for a hand-written method."""
        operation = self._operation(name)
        filled: dict[str, str] = {}
        for parameter in operation.parameters:
            fill = operation.param(parameter).fill
            if fill is Fill.PROGRAM:
                filled[parameter] = self._program(partner_id)
            elif fill is Fill.NUMBER:
                filled[parameter] = check_positive_id(values[parameter], parameter)
            else:
                filled[parameter] = check_id(values[parameter], parameter)
        return filled

    async def _send_url(
        self, name: str, url: str, *, stream: bool = False, options: CallOptions | None = None
    ) -> Response:
        """Send ``name`` to ``url`` as given (a next page), signed like any request."""
        call = Call(
            attrs.evolve(self._operation(name), path=url),
            options=self._options if options is None else options,
            stream=stream,
        )
        return await self._send_call(call)

    async def _delete(
        self,
        name: str,
        *,
        path: Mapping[str, Any],
        json: Any = None,
        options: Mapping[str, Any] | None = None,
        operation: Operation | None = None,
    ) -> None:
        """Send a ``DELETE``; after an ambiguous attempt, once more, its 404 reported as such.

        ``operation`` replaces the row (a path already filled in by the caller).
        """
        call = Call(
            operation or self._operation(name),
            path=path,
            json=json,
            options=self._call_options(options) if options else self._options,
        )
        try:
            await self._send_call(call)
        except OutcomeUnknownError as unknown:
            # Deleting again cannot delete twice; only the answer tells more.
            try:
                await self._send_call(call)
            except NotFoundError as exc:
                raise accengage_error(
                    exc,
                    AlreadyDeletedError,
                    message=f"{name}: HTTP 404 after an ambiguous first attempt; that attempt "
                    "most likely deleted it (or it never existed)",
                ) from unknown

    async def _send_call(self, call: Call) -> Response:
        """Send a call built by hand: errors typed, the response captured."""
        with _typed_errors():
            response = await self._session.send(call)
        if self._capture is not None:
            self._capture.append(response)
        return response

    def _page_walk(
        self,
        name: str,
        item: ItemReader,
        page_size: Any,
        start_page: Any,
        *,
        path: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        options: Mapping[str, Any] | None = None,
        exact: bool = False,
        body: Any = None,
    ) -> Pager[Any]:
        """Every item of a list: ``page`` first, then each ``Link`` ``next`` URL as given.

        ``start_page`` is a page number (from 1), or the URL a stopped walk gives as
        :attr:`~loyalty_async.errors.PaginationError.resume`. Nothing is sent before the
        first iteration.
        """
        if isinstance(start_page, str):
            if not start_page.startswith(("http://", "https://")):
                raise ValidationError(
                    "start_page must be a page number or the URL of a page", field="start_page"
                )
        elif isinstance(start_page, bool) or not isinstance(start_page, int) or start_page < 1:
            raise ValidationError(
                f"start_page must be a page number from 1, got {start_page!r}", field="start_page"
            )
        per_call = self._call_options(options) if options else self._options
        operation = self._operation(name)
        fixed = dict(params or {})

        async def fetch(cursor: int | str) -> Page[Any]:
            if isinstance(cursor, str):
                response = await self._send_url(name, cursor, options=per_call)
            else:
                call = Call(
                    operation,
                    path=path,
                    query={**fixed, "page": cursor},
                    json=body,
                    headers=headers,
                    options=per_call,
                )
                response = await self._send_call(call)
            data = decode_exact(response) if exact else self._session.decode_json(response)
            page = link_json_page(response, data)
            return Page([item(entry, response) for entry in page.items], page.next)

        return Pager(fetch, start=start_page)

    def _object(self, response: Response) -> dict[str, Any]:
        """A JSON object answer, every field kept."""
        data = self._json(response)
        if not isinstance(data, dict):
            raise DecodeError(
                f"expected a JSON object from HTTP {response.status}, got {type(data).__name__}",
                response=response,
            )
        return data

    def _items(self, name: str, model: Any) -> ItemReader:
        """The reader of one item of a hand-written list."""
        from loyalty_async.operations.readers import item_reader

        return item_reader(self._operation(name), model, self._converter)


class MeService(AccengageService):
    """The entry route: check that the key, the signature and the token are accepted."""

    @operation("me.get")
    async def get(self, **options: Unpack[RequestOptions]) -> str:
        """``"Welcome"`` when everything is in order (an error otherwise)."""
