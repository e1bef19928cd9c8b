"""Reading and checking values of request bodies; every refusal names the field."""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from email import policy
from email.parser import BytesParser
from typing import Any, TypeVar

import attrs

from loyalty_async.convercus.validation import check_date
from loyalty_async.errors import ValidationError
from loyalty_async.sandbox.problems import invalid, malformed

#: A body or part of a body, as decoded from JSON.
Body = Mapping[str, Any]
T = TypeVar("T")


#: Deepest nesting of arrays and objects a body may have.
MAX_DEPTH = 64
#: Numbers in a body must be below ``10**MAX_MAGNITUDE_DIGITS`` in magnitude ...
MAX_MAGNITUDE_DIGITS = 38
#: ... and have at most this many digits after the decimal point.
MAX_DECIMALS = 38
#: The range of a whole-number field (a Java ``long``, an SQLite ``INTEGER``).
MAX_INTEGER = 2**63 - 1

_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_constant(name: str) -> Any:
    raise malformed(f"the request body is not valid JSON: {name} is not a JSON number")


def decode(raw: bytes) -> Any:
    """Decode a JSON request body (``None`` when empty); decimals stay exact.

    Refused with ``400``: text that is not JSON (``NaN`` and ``Infinity`` included), nesting
    deeper than :data:`MAX_DEPTH`, strings with lone UTF-16 surrogates (not Unicode, so
    neither storable nor printable), and numbers beyond :data:`MAX_MAGNITUDE` or with more
    than :data:`MAX_DECIMALS` decimals (no field holds them, and their digits would be
    written out in full).
    """
    if not raw.strip():
        return None
    try:
        value = json.loads(raw, parse_float=Decimal, parse_constant=_no_constant)
    except RecursionError:
        raise malformed(f"the request body nests deeper than {MAX_DEPTH} levels") from None
    except (ValueError, UnicodeDecodeError):
        raise malformed("the request body is not valid JSON") from None
    _check_tree(value)
    return value


def _check_tree(value: Any) -> None:
    """Walk the decoded body without recursion, refusing what cannot be stored or echoed."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                raise malformed(f"the request body nests deeper than {MAX_DEPTH} levels")
            if isinstance(item, dict):
                for key, child in item.items():
                    _check_string(key, where or "body")
                    stack.append((child, f"{where}.{key}" if where else key, depth + 1))
            else:
                stack.extend((child, f"{where}[{i}]", depth + 1) for i, child in enumerate(item))
        elif isinstance(item, str):
            _check_string(item, where or "body")
        elif isinstance(item, int | Decimal) and not isinstance(item, bool):
            _check_number(item, where or "body")


def _check_string(text: str, where: str) -> None:
    if _SURROGATE.search(text):
        raise malformed(f"{where} holds a lone UTF-16 surrogate, which is not text", where)


def _check_number(number: int | Decimal, where: str) -> None:
    if isinstance(number, int):
        if -MAX_INTEGER <= number <= MAX_INTEGER:  # the common case, without Decimal
            return
        number = Decimal(number)
    # adjusted() and as_tuple() do no arithmetic, so 1e999999999 cannot overflow here.
    exponent = number.as_tuple().exponent
    too_small = isinstance(exponent, int) and exponent < -MAX_DECIMALS
    if number.adjusted() >= MAX_MAGNITUDE_DIGITS or too_small:
        raise invalid(
            f"{where} is out of range (numbers must be below 1e38 in magnitude, "
            f"with at most {MAX_DECIMALS} decimals)",
            where,
        )


def as_object(value: Any, field: str = "body") -> Body:
    """A JSON object (an absent body counts as ``{}``)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise invalid(f"{field} must be a JSON object", field)
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal | float) and not isinstance(value, bool)


def text(body: Body, field: str, *, required: bool = False) -> str | None:
    """A string field; numbers are accepted as their text (as Jackson coerces them)."""
    value = body.get(field)
    if value is None:
        if required:
            raise invalid(f"{field} is mandatory", field)
        return None
    if _is_number(value):
        return str(value)
    if not isinstance(value, str):
        raise invalid(f"{field} must be a string", field)
    if required and not value.strip():
        raise invalid(f"{field} is mandatory", field)
    return value


def need_text(body: Body, field: str) -> str:
    """A mandatory, non-blank string field."""
    value = text(body, field, required=True)
    if value is None:  # text() raises first; this only narrows the type
        raise invalid(f"{field} is mandatory", field)
    return value


def choice(
    body: Body, field: str, allowed: type[enum.Enum], *, required: bool = False
) -> str | None:
    """A string field limited to the declared members of the enum ``allowed``."""
    value = text(body, field, required=required)
    return None if value is None else member(value, allowed, field)


