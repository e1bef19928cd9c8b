"""Accengage errors: every ``{label, message}`` entry of the body, the first label on top.

An Accengage error body is ``{"errors": [{"label": "API_ERR_…", "message": "…"}, …]}``;
validation may return several entries at once. Every :class:`~loyalty_async.APIError` a
call of :class:`~loyalty_async.accengage.AccengageClient` ends with is raised as the
:class:`AccengageError` class of its status, which is also the general class of that
status (``except NotFoundError`` keeps working)::

    AccengageError(APIError)         label: ErrorLabel, errors: [ErrorEntry]
    ├── AccengageBadRequestError           + BadRequestError (400)
    ├── AccengageAuthenticationError       + AuthenticationError (401, a refused token)
    ├── AccengagePermissionError           + PermissionDeniedError (403)
    ├── AccengageNotFoundError             + NotFoundError (404)
    │   └── AlreadyDeletedError            404 on a DELETE after an ambiguous attempt
    ├── AccengageConflictError             + ConflictError (409)
    ├── AccengageRateLimitError            + RateLimitError (429)
    └── AccengageServerError               + ServerError (5xx)

HTTP status plus label is the stable contract; the message texts may change.
"""

from __future__ import annotations

from typing import Any

import attrs
import orjson

from loyalty_async.auth.accengage import TOKEN_LABEL
from loyalty_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from loyalty_async.modeling import OpenEnum


class ErrorLabel(OpenEnum):
    """The general type of an Accengage error (a label the API adds later is kept)."""

    #: 400: the access token is invalid; 401: it expired; 403: the route needs one.
    TOKEN = TOKEN_LABEL
    #: 400: the ``Accengage-Signature`` header is missing, empty or wrong (or the clock is off).
    SIGNATURE = "API_ERR_SIGNATURE"
    #: 403: no rights on this route or app.
    FORBIDDEN = "API_ERR_FORBIDDEN"
    #: 404: the resource and its type or app do not match (seen on alarms).
    DATA = "API_ERR_DATA"
    #: 400: the message is being sent.
    MESSAGE_SENDING = "API_ERR_MESSAGE_SENDING"
    #: 400: the message was already sent.
    MESSAGE_SENT = "API_ERR_MESSAGE_SENT"
    #: 400: the message was already sent, and that send failed.
    MESSAGE_FAILED = "API_ERR_MESSAGE_FAILED"
    #: 500: server-side failures.
    DB = "API_ERR_DB"
    CACHE = "API_ERR_CACHE"
    SERVICE = "API_ERR_SERVICE"
    UTIL = "API_ERR_UTIL"
    SUPPORT = "API_ERR_SUPPORT"
    UNKNOWN = "API_ERR_UNKNOWN"


@attrs.frozen
class ErrorEntry:
    """One entry of an Accengage error body."""

    label: ErrorLabel | None
    message: str


def error_entries(body: str) -> list[ErrorEntry]:
    """Every ``{label, message}`` entry of an error body, in order (``[]`` for other shapes)."""
    try:
        data = orjson.loads(body) if body.strip() else None
    except orjson.JSONDecodeError:
        return []
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list):
        return []
    entries = []
    for entry in errors:
        if isinstance(entry, dict):
            label = entry.get("label")
            entries.append(
                ErrorEntry(
                    ErrorLabel(str(label)) if label else None, str(entry.get("message") or "")
                )
            )
    return entries


class AccengageError(APIError):
    """An error answer of the Accengage API.

    ``errors`` keeps every entry of the body; ``label`` is the first entry's label (also
    in ``code``), ``None`` when the body had none.
    """

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.errors: list[ErrorEntry] = error_entries(self.body)
        self.label: ErrorLabel | None = self.errors[0].label if self.errors else None

    @property
    def labels(self) -> list[ErrorLabel]:
        """The label of every entry, in order."""
        return [entry.label for entry in self.errors if entry.label is not None]


class AccengageBadRequestError(AccengageError, BadRequestError):
    """HTTP 400: invalid input, a bad signature, or a message send state conflict."""


class AccengageAuthenticationError(AccengageError, AuthenticationError):
    """The access token or the signature was refused, even after one renewal."""


class AccengagePermissionError(AccengageError, PermissionDeniedError):
    """HTTP 403: no rights on this route or app (or a route that needs a token)."""


class AccengageNotFoundError(AccengageError, NotFoundError):
    """HTTP 404: the resource does not exist (or belongs to another app)."""


class AlreadyDeletedError(AccengageNotFoundError):
    """A ``DELETE`` answered 404 after an earlier attempt of the same call was ambiguous.

    Accengage ``DELETE`` is not idempotent: it answers 404 once the resource is gone. When
    the first attempt may have reached the server (no answer, a dropped connection), the
    404 of the next attempt most likely means that first attempt deleted it, but it may
    also mean the resource never existed. It is reported as this error, never as a
    success; the first attempt's failure is the ``__cause__``.
    """


class AccengageConflictError(AccengageError, ConflictError):
    """HTTP 409: e.g. a static list with this ``listId`` already exists."""


class AccengageRateLimitError(AccengageError, RateLimitError):
    """HTTP 429 (Accengage documents no rate, but a proxy may send one)."""


class AccengageServerError(AccengageError, ServerError):
    """HTTP 5xx: ``API_ERR_DB``, ``API_ERR_SERVICE`` and the like."""


_BY_STATUS: dict[int, type[AccengageError]] = {
    400: AccengageBadRequestError,
    401: AccengageAuthenticationError,
    403: AccengagePermissionError,
    404: AccengageNotFoundError,
    409: AccengageConflictError,
    429: AccengageRateLimitError,
}


def accengage_error(
    error: APIError, cls: type[AccengageError] | None = None, *, message: str | None = None
) -> AccengageError:
    """``error`` as the :class:`AccengageError` class of its status (everything kept).

    ``cls`` forces a class, ``message`` replaces the message.
    """
    if isinstance(error, AccengageError) and cls is None:
        return error
    if cls is None:
        if isinstance(error, AuthenticationError):
            cls = AccengageAuthenticationError
        elif error.status >= 500:
            cls = AccengageServerError
        else:
            cls = _BY_STATUS.get(error.status, AccengageError)
    return error.recast(cls, message)
