"""JSON encoding and decoding (orjson, amounts exact as ``Decimal``), and multipart bodies."""

from __future__ import annotations

import json as _json
import math
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import orjson

from loyalty_async.errors import ValidationError

#: An encoder of JSON payloads to bytes (a session's ``json_dumps``).
JSONDumps = Callable[[Any], bytes]
#: A decoder of JSON bodies (a session's ``json_loads``).
JSONLoads = Callable[[bytes], Any]


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"cannot encode {value} as a JSON number")
        # A Fragment is written verbatim: the amount goes out as a JSON number with
        # exactly the digits it has, never through float.
        return orjson.Fragment(format(value, "f"))
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(value: Any, *, indent: bool = False) -> bytes:
    """Encode ``value`` as JSON bytes; ``Decimal`` becomes an exact JSON number.

    Compact by default; ``indent`` indents by two spaces, for people to read. What JSON
    cannot carry exactly raises :class:`~loyalty_async.errors.ValidationError`: a NaN or
    infinite number (orjson would write ``null``), an integer past 64 bits, a non-text
    key, a value of another type.
    """
    try:
        data = orjson.dumps(value, default=_default, option=orjson.OPT_INDENT_2 if indent else None)
    except orjson.JSONEncodeError as exc:
        # A refusal of _default (a NaN Decimal) is the cause, with the clearer message.
        raise ValidationError(f"cannot be sent as JSON: {exc.__cause__ or exc}") from None
    if b"null" in data and _has_non_finite(value):
        raise ValidationError("cannot be sent as JSON: NaN and infinity are not JSON numbers")
    return data


def _has_non_finite(value: Any) -> bool:
    """Whether ``value`` holds a NaN or infinite float anywhere (orjson writes them ``null``)."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_has_non_finite(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_non_finite(item) for item in value)
    return False


#: Decode JSON bytes (orjson's own function: every response body passes here, and a
#: wrapper around it would cost a Python call each time).
loads: JSONLoads = orjson.loads


class MultipartFile(NamedTuple):
    """One file part of a ``multipart/form-data`` body."""

    name: str
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


def _quoted(value: str, what: str) -> str:
    """A parameter value for ``Content-Disposition``, escaped as HTML forms escape it."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"a multipart {what} must be a non-empty string")
    return value.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def encode_multipart(
    fields: Sequence[tuple[str, str]] = (),
    files: Sequence[MultipartFile] = (),
    *,
    boundary: str | None = None,
) -> tuple[bytes, str]:
    """Build a ``multipart/form-data`` body (RFC 7578); returns ``(body, content_type)``.

    Text ``fields`` come first, then ``files``, each as its own part with CRLF line ends.
    ``boundary`` defaults to a random one; a boundary found inside a part is refused.
    """
    mark = boundary or f"loyalty-async-{uuid.uuid4().hex}"
    if not 1 <= len(mark) <= 70 or any(c in mark for c in '\r\n"'):
        raise ValueError(f"invalid multipart boundary {mark!r}")
    delimiter = f"--{mark}".encode("ascii")
    parts: list[bytes] = []
    for name, value in fields:
        disposition = f'form-data; name="{_quoted(name, "field name")}"'
        parts.append(_part(disposition, None, value.encode("utf-8")))
    for file in files:
        disposition = (
            f'form-data; name="{_quoted(file.name, "field name")}"; '
            f'filename="{_quoted(file.filename, "file name")}"'
        )
        if any(c in file.content_type for c in "\r\n"):
            raise ValueError("a multipart content type must be one line")
        parts.append(_part(disposition, file.content_type, bytes(file.content)))
    for part in parts:
        if delimiter in part:
            raise ValueError("the multipart boundary occurs inside a part; choose another")
    body = b"".join(delimiter + b"\r\n" + part + b"\r\n" for part in parts)
    body += delimiter + b"--\r\n"
    return body, f"multipart/form-data; boundary={mark}"


def _part(disposition: str, content_type: str | None, content: bytes) -> bytes:
    head = f"Content-Disposition: {disposition}\r\n"
    if content_type is not None:
        head += f"Content-Type: {content_type}\r\n"
    return head.encode("utf-8") + b"\r\n" + content


def loads_exact(data: bytes) -> Any:
    """Decode JSON bytes keeping every JSON fraction exact, as ``Decimal``.

    For bodies that carry money: ``24.90`` stays ``Decimal("24.90")`` and
    ``12345678901234567.89`` keeps all its digits (float would round both). Slower than
    :func:`loads`, so readers use it only for results whose model holds a ``Decimal``.
    """
    return _json.loads(data, parse_float=Decimal, parse_constant=_no_constant)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # as orjson: NaN and Infinity are refused
