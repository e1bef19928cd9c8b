"""What may appear in logs: secrets never, member data only masked.

Every log line and error message of the SDK passes through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

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

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_JWT = re.compile(r"eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[\w.~+/=-]+")


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
    return data


def loggable_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Return the headers fit for a log line: allow-listed ones verbatim, others redacted."""
    return {
        name: value if name.lower() in LOGGABLE_HEADERS else REDACTED
        for name, value in headers.items()
    }


def scrub(text: str) -> str:
    """Remove anything shaped like a token from free text (error bodies, messages)."""
    return _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", _JWT.sub(REDACTED, text))
