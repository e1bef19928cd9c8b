"""Argument checks shared by every platform's typed methods, run before any request.

Each returns the value as it goes on the wire, or raises
:class:`~loyalty_async.errors.ValidationError` naming the argument. :func:`check_by_type`
derives a check from a type annotation, so a bound method checks the arguments it passes
through without a hand-written line.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import re
import types
import typing
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from loyalty_async.errors import ValidationError
from loyalty_async.modeling import OpenEnum

E = TypeVar("E", bound=OpenEnum)

_CANONICAL_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
).fullmatch


def is_canonical_uuid(text: str) -> bool:
    """Whether ``text`` is a UUID in its canonical 8-4-4-4-12 form (a fast test)."""
    return _CANONICAL_UUID(text) is not None


def check_id(value: Any, field: str) -> str:
    """A plain id or code: a non-empty string (an empty one would address another resource)."""
    if type(value) is str and value and not value.isspace():
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{field} must be a non-empty string, got {value!r}", field=field)
    return value


def check_positive_id(value: Any, field: str) -> str:
    """A numeric id: a whole number above zero, or its digits as text; returned as text."""
    if type(value) is int and value > 0:
        return str(value)
    if type(value) is str and value.isascii() and value.isdigit() and value[0] != "0":
        return value
    raise ValidationError(f"{field} must be a whole number above zero, got {value!r}", field=field)


def check_uuid(value: Any, field: str) -> str:
    """A technical id: a UUID (or its text); returned as text."""
    if type(value) is str and _CANONICAL_UUID(value):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    text = check_id(value, field)
    try:
        uuid.UUID(text)
    except ValueError:
        raise ValidationError(f"{field} must be a UUID, got {text!r}", field=field) from None
    return text


def check_member(value: Any, enum_type: type[E], field: str) -> E:
    """A declared member of the open enum ``enum_type`` (a string is accepted if it names one)."""
    try:
        member = enum_type(value)
    except ValueError:
        member = None
    if member is None or not member.is_known():
        allowed = ", ".join(m.value for m in enum_type)
        raise ValidationError(f"{field} must be one of {allowed}; got {value!r}", field=field)
    return member


def _open_enum(annotation: Any) -> type[OpenEnum] | None:
    """The open enum of ``E`` or ``E | str`` (a member, or a string naming one), else ``None``."""
    if isinstance(annotation, type) and issubclass(annotation, OpenEnum):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        enums = [a for a in typing.get_args(annotation) if a is not str]
        if len(enums) == 1 and isinstance(enums[0], type) and issubclass(enums[0], OpenEnum):
            return enums[0]
    return None


def _is_uuid_text(annotation: Any) -> bool:
    """``str | UUID``: a technical id, given as a UUID or its text."""
    return typing.get_origin(annotation) in (typing.Union, types.UnionType) and set(
        typing.get_args(annotation)
    ) == {str, uuid.UUID}


def _is_optional(annotation: Any) -> tuple[bool, Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) < len(typing.get_args(annotation)):
            return True, args[0] if len(args) == 1 else typing.Union[tuple(args)]  # noqa: UP007
    return False, annotation


def check_by_type(annotation: Any, field: str) -> Callable[[Any], Any]:
    """A check of one argument derived from its annotation.

    ``str`` must be non-empty text, ``str | UUID`` a UUID (sent as text), ``int`` a whole
    number >= 0 (not a bool), ``bool`` a real boolean, ``Decimal`` a finite amount (not a
    float), ``datetime`` aware, an open enum ``E`` (or ``E | str``) a declared member, sent
    as its value, a mapping a mapping, a class an instance of it; ``X | None`` also lets
    ``None`` through.
    Anything else is passed as it is.
    """
    optional, inner = _is_optional(annotation)
    check = _check_for(inner, field)

    if not optional:
        return check

    def maybe(value: Any) -> Any:
        return None if value is None else check(value)

    return maybe


def _check_for(annotation: Any, field: str) -> Callable[[Any], Any]:
    origin = typing.get_origin(annotation) or annotation
    enum_type = _open_enum(annotation)
    if enum_type is not None:
        return lambda value: check_member(value, enum_type, field).value
    if annotation is str:
        return lambda value: check_id(value, field)
    if _is_uuid_text(annotation):
        return lambda value: check_uuid(value, field)
    if annotation is bool:

        def boolean(value: Any) -> bool:
            if not isinstance(value, bool):
                raise ValidationError(f"{field} must be True or False, got {value!r}", field=field)
            return value

        return boolean
    if annotation is int:

        def whole(value: Any) -> int:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValidationError(
                    f"{field} must be a whole number >= 0, got {value!r}", field=field
                )
            return value

        return whole
    if annotation is Decimal:

        def amount(value: Any) -> Decimal:
            if isinstance(value, (bool, float)) or not isinstance(value, (Decimal, int)):
                raise ValidationError(
                    f"{field} must be a Decimal (floats lose cents), got {value!r}", field=field
                )
            result = Decimal(value)
            if not result.is_finite():
                raise ValidationError(f"{field} must be a finite amount", field=field)
            return result

        return amount
    if annotation is dt.datetime:

        def aware(value: Any) -> dt.datetime:
            if not isinstance(value, dt.datetime) or value.utcoffset() is None:
                raise ValidationError(
                    f"{field} must be a datetime with a UTC offset, got {value!r}", field=field
                )
            return value

        return aware
    if origin in (collections.abc.Mapping, dict):

        def mapping(value: Any) -> Any:
            if not isinstance(value, collections.abc.Mapping):
                raise ValidationError(f"{field} must be a mapping, got {value!r}", field=field)
            return value

        return mapping
    if isinstance(annotation, type):

        def instance(value: Any) -> Any:
            if not isinstance(value, annotation):
                raise ValidationError(
                    f"{field} must be a {annotation.__name__}, got {type(value).__name__}",
                    field=field,
                )
            return value

        return instance
    return lambda value: value


def field_check(
    check: Callable[[Any, str], Any], *, optional: bool = False
) -> Callable[[Any, Any, Any], None]:
    """An attrs validator that runs ``check(value, field_name)`` (``None`` passes if optional).

    For request models: ``reason: str | None = attrs.field(default=None,
    validator=field_check(check_id, optional=True))`` refuses a bad value when the model
    is built, before any request.
    """

    def validate(instance: Any, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        check(value, attribute.name)

    return validate
