"""JSON encoding and decoding: orjson, with amounts kept exact as ``Decimal``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import orjson

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


def dumps(value: Any) -> bytes:
    """Encode ``value`` as compact JSON bytes; ``Decimal`` becomes an exact JSON number."""
    return orjson.dumps(value, default=_default)


def loads(data: bytes) -> Any:
    """Decode JSON bytes."""
    return orjson.loads(data)
