"""Typed models: attrs classes on the Python side, JSON on the wire, cattrs in between.

One converter per wire casing (``camel`` for Convercus, ``pascal`` for Mews) maps
``snake_case`` attributes to the wire names, tolerates response fields it does not know,
keeps enum values it does not know, reads ISO dates and datetimes, and keeps amounts as
``Decimal`` (never float). On the way out, attributes left at their ``None`` default are
omitted, :data:`UNSET` is omitted, and :data:`CLEAR` is sent as ``null``.

A model with an attribute marked :data:`KEEP_UNKNOWN` keeps, both ways, the wire fields it does
not declare: read from a response they land in that attribute under their wire names,
and they go out again with the model, so a read-modify-write round trip loses nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from loyalty_async.errors import ValidationError

T = TypeVar("T")


class OpenEnum(str, enum.Enum):
    """A string enum that keeps values it does not know instead of failing.

    ``IdentifierType("NFCTAG")`` returns a pseudo-member whose ``value`` is ``"NFCTAG"``;
    :meth:`is_known` tells it apart from the declared members.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    def is_known(self) -> bool:
        """Whether this value is one of the declared members."""
        return any(self is member for member in type(self).__members__.values())

    def __str__(self) -> str:
        return str(self.value)


class _Sentinel(enum.Enum):
    UNSET = "UNSET"
    CLEAR = "CLEAR"

    def __repr__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return False


#: Leave this field out of the request (the server keeps its value). Type: ``UnsetType``.
UNSET: Literal[_Sentinel.UNSET] = _Sentinel.UNSET
#: Send this field as ``null`` (PATCH: delete the stored value). Type: ``ClearType``.
CLEAR: Literal[_Sentinel.CLEAR] = _Sentinel.CLEAR
UnsetType = Literal[_Sentinel.UNSET]
ClearType = Literal[_Sentinel.CLEAR]


def to_camel(name: str) -> str:
    """``locked_points`` → ``lockedPoints``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def to_pascal(name: str) -> str:
    """``loyalty_program_id`` → ``LoyaltyProgramId``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def _wire_name(field: attrs.Attribute[Any], case: Callable[[str], str]) -> str:
    explicit = field.metadata.get("wire")
    return str(explicit) if explicit else case(field.name)


def wire(name: str) -> dict[str, str]:
    """Field metadata naming the wire key when the case rule gets it wrong.

    Use as ``attrs.field(metadata=wire("EUR"))``.
    """
    return {"wire": name}


#: Field metadata marking the attribute that keeps the wire fields its model does not
#: declare, both ways: ``extra: dict[str, Any] = attrs.field(factory=dict,
#: metadata=KEEP_UNKNOWN)``. Reading, every key of the JSON object that is not a declared
#: field lands in it as received; writing, its keys go out as they are, after the
#: declared fields. A key that repeats a declared field's wire name is refused (set the
#: attribute instead).
KEEP_UNKNOWN: Mapping[str, Any] = types.MappingProxyType({"keep_unknown": True})


def mask_member_data(package: str) -> None:
    """Show member data masked in the ``repr`` of every model of ``package``.

    The logging rules decide what is member data (a field whose wire name is in
    :data:`~loyalty_async.session.redaction.MEMBER_FIELDS`: e-mail, phone, names, address,
    birth date, codes) and how it is shown (``a***@example.com``, ``V1***``), so that a
    model in a log line or a traceback keeps no more than the SDK's own logs. The values
    themselves are untouched. Call it at the end of a models package's ``__init__``.
    """
    from loyalty_async.session.redaction import MEMBER_FIELDS, mask  # session imports models

    prefix = package + "."
    for name, module in list(sys.modules.items()):
        if name != package and not name.startswith(prefix):
            continue
        for cls in list(vars(module).values()):
            if not (isinstance(cls, type) and attrs.has(cls) and cls.__module__ == name):
                continue
            masked = {
                field.name
                for field in attrs.fields(cls)
                if field.repr is not False and _wire_name(field, to_camel).lower() in MEMBER_FIELDS
            }
            if masked:
                cls.__repr__ = _masked_repr(masked, mask)  # type: ignore[method-assign]


def _masked_repr(masked: frozenset[str] | set[str], mask: Callable[[object], str]) -> Any:
    def __repr__(self: Any) -> str:
        shown = []
        for field in attrs.fields(type(self)):
            if field.repr is False:
                continue
            value = getattr(self, field.name)
            if field.name in masked and value is not None and not isinstance(value, _Sentinel):
                text = repr(mask(value))
            elif callable(field.repr):
                text = field.repr(value)
            else:
                text = repr(value)
            shown.append(f"{field.name}={text}")
        return f"{type(self).__qualname__}({', '.join(shown)})"

    return __repr__


def _unknown_field(cls: type[Any]) -> attrs.Attribute[Any] | None:
    return next((f for f in attrs.fields(cls) if f.metadata.get("keep_unknown")), None)


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not an amount")
    try:
        # str() of a float is its shortest round-trip form: 12.34 stays 12.34.
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


