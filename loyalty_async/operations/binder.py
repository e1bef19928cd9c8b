"""Typed methods bound to operation rows: the signature is written, the body derived.

A service method states its typed signature and docstring, nothing else; its class names
the operations it sends (``prefix=``), and the method's name completes the name::

    class AccountsService(ConvercusService, prefix="accounts"):
        async def get_balance(
            self, account: AccountRef, *, id_type: IdType | str | None = None,
            **options: Unpack[RequestOptions],
        ) -> Balance:
            \"\"\"Points available to spend and points locked.\"\"\"

``@operation("x.y")`` binds a method named otherwise. When the class is created,
:func:`compile_service` checks the method against its row
(the name exists, every path parameter has an argument, every argument is used, the
return type matches the declared result) and replaces the body with one generated for
exactly this signature: the checks, the path values, the ``id-type`` header, the query,
the body made from the request model, the first attempt and the reader, all prepared
once (:mod:`~loyalty_async.operations.derive`). A mismatch raises :class:`BindingError`
at import.

Methods whose result needs more than a reader (a fallback to the request, a 404 read as
``False``) are written by hand and marked with :func:`sends`; :func:`twin` declares the
deprecated duplicate of a method in one line.
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from loyalty_async.operations.derive import carried_options, derive
from loyalty_async.operations.operation import Operation
from loyalty_async.operations.readers import BindingError

if TYPE_CHECKING:
    from loyalty_async.operations.service import Service

F = TypeVar("F", bound=Callable[..., Any])


def operation(name: str) -> Callable[[F], F]:
    """Bind a signature-only method to the operation ``name``; its body is derived."""

    def mark(method: F) -> F:
        method.__operation__ = name  # type: ignore[attr-defined]
        method.__derived__ = True  # type: ignore[attr-defined]
        return method

    return mark


def sends(name: str) -> Callable[[F], F]:
    """Mark a hand-written method as the one typed method of the operation ``name``."""

    def mark(method: F) -> F:
        method.__operation__ = name  # type: ignore[attr-defined]
        method.__derived__ = False  # type: ignore[attr-defined]
        return method

    return mark


def twin(method: F, name: str) -> F:
    """The deprecated operation ``name``: ``method``'s signature and result, on its route.

    The row of ``name`` must say ``replaced_by`` ``method``'s operation. Use it in the
    class body: ``create_deprecated = twin(create, "users.create_deprecated")``.
    """
    original: str | None = getattr(method, "__operation__", None)
    # A declaration bound by its class's prefix learns its operation with its class.
    declared = original is None and is_declaration(method)
    if original is None and not declared:
        raise BindingError(f"twin({method.__qualname__}, {name!r}): the method is not bound")
    if declared or method.__derived__:  # type: ignore[attr-defined]
        copied = types.FunctionType(
            method.__code__, method.__globals__, method.__name__, method.__defaults__
        )
        copied.__kwdefaults__ = method.__kwdefaults__
        copied.__annotations__ = dict(method.__annotations__)
        copied.__module__ = method.__module__
        copied.__qualname__ = method.__qualname__
        variant: Any = copied
    else:
        sent = cast(str, original)  # a hand-written method is always marked with @sends
        if inspect.iscoroutinefunction(method):

            async def variant(self: Service, *args: Any, **kwargs: Any) -> Any:
                return await method(self._routed(sent, name), *args, **kwargs)

        else:

            def variant(self: Service, *args: Any, **kwargs: Any) -> Any:
                return method(self._routed(sent, name), *args, **kwargs)

        functools.update_wrapper(variant, method)
    variant.__operation__ = name
    variant.__derived__ = declared or method.__derived__  # type: ignore[attr-defined]
    # Which operation it replaces is read from ``method`` when its class is compiled (a
    # declaration learns its operation only then).
    variant.__twin_source__ = method
    return cast(F, variant)


def is_declaration(method: Any) -> bool:
    """Whether ``method`` is a signature with a docstring and no body (it does nothing).

    Its code is compared with that of reference declarations compiled by the running
    Python, so the answer does not depend on one version's bytecode.
    """
    if not inspect.isfunction(method):
        return False
    references = _ASYNC_DECLARATIONS if inspect.iscoroutinefunction(method) else _DECLARATIONS
    return _body(method) in references


def _body(function: Callable[..., Any]) -> tuple[bytes, tuple[Any, ...]]:
    """A function's instructions and constants, its docstring left out."""
    code = function.__code__
    consts = code.co_consts
    if function.__doc__ is not None and consts and consts[0] == function.__doc__:
        consts = (_DOCSTRING, *consts[1:])
    return code.co_code, consts


