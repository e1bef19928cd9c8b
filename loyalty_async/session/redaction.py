"""What may appear in logs: secrets never, member data only masked.

Every log line and error message of the SDK passes through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import parse_qsl

import orjson

from loyalty_async.transport.headers import SECRET_HEADERS

#: JSON fields whose values are credentials: never shown.
SECRET_FIELDS = frozenset(
    {
        "password", "newpassword", "oldpassword", "currentpassword",
        "token", "accesstoken", "access_token", "refreshtoken", "refresh_token", "idtoken",
        "clienttoken", "client_secret", "clientsecret", "apikey", "api_key", "secret",
        "jwt", "authorization", "signature",
    }
)  # fmt: skip

#: Any field whose name contains one of these is a credential too (field names of token
#: requests are configurable, e.g. ``appSecret`` or ``api-password``).
SECRET_MARKERS = ("password", "passwd", "secret", "token", "apikey", "signature", "credential")

#: JSON fields that identify a member: shown masked.
MEMBER_FIELDS = frozenset(
    {
        "emailaddress", "email", "phone", "phonenumber", "mobile", "birthdate", "dateofbirth",
        "code", "displaycode", "cardcode", "promocode", "couponcode",
        "givenname", "familyname", "firstname", "lastname", "name_on_card",
        "streethouseno", "street", "zipcode", "postalcode", "username",
    }
)  # fmt: skip

#: Headers shown verbatim in logs; every other header is reduced to its name.
LOGGABLE_HEADERS = frozenset(
    {
        "accept", "content-type", "content-length", "user-agent", "interaction-id", "id-type",
        "location", "retry-after", "request-id", "x-request-id", "link", "accengage-time", "date",
    }
)  # fmt: skip

REDACTED = "[REDACTED]"

#: Request extension: names of body fields an auth strategy marks as secret for the logs.
SECRET_FIELDS_EXTENSION = "loyalty_async.secret_fields"

#: Fields of a call's reconcile context that name a member's account: a UUID stays
#: readable (a technical id), a card, app or external code is masked.
ACCOUNT_FIELDS = frozenset({"account", "account_id", "target_account_id", "accounts"})

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
# Values shorter than this are not searched for in free text: they would mask at random.
_SHORTEST_ECHO = 3
_JWT = re.compile(r"eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[\w.~+/=-]+")
# Mews ClientTokens and AccessTokens: 32 hex digits, a hyphen, 31 more.
_MEWS_TOKEN = re.compile(r"\b[0-9A-Fa-f]{32}-[0-9A-Fa-f]{31}\b")


def mask(value: object) -> str:
    """Mask a member value: ``ann@example.com`` → ``a***@example.com``, ``V1W2X3`` → ``V1***``."""
    text = str(value)
    if "@" in text:
        local, _, domain = text.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(text) <= 2:
        return "***"
    return f"{text[:2]}***"


def mask_path_value(value: str) -> str:
    """Mask a path parameter unless it is a technical UUID (card codes are member data)."""
    return value if _UUID.match(value) else mask(value)


def is_secret_field(name: str) -> bool:
    """Whether a JSON field called ``name`` holds a credential."""
    lowered = name.lower()
    if lowered in SECRET_FIELDS:
        return True
    compact = lowered.replace("_", "").replace("-", "")
    return any(marker in compact for marker in SECRET_MARKERS)


def redact(data: Any, secret_fields: Collection[str] = ()) -> Any:
    """Return a copy of a JSON value with secrets removed and member fields masked.

    ``secret_fields`` names further fields to remove (a strategy's configurable ones).
    """
    if isinstance(data, Mapping):
        cleaned: dict[str, Any] = {}
        for key, value in data.items():
            lowered = str(key).lower()
            if is_secret_field(lowered) or key in secret_fields:
                cleaned[key] = REDACTED
            elif lowered in MEMBER_FIELDS and isinstance(value, str | int | float):
                cleaned[key] = mask(value)
            else:
                cleaned[key] = redact(value, secret_fields)
        return cleaned
    if isinstance(data, list):
        return [redact(item, secret_fields) for item in data]
    if isinstance(data, str) and "@" in data:
        # Free text (a reason, a comment) may quote an e-mail address.
        return mask_emails(data)
    return data


def mask_emails(text: str) -> str:
    """Mask every e-mail address inside free text (``ann@example.com`` → ``a***@example.com``)."""
    return _EMAIL.sub(lambda m: mask(m.group(0)), text)


def redact_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """A call's reconcile context fit for a log line or a note.

    Receipt ids, reference ids, amounts and technical ids stay (they are what you
    reconcile with); credentials are removed, member data and account codes masked.
    """
    cleaned: dict[str, Any] = {}
    for key, value in context.items():
        lowered = str(key).lower()
        if lowered in ACCOUNT_FIELDS and isinstance(value, str):
            cleaned[key] = mask_path_value(value)
        else:
            cleaned.update(redact({key: value}))
    return cleaned


def has_credentials(data: Any, secret_fields: Collection[str] = ()) -> bool:
    """Whether a JSON value holds a credential field anywhere."""
    if isinstance(data, Mapping):
        return any(
            is_secret_field(str(key))
            or key in secret_fields
            or has_credentials(value, secret_fields)
            for key, value in data.items()
        )
    if isinstance(data, list):
        return any(has_credentials(item, secret_fields) for item in data)
    return False


def body_has_credentials(
    content: bytes | bytearray, content_type: str | None, secret_fields: Collection[str] = ()
) -> bool:
    """Whether encoded body bytes (JSON or a form) hold a credential field."""
    if not content:
        return False
    if content_type and "x-www-form-urlencoded" in content_type:
        fields = parse_qsl(bytes(content).decode("utf-8", errors="replace"))
        return any(is_secret_field(key) or key in secret_fields for key, _ in fields)
    try:
        data = orjson.loads(content)
    except orjson.JSONDecodeError:
        return False
    return has_credentials(data, secret_fields)


def is_secret_header(name: str) -> bool:
    """Whether a header called ``name`` carries a credential (never kept in an error)."""
    lowered = name.lower()
    return lowered in SECRET_HEADERS or is_secret_field(lowered)


def member_values(path_params: Mapping[str, Any] | None, body: Any) -> set[str]:
    """Member data a request carried, to be masked wherever a server echoes it back.

    The path parameters (UUIDs aside: they are technical ids) and the member fields of
    the JSON body (``emailAddress``, ``code``, names…).
    """
    found: set[str] = set()
    for value in (path_params or {}).values():
        text = str(value)
        if len(text) >= _SHORTEST_ECHO and not _UUID.match(text):
            found.add(text)
    _collect_member_fields(body, found)
    return found


def _collect_member_fields(data: Any, found: set[str]) -> None:
    if isinstance(data, Mapping):
        for key, value in data.items():
            if str(key).lower() in MEMBER_FIELDS and isinstance(value, str | int):
                text = str(value)
                if len(text) >= _SHORTEST_ECHO:
                    found.add(text)
            else:
                _collect_member_fields(value, found)
    elif isinstance(data, list):
        for item in data:
            _collect_member_fields(item, found)


def mask_echoes(text: str, values: Collection[str]) -> str:
    """Mask in free text each of ``values`` (member data a server quotes) and any e-mail."""
    for value in sorted(values, key=len, reverse=True):
        if value in text:
            text = text.replace(value, mask(value))
    return mask_emails(text) if "@" in text else text


def loggable_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Return the headers fit for a log line: allow-listed ones verbatim, others redacted."""
    return {
        name: value if name.lower() in LOGGABLE_HEADERS else REDACTED
        for name, value in headers.items()
    }


def scrub(text: str) -> str:
    """Remove anything shaped like a token from free text (error bodies, messages)."""
    text = _MEWS_TOKEN.sub(REDACTED, _JWT.sub(REDACTED, text))
    return _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
