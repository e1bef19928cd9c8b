"""The twelve loyalty operations of the Mews stand-in, one handler each.

A handler reads the whole body first and refuses it before changing anything, so a batch
is written entirely or not at all. The rules are the documented ones (limits, required
fields, update wrappers, 3-month intervals, pages newest first) plus two business rules
Mews states: a program that still has active memberships cannot be deleted (403), and a
membership's tier must be a tier of its own program.

Assumptions where the documentation is silent: ``ActivityStates`` left out means
``Active`` only; any well-formed ``AccountId`` is accepted (the stand-in keeps no guest
profiles).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from loyalty_async.mews.enums import (
    ActivityState,
    LoyaltyMembershipState,
    LoyaltyProgramSubscription,
    LoyaltyProgramType,
)
from loyalty_async.mews.validation import (
    MEMBERSHIP_NUMBER_MAX,
    PROGRAM_CODE_MAX,
    PROGRAM_NAME_MAX,
    PROVIDER_MEMBERSHIP_ID_MAX,
    TIER_CODE_MAX,
    TIER_NAME_MAX,
    format_utc,
)
from loyalty_async.modeling import CLEAR, UNSET
from loyalty_async.sandbox.mews import wire
from loyalty_async.sandbox.mews.state import Kind, MewsState, Record
from loyalty_async.sandbox.mews.wire import Body, business, invalid
from loyalty_async.sandbox.stats import SandboxStats

Handler = Callable[["Context", Body], dict[str, Any]]

#: Handlers by operation name (the names of :data:`loyalty_async.mews.OPERATIONS`).
HANDLERS: dict[str, Handler] = {}


@attrs.frozen
class Context:
    """One request: the data, the stats, and the chains its ``AccessToken`` may reach."""

    state: MewsState
    stats: SandboxStats
    chains: tuple[str, ...]

    def write_chain(self, body: Body) -> str:
        """The chain a write goes to: ``ChainId`` with a portfolio token, else the token's."""
        if len(self.chains) == 1:
            return self.chains[0]  # ignored for a single-property token
        chain = wire.required(body, "ChainId", wire.guid)
        if chain not in self.chains:
            raise invalid("ChainId")
        return str(chain)

    def read_chains(self, body: Body) -> tuple[str, ...]:
        """The chains a ``getAll`` reads: ``ChainIds``, or all the token reaches."""
        chains = wire.array(body, "ChainIds", wire.guid)
        if chains is None:
            return self.chains
        if any(chain not in self.chains for chain in chains):
            raise invalid("ChainIds")
        return tuple(chains)


def handles(name: str) -> Callable[[Handler], Handler]:
    """Register a handler for the operation ``name``."""

    def register(handler: Handler) -> Handler:
        HANDLERS[name] = handler
        return handler

    return register


# ---------------------------------------------------------------------- reading


@attrs.frozen
class Filter:
    """An array filter of a ``getAll``: ``key`` in the body matches ``field`` of a record."""

    key: str
    field: str
    read: Callable[[Any, str], Any] = wire.guid

    def accepts(self, body: Body) -> Callable[[Record], bool] | None:
        """The test of a record this filter makes of ``body`` (``None``: not asked for)."""
        wanted = wire.array(body, self.key, self.read)
        if wanted is None:
            return None
        allowed = {getattr(v, "value", v) for v in wanted}
        if self.field == "Id":
            return lambda record: record.id in allowed
        return lambda record: record.fields.get(self.field) in allowed


def _activity(value: Any, name: str) -> ActivityState:
    return wire.member(value, ActivityState, name)


def _state(value: Any, name: str) -> LoyaltyMembershipState:
    return wire.member(value, LoyaltyMembershipState, name)


