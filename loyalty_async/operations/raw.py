"""Raw responses: a typed method's result together with the HTTP response it came from.

::

    raw = await with_raw_response(client.accounts.get_balance)("V1W2X3Y4Z5", id_type="CARDCODE")
    raw.status, raw.headers["Content-Type"], raw.request_id, raw.parsed.points

The wrapped call has the method's own signature and per-call options; nothing is read
twice and the service itself is left as it was.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, ParamSpec, TypeVar

import attrs

from loyalty_async.errors import ValidationError
from loyalty_async.transport.base import Response

P = ParamSpec("P")
T = TypeVar("T")

#: Headers a server may name its request id in, most specific first.
REQUEST_ID_HEADERS = ("Request-Id", "X-Request-Id", "X-Correlation-Id", "traceparent")


@attrs.frozen
class RawResponse(Generic[T]):
    """What a call returned (``parsed``) and the response it was read from."""

    status: int
    headers: Mapping[str, str]
    request_id: str | None
    parsed: T
    #: The last response of the call (a paged walk's pages are not kept).
    response: Response = attrs.field(repr=False)


def request_id_of(response: Response) -> str | None:
    """The request id the server sent in its headers, if any."""
    for name in REQUEST_ID_HEADERS:
        value = response.headers.get(name)
        if value:
            return value
    return None


def with_raw_response(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """Wrap a bound service method so that it returns a :class:`RawResponse`.

    The method is called on a copy of its service that records the responses it reads
    (same session, pool and settings), so concurrent calls of the service itself are
    not affected.
    """
    service = getattr(method, "__self__", None)
    function = getattr(method, "__func__", None)
    if service is None or function is None or not hasattr(service, "_capture"):
        raise ValidationError(
            "with_raw_response takes a bound method of a service, such as "
            "client.accounts.get_balance",
            field="method",
        )

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        recording: Any = copy.copy(service)
        captured: list[Response] = []
        recording._capture = captured
        parsed = await function(recording, *args, **kwargs)
        if not captured:
            raise ValidationError(f"{function.__qualname__} sent no request to report on")
        response: Response = captured[-1]
        return RawResponse(
            status=response.status,
            headers=response.headers,
            request_id=request_id_of(response),
            parsed=parsed,
            response=response,
        )

    return call
