"""Pluggable transports: the only layer that knows which HTTP library moves the bytes."""

from loyalty_async.transport.aiohttp_transport import AiohttpTransport
from loyalty_async.transport.base import ByteStream, Request, Response, Timeout, Transport
from loyalty_async.transport.headers import Headers
from loyalty_async.transport.mock import MockTransport

__all__ = [
    "AiohttpTransport",
    "ByteStream",
    "Headers",
    "MockTransport",
    "Request",
    "Response",
    "Timeout",
    "Transport",
]