#: An ISO 8601 datetime as the platforms send it: any fraction length (.NET sends seven
#: digits), ``Z``/``z`` or an offset with or without a colon (Jackson's ``+0000``).
_ISO_DATETIME = re.compile(
    r"(?P<base>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?)"
    r"(?:[.,](?P<fraction>\d+))?"
    r"(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)


def _structure_datetime(value: Any, _: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Epoch milliseconds, as Java back ends often send.
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    text = str(value).strip()
    match = _ISO_DATETIME.match(text)
    if match is None:
        return dt.datetime.fromisoformat(text)  # raises ValueError naming the text
    # Rebuilt in the one form every supported Python reads.
    normalised = match["base"]
    if match["fraction"]:
        normalised += "." + match["fraction"][:6].ljust(6, "0")
    zone = match["zone"]
    if zone in ("Z", "z"):
        normalised += "+00:00"
    elif zone:
        digits = zone[1:].replace(":", "")
        normalised += f"{zone[0]}{digits[:2]}:{digits[2:4] or '00'}"
    return dt.datetime.fromisoformat(normalised)


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _sentinel_args(type_: Any) -> tuple[Any, ...]:
    """The members of a union type, or ``()`` when ``type_`` is not a union."""
    if typing.get_origin(type_) in (typing.Union, types.UnionType):
        return typing.get_args(type_)
    return ()


def _is_sentinel_literal(type_: Any) -> bool:
    return typing.get_origin(type_) is Literal and all(
        isinstance(arg, _Sentinel) for arg in typing.get_args(type_)
    )


def _has_sentinel(type_: Any) -> bool:
    return any(_is_sentinel_literal(arg) for arg in _sentinel_args(type_))


def _sentinel_union(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """Structure ``X | UnsetType | ClearType`` as ``X``: a value read back is never a sentinel."""

    def factory(type_: Any) -> Callable[[Any, Any], Any]:
        rest = [arg for arg in _sentinel_args(type_) if not _is_sentinel_literal(arg)]
        target: Any = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
        return lambda value, _: converter.structure(value, target)

    return factory


_PRIMITIVES = (str, int, float, bool)


def _is_optional(type_: Any) -> bool:
    """``X | None`` for a single ``X`` (not a wider union)."""
    args = typing.get_args(type_)
    return (
        typing.get_origin(type_) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _optional_hook(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """Structure ``X | None`` as cattrs does: ``None``, else as ``X``.

    Without cattrs' generic union dispatch, which was a third of the cost of reading a
    response.
    """

    def factory(type_: Any) -> Callable[[Any, Any], Any]:
        inner = next(arg for arg in typing.get_args(type_) if arg is not type(None))
        if inner in _PRIMITIVES:

            def primitive(value: Any, _: Any) -> Any:
                return value if value is None or type(value) is inner else inner(value)

            return primitive
        hook = converter.get_structure_hook(inner)

        def optional(value: Any, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        return optional

    return factory


def make_converter(case: Literal["camel", "pascal"] = "camel") -> cattrs.Converter:
    """Build a converter for one wire casing (see the module docstring for its rules)."""
    rename = to_camel if case == "camel" else to_pascal
    # A response that does not fit a model becomes a DecodeError naming the first problem;
    # cattrs' detailed validation (grouping every problem) costs time on every response.
    converter = cattrs.Converter(forbid_extra_keys=False, detailed_validation=False)
    converter.register_structure_hook_factory(_is_optional, _optional_hook(converter))

    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Decimal, lambda value: value)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_unstructure_hook(dt.datetime, lambda value: value.isoformat())
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, lambda value: value.isoformat())
    converter.register_unstructure_hook(_Sentinel, lambda value: None)
    # Open enum members go out as plain strings, known or not (cattrs would otherwise
    # pass the str-based member through as it is). A plain string set on an enum field
    # goes out as it is, as an open enum keeps unknown values.
    converter.register_unstructure_hook(OpenEnum, str)
    converter.register_structure_hook_factory(_has_sentinel, _sentinel_union(converter))

    def structure_factory(cls: type[Any]) -> Callable[[Any, type[Any]], Any]:
        keeper = _unknown_field(cls)
        overrides = {
            f.name: override(omit=True) if f is keeper else override(rename=_wire_name(f, rename))
            for f in attrs.fields(cls)
        }
        plain = make_dict_structure_fn(cls, converter, **overrides)  # type: ignore[arg-type]
        if keeper is None:
            return plain
        declared = {_wire_name(f, rename) for f in attrs.fields(cls) if f is not keeper}
        name = keeper.name

        def structure(data: Any, type_: type[Any]) -> Any:
            if not isinstance(data, Mapping):
                raise TypeError(f"{cls.__name__} is read from a JSON object, not {data!r}")
            instance = plain(data, type_)
            object.__setattr__(instance, name, {k: v for k, v in data.items() if k not in declared})
            return instance

        return structure

    def unstructure_factory(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        # Only a None default is "not given": False, 0 or [] are real values and go out.
        keeper = _unknown_field(cls)
        overrides = {
            f.name: override(omit=True)
            if f is keeper
            else override(rename=_wire_name(f, rename), omit_if_default=f.default is None)
            for f in attrs.fields(cls)
        }
        plain = make_dict_unstructure_fn(cls, converter, **overrides)  # type: ignore[arg-type]
        declared = {_wire_name(f, rename) for f in attrs.fields(cls) if f is not keeper}

        def unstructure(instance: Any) -> dict[str, Any]:
            data = plain(instance)
            # UNSET is left out even where it is not the default; CLEAR stays as null.
            for f in attrs.fields(cls):
                if getattr(instance, f.name) is UNSET:
                    data.pop(_wire_name(f, rename), None)
            if keeper is not None:
                unknown: Mapping[str, Any] = getattr(instance, keeper.name)
                clashes = sorted(k for k in unknown if k in declared)
                if clashes:
                    raise ValidationError(
                        f"{cls.__name__}.{keeper.name} repeats declared fields {clashes}; "
                        "set the attributes instead",
                        field=keeper.name,
                    )
                data.update(unknown)
            return data

        return unstructure

    converter.register_structure_hook_factory(attrs.has, structure_factory)
    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    return converter


#: The converter for camelCase APIs (Convercus, Accengage).
camel = make_converter("camel")
#: The converter for PascalCase APIs (Mews).
pascal = make_converter("pascal")
