"""Turn an error response of any of the four platforms into an :class:`APIError`.

Shapes understood (anything else, an empty body or a non-JSON body never crashes):

* Convercus ``{"code", "message", "detail"}`` (``detail`` a list or a string; SG's ``error`` list)
* Spring ``{"timestamp", "status", "error", "message", "path"}``
* Mews ``{"Message", "RequestId", "Details"}``
* Accengage ``{"errors": [{"label", "message"}]}``
* OAuth2 ``{"error", "error_description"}``
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import orjson

from loyalty_async.errors import APIError, error_class_for_status
from loyalty_async.session.redaction import mask_echoes, member_values, scrub
from loyalty_async.session.retry import parse_retry_after
from loyalty_async.transport.base import Request, Response

_MAX_BODY = 4096


def _first(body: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = body.get(key)
        if value not in (None, "", []):
            return value
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def parse_error_body(status: int, text: str) -> tuple[str | None, str, list[Any], str | None]:
    """Return ``(code, message, details, request_id)`` read from an error body."""
    try:
        body = orjson.loads(text) if text.strip() else None
    except orjson.JSONDecodeError:
        body = None
    if not isinstance(body, Mapping):
        message = text.strip()[:300] if text.strip() else ""
        return None, message, [], None
    errors = body.get("errors")
    if isinstance(errors, list) and errors and all(isinstance(e, Mapping) for e in errors):
        # Accengage: several labelled errors; the first is the headline.
        labels = [str(e.get("label") or e.get("code") or "") for e in errors]
        messages = [str(e.get("message") or "") for e in errors]
        pairs = zip(labels, messages, strict=True)
        details = [f"{label}: {msg}" if msg else label for label, msg in pairs]
        return labels[0] or None, messages[0], details[1:] if len(details) > 1 else [], None
    code = _first(body, "code", "errorCode", "Code")
    message = _first(body, "message", "Message", "error_description", "errorMessage")
    spring_error = body.get("error")
    if code is None and isinstance(spring_error, str) and "error_description" in body:
        code = spring_error  # OAuth2: "error" is the machine code
    if message is None and isinstance(spring_error, str):
        message = spring_error
    details = _as_list(_first(body, "detail", "details", "Details"))
    if isinstance(spring_error, list):
        details.extend(spring_error)
    request_id = _first(body, "RequestId", "requestId", "traceId")
    return (
        str(code) if code is not None else None,
        str(message) if message is not None else "",
        details,
        str(request_id) if request_id is not None else None,
    )


def _member_data(request: Request | None) -> set[str]:
    if request is None:
        return set()
    body: Any = request.json
    if body is None and isinstance(request.content, bytes) and request.content:
        try:
            body = orjson.loads(request.content)
        except orjson.JSONDecodeError:
            body = None
    return member_values(request.extensions.get("path_params"), body)


def build_api_error(
    response: Response,
    request: Request | None,
    *,
    error_class: type[APIError] | None = None,
    clock: Callable[[], float] = time.time,
) -> APIError:
    """Build the :class:`APIError` subclass for ``response`` (its body must be read)."""
    text = scrub(response.content[:_MAX_BODY].decode("utf-8", errors="replace"))
    code, message, details, request_id = parse_error_body(response.status, text)
    message = scrub(message) or response.reason or f"HTTP {response.status}"
    # Servers quote what they were sent ("no account with CARDCODE 'V1W2X3'"): what the
    # error shows is masked like a log line.
    echoes = _member_data(request)
    text = mask_echoes(text, echoes)
    message = mask_echoes(message, echoes)
    details = [mask_echoes(item, echoes) if isinstance(item, str) else item for item in details]
    request_id = (
        response.headers.get("Request-Id") or response.headers.get("X-Request-Id") or request_id
    )
    cls = error_class or error_class_for_status(response.status)
    kwargs: dict[str, Any] = {
        "status": response.status,
        "code": code,
        "details": details,
        "request_id": request_id,
        "body": text,
        "headers": response.headers,
        "request": request,
        "retry_after": parse_retry_after(response.headers.get("Retry-After"), clock),
    }
    return cls(message, **kwargs)