def _get_all(
    context: Context,
    body: Body,
    kind: Kind,
    filters: Iterable[Filter],
    intervals: Iterable[str] = ("CreatedUtc", "UpdatedUtc"),
) -> dict[str, Any]:
    cursor, count = wire.limitation(body)
    chains = set(context.read_chains(body))
    tests = [test for f in filters if (test := f.accepts(body)) is not None]
    states = set(wire.array(body, "ActivityStates", _activity) or [ActivityState.ACTIVE])
    created = wire.interval(body, "CreatedUtc") if "CreatedUtc" in intervals else None
    updated = wire.interval(body, "UpdatedUtc") if "UpdatedUtc" in intervals else None
    floor = None
    if cursor is not None:
        anchor = kind.get(cursor, chains)
        if anchor is None:
            raise invalid("Cursor")
        floor = anchor.seq

    def wanted(record: Record) -> bool:
        return (
            record.chain_id in chains
            and record.activity_state in states
            and (floor is None or record.seq < floor)
            and (created is None or created.start_utc <= record.created_utc <= created.end_utc)
            and (updated is None or updated.start_utc <= record.updated_utc <= updated.end_utc)
            and all(test(record) for test in tests)
        )

    page: list[Record] = []
    for record in sorted(kind, key=lambda r: r.seq, reverse=True):
        if wanted(record):
            page.append(record)
            if len(page) == count:
                break
    return {
        kind.name: [kind.answer(record) for record in page],
        "Cursor": page[-1].id if page else None,
    }


# ---------------------------------------------------------------------- writing


def _items(body: Body, key: str) -> list[Body]:
    items = wire.array(body, key, wire.obj, required=True)
    assert items is not None  # required
    return items


def _active(
    context: Context, kind: Kind, record_id: str, name: str, chains: Iterable[str]
) -> Record:
    record = kind.get(record_id, chains)
    if record is None or not record.active:
        raise invalid(name)
    return record


def _changes(
    item: Body, readers: Mapping[str, tuple[Callable[[Any, str], Any], bool]]
) -> dict[str, Any]:
    """The fields an update item sets (``None`` for a cleared one)."""
    changes: dict[str, Any] = {}
    for key, (read, nullable) in readers.items():
        value = wire.update_value(item, key, read, nullable=nullable)
        if value is CLEAR:
            changes[key] = None
        elif value is not UNSET:
            changes[key] = value
    return changes


def _written(context: Context, kind: Kind, records: list[Record]) -> dict[str, Any]:
    context.stats.writes[kind.name] += len(records)
    return {kind.name: [kind.answer(record) for record in records]}


# ---------------------------------------------------------------------- programs


def _program_fields(item: Body) -> dict[str, Any]:
    return {
        "Name": wire.required(item, "Name", lambda v, n: wire.text(v, n, PROGRAM_NAME_MAX)),
        "Code": wire.required(item, "Code", lambda v, n: wire.text(v, n, PROGRAM_CODE_MAX)),
        "Type": wire.required(item, "Type", _program_type).value,
        "Subscription": wire.required(item, "Subscription", _subscription).value,
    }


def _program_type(value: Any, name: str) -> LoyaltyProgramType:
    return wire.member(value, LoyaltyProgramType, name)


def _subscription(value: Any, name: str) -> LoyaltyProgramSubscription:
    return wire.member(value, LoyaltyProgramSubscription, name)


@handles("loyalty_programs.get_all")
def _get_programs(context: Context, body: Body) -> dict[str, Any]:
    filters = (Filter("LoyaltyProgramIds", "Id"), Filter("Codes", "Code", wire.text))
    return _get_all(context, body, context.state.programs, filters)


@handles("loyalty_programs.add")
def _add_programs(context: Context, body: Body) -> dict[str, Any]:
    chain = context.write_chain(body)
    fields = [_program_fields(item) for item in _items(body, "LoyaltyPrograms")]
    state = context.state
    return _written(
        context, state.programs, [state.insert(state.programs, chain, f) for f in fields]
    )


_PROGRAM_UPDATES = {
    "Name": (lambda v, n: wire.text(v, n, PROGRAM_NAME_MAX), False),
    "Type": (lambda v, n: _program_type(v, n).value, False),
    "Subscription": (lambda v, n: _subscription(v, n).value, False),
}


@handles("loyalty_programs.update")
def _update_programs(context: Context, body: Body) -> dict[str, Any]:
    chain = context.write_chain(body)
    state = context.state
    planned = []
    for item in _items(body, "LoyaltyProgramUpdates"):
        program_id = wire.required(item, "LoyaltyProgramId", wire.guid)
        record = _active(context, state.programs, program_id, "LoyaltyProgramId", [chain])
        planned.append((record, _changes(item, _PROGRAM_UPDATES)))
    for record, changes in planned:
        state.change(record, changes)
    return _written(context, state.programs, [record for record, _ in planned])


