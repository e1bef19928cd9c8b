"""How the result of an operation is read: one small reader per :class:`Result` kind.

A reader is built once per bound method (never per call) from the operation's declared
result and model and the method's return type, which must agree: a mismatch is a
:class:`BindingError` at import. Structure hooks are looked up once, here; a JSON body
is decoded with exact ``Decimal`` fractions only when the model holds money, so bodies
without money keep the fast decoder.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import attrs
import cattrs

from loyalty_async import codec
from loyalty_async.errors import DecodeError
from loyalty_async.operations.operation import Operation, Result
from loyalty_async.paging import Pager, array_page
from loyalty_async.transport.base import Response

#: Decodes a JSON body (the session's decoder): ``None`` for an empty body.
Decode = Callable[[Response], Any]
#: Reads a response into the method's result.
Reader = Callable[[Response, Decode], Any]
#: Reads one decoded JSON item into a model (for pages).
ItemReader = Callable[[Any, Response], Any]


class BindingError(TypeError):
    """A typed method does not match the operation it is bound to (raised at import)."""


def location_id(response: Response, keys: tuple[str, ...] = ("id",)) -> str:
    """The id of a created resource: the last segment of the ``Location`` header.

    Without a ``Location`` header, the first of ``keys`` in a JSON object body: services
    built on a generic CRUD framework answer a create with the created resource instead.
    """
    location = response.headers.get("Location")
    if location:
        segments = [s for s in urlsplit(location.strip()).path.split("/") if s]
        if segments:
            return segments[-1]
    found = _body_id(response, keys)
    if found is not None:
        return found
    raise DecodeError(
        f"HTTP {response.status} created a resource but sent no usable Location header "
        f"and no {' or '.join(keys)} in its body",
        response=response,
    )


def _body_id(response: Response, keys: tuple[str, ...]) -> str | None:
    content = response.content
    if not content or not content.lstrip().startswith(b"{"):
        return None
    try:
        data = codec.loads(content)
    except ValueError:
        return None
    if not isinstance(data, Mapping):
        return None
    for key in keys:
        value = data.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return None


def holds_money(model: Any, _seen: set[Any] | None = None) -> bool:
    """Whether reading ``model`` may meet a ``Decimal`` (then fractions are decoded exactly)."""
    seen = _seen if _seen is not None else set()
    if model is Decimal:
        return True
    if model in seen:
        return False
    seen.add(model)
    origin = typing.get_origin(model)
    if origin is not None:
        return any(holds_money(arg, seen) for arg in typing.get_args(model))
    if isinstance(model, type) and attrs.has(model):
        hints = typing.get_type_hints(model)
        return any(holds_money(hints[f.name], seen) for f in attrs.fields(model))
    return False


_EXACT: dict[Any, bool] = {}


def decodes_exactly(model: Any) -> bool:
    """Whether JSON read into ``model`` is decoded with exact fractions (it holds money)."""
    known = _EXACT.get(model)
    if known is None:
        known = _EXACT[model] = holds_money(model)
    return known


def decode_exact(response: Response) -> Any:
    """Decode a JSON body keeping fractions exact (``Decimal``); ``None`` for an empty body."""
    return _exact_decode(response)


def _optional_of(annotation: Any) -> Any:
    """``X`` for ``X | None``, else ``None``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        if len(args) == 2 and type(None) in args:
            return next(arg for arg in args if arg is not type(None))
    return None


def _structurer(model: Any, converter: cattrs.Converter) -> ItemReader:
    """Structure one decoded item into ``model``; a mismatch is a :class:`DecodeError`."""
    if typing.is_typeddict(model):
        return _as_object
    hook = converter.get_structure_hook(model)
    name = getattr(model, "__name__", str(model))

    def read(data: Any, response: Response) -> Any:
        try:
            return hook(data, model)
        except Exception as exc:  # cattrs raises several kinds; all mean "unexpected shape"
            raise DecodeError(
                f"the response does not fit {name}: {exc}", response=response
            ) from exc

    return read


def misfit(model: Any, exc: Exception, response: Response) -> DecodeError:
    """The error of a body that does not fit ``model``."""
    name = getattr(model, "__name__", str(model))
    error = DecodeError(f"the response does not fit {name}: {exc}", response=response)
    error.__cause__ = exc
    return error


def inline_model(operation: Operation, returns: Any) -> Any:
    """The model a bound method may structure inline (a plain JSON object read), or ``None``.

    Such a read needs no reader call: the method decodes and structures the body itself
    with the structure hook looked up at import.
    """
    model = operation.model
    if (
        operation.result is Result.JSON
        and model is not None
        and operation.envelope is None
        and isinstance(model, type)
        and attrs.has(model)
        and returns == model
        and not holds_money(model)
    ):
        return model
    return None


