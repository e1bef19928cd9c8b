"""The body of a bound method, generated from its signature and its operation's row.

:func:`derive` writes the source of one method's body for exactly its signature (the
checks, the path values, the ``id-type`` header, the query, the body made from the
request model, the first attempt by the express path or the
:class:`~loyalty_async.session.call.Call`, and the reader, all prepared once) and compiles
it; :mod:`~loyalty_async.operations.binder` decides which methods get one and checks them
against their rows. :func:`stamped` is what a generated (or hand-written) write that may
be reconciled runs its send in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs

from loyalty_async.errors import DecodeError, OutcomeUnknownError, ValidationError
from loyalty_async.modeling import to_camel
from loyalty_async.operations.operation import Fill, Operation, Paging
from loyalty_async.operations.readers import (
    BindingError,
    decodes_exactly,
    inline_model,
    item_reader,
    misfit,
    page_item_model,
    reader,
)
from loyalty_async.session.call import NO_OPTIONS, Call
from loyalty_async.session.express import express as express_attempt
from loyalty_async.session.express import recover, requested
from loyalty_async.session.retry import IDEMPOTENT_METHODS

if TYPE_CHECKING:
    from loyalty_async.operations.service import Service

#: Arguments a paged method takes besides its operation's, by paging style: the page
#: size (``None``: the server fixes it) and where the walk starts (a page number, or the
#: cursor a walk stopped at).
_PAGING_ARGS: dict[Paging, tuple[str | None, str]] = {
    Paging.SPRING: ("page_size", "start_page"),
    Paging.CURSOR: ("page_size", "cursor"),
    Paging.LINK: (None, "start_page"),
}
#: An argument passed through as query filters.
_FILTER_ARGS = ("filters", "params")


def derive(
    cls: type[Service], attr: str, method: Callable[..., Any], op: Operation, where: str
) -> Callable[..., Any]:
    """The body of ``method`` (``cls.attr``) for the operation ``op``, compiled.

    Raises :class:`~loyalty_async.operations.readers.BindingError` naming ``where`` when
    the signature does not fit the row.
    """
    signature = inspect.signature(method)
    hints = typing.get_type_hints(method)
    parameters = list(signature.parameters.values())[1:]
    names: dict[str, Any] = {p.name: p for p in parameters}
    used: set[str] = set()
    lines: list[str] = []
    # Arguments passed among the per-call options (``program_id`` of ProgramOptions) are
    # taken out of them first, then filled like any named argument.
    options = next((p.name for p in parameters if p.kind is inspect.Parameter.VAR_KEYWORD), None)
    for key, annotation in carried_options(method).items():
        if key in names:
            raise BindingError(f"{where} takes {key!r} both as an argument and as an option")
        names[key] = hints[key] = annotation
        lines.append(f"{key} = {options}.pop({key!r}, None)")
    namespace: dict[str, Any] = {
        "_Call": Call,
        "_NAME": op.name,
        "_ValidationError": ValidationError,
    }
    checks = _fill_checks(cls)

    # Path parameters, each filled as its row says.
    path_items: list[str] = []
    headers = "None"
    for index, parameter in enumerate(op.parameters):
        spec = op.param(parameter)
        arg = cast(str, spec.arg)
        if arg not in names:
            raise BindingError(
                f"{where} has no argument {arg!r} for the path parameter {{{parameter}}} "
                f"of {op.name}"
            )
        used.add(arg)
        value = f"_p{index}"
        if spec.fill is Fill.ACCOUNT:
            if "id_type" not in names:
                raise BindingError(f"{where} needs an id_type argument for {{{parameter}}}")
            used.add("id_type")
            lines.append(f"{value}, _headers = self._account_ref({arg}, id_type)")
            headers = "_headers"
        elif spec.fill is Fill.PROGRAM:
            lines.append(f"{value} = self._program({arg})")
        else:
            namespace[f"_check{index}"] = checks[spec.fill]
            lines.append(f"{value} = _check{index}({arg}, {arg!r})")
        path_items.append(f"{parameter!r}: {value}")
    if "id_type" in names and "id_type" not in used:
        raise BindingError(f"{where} takes id_type, but {op.name} has no account in its path")

    paged = op.paging is not None
    size_arg, start_arg = (
        _PAGING_ARGS.get(op.paging, _PAGING_ARGS[Paging.SPRING]) if op.paging else (None, "")
    )
    if paged:
        for needed in (size_arg, start_arg):
            if needed is None:
                continue
            if needed not in names:
                raise BindingError(f"{where} is paged: it needs a {needed} argument")
            used.add(needed)

    # Query: named arguments, then pass-through filters.
    query_items: list[str] = []
    for arg in op.query:
        if arg not in names:
            raise BindingError(f"{where} has no argument {arg!r} for the query of {op.name}")
        used.add(arg)
        namespace[f"_q_{arg}"] = _annotation_check(hints.get(arg, Any), arg)
        lines.append(f"{arg} = _q_{arg}({arg})")
        query_items.append(f"{to_camel(arg)!r}: {arg}")
    filters = next((a for a in _FILTER_ARGS if a in names and a not in used), None)
    query = "{" + ", ".join(query_items) + "}" if query_items else "None"
    if filters is not None:
        used.add(filters)
        namespace["_filters"] = _filters_check(op, paged)
        query = (
            f"_filters({filters})"
            if not query_items
            else f"{{**{query}, **(_filters({filters}) or {{}})}}"
        )

    # Body: the request model given as it is, or made from the remaining arguments.
    body = "None"
    context_items = [f"{op.param(p).arg!r}: _p{i}" for i, p in enumerate(op.parameters)]
    if op.body is not None and not attrs.has(op.body):
        # A free-form JSON object (a TypedDict of the fields known, the rest passed
        # through): the argument typed with it, or the remaining arguments as its keys
        # (camelCased, left out when None). The service checks it (``_json_body``).
        model = op.body
        given = [
            p.name for p in parameters if p.name not in used and _mentions(hints.get(p.name), model)
        ]
        if given:
            used.add(given[0])
            lines.append(f"_body = self._json_body(_NAME, {given[0]}, {given[0]!r})")
            context_items.append(f"{given[0]!r}: {given[0]}")
        else:
            keys = getattr(model, "__annotations__", {})
            rest = [
                p.name
                for p in parameters
                if p.name not in used and p.kind is not inspect.Parameter.VAR_KEYWORD
            ]
            for arg in rest:
                if to_camel(arg) not in keys:
                    raise BindingError(
                        f"{where}: argument {arg!r} is neither a path parameter nor a key "
                        f"of {getattr(model, '__name__', model)}, the body of {op.name}"
                    )
            used.update(rest)
            items = "".join(f"({to_camel(a)!r}, {a}), " for a in rest)
            built = f"{{k: v for k, v in ({items}) if v is not None}}"
            lines.append(f"_body = self._json_body(_NAME, {built}, '')")
            context_items.extend(f"{a!r}: {a}" for a in rest)
        body = "_body"
    elif op.body is not None:
        model = op.body
        namespace["_Body"] = model
        namespace["_unstructure"] = cls._converter.unstructure
        given = [p.name for p in parameters if p.name not in used and hints.get(p.name) is model]
        if given:
            arg = given[0]
            used.add(arg)
            lines.append(
                f"if type({arg}) is not _Body and not isinstance({arg}, _Body):\n"
                f"        raise _ValidationError(f'{arg} must be a {model.__name__}, "
                f"got {{type({arg}).__name__}}', field={arg!r})"
            )
            # A model that completes itself for sending (``checked(mint=...)``: validated,
            # a de-duplication key minted unless the row is a preview) is sent completed.
            ready = f".checked(mint={not op.preview})" if hasattr(model, "checked") else ""
            if hasattr(model, "is_empty"):  # a partial update that sets nothing changes nothing
                lines.append(
                    f"if {arg}.is_empty():\n        raise _ValidationError('the update sets no "
                    f"field; set at least one (CLEAR deletes a field)', field={arg!r})"
                )
            lines.append(f"_body = _unstructure({arg}{ready})")
        else:
            fields = attrs.fields_dict(model)
            rest = [
                p.name
                for p in parameters
                if p.name not in used and p.kind is not inspect.Parameter.VAR_KEYWORD
            ]
            for arg in rest:
                if arg not in fields:
                    raise BindingError(
                        f"{where}: argument {arg!r} is neither a path parameter nor a field "
                        f"of {model.__name__}, the body of {op.name}"
                    )
            used.update(rest)
            # A path value the body repeats (``accountId`` in both) goes in checked.
            values = [
                (cast(str, op.param(p).arg), f"_p{i}")
                for i, p in enumerate(op.parameters)
                if op.param(p).arg in fields
            ] + [(a, a) for a in rest]
            lines.append(f"_body = _unstructure(_Body({', '.join(f'{a}={v}' for a, v in values)}))")
        body = "_body"
        # The fields that identify the write if its outcome is unknown, as sent (the
        # request model's ``outcome_keys``: a reconcile looks the write up by them).
        identity = getattr(model, "outcome_keys", ())
        context_items.extend(f"{key!r}: _body.get({to_camel(key)!r})" for key in identity)

    if options is None:
        raise BindingError(f"{where} must take **options: Unpack[RequestOptions]")
    unused = [name for name in names if name not in used and name != options]
    if unused:
        raise BindingError(f"{where}: argument(s) {', '.join(unused)} not used by {op.name}")

    path = "{" + ", ".join(path_items) + "}" if path_items else "None"
    per_call = f"self._options if not {options} else self._call_options({options})"
    returns = hints.get("return", Any)
    # An unknown outcome names what was written to (path values, not body fields: those
    # may hold member data, and the caller has them anyway).
    writes = op.method not in IDEMPOTENT_METHODS or op.idempotent is False
    context = "None"
    if writes and not op.resend_safe and context_items:
        if headers != "None":
            context_items.append("'id_type': _headers and _headers['id-type']")
        context = "{" + ", ".join(context_items) + "}"

    if paged:
        if inspect.iscoroutinefunction(method):
            raise BindingError(f"{where} is paged: it returns a Pager, so it is a plain def")
        item_model = page_item_model(op, returns, where=where)
        namespace["_item"] = item_reader(op, item_model, cls._converter)
        exact = decodes_exactly(item_model)
        # A body (Mews: the filters) goes with every page; the walk adds its paging to it.
        with_body = f", body={body}" if body != "None" else ""
        lines.append(
            f"return self._page_walk(_NAME, _item, {size_arg}, {start_arg}, path={path}, "
            f"headers={headers}, params={query}, options={options}, exact={exact}{with_body})"
        )
        head = "def"
    else:
        if not inspect.iscoroutinefunction(method):
            raise BindingError(f"{where} must be an async def")
        namespace["_read"] = reader(op, returns, cls._converter, where=where)
        inline = inline_model(op, returns)
        # A call without a body or an outcome to reconcile first tries the express path.
        express = body == "None" and context == "None"
        if express:
            lines.append(f"_path = {path}")
            lines.append(f"_query = {query}")
            path, query = "_path", "_query"
        # Positional: operation, path, query, json, content, headers, options, context.
        make_call = (
            f"_Call(self._ops[_NAME], {path}, {query}, {body}, None, {headers}, <options>, "
            f"{context})"
        )
        send = [f"_response = await self._session.send({make_call.replace('<options>', per_call)})"]
        if express:
            namespace.update(_express=express_attempt, _recover=recover, _NO_OPTIONS=NO_OPTIONS)
            as_sent = make_call.replace("<options>", "_NO_OPTIONS")
            send = [
                "if options or self._options is not _NO_OPTIONS or self._capture is not None:",
                "    _first = None",
                "else:",
                f"    _first = _express(self._session, self._ops[_NAME], _path, _query, {headers})",
                "if _first is None:",
                f"    {send[0]}",
                "else:",
                "    try:",
                "        _response = await _first",
                "    except BaseException as _exc:",
                f"        _response = await _recover(self._session, {as_sent}, _exc)",
                "    else:",
                "        if _response.status >= 400:",
                f"            _response = await _recover(self._session, {as_sent}, _response)",
            ]
        if context != "None" and bool(getattr(op.body, "outcome_keys", None)):
            # A write that is reconciled records when it gave up (the settle rule's start).
            namespace["_stamped"] = stamped
            send = ["with _stamped():", f"    {send[0]}"]
        refusals = cls._refusal_context()
        if refusals is not None:
            namespace["_refusals"] = refusals
            send = ["with _refusals():", *(f"    {line}" for line in send)]
        lines.extend(send)
        lines.append("if self._capture is not None:")
        lines.append("    self._capture.append(_response)")
        if inline is None:
            read = ["return _read(_response, self._session.decode_json)"]
        else:
            # The common read, inline: decode, then the structure hook found at import.
            namespace["_Model"] = inline
            namespace["_hook"] = cls._converter.get_structure_hook(inline)
            namespace["_misfit"] = misfit
            read = [
                "_data = self._session.decode_json(_response)",
                "try:",
                "    return _hook(_data, _Model)",
                "except Exception as _exc:  # cattrs raises several kinds",
                "    raise _misfit(_Model, _exc, _response) from _exc",
            ]
        if express:
            # An express answer has no request until an error about it needs one.
            namespace.update(_DecodeError=DecodeError, _requested=requested)
            read = [
                "try:",
                *(f"    {line}" for line in read),
                "except _DecodeError as _exc:",
                "    if _response.request is None:",
                f"        _response.request = _requested(self._session, {as_sent})",
                "        _exc.response = _response",
                "    raise",
            ]
        lines.extend(read)
        head = "async def"

    source = f"{head} {attr}({_parameter_list(signature)}):\n" + "".join(
        f"    {line}\n" for line in lines
    )
    exec(compile(source, f"<bound {where}>", "exec"), namespace)
    derived = cast(types.FunctionType, namespace[attr])
    derived.__defaults__ = method.__defaults__
    derived.__kwdefaults__ = method.__kwdefaults__
    derived.__annotations__ = dict(method.__annotations__)
    derived.__module__ = method.__module__
    derived.__qualname__ = f"{cls.__qualname__}.{attr}"
    derived.__operation__ = op.name  # type: ignore[attr-defined]
    derived.__derived__ = True  # type: ignore[attr-defined]
    derived.__source__ = source  # type: ignore[attr-defined]
    # The declaration: its module's globals resolve the annotations (typing.get_type_hints).
    derived.__wrapped__ = method  # type: ignore[attr-defined]
    if hasattr(method, "__twin_of__"):
        derived.__twin_of__ = method.__twin_of__  # type: ignore[attr-defined]
    return derived


def carried_options(method: Callable[..., Any]) -> dict[str, Any]:
    """The arguments ``method`` takes among its per-call options, with their types.

    ``**options: Unpack[ProgramOptions]`` carries ``program_id`` besides the
    :class:`~loyalty_async.operations.service.RequestOptions` every method takes.
    """
    from loyalty_async.operations.service import OPTION_NAMES

    declared = getattr(method, "__wrapped__", method)
    parameters = inspect.signature(declared).parameters.values()
    kwargs = next((p.name for p in parameters if p.kind is p.VAR_KEYWORD), None)
    if kwargs is None:
        return {}
    unpacked = typing.get_args(typing.get_type_hints(declared).get(kwargs))
    if len(unpacked) != 1 or not typing.is_typeddict(unpacked[0]):
        return {}
    keys = typing.get_type_hints(unpacked[0])
    return {key: value for key, value in keys.items() if key not in OPTION_NAMES}


def stamp_gave_up(error: OutcomeUnknownError) -> None:
    """Stamp an unknown outcome with the time its call gave up (``gave_up_at``)."""
    error.context.setdefault("gave_up_at", dt.datetime.now(dt.UTC))


@contextlib.contextmanager
def stamped() -> Iterator[None]:
    """Around a write: an unknown outcome records when the call gave up (``gave_up_at``)."""
    try:
        yield
    except OutcomeUnknownError as error:
        stamp_gave_up(error)
        raise


def _parameter_list(signature: inspect.Signature) -> str:
    """The parameters as source, without defaults (they are set on the function)."""
    out: list[str] = []
    star = False
    previous = None
    for parameter in signature.parameters.values():
        kind = parameter.kind
        if previous is inspect.Parameter.POSITIONAL_ONLY and kind is not previous:
            out.append("/")
        if kind is inspect.Parameter.KEYWORD_ONLY and not star:
            out.append("*")
            star = True
        if kind is inspect.Parameter.VAR_POSITIONAL:
            out.append(f"*{parameter.name}")
            star = True
        elif kind is inspect.Parameter.VAR_KEYWORD:
            out.append(f"**{parameter.name}")
        else:
            out.append(parameter.name)
        previous = kind
    return ", ".join(out)


def _fill_checks(cls: type[Service]) -> Mapping[Fill, Callable[[Any, str], str]]:
    from loyalty_async.operations.checks import check_id, check_positive_id, check_uuid

    return {Fill.ID: check_id, Fill.UUID: check_uuid, Fill.NUMBER: check_positive_id}


def _mentions(annotation: Any, model: Any) -> bool:
    """Whether ``annotation`` is ``model`` or a union holding it."""
    if annotation is model:
        return True
    return any(arg is model for arg in typing.get_args(annotation))


def _filters_check(op: Operation, paged: bool) -> Callable[[Any], dict[str, Any] | None]:
    from loyalty_async.operations.service import check_filters

    def check(value: Any) -> dict[str, Any] | None:
        return check_filters(value) or None

    return check


def _annotation_check(annotation: Any, field: str) -> Callable[[Any], Any]:
    """A check of one argument derived from its type annotation (``None`` kept if allowed)."""
    from loyalty_async.operations.checks import check_by_type

    return check_by_type(annotation, field)