@handles("loyalty_programs.delete")
def _delete_programs(context: Context, body: Body) -> dict[str, Any]:
    state = context.state
    ids = wire.array(body, "LoyaltyProgramIds", wire.guid, required=True) or []
    records = [
        _active(context, state.programs, i, "LoyaltyProgramIds", context.chains) for i in ids
    ]
    for record in records:
        if state.active_memberships_of(record):
            raise business(
                f"The loyalty program '{record.fields['Name']}' still has active memberships. "
                "Delete them first."
            )
    for record in records:
        state.delete(record)
    context.stats.writes[state.programs.name] += len(records)
    return {}


# ---------------------------------------------------------------------- tiers


def _tier_of_program(context: Context, tier_id: str | None, program_id: str, chain: str) -> None:
    if tier_id is None:
        return
    tier = _active(context, context.state.tiers, tier_id, "LoyaltyTierId", [chain])
    if tier.fields["LoyaltyProgramId"] != program_id:
        raise invalid("LoyaltyTierId", "The tier belongs to another loyalty program.")


@handles("loyalty_tiers.get_all")
def _get_tiers(context: Context, body: Body) -> dict[str, Any]:
    wire.array(body, "LoyaltyProgramIds", wire.guid, required=True)
    filters = (Filter("LoyaltyProgramIds", "LoyaltyProgramId"), Filter("LoyaltyTierIds", "Id"))
    return _get_all(context, body, context.state.tiers, filters, intervals=("UpdatedUtc",))


@handles("loyalty_tiers.add")
def _add_tiers(context: Context, body: Body) -> dict[str, Any]:
    chain = context.write_chain(body)
    state = context.state
    planned = []
    for item in _items(body, "LoyaltyTiers"):
        program_id = wire.required(item, "LoyaltyProgramId", wire.guid)
        _active(context, state.programs, program_id, "LoyaltyProgramId", [chain])
        planned.append(
            {
                "LoyaltyProgramId": program_id,
                "Name": wire.required(item, "Name", lambda v, n: wire.text(v, n, TIER_NAME_MAX)),
                "Code": wire.required(item, "Code", lambda v, n: wire.text(v, n, TIER_CODE_MAX)),
                "Ordering": wire.required(item, "Ordering", wire.whole),
            }
        )
    return _written(context, state.tiers, [state.insert(state.tiers, chain, f) for f in planned])


_TIER_UPDATES = {
    "Name": (lambda v, n: wire.text(v, n, TIER_NAME_MAX), False),
    "Code": (lambda v, n: wire.text(v, n, TIER_CODE_MAX), False),
    "Ordering": (wire.whole, False),
}


@handles("loyalty_tiers.update")
def _update_tiers(context: Context, body: Body) -> dict[str, Any]:
    state = context.state
    planned = []
    for item in _items(body, "LoyaltyTierUpdates"):
        tier_id = wire.required(item, "LoyaltyTierId", wire.guid)
        record = _active(context, state.tiers, tier_id, "LoyaltyTierId", context.chains)
        planned.append((record, _changes(item, _TIER_UPDATES)))
    for record, changes in planned:
        state.change(record, changes)
    return _written(context, state.tiers, [record for record, _ in planned])


@handles("loyalty_tiers.delete")
def _delete_tiers(context: Context, body: Body) -> dict[str, Any]:
    state = context.state
    ids = wire.array(body, "LoyaltyTierIds", wire.guid, required=True) or []
    records = [_active(context, state.tiers, i, "LoyaltyTierIds", context.chains) for i in ids]
    for record in records:
        state.delete(record)
    context.stats.writes[state.tiers.name] += len(records)
    return {}


# ---------------------------------------------------------------------- memberships


def _number(value: Any, name: str) -> str:
    return wire.text(value, name, MEMBERSHIP_NUMBER_MAX)


def _expiration(value: Any, name: str) -> str:
    return format_utc(wire.moment(value, name))


@handles("loyalty_memberships.get_all")
def _get_memberships(context: Context, body: Body) -> dict[str, Any]:
    filters = (
        Filter("LoyaltyMembershipIds", "Id"),
        Filter("AccountIds", "AccountId"),
        Filter("LoyaltyProgramIds", "LoyaltyProgramId"),
        Filter("MembershipStates", "State", _state),
        Filter("MembershipNumbers", "MembershipNumber", wire.text),
        Filter("ProviderMembershipIds", "ProviderMembershipId", wire.text),
        Filter("Codes", "Code", wire.text),  # deprecated by Mews
    )
    return _get_all(context, body, context.state.memberships, filters)


