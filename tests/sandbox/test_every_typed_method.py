"""Every declared operation, called once through its public typed method, against the sandbox.

The same records and the same order as ``test_every_operation.py`` (which calls each
operation through ``client.call``), but each call goes through the method a user calls
(``client.newsfeed.posts.create(NewPost(...))``, ``client.mounting.devices.list()``, …),
with typed arguments: the plan's ids, request models built from the plan's body (or a
sample where the generic body does not make a valid model), and the client's program.
The test fails if the sandbox answers 501 (or any 5xx) or the SDK cannot read its answer
into the declared result.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import itertools
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from loyalty_async import ConvercusClient
from loyalty_async.convercus import (
    ActionConfigUpdate,
    AudienceDefinition,
    ContentRequest,
    CustomPropertyDomain,
    DeviceUpdate,
    ImageFile,
    ImageRequest,
    InteractionPointType,
    InteractionPointUpdate,
    MountingImageUpdate,
    MountingPartnerUpdate,
    MountingProfileUpdate,
    MountingProgramUpdate,
    MountingStoreUpdate,
    MountingUpdate,
    NewActionConfig,
    NewAiProgram,
    NewAnalyticsIntegration,
    NewBlacklistEntry,
    NewCatalogGroup,
    NewCatalogItem,
    NewCatalogSubgroup,
    NewCustomPropertyDefinition,
    NewDevice,
    NewEndpoint,
    NewInteractionPoint,
    NewMounting,
    NewMountingImage,
    NewMountingPartner,
    NewMountingProfile,
    NewMountingProgram,
    NewMountingStore,
    NewPartner,
    NewPost,
    NewPrompt,
    NewPromptAssignment,
    NewPromptVersion,
    NewResource,
    NewsfeedMessage,
    NewStatusLevel,
    NewStatusLevelSet,
    NewStore,
    NewTag,
    NewTargetAudience,
    PostUpdate,
    StatusLevelSetStatus,
    TargetAudienceUpdate,
    TransactionRequest,
    TransactionType,
)
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.convercus.services.base import ConvercusService
from loyalty_async.errors import APIError, DecodeError, PaginationError
from loyalty_async.exports import ExportRows
from loyalty_async.modeling import camel, to_camel
from loyalty_async.operations import Fill, Operation, Result
from loyalty_async.operations.derive import carried_options
from loyalty_async.paging import Pager
from loyalty_async.sandbox import Sandbox

from .test_every_operation import DEFAULT_BODY, PROGRAM, Plan, World, _order

RECEIPTS = itertools.count(1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
LATER = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)

#: Request models whose generic plan body (``{"name": "sandbox"}``) is not a valid value:
#: a sample is sent instead (a callable makes a fresh one per call).
SAMPLES: dict[type, Callable[[World], Any]] = {
    NewBlacklistEntry: lambda w: NewBlacklistEntry(value="4006381333931", type="ARTICLE"),
    NewCustomPropertyDefinition: lambda w: NewCustomPropertyDefinition(
        name="favouriteStore", domain=CustomPropertyDomain.USER
    ),
    NewEndpoint: lambda w: NewEndpoint(name="ERP", url="https://erp.example.com/hooks/convercus"),
    NewResource: lambda w: NewResource(name="terms.pdf", url="https://cdn.example.com/terms.pdf"),
    NewTag: lambda w: NewTag(name="summer", domain="COUPON"),
    NewStatusLevelSet: lambda w: NewStatusLevelSet(
        name="Standard",
        status=StatusLevelSetStatus.ACTIVE,
        levels=[NewStatusLevel(name="Gold", rank=1, needed_state_points=1000)],
    ),
    NewCatalogGroup: lambda w: NewCatalogGroup(name="Beverages", external_id="WG-10"),
    NewCatalogSubgroup: lambda w: NewCatalogSubgroup(name="Coffee"),
    NewCatalogItem: lambda w: NewCatalogItem(name="Espresso 1 kg", price=Decimal("18.99")),
    NewPartner: lambda w: NewPartner(name="Kaffeehaus Nord", country_code="DE"),
    NewStore: lambda w: NewStore(
        name="Altona", latitude=Decimal("53.55"), longitude=Decimal("9.93")
    ),
    NewInteractionPoint: lambda w: NewInteractionPoint(
        name="Till 7", type=InteractionPointType.POS
    ),
    InteractionPointUpdate: lambda w: InteractionPointUpdate(name="Till 7 (front)"),
    TransactionRequest: lambda w: TransactionRequest(
        transaction_type=TransactionType.EARNTRANSACTION,
        amount=Decimal("9.99"),
        currency_code="EUR",
        external_id=f"TYPED-{next(RECEIPTS)}",
    ),
    # Engagement
    NewPost: lambda w: NewPost(
        title="Double points", target_audience_ids=[w.ids["targetAudienceId"]]
    ),
    PostUpdate: lambda w: PostUpdate(title="Triple points"),
    NewTargetAudience: lambda w: NewTargetAudience(name="Gold", account_ids=[w.ids["accountId"]]),
    TargetAudienceUpdate: lambda w: TargetAudienceUpdate(description="Gold members"),
    AudienceDefinition: lambda w: AudienceDefinition(account_ids=[w.ids["accountId"]]),
    NewsfeedMessage: lambda w: NewsfeedMessage(account_id=w.ids["accountId"], title="Hi"),
    NewActionConfig: lambda w: NewActionConfig(name="CRM", url="https://crm.example.com/hook"),
    ActionConfigUpdate: lambda w: ActionConfigUpdate(active=False),
    NewAnalyticsIntegration: lambda w: NewAnalyticsIntegration(alias="bi-eu"),
    ContentRequest: lambda w: ContentRequest(topic="double points"),
    ImageRequest: lambda w: ImageRequest(prompt="a steaming cup"),
    NewPrompt: lambda w: NewPrompt(name="Teaser", text="Write about {topic}."),
    NewPromptVersion: lambda w: NewPromptVersion(text="Be brief."),
    NewPromptAssignment: lambda w: NewPromptAssignment(
        prompt_id=w.ids["promptId"], service="newsfeed", use_case="post-text"
    ),
    NewAiProgram: lambda w: NewAiProgram(name="Kaffee Treue"),
    NewDevice: lambda w: NewDevice(name="Kiosk 1"),
    DeviceUpdate: lambda w: DeviceUpdate(name="Kiosk 2"),
    NewMounting: lambda w: NewMounting(device_id=w.group_ids["mounting.devices"]),
    MountingUpdate: lambda w: MountingUpdate(unmounted_at=LATER),
    NewMountingProfile: lambda w: NewMountingProfile(name="Checkout"),
    MountingProfileUpdate: lambda w: MountingProfileUpdate(name="Checkout 2"),
    NewMountingPartner: lambda w: NewMountingPartner(name="Kaffeehaus Nord"),
    MountingPartnerUpdate: lambda w: MountingPartnerUpdate(name="Kaffeehaus Süd"),
    NewMountingProgram: lambda w: NewMountingProgram(name="Kaffee Treue"),
    MountingProgramUpdate: lambda w: MountingProgramUpdate(name="Kaffee Treue 2"),
    NewMountingStore: lambda w: NewMountingStore(name="Altona"),
    MountingStoreUpdate: lambda w: MountingStoreUpdate(city="Hamburg"),
    NewMountingImage: lambda w: NewMountingImage(name="welcome.png"),
    MountingImageUpdate: lambda w: MountingImageUpdate(name="hello.png"),
}

#: Arguments of hand-written methods that neither the plan nor a model gives.
ARGUMENTS: dict[str, Callable[[World, Plan], dict[str, Any]]] = {
    "coupons.assignments.assign": lambda w, p: {"account": p.json["accountId"]},
    "coupons.batches.assign_accounts": lambda w, p: {"accounts": p.json["accountIds"]},
    "coupons.batches.assign_accounts_2": lambda w, p: {"accounts": p.json["accountIds"]},
    "coupons.batches.assign_accounts_deprecated": lambda w, p: {"accounts": p.json["accountIds"]},
    "coupons.count_accounts": lambda w, p: {"coupon_ids": p.json},
    "users.update_password": lambda w, p: {"new_password": p.json["password"]},
    "coupons.images.upload": lambda w, p: {"image": PNG, "filename": "a.png"},
    "coupons.images.upload_deprecated": lambda w, p: {"image": PNG, "filename": "a.png"},
    "mounting.images.upload": lambda w, p: {"image": PNG, "filename": "a.png"},
    "mounting.images.upload_bulk": lambda w, p: {
        "files": [ImageFile("a.png", PNG), ImageFile("b.png", PNG)]
    },
    "ai.programs.get_prompt_assignment": lambda w, p: {"service": "newsfeed", "use_case": "x"},
    "ai.programs.resolve_prompt": lambda w, p: {"service": "newsfeed", "use_case": "x"},
    "newsfeed.posts.schedule": lambda w, p: {"publish_at": LATER},
    "newsfeed.posts.schedule_deletion": lambda w, p: {"delete_at": LATER},
}


def _typed_methods(client: ConvercusClient) -> dict[str, Any]:
    """Every typed method reachable from ``client``, by the operation it sends."""
    methods: dict[str, Any] = {}
    pending: list[object] = [client]
    seen: set[type] = set()
    while pending:
        owner = pending.pop()
        for name, member in inspect.getmembers(type(owner)):
            if isinstance(member, property | functools.cached_property):
                value = getattr(owner, name)
                if isinstance(value, ConvercusService) and type(value) not in seen:
                    seen.add(type(value))
                    pending.append(value)
        if isinstance(owner, ConvercusService):
            for operation, attr in type(owner).bound_operations.items():
                methods[operation] = getattr(owner, attr)
    return methods


def _hints(method: Any) -> dict[str, Any]:
    declared = getattr(method, "__wrapped__", method)
    return typing.get_type_hints(declared)


def _value(world: World, name: str, annotation: Any, plan: Plan) -> Any:
    """An argument's value: a sample of its model, or the plan's body (or its field)."""
    body = plan.json
    key = to_camel(name)
    source = body[key] if isinstance(body, Mapping) and key in body else body
    wanted = _one(annotation)
    if typing.get_origin(wanted) in (list, Sequence, Iterable):
        (item,) = typing.get_args(wanted)
        if item in SAMPLES:  # a bulk create
            return [SAMPLES[item](world), SAMPLES[item](world)]
        return [_build(item, entry) for entry in source] if attrs.has(item) else source
    if isinstance(wanted, type) and attrs.has(wanted):
        if wanted in SAMPLES:
            return SAMPLES[wanted](world)
        # The whole body is the model (a field of the same name holds something else).
        return _build(wanted, source if isinstance(source, Mapping) else body or {})
    if source is not body or "Mapping" in str(annotation):  # a field, or a free-form object
        return source
    raise LookupError(f"no value for {name} ({annotation})")


def _one(annotation: Any) -> Any:
    """``X`` for ``X | None``, ``X | UnsetType`` and the like (the first member of a union)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return next(
            arg
            for arg in typing.get_args(annotation)
            if arg is not type(None) and typing.get_origin(arg) is not typing.Literal
        )
    return annotation


