"""Webhooks: action configs, their actions and history, events, the analytics integration.

An action config says what to call on which events; the actions are the calls it made,
the history their attempts; domain types are where events come from.

No source documents these bodies. The operation titles ("Retrieve a single ActionConfig",
"Create multiple …") are the ones a generic CRUD framework generates, so the models read
its usual shapes (an ``id`` per record); the fields beyond it are inferred. Every model
keeps the fields it does not declare in ``extra``, both ways. Request models check their
values as they are built. Headers and signing secrets sent to a webhook's URL are kept
out of ``repr``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs

from loyalty_async.convercus.enums import WebhookMethod
from loyalty_async.convercus.models.common import (
    Changes,
    Draft,
    change_check,
    member_check,
    named,
)
from loyalty_async.convercus.validation import check_bool, check_count, check_text, check_url
from loyalty_async.errors import ValidationError
from loyalty_async.modeling import KEEP_UNKNOWN, UNSET, ClearType, UnsetType
from loyalty_async.operations.checks import field_check
from loyalty_async.operations.service import check_headers

_TEXT = field_check(check_text)
_OPTIONAL_TEXT = field_check(check_text, optional=True)
_OPTIONAL_BOOL = field_check(check_bool, optional=True)
_check_method = member_check(WebhookMethod)


def check_names(value: Any, field: str) -> list[str]:
    """A non-empty list of distinct non-empty names (event types, domain types)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError(f"{field} must be a list of names, got {value!r}", field=field)
    names = [check_text(name, f"{field}[{i}]") for i, name in enumerate(value)]
    if not names or len(set(names)) != len(names):
        raise ValidationError(f"{field} must name at least one, each once", field=field)
    return names


_OPTIONAL_NAMES = field_check(check_names, optional=True)


# ---------------------------------------------------------------------- action configs


@attrs.define
class ActionConfig:
    """What to call (``url``, ``http_method``) when events of a domain type occur."""

    id: str | None = None
    name: str | None = None
    domain_type: str | None = None
    event_types: list[str] | None = None
    url: str | None = None
    http_method: WebhookMethod | None = None
    headers: dict[str, str] | None = attrs.field(default=None, repr=False)
    max_retries: int | None = None
    active: bool | None = None
    status: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewActionConfig(Draft):
    """An action config to create or store whole (``PUT``).

    ``name`` and ``url`` (absolute ``http(s)``) are required; ``event_types`` lists
    distinct names; ``http_method`` is a :class:`WebhookMethod`; ``max_retries`` is zero
    or more; ``headers`` are sent to the URL with each call (kept out of ``repr``).
    """

    _server_fields: ClassVar[tuple[str, ...]] = ("id", "status", "created_at", "updated_at")

    name: str = attrs.field(validator=_TEXT)
    url: str = attrs.field(validator=field_check(check_url))
    domain_type: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    event_types: list[str] | None = attrs.field(default=None, validator=_OPTIONAL_NAMES)
    http_method: WebhookMethod | str | None = attrs.field(
        default=None, validator=field_check(_check_method, optional=True)
    )
    headers: dict[str, str] | None = attrs.field(
        default=None, repr=False, validator=field_check(check_headers, optional=True)
    )
    max_retries: int | None = attrs.field(
        default=None, validator=field_check(check_count, optional=True)
    )
    active: bool | None = attrs.field(
        default=None, validator=field_check(check_bool, optional=True)
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class ActionConfigUpdate(Changes):
    """A partial update of an action config (``PATCH``); ``name`` and ``url`` stay set."""

    name: str | UnsetType = attrs.field(default=UNSET, validator=change_check(check_text))
    url: str | UnsetType = attrs.field(default=UNSET, validator=change_check(check_url))
    domain_type: str | UnsetType = attrs.field(default=UNSET, validator=change_check(check_text))
    event_types: list[str] | UnsetType = attrs.field(
        default=UNSET, validator=change_check(check_names)
    )
    http_method: WebhookMethod | str | UnsetType = attrs.field(
        default=UNSET, validator=change_check(_check_method)
    )
    headers: dict[str, str] | UnsetType | ClearType = attrs.field(
        default=UNSET, repr=False, validator=change_check(check_headers, clearable=True)
    )
    max_retries: int | UnsetType | ClearType = attrs.field(
        default=UNSET, validator=change_check(check_count, clearable=True)
    )
    active: bool | UnsetType = attrs.field(default=UNSET, validator=change_check(check_bool))
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- what happened


@attrs.define
class WebhookAction:
    """One call an action config made (or will retry) for one event."""

    id: str | None = None
    action_config_id: str | None = None
    event_id: str | None = None
    status: str | None = None
    attempts: int | None = None
    response_status: int | None = None
    last_error: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class WebhookHistory:
    """A record of one attempt: what was sent where, and what came back."""

    id: str | None = None
    action_id: str | None = None
    action_config_id: str | None = None
    status: str | None = None
    response_status: int | None = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class WebhookEvent:
    """An event the platform raised (an account created, a transaction rated, …)."""

    id: str | None = None
    domain_type: str | None = None
    event_type: str | None = None
    payload: Any = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class DomainType:
    """A kind of object events come from (``ACCOUNT``, ``MEMBERSHIP``, …) and its events."""

    name: str | None = None
    event_types: list[str] | None = None
    description: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- analytics integration


@attrs.define
class AnalyticsIntegration:
    """The Convercus analytics integration of an ``alias``: which events it streams."""

    alias: str | None = None
    domain_types: list[str] | None = None
    active: bool | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class NewAnalyticsIntegration(Draft):
    """The analytics integration to create, or to store whole under its alias (``PUT``).

    ``alias`` names it (its id); ``domain_types`` lists the event sources it streams.
    """

    alias: str = attrs.field(validator=_TEXT)
    domain_types: list[str] | None = attrs.field(default=None, validator=_OPTIONAL_NAMES)
    active: bool | None = attrs.field(
        default=None, validator=field_check(check_bool, optional=True)
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


named(DomainType)
