"""loyalty-async: an async-first, typed SDK for loyalty-platform REST APIs.

Start with :class:`ConvercusClient`; build your own clients on :class:`Session`.
"""

import logging

from loyalty_async._version import __version__
from loyalty_async.auth import (
    AccengageAuth,
    AuthStrategy,
    ConvercusAuth,
    MewsAuth,
    OAuth2ClientCredentials,
)
from loyalty_async.convercus.client import ConvercusClient
from loyalty_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ConnectError,
    ConnectionDropped,
    ConnectTimeout,
    DeadlineExceeded,
    DecodeError,
    LoyaltyError,
    NotFoundError,
    OutcomeUnknownError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ReadTimeout,
    RequestTimeout,
    ServerError,
    SessionClosedError,
    TransportError,
    UnprocessableEntityError,
    ValidationError,
    WrongEventLoopError,
)
from loyalty_async.operations.raw import RawResponse, with_raw_response
from loyalty_async.operations.service import ProgramOptions, RequestOptions
from loyalty_async.paging import Page, Pager
from loyalty_async.session import RetryPolicy, Session
from loyalty_async.transport import (
    AiohttpTransport,
    Headers,
    MockTransport,
    Request,
    Response,
    Timeout,
    Transport,
)

# A library never configures logging; it only makes sure its logger exists quietly.
logging.getLogger("loyalty_async").addHandler(logging.NullHandler())

__all__ = [
    "APIError",
    "AccengageAuth",
    "AiohttpTransport",
    "AuthStrategy",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ConnectError",
    "ConnectTimeout",
    "ConnectionDropped",
    "ConvercusAuth",
    "ConvercusClient",
    "DeadlineExceeded",
    "DecodeError",
    "Headers",
    "LoyaltyError",
    "MewsAuth",
    "MockTransport",
    "NotFoundError",
    "OAuth2ClientCredentials",
    "OutcomeUnknownError",
    "Page",
    "Pager",
    "PaginationError",
    "PermissionDeniedError",
    "ProgramOptions",
    "RateLimitError",
    "RawResponse",
    "ReadTimeout",
    "Request",
    "RequestOptions",
    "RequestTimeout",
    "Response",
    "RetryPolicy",
    "ServerError",
    "Session",
    "SessionClosedError",
    "Timeout",
    "Transport",
    "TransportError",
    "UnprocessableEntityError",
    "ValidationError",
    "WrongEventLoopError",
    "__version__",
    "with_raw_response",
]
