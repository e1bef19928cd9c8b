"""The base of every platform's services: a session, an operation table, per-call options.

A service takes the :class:`~loyalty_async.Session` it sends through and the operation
table it is bound to (the client passes its table with any ``routes=`` overrides
applied). Its public methods are bound to operations with
:mod:`loyalty_async.operations.binder`; what they share at run time lives here: turning
per-call options into :class:`~loyalty_async.session.call.CallOptions`, sending one
:class:`~loyalty_async.session.call.Call`, walking pages, and capturing raw responses.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any, ClassVar, Generic, Self, TypedDict, TypeVar, overload

import attrs
import cattrs

from loyalty_async.errors import ConfigurationError, DecodeError, ValidationError
from loyalty_async.modeling import camel
from loyalty_async.operations.checks import MAX_PAGE_NUMBER
from loyalty_async.operations.operation import Operation, OperationTable, Paging
from loyalty_async.operations.readers import (
    ItemReader,
    decode_exact,
    decodes_exactly,
    location_id,
)
from loyalty_async.paging import Page, Pager, array_page, crud_page, spring_page
from loyalty_async.session.call import NO_OPTIONS, Call, CallOptions
from loyalty_async.session.retry import RetryPolicy
from loyalty_async.session.session import Session
from loyalty_async.transport.base import Body, Response, Timeout, positive_seconds
from loyalty_async.transport.headers import header_problem

T = TypeVar("T")

#: Items per page asked for when the caller does not say.
DEFAULT_PAGE_SIZE = 50
#: The largest page size the SDK asks for (Spring's usual cap is 1000 or lower).
MAX_PAGE_SIZE = 1000


class RequestOptions(TypedDict, total=False):
    """Per-call options every typed method takes as keyword arguments.

    ``timeout`` bounds each attempt (a :class:`~loyalty_async.Timeout`, or seconds for
    the whole attempt); ``deadline`` bounds the whole call, retries included; ``retry``
    replaces the retry policy; ``extra_headers`` and ``extra_query`` are added to the
    request (a header given here wins over the client's).
    """

    timeout: Timeout | float
    deadline: float
    retry: RetryPolicy
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, Any]


#: The names of the per-call options every method takes.
OPTION_NAMES = frozenset(RequestOptions.__annotations__)


class ProgramOptions(RequestOptions, total=False):
    """The per-call options of a program-scoped operation (``{programId}`` in its path).

    ``program_id`` names the program of this call; left out (or ``None``), the call uses
    the client's ``program_id`` (``CONVERCUS_PROGRAM_ID``). Besides it, the options every
    method takes (:class:`RequestOptions`).
    """

    program_id: str | None


def call_options(given: Mapping[str, Any], session: Session | None = None) -> CallOptions:
    """Check per-call options (:class:`RequestOptions`) and make them :class:`CallOptions`."""
    unknown = given.keys() - OPTION_NAMES
    if unknown:
        raise ValidationError(
            f"unexpected argument(s) {', '.join(sorted(unknown))}; per-call options are "
            f"{', '.join(sorted(OPTION_NAMES))}",
            field=sorted(unknown)[0],
        )
    retry = given.get("retry")
    if retry is not None and not isinstance(retry, RetryPolicy):
        raise ValidationError(f"retry must be a RetryPolicy, got {retry!r}", field="retry")
    timeout = given.get("timeout")
    if timeout is not None and not isinstance(timeout, Timeout):
        seconds = _positive_seconds(timeout, "timeout")
        base = session.timeout if session is not None else Timeout()
        timeout = attrs.evolve(base, total=seconds)
    deadline = given.get("deadline")
    if deadline is not None:
        deadline = _positive_seconds(deadline, "deadline")
    headers = given.get("extra_headers")
    if headers is not None:
        headers = check_headers(headers, "extra_headers")
    query = given.get("extra_query")
    if query is not None and not isinstance(query, Mapping):
        raise ValidationError(f"extra_query must be a mapping, got {query!r}", field="extra_query")
    return CallOptions(
        retry=retry,
        timeout=timeout,
        deadline=deadline,
        headers=headers or None,
        query=query or None,
    )


def overlaid_options(
    options: CallOptions,
    session: Session,
    *,
    retry: RetryPolicy | None = None,
    timeout: Timeout | float | None = None,
    deadline: float | None = None,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, Any] | None = None,
) -> CallOptions:
    """``options`` with the settings of a ``with_options(...)`` laid over (``None``: kept)."""
    given = {
        "retry": retry,
        "timeout": timeout,
        "deadline": deadline,
        "extra_headers": headers,
        "extra_query": query,
    }
    return options.merge(call_options({k: v for k, v in given.items() if v is not None}, session))


def check_headers(headers: Any, field: str) -> dict[str, str]:
    """Header names and values that can be sent as given (no line breaks, token names)."""
    if not isinstance(headers, Mapping) or not all(
        isinstance(name, str) and isinstance(value, str) for name, value in headers.items()
    ):
        raise ValidationError(f"{field} must map header names to text values", field=field)
    problem = next(
        (p for p in (header_problem(n, v) for n, v in headers.items()) if p is not None), None
    )
    if problem is not None:
        raise ValidationError(f"{field}: {problem}", field=field)
    return dict(headers)


def _positive_seconds(value: Any, field: str) -> float:
    seconds = positive_seconds(value)
    if seconds is None:
        raise ValidationError(
            f"{field} must be a finite number of seconds above 0, got {value!r}", field=field
        )
    return seconds


class Service:
    """A group of typed methods over one platform's operation table.

    Subclasses set ``_table`` (and, for another wire casing, ``_converter``); their
    methods bound with :func:`~loyalty_async.operations.binder.operation` are compiled
    when the class is created, so a method that does not fit its operation fails at
    import.
    """

    #: The operation table this service's methods are bound to.
    _table: ClassVar[OperationTable | None] = None
    #: The converter results are read and request bodies written with.
    _converter: ClassVar[cattrs.Converter] = camel
    #: Operation name → attribute of the method bound to it, for this class only.
    bound_operations: ClassVar[dict[str, str]] = {}
    #: The first part of the names of the operations this service's declarations send
    #: (``"programs.tags"``: ``get`` sends ``programs.tags.get``); set with the class
    #: keyword ``prefix=``.
    operation_prefix: ClassVar[str | None] = None

    def __init_subclass__(cls, *, prefix: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        from loyalty_async.operations.binder import compile_service

        if prefix is not None:
            cls.operation_prefix = prefix
        compile_service(cls)

    def __init__(
        self,
        session: Session,
        *,
        operations: OperationTable | None = None,
        program_id: str | None = None,
    ) -> None:
        table = operations if operations is not None else type(self)._table
        if table is None:
            raise ConfigurationError(f"{type(self).__name__} needs an operation table")
        self._session = session
        self._operations = table
        # A plain dict: a bound method looks its operation up once per call, in C.
        self._ops = table.by_name
        self._options: CallOptions = NO_OPTIONS
        self._program_id = program_id
        self._capture: list[Response] | None = None
        # Operation name → the operation sent instead (twins of hand-written methods).
        self._aliases: dict[str, str] = {}

    @property
    def session(self) -> Session:
        """The session this service sends through."""
        return self._session

    def with_options(
        self,
        *,
        retry: RetryPolicy | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
    ) -> Self:
        """Return a copy of this service whose calls use these settings.

        For example ``client.accounts.with_options(deadline=1.5).get_balance(...)``, or
        ``headers={"interaction-id": "till-7"}`` to speak for another interaction point.
        The copy shares the session and its connection pool.
        """
        clone = copy.copy(self)
        clone._options = overlaid_options(
            self._options,
            self._session,
            retry=retry,
            timeout=timeout,
            deadline=deadline,
            headers=headers,
            query=query,
        )
        return clone

    def _child(self, cls: type[S]) -> S:
        """A service of another class that shares this one's session, table and settings."""
        child = cls(self._session, operations=self._operations, program_id=self._program_id)
        child._options = self._options
        child._capture = self._capture
        return child

    # ------------------------------------------------------------------ per call

    def _call_options(self, given: Mapping[str, Any]) -> CallOptions:
        """The options of this service with a call's own (:class:`RequestOptions`) on top."""
        return self._options.merge(call_options(given, self._session))

    def _program(self, program_id: Any) -> str:
        """The program id of a call: its own, else the client's ``program_id``."""
        if program_id is None:
            program_id = self._program_id
            if program_id is None:
                raise ConfigurationError(
                    "this operation is scoped to a program: pass program_id=..., or set "
                    "program_id on the client (or CONVERCUS_PROGRAM_ID)"
                )
            return str(program_id)
        if not isinstance(program_id, str) or not program_id.strip():
            raise ValidationError(
                f"program_id must be a non-empty string, got {program_id!r}", field="program_id"
            )
        return program_id

    def _json_body(self, name: str, body: Any, field: str = "body") -> Any:
        """Check the free-form JSON body of operation ``name``; return it as it goes out.

        Used for rows whose ``body`` is a ``TypedDict`` (fields known, the rest passed
        through); ``field`` names the argument it came from. By default any mapping is
        accepted; a platform's service adds its rules.
        """
        if not isinstance(body, Mapping):
            raise ValidationError(
                f"{field} of {name} must be a mapping, got {type(body).__name__}", field=field
            )
        return dict(body)

    def _account_ref(self, account: Any, id_type: Any) -> tuple[str, Mapping[str, str] | None]:
        """The path value of an account reference and the headers naming its type."""
        raise ConfigurationError(f"{type(self).__name__} has no account references")

    @classmethod
    def _refusal_context(cls) -> Callable[[], AbstractContextManager[None]] | None:
        """What re-raises this service's business refusals as typed errors (``None``: none)."""
        return None

    # ------------------------------------------------------------------ sending (by hand)

    def _operation_name(self, name: str) -> str:
        return self._aliases.get(name, name) if self._aliases else name

    def _operation(self, name: str) -> Operation:
        """The operation sent for ``name``: itself, or its stand-in in a twin."""
        return self._ops[self._operation_name(name)]

    def _routed(self, replaces: str, operation: str) -> Self:
        """A copy of this service that sends ``operation`` wherever it would send ``replaces``."""
        clone = copy.copy(self)
        clone._aliases = {**self._aliases, replaces: operation}
        return clone

    async def _send(
        self,
        name: str,
        *,
        path: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: Body | None = None,
        context: Mapping[str, Any] | None = None,
        resend_safe: bool | None = None,
        stream: bool = False,
        options: Mapping[str, Any] | None = None,
    ) -> Response:
        """Send the operation called ``name`` from a hand-written method."""
        call = Call(
            self._ops[self._operation_name(name)],
            path=path,
            query=params,
            json=json,
            content=content,
            headers=headers,
            options=self._call_options(options) if options else self._options,
            context=context,
            resend_safe=resend_safe,
            stream=stream,
        )
        refusals = self._refusal_context()
        if refusals is None:
            response = await self._session.send(call)
        else:
            with refusals():
                response = await self._session.send(call)
        if self._capture is not None:
            self._capture.append(response)
        return response

    # ------------------------------------------------------------------ reading (by hand)

    def _json(self, response: Response, model: Any = None) -> Any:
        """The decoded body; fractions kept exact when ``model`` holds money."""
        if model is not None and decodes_exactly(model):
            return decode_exact(response)
        return self._session.decode_json(response)

    def _structure(self, response: Response, model: type[T]) -> T:
        """Structure a JSON object body into ``model``."""
        return structure(self._json(response, model), model, response, self._converter)

    def _optional(self, response: Response, model: type[T]) -> T | None:
        """Structure a JSON object body into ``model``; ``None`` for an empty or non-object body."""
        data = self._json(response, model)
        if not isinstance(data, Mapping):
            return None
        return structure(data, model, response, self._converter)

    def _structure_list(self, response: Response, model: type[T]) -> list[T]:
        """Structure a bare JSON array body (an empty body counts as ``[]``)."""
        try:
            items = array_page(self._json(response, model)).items
        except DecodeError as exc:
            exc.response = response
            raise
        return [structure(item, model, response, self._converter) for item in items]

    @staticmethod
    def _location_id(response: Response) -> str:
        """The id of a created resource: the last segment of the ``Location`` header."""
        return location_id(response)

    def _created_id(self, response: Response, *keys: str) -> str:
        """The id of a created resource: from ``Location``, else from the body's ``keys``."""
        if response.headers.get("Location"):
            return location_id(response)
        found = _first_text(self._json(response), keys)
        if found is None:
            raise DecodeError(
                f"HTTP {response.status} created a resource but sent neither a Location "
                f"header nor any of {', '.join(keys)} in its body",
                response=response,
            )
        return found

    def _count(self, response: Response) -> int:
        """A count: a bare JSON number, or an object's ``count``/``total``/``amount``."""
        data = self._json(response)
        if isinstance(data, Mapping):
            data = next((data[k] for k in ("count", "total", "amount") if k in data), data)
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        raise DecodeError(
            f"expected a count from HTTP {response.status}, got {type(data).__name__}",
            response=response,
        )

    # ------------------------------------------------------------------ pages

    def _page_walk(
        self,
        name: str,
        item: ItemReader,
        page_size: Any,
        start_page: Any,
        *,
        path: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        options: Mapping[str, Any] | None = None,
        exact: bool = False,
        body: Any = None,
    ) -> Pager[Any]:
        """A :class:`Pager` over a Spring-paged list (``page``/``size``; array or Page body).

        A :attr:`Paging.CRUD` list is asked for ``page`` (from 1) and ``limit`` instead; the
        pager's cursor counts from 0 either way. Arguments are checked now; nothing is sent
        before the first iteration. ``exact``
        decodes fractions as ``Decimal`` (items that hold money). ``body`` (the row's
        request model, already unstructured) goes with every page. A platform that pages
        another way overrides this method; ``start_page`` is then whatever its walk starts
        from (the second of the paging arguments its rows take).
        """
        decode = decode_exact if exact else self._session.decode_json
        size, start = check_page(page_size, start_page)
        fixed = check_filters(params)
        per_call = self._call_options(options) if options else self._options
        operation = self._ops[self._operation_name(name)]
        refusals = self._refusal_context()
        crud = operation.paging is Paging.CRUD
        read_page = crud_page if crud else spring_page
        if crud and "limit" in fixed:
            raise ValidationError("filters may not set 'limit': the pager does", field="filters")

        async def fetch(page: int) -> Page[Any]:
            paging = {"page": page + 1, "limit": size} if crud else {"page": page, "size": size}
            call = Call(
                operation,
                path=path,
                query={**fixed, **paging},
                json=body,
                headers=headers,
                options=per_call,
            )
            if refusals is None:
                response = await self._session.send(call)
            else:
                with refusals():
                    response = await self._session.send(call)
            if self._capture is not None:
                self._capture.append(response)
            try:
                found = read_page(decode(response), page, size)
            except DecodeError as exc:
                exc.response = response
                raise
            return Page([item(entry, response) for entry in found.items], found.next)

        return Pager(fetch, start=start)

    def _pager(
        self,
        name: str,
        model: type[T],
        *,
        page_size: int,
        start_page: int = 0,
        path: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Pager[T]:
        """A :class:`Pager` of ``model`` items, for hand-written list methods."""
        converter = self._converter

        def item(entry: Any, response: Response) -> Any:
            return structure(entry, model, response, converter)

        return self._page_walk(
            name,
            item,
            page_size,
            start_page,
            path=path,
            headers=headers,
            params=params,
            exact=decodes_exactly(model),
        )


S = TypeVar("S", bound=Service)


class SubService(property, Generic[S]):
    """A service's sub-service (``client.coupons.assignments``), declared in one line.

    ``assignments = SubService(CouponAssignmentsService)`` in a service's class body gives
    each access a service of that class sharing the owner's session, table and settings
    (:meth:`Service._child`); type checkers see the sub-service's class.
    """

    def __init__(self, cls: type[S]) -> None:
        super().__init__(lambda owner: owner._child(cls), doc=cls.__doc__)
        #: The sub-service's class.
        self.service_class = cls

    @overload
    def __get__(self, instance: None, owner: type | None = None, /) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None, /) -> S: ...
    def __get__(self, instance: object, owner: type | None = None, /) -> Any:
        return super().__get__(instance, owner)


def structure(
    data: Any,
    model: type[T],
    response: Response | None = None,
    converter: cattrs.Converter = camel,
) -> T:
    """Structure decoded JSON into ``model``; a mismatch is a :class:`DecodeError`."""
    try:
        return converter.structure(data, model)
    except Exception as exc:  # cattrs raises several kinds; all mean "unexpected shape"
        raise DecodeError(
            f"the response does not fit {model.__name__}: {exc}", response=response
        ) from exc


def check_page(page_size: Any, start_page: Any) -> tuple[int, int]:
    """A page size in ``1..MAX_PAGE_SIZE`` and a 0-based start page."""
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size <= 0:
        raise ValidationError(
            f"page_size must be a whole number above zero, got {page_size!r}", field="page_size"
        )
    if page_size > MAX_PAGE_SIZE:
        raise ValidationError(
            f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}", field="page_size"
        )
    if (
        isinstance(start_page, bool)
        or not isinstance(start_page, int)
        or not 0 <= start_page <= MAX_PAGE_NUMBER
    ):
        raise ValidationError(
            f"start_page must be an int from 0 to {MAX_PAGE_NUMBER}, got {start_page!r}",
            field="start_page",
        )
    return page_size, start_page


def check_filters(filters: Any) -> dict[str, Any]:
    """Query filters passed as they are; ``page`` and ``size`` belong to the pager."""
    if filters is None:
        return {}
    if not isinstance(filters, Mapping) or not all(isinstance(k, str) and k for k in filters):
        raise ValidationError(
            f"filters must be a mapping of query names to values, got {filters!r}",
            field="filters",
        )
    reserved = {"page", "size"} & set(filters)
    if reserved:
        raise ValidationError(
            f"filters may not set {sorted(reserved)}: the pager does", field="filters"
        )
    return dict(filters)


def _first_text(data: Any, keys: tuple[str, ...]) -> str | None:
    if isinstance(data, Mapping):
        for key in keys:
            value = data.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                return str(value)
    return None
