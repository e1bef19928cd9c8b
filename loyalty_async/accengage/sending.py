"""How every Accengage call goes out: the partner id filled in, errors typed, deletes checked.

Shared by the typed methods and ``client.call``: one ``Call`` per request; every error
answer raised as its :class:`~loyalty_async.accengage.errors.AccengageError` class; a
``DELETE`` whose first attempt was ambiguous sent once more, its 404 reported as
:class:`~loyalty_async.accengage.errors.AlreadyDeletedError`; next pages followed from
their ``Link`` URL and signed again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import attrs

from loyalty_async.accengage.errors import AlreadyDeletedError, accengage_error
from loyalty_async.errors import APIError, NotFoundError, OutcomeUnknownError
from loyalty_async.operations import Operation
from loyalty_async.paging import Page, Pager, link_json_page
from loyalty_async.session.call import NO_OPTIONS, Call, CallOptions, Params
from loyalty_async.session.session import Session
from loyalty_async.transport.base import Response


class Sender:
    """Sends the calls of one app (``partner_id``) through one session."""

    def __init__(
        self,
        session: Session,
        operations: Mapping[str, Operation],
        partner_id: str,
        options: CallOptions = NO_OPTIONS,
    ) -> None:
        self.session = session
        self.operations = operations
        self.partner_id = partner_id
        self.options = options

    def with_options(self, options: CallOptions) -> Sender:
        """A sender whose calls also use ``options``."""
        return Sender(self.session, self.operations, self.partner_id, self.options.merge(options))

    def call(
        self,
        name: str,
        *,
        path: Mapping[str, Any] | None = None,
        query: Params | None = None,
        json: Any = None,
        stream: bool = False,
        url: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Call:
        """The :class:`Call` of operation ``name`` (``url``: a next page, as given)."""
        operation = self.operations[name]
        values: dict[str, Any] | None = None
        if url is not None:
            # The Link URL already holds the path and the query: sent as given.
            operation = attrs.evolve(operation, path=url)
            query = None
        elif "partner_id" in operation.parameters:
            values = {"partner_id": self.partner_id, **(path or {})}
        elif path:
            values = dict(path)
        return Call(
            operation,
            path=values,
            query=query,
            json=json,
            options=self.options,
            stream=stream,
            context=context,
        )

    async def send(self, call: Call) -> Response:
        """Send ``call``; errors typed, an ambiguous ``DELETE`` confirmed once."""
        try:
            return await self.session.send(call)
        except APIError as exc:
            raise accengage_error(exc) from exc
        except OutcomeUnknownError as unknown:
            if call.operation.method != "DELETE":
                raise
            # Sending a delete again cannot delete twice; only its answer can differ.
            try:
                return await self.session.send(call)
            except NotFoundError as exc:
                raise accengage_error(
                    exc,
                    AlreadyDeletedError,
                    message=f"{call.operation.name}: HTTP 404 after an ambiguous first attempt; "
                    "that attempt most likely deleted it (or it never existed)",
                ) from unknown
            except APIError as exc:
                raise accengage_error(exc) from unknown

    async def json(self, name: str, **kwargs: Any) -> Any:
        """Send operation ``name`` and decode its JSON answer (``None`` for an empty body)."""
        response = await self.send(self.call(name, **kwargs))
        return self.session.decode_json(response)

    def pages(
        self,
        name: str,
        *,
        path: Mapping[str, Any] | None = None,
        query: Params | None = None,
        key: str | None = None,
        resume_from: str | None = None,
        read: Callable[[Any], Any] | None = None,
    ) -> Pager[Any]:
        """Every item of a paginated list, page after page (``Link`` URLs followed)."""

        async def fetch(url: str | None) -> Page[Any]:
            if url is None:
                call = self.call(name, path=path, query=query)
            else:
                call = self.call(name, url=url)
            response = await self.send(call)
            page = link_json_page(response, self.session.decode_json(response), key)
            if read is not None:
                return Page([read(item) for item in page.items], page.next)
            return page

        return Pager(fetch, start=resume_from)

    def opener(
        self, name: str, *, path: Mapping[str, Any] | None = None, query: Params | None = None
    ) -> Callable[[str | None], Awaitable[Response]]:
        """Sends one page of a streamed list: the first from ``query``, the next from its URL."""

        async def open_page(url: str | None) -> Response:
            if url is None:
                return await self.send(self.call(name, path=path, query=query, stream=True))
            return await self.send(self.call(name, url=url, stream=True))

        return open_page