def _build(model: type, body: Mapping[str, Any]) -> Any:
    """``model`` made from a camelCase body: declared fields by name, the rest in ``extra``."""
    hints = typing.get_type_hints(model)
    fields = attrs.fields_dict(model)
    values: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for key, value in body.items():
        name = _snake(key)
        if name not in fields or name == "extra":
            rest[key] = value
            continue
        try:  # nested models (custom properties, opt-ins) are built too
            values[name] = camel.structure(value, hints[name])
        except Exception:  # a union cattrs cannot build: the value is taken as it is
            values[name] = value
    if rest and "extra" in fields:
        values["extra"] = rest
    return model(**values)


def _typed_call(world: World, method: Any, operation: Operation, plan: Plan) -> Any:
    """Call ``method`` with the plan's ids and typed values for its other arguments."""
    by_arg: dict[str, Any] = {}
    for param, value in plan.path.items():
        spec = operation.param(param)
        if spec.fill is Fill.PROGRAM:
            # The client's program, unless the plan addresses another one (the AI service's).
            if value != PROGRAM:
                by_arg["program_id"] = value
        else:
            by_arg[str(spec.arg)] = value
    if plan.params:
        by_arg.update({_snake(k): v for k, v in plan.params.items()})
    given = ARGUMENTS.get(operation.name, lambda w, p: {})(world, plan)
    hints = _hints(method)
    kwargs: dict[str, Any] = {}
    for parameter in inspect.signature(method).parameters.values():
        name = parameter.name
        if parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL):
            continue
        if name in given:
            kwargs[name] = given[name]
        elif name in by_arg:
            kwargs[name] = by_arg[name]
        elif parameter.default is inspect.Parameter.empty or _sets(plan, name):
            kwargs[name] = _value(world, name, hints.get(name), plan)
    # Arguments passed among the per-call options (``program_id``).
    kwargs.update((name, by_arg[name]) for name in carried_options(method) if name in by_arg)
    return method(**kwargs)


