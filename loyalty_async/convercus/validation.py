"""Input checks that run before any request, so bad input fails fast with a clear message.

Each function returns the value as it goes on the wire, or raises
:class:`~loyalty_async.errors.ValidationError` naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from urllib.parse import urlsplit

from loyalty_async.convercus.enums import IdType
from loyalty_async.errors import ValidationError
from loyalty_async.modeling import OpenEnum
from loyalty_async.operations.checks import check_member

E = TypeVar("E", bound=OpenEnum)

#: ISO 3166-1 alpha-2 country codes.
_COUNTRY_CODES_TEXT = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
"""
COUNTRY_CODES = frozenset(_COUNTRY_CODES_TEXT.split())

#: ISO 4217 currency codes in use.
_CURRENCY_CODES_TEXT = """
    AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN
    BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP
    ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR
    ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA
    MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK
    PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC
    SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND
    VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
"""
CURRENCY_CODES = frozenset(_CURRENCY_CODES_TEXT.split())

#: Image types the API takes in uploads (coupon images, device images).
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"})

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_text(value: Any, field: str) -> str:
    """A non-empty string (an empty code would address a different resource)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{field} must be a non-empty string, got {value!r}", field=field)
    return value


def check_uuid(value: Any, field: str) -> str:
    """A technical id: a UUID in its canonical text form."""
    text = check_text(str(value) if isinstance(value, uuid.UUID) else value, field)
    try:
        uuid.UUID(text)
    except ValueError:
        raise ValidationError(f"{field} must be a UUID, got {text!r}", field=field) from None
    return text


def check_enum(value: Any, enum_type: type[E], field: str) -> E:
    """A declared member of ``enum_type`` (a string is accepted if it names one)."""
    return check_member(value, enum_type, field)


def check_account_ref(account: Any, id_type: IdType | str | None) -> tuple[str, IdType | None]:
    """An account reference and its ``id-type``: a UUID, or a code with a non-``ID`` type.

    Without an ``id_type`` the reference must be the technical id (a UUID), which is what
    Convercus assumes when the header is absent.
    """
    if id_type is None:
        text = check_text(str(account) if isinstance(account, uuid.UUID) else account, "account")
        try:
            uuid.UUID(text)
        except ValueError:
            raise ValidationError(
                f"account {text!r} is not a technical id (UUID); pass id_type= "
                "(e.g. IdType.CARDCODE) to address an account by one of its codes",
                field="id_type",
            ) from None
        return text, None
    member = check_enum(id_type, IdType, "id_type")
    if member is IdType.ID:
        return check_uuid(account, "account"), member
    return check_text(account, "account"), member


def check_email(value: Any, field: str = "email_address") -> str:
    """An e-mail address: something, ``@``, a domain with a dot; no spaces."""
    text = check_text(value, field)
    if not _EMAIL.match(text):
        raise ValidationError(f"{field} is not an e-mail address: {text!r}", field=field)
    return text


def check_country_code(value: Any, field: str = "country_code") -> str:
    """An ISO 3166-1 alpha-2 country code (``DE``); lower case is accepted and upper-cased."""
    text = check_text(value, field).upper()
    if text not in COUNTRY_CODES:
        raise ValidationError(
            f"{field} must be an ISO 3166-1 alpha-2 code such as 'DE', got {value!r}", field=field
        )
    return text


def check_date(value: Any, field: str = "birth_date") -> str:
    """A calendar date (``datetime.date`` or ``YYYY-MM-DD``), sent as ``YYYY-MM-DD``."""
    if isinstance(value, dt.datetime):
        raise ValidationError(f"{field} must be a date, not a datetime: {value!r}", field=field)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValidationError(f"{field} must be a date (YYYY-MM-DD), got {value!r}", field=field)


def check_currency(value: Any, field: str = "currency_code") -> str:
    """An ISO 4217 currency code (``EUR``)."""
    text = check_text(value, field).upper()
    if text not in CURRENCY_CODES:
        raise ValidationError(
            f"{field} must be an ISO 4217 currency code such as 'EUR', got {value!r}", field=field
        )
    return text


def check_amount(value: Any, field: str = "amount") -> Decimal:
    """A money amount as ``Decimal`` (``int`` and numeric strings are accepted; float is not)."""
    if isinstance(value, bool | float):
        raise ValidationError(
            f"{field} must be a Decimal (floats lose cents), got {value!r}", field=field
        )
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            f"{field} must be a decimal amount, got {value!r}", field=field
        ) from None
    if not amount.is_finite():
        raise ValidationError(f"{field} must be a finite amount, got {value!r}", field=field)
    return amount


def check_points(value: Any, field: str = "points", *, positive: bool = False) -> int:
    """A whole number of points (``positive``: greater than zero)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            f"{field} must be a whole number of points, got {value!r}", field=field
        )
    if positive and value <= 0:
        raise ValidationError(f"{field} must be greater than zero, got {value}", field=field)
    return value


def check_positive_int(value: Any, field: str) -> int:
    """A whole number greater than zero (a page size, a number of codes to generate)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(
            f"{field} must be a whole number above zero, got {value!r}", field=field
        )
    return value


def check_bool(value: Any, field: str) -> bool:
    """A real boolean (``1`` or ``"yes"`` are refused: an opt-in must be explicit)."""
    if not isinstance(value, bool):
        raise ValidationError(f"{field} must be True or False, got {value!r}", field=field)
    return value


def check_optional_text(value: Any, field: str) -> str | None:
    """``None``, or a non-empty string."""
    return None if value is None else check_text(value, field)


def check_count(value: Any, field: str) -> int:
    """A whole number, zero or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{field} must be a whole number >= 0, got {value!r}", field=field)
    return value


def check_aware(value: Any, field: str) -> dt.datetime:
    """A datetime with a UTC offset (a naive one would be read in the server's zone)."""
    if not isinstance(value, dt.datetime):
        raise ValidationError(f"{field} must be a datetime, got {value!r}", field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            f"{field} must carry a UTC offset (e.g. datetime.now(timezone.utc)), got {value!r}",
            field=field,
        )
    return value


def check_url(value: Any, field: str = "url") -> str:
    """An absolute ``http``/``https`` URL with a host (what a server can call back)."""
    text = check_text(value, field).strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise ValidationError(
            f"{field} must be an absolute http(s) URL, got {value!r}", field=field
        )
    return text


def check_coordinate(value: Any, field: str, limit: int) -> Decimal:
    """A latitude (``limit`` 90) or longitude (``limit`` 180) in degrees, as ``Decimal``."""
    if isinstance(value, bool):
        raise ValidationError(f"{field} must be a number of degrees, got {value!r}", field=field)
    try:
        degrees = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            f"{field} must be a number of degrees, got {value!r}", field=field
        ) from None
    if not degrees.is_finite() or not -limit <= degrees <= limit:
        raise ValidationError(
            f"{field} must be between -{limit} and {limit} degrees, got {value!r}", field=field
        )
    return degrees


def check_price(value: Any, field: str = "price") -> Decimal:
    """A money amount of zero or more (a price cannot be negative)."""
    amount = check_amount(value, field)
    if amount < 0:
        raise ValidationError(f"{field} must not be negative, got {value!r}", field=field)
    return amount


def check_image_type(value: Any, field: str = "content_type") -> str:
    """An image type the API takes in uploads (:data:`IMAGE_TYPES`)."""
    if value not in IMAGE_TYPES:
        raise ValidationError(
            f"{field} must be one of {', '.join(sorted(IMAGE_TYPES))}, got {value!r}",
            field=field,
        )
    return str(value)
