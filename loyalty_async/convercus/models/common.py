"""Small shapes and input rules that several Convercus domains share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Self, TypeVar, cast

import attrs

from loyalty_async.convercus.validation import check_aware, check_enum, check_text
from loyalty_async.errors import ValidationError
from loyalty_async.modeling import CLEAR, UNSET, OpenEnum, camel, to_camel

E = TypeVar("E", bound=OpenEnum)


@attrs.define
class CustomProperty:
    """A program-specific ``name``/``value`` pair (users, coupons, stores)."""

    name: str
    value: str | None = None


def remember_raw(cls: type[Any]) -> None:
    """Make ``cls`` remember the object it was read from in ``raw``, wherever it is read."""
    read: Callable[[Any, type[Any]], Any] = camel.get_structure_hook(cls)

    def structure(data: Any, _: type[Any]) -> Any:
        instance = read(data, cls)
        if isinstance(data, Mapping):
            instance.raw = dict(data)
        return instance

    camel.register_structure_hook(cls, structure)


def named(cls: type[Any], field: str = "name") -> None:
    """Let ``cls`` also be read from a bare string: the value of its ``field``."""
    read: Callable[[Any, type[Any]], Any] = camel.get_structure_hook(cls)

    def structure(data: Any, _: type[Any]) -> Any:
        if isinstance(data, str):
            return cls(**{field: data})
        return read(data, cls)

    camel.register_structure_hook(cls, structure)


# ---------------------------------------------------------------------- input rules


def optional_member(value: Any, enum_type: type[E], field: str) -> E | None:
    """``None``, or a declared member of ``enum_type`` (a string naming one is accepted)."""
    return None if value is None else check_enum(value, enum_type, field)


def unset_or(value: Any, check: Callable[[Any, str], Any], field: str) -> Any:
    """A partial-update value: :data:`UNSET` and :data:`CLEAR` pass, anything else is checked.

    ``None`` is refused because it could mean either.
    """
    if value is UNSET or value is CLEAR:
        return value
    if value is None:
        raise ValidationError(
            f"{field}=None is ambiguous: leave it out (UNSET) to keep the stored value, "
            "or pass CLEAR to delete it",
            field=field,
        )
    return check(value, field)


def not_clearable(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A validator for a mandatory field of a partial update: it may be changed, not cleared."""
    if value is CLEAR:
        raise ValidationError(
            f"{attribute.name} is mandatory and cannot be cleared", field=attribute.name
        )


def change_check(
    check: Callable[[Any, str], Any], *, clearable: bool = False
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """The validator of one field of a partial update (``PATCH``), named after the field.

    :data:`UNSET` passes (the field is left out); :data:`CLEAR` passes only if
    ``clearable``; ``None`` is refused as ambiguous; anything else must pass ``check``.
    """

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not clearable:
            not_clearable(instance, attribute, value)
        unset_or(value, check, attribute.name)

    return validate


def member_check(enum_type: type[E]) -> Callable[[Any, str], E]:
    """A check (``value, field``) that accepts only the declared members of ``enum_type``."""
    return lambda value, field: check_enum(value, enum_type, field)


class Changes:
    """A partial update (``PATCH``): attrs fields default to :data:`UNSET`; one must be set.

    Subclasses are attrs classes whose fields use :func:`change_check`, plus an ``extra``
    attribute for fields the SDK does not declare.
    """

    def __attrs_post_init__(self) -> None:
        fields = attrs.fields(type(self))  # type: ignore[arg-type]
        if not getattr(self, "extra", None) and all(
            getattr(self, f.name) is UNSET for f in fields if f.name != "extra"
        ):
            raise ValidationError("the update sets no field; set at least one", field="update")


def optional_aware(value: Any, field: str) -> dt.datetime | None:
    """``None``, or a datetime with a UTC offset."""
    return None if value is None else check_aware(value, field)


def check_window(valid_from: Any, valid_to: Any) -> None:
    """A validity window whose end is not before its start (either end may be open)."""
    if (
        isinstance(valid_from, dt.datetime)
        and isinstance(valid_to, dt.datetime)
        and valid_to < valid_from
    ):
        raise ValidationError(
            f"valid_to ({valid_to.isoformat()}) is before valid_from ({valid_from.isoformat()})",
            field="valid_to",
        )


def check_properties(value: Any, field: str = "custom_properties") -> list[CustomProperty]:
    """A list of :class:`CustomProperty`, each with a non-empty name, each name once."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError(
            f"{field} must be a list of CustomProperty, got {value!r}", field=field
        )
    items = list(value)
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, CustomProperty):
            raise ValidationError(
                f"{field} must hold CustomProperty(name=..., value=...), got {item!r}",
                field=field,
            )
        name = check_text(item.name, f"{field}.name")
        if name in seen:
            raise ValidationError(f"{field} names {name!r} twice", field=field)
        seen.add(name)
    return items


def optional_properties(value: Any) -> list[CustomProperty] | None:
    """A converter: ``None``, or a checked list of custom properties."""
    return None if value is None else check_properties(value)


# ---------------------------------------------------------------------- read, modify, replace


class Draft:
    """A request model that can be filled from the resource it replaces.

    Subclasses are attrs classes with an ``extra`` attribute made by
    :func:`~loyalty_async.modeling.unknown_fields`; ``_server_fields`` names the
    attributes of the resource that the server assigns (its id, its creation time) and
    that a replace does not send back.
    """

    _server_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_resource(cls, resource: Any) -> Self:
        """Everything ``resource`` holds, ready to change and send back with ``update``.

        Fields both models declare are copied; every other field the server sent (the
        resource's undeclared fields and the ones this model does not declare, such as a
        status) travels in ``extra`` under its wire name, so the replace loses nothing.
        """
        if not attrs.has(type(resource)):
            raise ValidationError(
                f"{cls.__name__}.from_resource takes a model read from the API, "
                f"got {type(resource).__name__}",
                field="resource",
            )
        mine = attrs.fields_dict(cls)  # type: ignore[arg-type]
        values: dict[str, Any] = {}
        extra: dict[str, Any] = dict(getattr(resource, "extra", {}) or {})
        for field in attrs.fields(type(resource)):
            name = field.name
            value = getattr(resource, name)
            if name == "extra" or name in cls._server_fields or value is None:
                continue
            if name in mine:
                values[name] = list(value) if isinstance(value, list) else value
            else:
                extra[field.metadata.get("wire") or to_camel(name)] = camel.unstructure(value)
        build: Any = cls
        return cast(Self, build(**values, extra=extra))