def _sets(plan: Plan, name: str) -> bool:
    body = plan.json
    return isinstance(body, Mapping) and body is not DEFAULT_BODY and to_camel(name) in body


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


async def _outcome(call: Any) -> Any:
    if isinstance(call, Pager):
        return await call.collect()
    if isinstance(call, ExportRows):
        async with call as rows:
            return [row async for row in rows]
    return await call


async def test_every_operation_answers_its_typed_method(
    sandbox: Sandbox, client: ConvercusClient
) -> None:
    world = World(sandbox)
    # The program comes from the client, as an application sets it.
    methods = _typed_methods(client.with_options(program_id=PROGRAM))
    assert set(methods) == set(OPERATIONS.names())
    failures: list[str] = []
    results: dict[str, Any] = {}
    for operation in sorted(OPERATIONS, key=_order):
        plan = world.plan(operation)
        try:
            call = _typed_call(world, methods[operation.name], operation, plan)
            results[operation.name] = await _outcome(call)
        except (APIError, DecodeError, PaginationError, LookupError) as error:
            failures.append(f"{operation.name}: {type(error).__name__}: {error}")

    assert failures == [], "\n".join(failures)
    assert len(results) == len(OPERATIONS) == 428
    statuses = Counter(sandbox.stats.statuses)
    assert 501 not in statuses and not any(status >= 500 for status in statuses)
    # What came back was read into the declared result.
    for name, result in results.items():
        operation = OPERATIONS[name]
        model = operation.model
        if operation.result in (Result.LOCATION, Result.TEXT):
            assert isinstance(result, str) and result, name
        elif operation.result is Result.NONE:
            assert result is None, name
        elif operation.paging is not None:  # reports page raw rows (dicts)
            assert all(isinstance(item, model or dict) for item in result), name
        elif typing.get_origin(model) is list:
            item = typing.get_args(model)[0]
            assert all(isinstance(entry, item) for entry in result), name
        elif isinstance(model, type) and attrs.has(model):
            assert result is None or isinstance(result, model), name
    _check_the_records(world, results)


