"""How Mews's error answers map onto the SDK's errors.

Mews answers errors as ``{"Message", "RequestId", "Details"}`` (``Details`` only on
development environments), with a ``Request-Id`` header on every answer; both ids end up
on ``error.request_id``. The statuses mean::

    400  BadRequestError          a bug in the request: bad JSON, an invalid or wrong-state id
    401  AuthenticationError      the tokens are wrong, expired or disabled (permanent)
    403  BusinessRuleError        a business rule refused it: show ``message`` to the user
    404  NotFoundError            wrong path (case, trailing slash) or method
    408  RequestTooHeavyError     too much work: ask for less, repeating will not help
    409  ConflictError            the data changed meanwhile: read it again, then resubmit
    413  RequestTooLargeError     the body is too large: split the batch
    429  RateLimitError           nothing was done: resent after ``Retry-After``
    5xx  ServerError              Mews failed (a write may or may not have happened)

:class:`BusinessRuleError` is a :class:`~loyalty_async.errors.PermissionDeniedError`, so
``except PermissionDeniedError`` keeps catching it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from loyalty_async.errors import APIError, PermissionDeniedError


class BusinessRuleError(PermissionDeniedError):
    """HTTP 403 from Mews: a business rule refused the request.

    For example deleting a loyalty program that still has active memberships. The
    ``message`` is written for the end user; sending the same request again will be
    refused again.
    """


class RequestTooHeavyError(APIError):
    """HTTP 408 from Mews: the request asks for too much work.

    Ask for less: a smaller ``page_size``, a shorter interval, fewer ids. The same request
    will time out again, so it is never retried.
    """


class RequestTooLargeError(APIError):
    """HTTP 413 from Mews: the request body is too large; split the batch."""


_BY_STATUS: dict[int, type[APIError]] = {
    403: BusinessRuleError,
    408: RequestTooHeavyError,
    413: RequestTooLargeError,
}


def as_mews_error(error: APIError) -> APIError:
    """``error`` as the class Mews's status stands for (everything it carries is kept)."""
    cls = _BY_STATUS.get(error.status)
    if cls is None or isinstance(error, cls):
        return error
    return error.recast(cls)


@contextmanager
def mews_errors() -> Iterator[None]:
    """Re-raise an :class:`~loyalty_async.errors.APIError` raised inside as its Mews class."""
    try:
        yield
    except APIError as exc:
        typed = as_mews_error(exc)
        if typed is exc:
            raise
        raise typed from exc
