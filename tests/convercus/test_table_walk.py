"""The table walk: every operation has exactly one typed method, or a reason it has none.

A wrong operation name, a path parameter the signature does not fill or a result that
does not match fails when the service class is created (see test_binder.py); this walk
makes sure no operation is left without a method unless the coverage list says why.
"""

from __future__ import annotations

import collections
import functools
import inspect
from collections.abc import Iterator

from loyalty_async.convercus import OPERATIONS, ConvercusClient
from loyalty_async.convercus.coverage import CALL_ONLY, call_only_reason
from loyalty_async.convercus.services.base import ConvercusService
from loyalty_async.operations import Result


def _services() -> Iterator[type[ConvercusService]]:
    pending = list(ConvercusService.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("loyalty_async."):
            yield cls


def _bound() -> dict[str, list[str]]:
    methods: dict[str, list[str]] = collections.defaultdict(list)
    for cls in _services():
        for name, attr in cls.bound_operations.items():
            methods[name].append(f"{cls.__name__}.{attr}")
    return methods


def test_every_operation_has_exactly_one_typed_method_or_a_reason() -> None:
    bound = _bound()
    problems = []
    for op in OPERATIONS:
        methods = bound.get(op.name, [])
        reason = call_only_reason(op.name)
        if len(methods) > 1:
            problems.append(f"{op.name}: bound to {methods}")
        elif methods and reason:
            problems.append(f"{op.name}: typed by {methods[0]} but listed as call-only")
        elif not methods and not reason:
            problems.append(f"{op.name}: no typed method and no reason")
    assert problems == []
    assert set(bound) <= set(OPERATIONS.names())


def test_every_call_only_prefix_still_names_an_untyped_operation() -> None:
    for prefix in CALL_ONLY:
        assert any(name.startswith(prefix) for name in OPERATIONS.names()), prefix


def test_every_service_is_reachable_from_the_client() -> None:
    client = ConvercusClient(
        base_url="https://convercus.test", org="o", username="u", password="p", interaction_id="i"
    )
    reachable: set[type[ConvercusService]] = set()
    pending: list[object] = [client]
    while pending:
        owner = pending.pop()
        for name, member in inspect.getmembers(type(owner)):
            if isinstance(member, property | functools.cached_property):
                value = getattr(owner, name)
                if isinstance(value, ConvercusService) and type(value) not in reachable:
                    reachable.add(type(value))
                    pending.append(value)
    for cls in _services():
        if cls.bound_operations:
            assert cls in reachable, cls


def test_the_counts_of_typed_and_call_only_operations() -> None:
    typed = len(_bound())
    assert typed + sum(1 for op in OPERATIONS if call_only_reason(op.name)) == len(OPERATIONS)
    assert typed >= 170
    assert all(op.result is not Result.FILE or op.name.startswith("reports.") for op in OPERATIONS)