def _membership_fields(context: Context, item: Body, chain: str) -> dict[str, Any]:
    program_id = wire.required(item, "LoyaltyProgramId", wire.guid)
    _active(context, context.state.programs, program_id, "LoyaltyProgramId", [chain])
    tier_id = wire.optional(item, "LoyaltyTierId", wire.guid)
    _tier_of_program(context, tier_id, program_id, chain)
    state = wire.optional(item, "State", _state)
    return {
        "AccountId": wire.required(item, "AccountId", wire.guid),
        "LoyaltyProgramId": program_id,
        "State": (state or LoyaltyMembershipState.ENROLLED).value,
        "IsPrimary": wire.required(item, "IsPrimary", wire.boolean),
        "ProviderMembershipId": None,
        "MembershipNumber": wire.optional(item, "MembershipNumber", _number),
        "Points": wire.optional(item, "Points", wire.whole),
        "ExpirationDate": wire.optional(item, "ExpirationDate", _expiration),
        "Url": wire.optional(item, "Url", wire.text),
        "LoyaltyTierId": tier_id,
        "Code": wire.optional(item, "Code", wire.text),
        "CreatorProfile": None,
        "UpdaterProfile": None,
    }


def _with_cursor(answer: dict[str, Any], key: str) -> dict[str, Any]:
    items = answer[key]
    return {**answer, "Cursor": items[-1]["Id"] if items else None}


@handles("loyalty_memberships.add")
def _add_memberships(context: Context, body: Body) -> dict[str, Any]:
    chain = context.write_chain(body)
    state = context.state
    kind = state.memberships
    planned = [
        _membership_fields(context, item, chain) for item in _items(body, "LoyaltyMemberships")
    ]
    answer = _written(context, kind, [state.insert(kind, chain, f) for f in planned])
    return _with_cursor(answer, kind.name)


_MEMBERSHIP_UPDATES = {
    "LoyaltyProgramId": (wire.guid, False),
    "State": (lambda v, n: _state(v, n).value, False),
    "IsPrimary": (wire.boolean, False),
    "MembershipNumber": (_number, True),
    "ProviderMembershipId": (lambda v, n: wire.text(v, n, PROVIDER_MEMBERSHIP_ID_MAX), True),
    "Points": (wire.whole, True),
    "ExpirationDate": (_expiration, True),
    "Url": (wire.text, True),
    "LoyaltyTierId": (wire.guid, True),
}


@handles("loyalty_memberships.update")
def _update_memberships(context: Context, body: Body) -> dict[str, Any]:
    chain = context.write_chain(body)
    state = context.state
    planned = []
    for item in _items(body, "LoyaltyMembershipUpdates"):
        membership_id = wire.required(item, "LoyaltyMembershipId", wire.guid)
        record = _active(context, state.memberships, membership_id, "LoyaltyMembershipId", [chain])
        changes = _changes(item, _MEMBERSHIP_UPDATES)
        program_id = changes.get("LoyaltyProgramId", record.fields["LoyaltyProgramId"])
        if "LoyaltyProgramId" in changes:
            _active(context, state.programs, program_id, "LoyaltyProgramId", [chain])
        tier_id = changes.get("LoyaltyTierId", record.fields.get("LoyaltyTierId"))
        _tier_of_program(context, tier_id, program_id, chain)
        planned.append((record, changes))
    for record, changes in planned:
        state.change(record, changes)
    answer = _written(context, state.memberships, [record for record, _ in planned])
    return _with_cursor(answer, state.memberships.name)


@handles("loyalty_memberships.delete")
def _delete_memberships(context: Context, body: Body) -> dict[str, Any]:
    chain = context.write_chain(body)
    state = context.state
    ids = wire.array(body, "LoyaltyMembershipIds", wire.guid, required=True) or []
    records = [_active(context, state.memberships, i, "LoyaltyMembershipIds", [chain]) for i in ids]
    for record in records:
        state.delete(record)
    context.stats.writes[state.memberships.name] += len(records)
    return {}