def _exact_decode(response: Response) -> Any:
    data = response.content
    if not data or data.isspace():
        return None
    try:
        return codec.loads_exact(data)
    except ValueError as exc:
        raise DecodeError(
            f"expected a JSON body from HTTP {response.status}, got {len(data)} bytes "
            "that are not JSON",
            response=response,
        ) from exc


def _as_object(data: Any, response: Response) -> Any:
    if not isinstance(data, dict):
        raise DecodeError(f"expected a JSON object, got {type(data).__name__}", response=response)
    return data


def item_reader(operation: Operation, model: Any, converter: cattrs.Converter) -> ItemReader:
    """Read one item of a list or page into ``model``.

    A plain ``dict`` or a ``TypedDict`` (a shape only partly known) is kept as it came,
    every field included.
    """
    if model is dict or typing.get_origin(model) is dict:
        return _as_object
    return _structurer(model, converter)


def reader(
    operation: Operation, returns: Any, converter: cattrs.Converter, *, where: str
) -> Reader:
    """The reader of ``operation``'s result, checked against the method's ``returns`` type."""
    kind = operation.result
    if kind is Result.NONE:
        _expect(returns in (None, type(None)), operation, returns, "None", where)
        return lambda response, decode: None
    if kind is Result.LOCATION and _optional_of(returns) is str:
        # ``str | None``: a create whose answer may not say the new id (it still happened).
        keys = operation.created_id

        def optional_id(response: Response, decode: Decode) -> str | None:
            try:
                return location_id(response, keys)
            except DecodeError:
                return None

        return optional_id
    if kind in (Result.LOCATION, Result.TEXT):
        _expect(returns is str, operation, returns, "str", where)
        if kind is Result.LOCATION:
            keys = operation.created_id
            return lambda response, decode: location_id(response, keys)
        return lambda response, decode: response.text
    if kind is Result.FILE:
        raise BindingError(f"{where}: {operation.name} streams a file; bind it by hand")
    model = operation.model
    read = _reader(operation, model, returns, converter, where)
    item = typing.get_args(model)[0] if typing.get_origin(model) is list else model
    precise = model is not None and holds_money(item)
    envelope = operation.envelope
    if envelope is None:
        if precise:
            return lambda response, decode: read(response, _exact_decode)
        return read

    def read_enveloped(response: Response, decode: Decode) -> Any:
        data = (_exact_decode if precise else decode)(response)
        if not isinstance(data, Mapping) or envelope not in data:
            raise DecodeError(f"expected the result under {envelope!r}", response=response)
        return read(response, lambda _: data[envelope])

    return read_enveloped


def _reader(
    operation: Operation, model: Any, returns: Any, converter: cattrs.Converter, where: str
) -> Reader:
    """Read the decoded JSON (``decode`` picks the decoder) into the declared model."""
    if model is None:
        _expect(returns in (Any, object), operation, returns, "Any", where)
        return lambda response, decode: decode(response)
    optional = _optional_of(returns)
    target = optional if optional is not None else returns
    _expect(target == model, operation, returns, _name(model), where)
    if typing.get_origin(model) is list:
        (item_model,) = typing.get_args(model)
        item = item_reader(operation, item_model, converter)

        def read_list(response: Response, decode: Decode) -> Any:
            try:
                items = array_page(decode(response)).items
            except DecodeError as exc:
                exc.response = response
                raise
            return [item(entry, response) for entry in items]

        return read_list
    one = _structurer(model, converter)
    if optional is not None:

        def read_optional(response: Response, decode: Decode) -> Any:
            data = decode(response)
            # A write whose answer no source documents: an echo is read, a 204 is None.
            return one(data, response) if isinstance(data, Mapping) else None

        return read_optional
    return lambda response, decode: one(decode(response), response)


def page_item_model(operation: Operation, returns: Any, *, where: str) -> Any:
    """The item model of a paged operation, checked against ``Pager[...]``."""
    item = operation.model
    _expect(
        item is not None
        and typing.get_origin(returns) is Pager
        and typing.get_args(returns) == (item,),
        operation,
        returns,
        f"Pager[{_name(operation.model)}]",
        where,
    )
    return operation.model


def _name(model: Any) -> str:
    return getattr(model, "__name__", None) or str(model).replace("typing.", "")


def _expect(ok: bool, operation: Operation, returns: Any, wanted: str, where: str) -> None:
    if not ok:
        raise BindingError(
            f"{where} returns {_name(returns)}, but {operation.name} is declared to give {wanted}"
        )