def _check_the_records(world: World, results: dict[str, Any]) -> None:
    """The seeded records came back in the answers, typed."""
    assert results["partners.get"].partner_id == world.ids["partnerId"]
    assert results["stores.get"].store_id == world.ids["storeId"]
    till = results["interaction_points.get_for_store"]
    assert till.interaction_point_id == world.ids["interactionPointId"]
    assert world.ids["storeId"] in [s.store_id for s in results["stores.list_for_program"]]
    assert results["product_catalog.items.get"].item_id == world.ids["itemId"]
    updated = results["interaction_points.update"]
    assert updated is not None and updated.name == "Till 7 (front)"
    post = world.ids["postId"]
    assert post in [item.news_feed_item_id for item in results["newsfeed.list"]]
    assert results["newsfeed.posts.get"].title == "Hello"
    assert results["newsfeed.audiences.get"].account_ids == [world.ids["accountId"]]
    assert results["newsfeed.posts.publish"].status == "PUBLISHED"
    assert results["webhooks.action_configs.pause"].status == "PAUSED"
    assert results["mounting.devices.get"].id == world.group_ids["mounting.devices"]
    assert [d.name for d in results["mounting.devices.create_many"]] == ["Kiosk 1", "Kiosk 1"]
    assert results["ai.newsfeed.get_job_status"].done
    assert results["push_notifications.count_devices"].count is not None
    assert results["tracking.health"].up
