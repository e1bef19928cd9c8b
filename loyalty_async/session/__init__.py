"""The session layer: auth, headers, retries, deadlines, hooks, logging and JSON."""

from loyalty_async.session.retry import IDEMPOTENT_METHODS, RetryPolicy, parse_retry_after
from loyalty_async.session.session import Session

__all__ = ["IDEMPOTENT_METHODS", "RetryPolicy", "Session", "parse_retry_after"]
