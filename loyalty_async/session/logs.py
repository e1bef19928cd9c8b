"""What a session logs, all through the ``loyalty_async`` logger and its redaction rules.

DEBUG: each attempt going out and each response (method, masked path, headers
allow-listed, body redacted). INFO: credentials refused and replayed. WARNING: each retry,
and a write cut off by cancellation after it may have reached the server.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from loyalty_async.errors import APIError, LoyaltyError
from loyalty_async.session.redaction import (
    SECRET_FIELDS_EXTENSION,
    loggable_headers,
    redact,
    redact_context,
)
from loyalty_async.transport.base import Request, Response

if TYPE_CHECKING:
    from loyalty_async.session.decide import CallSpec

logger = logging.getLogger("loyalty_async")


def masked_path(request: Request) -> str:
    """The request's path with its parameters masked (UUIDs aside)."""
    return request.describe().partition(" ")[2]


def request_line(request: Request, attempt: int) -> None:
    """DEBUG: one attempt going out."""
    body = None
    if isinstance(request.content, bytes) and request.content:
        try:
            body = redact(
                request.decoded_json(), request.extensions.get(SECRET_FIELDS_EXTENSION, ())
            )
        except ValueError:
            body = f"<{len(request.content)} bytes>"
    logger.debug(
        "-> %s %s attempt=%d operation=%s headers=%s body=%s",
        request.method,
        masked_path(request),
        attempt,
        request.extensions.get("operation", "-"),
        loggable_headers(request.headers),
        body,
    )


def response_line(request: Request, response: Response, seconds: float) -> None:
    """DEBUG: one response come back."""
    logger.debug(
        "<- %d %s %s in %.1f ms",
        response.status,
        request.method,
        masked_path(request),
        seconds * 1000,
    )


def replaying(status: int) -> None:
    """INFO: refused credentials, replayed once with fresh ones."""
    logger.info("credentials refused (HTTP %d); replaying once", status)


def retrying(
    spec: CallSpec, request: Request, wait: float, attempt: int, error: LoyaltyError
) -> None:
    """WARNING: an attempt failed and the call goes again after ``wait`` seconds."""
    logger.warning(
        "retrying %s %s in %.2f s (attempt %d of %d failed: %s)",
        request.method,
        spec.operation or masked_path(request),
        wait,
        attempt,
        spec.policy.max_attempts,
        f"HTTP {error.status}" if isinstance(error, APIError) else type(error).__name__,
    )


def cancelled_write(spec: CallSpec, cancelled: asyncio.CancelledError) -> None:
    """WARNING, and a note on the exception: a write cut off may have landed; reconcile it."""
    context = redact_context(spec.context or {})
    logger.warning(
        "%s was cancelled after it may have reached the server: its outcome is unknown "
        "(context %s); reconcile before sending it again",
        spec.name,
        context,
    )
    # Shown under the traceback of whoever cancelled.
    cancelled.add_note(
        f"loyalty_async: {spec.name} may have reached the server before this "
        f"cancellation; its outcome is unknown (context {context}). Use deadline= "
        "rather than asyncio.wait_for or asyncio.timeout to get an OutcomeUnknownError "
        "instead."
    )
