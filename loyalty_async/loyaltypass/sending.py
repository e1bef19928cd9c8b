"""How every Loyalty Pass call goes out: routes filled, field names mapped, pages followed.

A route given with ``routes=`` may put the call's own values into the path
(``/members/{member_id}/earn``); they are filled here. Field names given with
``field_names=`` rename JSON keys on the way out and back. A list answer that names a
next page in a ``Link`` header (or a ``links`` field) is followed as given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from loyalty_async.operations import Operation
from loyalty_async.paging import Page, Pager, link_json_page
from loyalty_async.session.call import NO_OPTIONS, Call, CallOptions, Params
from loyalty_async.session.session import Session
from loyalty_async.transport.base import Response


def _renamed(data: Any, names: Mapping[str, str]) -> Any:
    """``data`` with every object key found in ``names`` renamed, at any depth."""
    if isinstance(data, Mapping):
        return {names.get(key, key): _renamed(value, names) for key, value in data.items()}
    if isinstance(data, list):
        return [_renamed(item, names) for item in data]
    return data


class Sender:
    """Sends the calls of one client through one session."""

    def __init__(
        self,
        session: Session,
        operations: Mapping[str, Operation],
        field_names: Mapping[str, str] | None = None,
        options: CallOptions = NO_OPTIONS,
    ) -> None:
        self.session = session
        self.operations = operations
        self.outgoing = dict(field_names or {})
        self.incoming = {theirs: ours for ours, theirs in self.outgoing.items()}
        self.options = options

    def with_options(self, options: CallOptions) -> Sender:
        """A sender whose calls also use ``options``."""
        clone = Sender(self.session, self.operations, None, self.options.merge(options))
        clone.outgoing, clone.incoming = self.outgoing, self.incoming
        return clone

    def call(
        self,
        name: str,
        *,
        values: Mapping[str, Any] | None = None,
        query: Params | None = None,
        json: Any = None,
        context: Mapping[str, Any] | None = None,
        url: str | None = None,
    ) -> Call:
        """The :class:`Call` of ``name``; ``values`` fill the route's placeholders, if any."""
        operation = self.operations[name]
        path = None
        if url is not None:
            # A next page's URL already holds the path and the query: sent as given.
            operation = attrs.evolve(operation, path=url)
            query = None
        elif operation.parameters:
            path = {key: (values or {})[key] for key in operation.parameters}
        if json is not None and self.outgoing:
            json = _renamed(json, self.outgoing)
        if query is not None and self.outgoing and isinstance(query, Mapping):
            query = {self.outgoing.get(key, key): value for key, value in query.items()}
        return Call(
            operation,
            path=path,
            query=query,
            json=json,
            options=self.options,
            context=context,
        )

    def decode(self, response: Response) -> Any:
        """The JSON answer, its keys mapped back to the SDK's names."""
        data = self.session.decode_json(response)
        return _renamed(data, self.incoming) if self.incoming else data

    async def send(self, call: Call) -> Response:
        """Send ``call`` (errors as the session raises them)."""
        return await self.session.send(call)

    def pages(
        self,
        name: str,
        read: Callable[[Any], Any],
        *,
        values: Mapping[str, Any] | None = None,
        query: Params | None = None,
    ) -> Pager[Any]:
        """The items of a list: one page, or every page its ``Link`` headers name."""

        async def fetch(url: str | None) -> Page[Any]:
            if url is None:
                call = self.call(name, values=values, query=query)
            else:
                call = self.call(name, url=url)
            response = await self.send(call)
            page = link_json_page(response, self.decode(response))
            return Page([read(item) for item in page.items], page.next)

        return Pager(fetch)
