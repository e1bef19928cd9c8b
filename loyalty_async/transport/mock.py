"""A transport that answers from a function: for the SDK's tests and for yours."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from loyalty_async.codec import dumps
from loyalty_async.errors import SessionClosedError
from loyalty_async.transport.base import Request, Response

#: What answers a request in a MockTransport: a sync or async function of the request.
Handler = Callable[[Request], Response | Awaitable[Response]]


class MockTransport:
    """Answers each request with ``handler(request)``, which may be sync or async.

    The handler may also raise a transport error (``ConnectError``, ``ReadTimeout``,
    ``ConnectionDropped``…) to simulate a network fault. Every request is kept in
    ``requests``, in order, with its body already encoded, so a test can assert on
    exactly what went out::

        transport = MockTransport(lambda request: Response(200, json={"points": 5}))
    """

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self.closed = False

    async def send(self, request: Request) -> Response:
        """Record ``request`` and return the handler's response."""
        if self.closed:
            raise SessionClosedError("this transport is closed")
        if request.json is not None:  # built by hand, not through a session
            request.content = dumps(request.json)
            request.json = None
            request.headers.setdefault("Content-Type", "application/json")
        self.requests.append(request)
        result = self.handler(request)
        response = await result if inspect.isawaitable(result) else result
        response.request = request
        return response

    async def aclose(self) -> None:
        """Mark the transport closed; later sends raise ``SessionClosedError``."""
        self.closed = True
