"""The session layer: auth, headers, retries, deadlines, hooks, logging and JSON."""

from loyalty_async.session.call import NO_OPTIONS, Call, CallOptions
from loyalty_async.session.retry import IDEMPOTENT_METHODS, RetryPolicy, parse_retry_after
from loyalty_async.session.session import Session

__all__ = [
    "IDEMPOTENT_METHODS",
    "NO_OPTIONS",
    "Call",
    "CallOptions",
    "RetryPolicy",
    "Session",
    "parse_retry_after",
]