_DOCSTRING = "<docstring>"


async def _async_documented() -> None:
    """A declaration."""


async def _async_bare() -> None:
    pass


def _documented() -> None:
    """A declaration."""


def _bare() -> None:
    pass


#: What a function whose body is a docstring, or nothing, compiles to on this Python.
_ASYNC_DECLARATIONS = frozenset({_body(_async_documented), _body(_async_bare)})
_DECLARATIONS = frozenset({_body(_documented), _body(_bare)})


def compile_service(cls: type[Service]) -> None:
    """Check every bound method of ``cls`` against its table; derive the bodies.

    With a ``prefix`` (``class TagsService(Service, prefix="programs.tags")``), each public
    method that is only a declaration (a signature and a docstring) is bound to the
    operation named after it (``tags.get`` → ``programs.tags.get``); ``@operation(name)``
    binds one to another name.
    """
    table = cls._table
    bound: dict[str, str] = {}
    cls.bound_operations = bound
    prefix = cls.operation_prefix
    for attr, value in vars(cls).items():
        declared = not attr.startswith("_") and not hasattr(value, "__operation__")
        if prefix and declared and is_declaration(value):
            value.__operation__ = f"{prefix}.{attr}"
            value.__derived__ = True
    for attr, value in vars(cls).items():
        source = getattr(value, "__twin_source__", None)
        if source is not None:
            value.__twin_of__ = getattr(source, "__operation__", None)
            if value.__twin_of__ is None:
                raise BindingError(
                    f"{cls.__qualname__}.{attr} is a twin of {source.__name__}, which is not "
                    f"bound (give it @operation(...), or the class a prefix)"
                )
    members = [
        (attr, value) for attr, value in vars(cls).items() if hasattr(value, "__operation__")
    ]
    if not members:
        return
    if table is None:
        raise BindingError(f"{cls.__qualname__} binds operations but declares no _table")
    # Originals first, so a twin's docstring can name the method it duplicates.
    members.sort(key=lambda item: hasattr(item[1], "__twin_of__"))
    for attr, method in members:
        name = method.__operation__
        where = f"{cls.__qualname__}.{attr}"
        op = table.get(name)
        if op is None:
            raise BindingError(f"{where} is bound to {name!r}, which is not in the table")
        if name in bound:
            raise BindingError(f"{where} and {cls.__qualname__}.{bound[name]} both send {name}")
        twin_of = getattr(method, "__twin_of__", None)
        if twin_of is not None:
            if op.replaced_by != twin_of:
                raise BindingError(
                    f"{where} is declared a twin of {twin_of}, but the row of {name} says "
                    f"replaced_by={op.replaced_by!r}"
                )
            # Its docstring is derived too: what it duplicates, and where it is sent.
            method.__doc__ = (
                f":meth:`{bound.get(twin_of, twin_of)}` on the "
                f"{'deprecated ' if op.deprecated else ''}route ``{op.method} {op.path}``."
            )
        if method.__derived__:
            derived = derive(cls, attr, method, op, where)
            derived.__doc__ = method.__doc__
            setattr(cls, attr, derived)
        else:
            _check_hand_written(method, op, where)
            if twin_of is not None:
                method.__name__ = attr
                method.__qualname__ = f"{cls.__qualname__}.{attr}"
        bound[name] = attr


def _check_hand_written(method: Callable[..., Any], op: Operation, where: str) -> None:
    accepted = {**inspect.signature(method).parameters, **carried_options(method)}
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in accepted.values()):
        return  # a twin's wrapper: its original was checked
    for parameter in op.parameters:
        arg = op.param(parameter).arg
        if arg not in accepted:
            raise BindingError(
                f"{where} has no argument {arg!r} for the path parameter {{{parameter}}} "
                f"of {op.name}"
            )