def member(value: str, allowed: type[enum.Enum], field: str) -> str:
    """``value`` if it is the value of a declared member of ``allowed``."""
    names = [m.value for m in allowed]
    if value not in names:
        raise invalid(f"{field} must be one of {', '.join(names)}; got {value!r}", field)
    return value


def checked(check: Callable[[Any, str], T], value: Any, field: str) -> T:
    """Run one of the SDK's input checks on a wire value; its refusal becomes a ``400``.

    The SDK and the sandbox so share one definition of each rule (an e-mail address, a
    country code, a date).
    """
    try:
        return check(value, field)
    except ValidationError as exc:
        raise invalid(str(exc), field) from None


def integer(
    body: Body, field: str, *, required: bool = False, minimum: int | None = None
) -> int | None:
    """A whole-number field, at least ``minimum``."""
    value = body.get(field)
    if value is None:
        if required:
            raise invalid(f"{field} is mandatory", field)
        return None
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise invalid(f"{field} must be a whole number", field)
    if abs(value) > MAX_INTEGER:
        raise invalid(f"{field} must be at most {MAX_INTEGER} in magnitude", field)
    if minimum is not None and value < minimum:
        raise invalid(f"{field} must be at least {minimum}", field)
    return value


def amount(body: Body, field: str, *, required: bool = False) -> Decimal | None:
    """A JSON number, kept exact; must be finite and not negative."""
    value = body.get(field)
    if value is None:
        if required:
            raise invalid(f"{field} is mandatory", field)
        return None
    if not _is_number(value):
        raise invalid(f"{field} must be a JSON number", field)
    number = Decimal(value) if not isinstance(value, float) else Decimal(str(value))
    if not number.is_finite() or number < 0:
        raise invalid(f"{field} must be a finite number >= 0", field)
    return number


def signed_amount(value: Any, field: str) -> Decimal:
    """A JSON number that may be negative (a returned line item)."""
    if not _is_number(value):
        raise invalid(f"{field} must be a JSON number", field)
    number = Decimal(value) if not isinstance(value, float) else Decimal(str(value))
    if not number.is_finite():
        raise invalid(f"{field} must be a finite number", field)
    return number


def timestamp(body: Body, field: str) -> str | None:
    """An ISO-8601 date-time with an offset (``Z`` or ``+01:00``), returned as sent."""
    value = text(body, field)
    if value is None:
        return None
    parse_timestamp(value, field)
    return value


def parse_timestamp(value: str, field: str) -> dt.datetime:
    """Read an ISO-8601 date-time that carries an offset."""
    normalized = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        moment = dt.datetime.fromisoformat(normalized)
    except ValueError:
        raise invalid(f"{field} must be an ISO-8601 date-time, got {value!r}", field) from None
    if moment.tzinfo is None:
        raise invalid(f"{field} must carry an offset (e.g. Z or +01:00), got {value!r}", field)
    return moment


def date(body: Body, field: str) -> str | None:
    """A calendar date ``YYYY-MM-DD`` (the SDK's rule)."""
    value = text(body, field)
    return None if value is None else checked(check_date, value, field)


def name_values(value: Any, field: str) -> list[dict[str, str | None]]:
    """A ``[{"name", "value"}]`` list such as ``customProperties`` (``null`` is ``[]``)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise invalid(f"{field} must be an array of {{name, value}}", field)
    pairs: list[dict[str, str | None]] = []
    for index, item in enumerate(value):
        where = f"{field}[{index}]"
        entry = as_object(item, where)
        pairs.append(
            {
                "name": need_text(entry, "name"),
                "value": text(entry, "value"),
            }
        )
    return pairs


def optins(value: Any, field: str = "optins") -> list[dict[str, Any]]:
    """A list of opt-ins ``[{"flag": bool, "type": str}]``, each type at most once."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise invalid(f"{field} must be an array of {{flag, type}}", field)
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        entry = as_object(item, f"{field}[{index}]")
        kind = need_text(entry, "type")
        value_flag = entry.get("flag")
        if not isinstance(value_flag, bool):
            raise invalid(f"{field}[{index}].flag must be true or false", field)
        if kind in seen:
            raise invalid(f"{field} lists the opt-in {kind!r} twice", field)
        seen.add(kind)
        result.append({"flag": value_flag, "type": kind})
    return result


@attrs.frozen
class Part:
    """One part of a ``multipart/form-data`` body."""

    name: str
    filename: str | None
    content_type: str
    content: bytes

    @property
    def text(self) -> str:
        """The part as text (a form field's value)."""
        return self.content.decode("utf-8", errors="replace")


def form_parts(raw: bytes, content_type: str) -> list[Part]:
    """The parts of a ``multipart/form-data`` body (``400`` if it cannot be read)."""
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw
    )
    if not message.is_multipart():
        raise malformed("the request body is not multipart/form-data")
    parts = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            raise malformed("a part of the form has no name")
        parts.append(Part(name, part.get_filename(), part.get_content_type(), payload))
    return parts
