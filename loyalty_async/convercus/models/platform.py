"""What the platform's services share: health checks and the operations they list.

Also the smaller services' shapes: push notifications, search, the user app's Keycloak
organizations and connector replies. No source documents these bodies; the fields below
are inferred from the operations' titles. Every model keeps the fields it does not
declare in ``extra``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypedDict

import attrs

from loyalty_async.convercus.models.common import named
from loyalty_async.convercus.validation import check_text
from loyalty_async.modeling import KEEP_UNKNOWN
from loyalty_async.operations.checks import field_check

#: Health statuses that mean "up" (Spring Boot says ``UP``, NestJS ``ok``).
UP_STATUSES = frozenset({"UP", "OK"})


@attrs.define
class ServiceHealth:
    """A service's health check: ``status`` (``UP``), and what else it reports in ``extra``."""

    status: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)

    @property
    def up(self) -> bool:
        """Whether the service says it is up."""
        return self.status is not None and self.status.upper() in UP_STATUSES


@attrs.define
class ServiceOperation:
    """One operation a service lists about itself (a name, and what it does)."""

    name: str | None = None
    description: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- push notifications


@attrs.define
class PushNotification:
    """A push notification sent to members' devices: its content, target and state."""

    id: str | None = None
    title: str | None = None
    body: str | None = None
    status: str | None = None
    target_id: str | None = None
    sent_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class PushTarget:
    """Who a push notification goes to (a segment, an audience, or listed devices)."""

    id: str | None = None
    name: str | None = None
    type: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class DeviceCount:
    """How many devices can receive push notifications."""

    count: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- search


@attrs.define
class SearchQuery:
    """A search over the program's domain objects (a member who forgot the card).

    ``query`` is the term: a code, an e-mail address, a name. ``domain`` narrows it to
    one kind of object (``"ACCOUNT"``); the query language beyond a plain term is not
    documented, so other fields go in ``extra`` as the service expects them.
    """

    #: Often member data (an e-mail address, a name, a card code): kept out of ``repr``.
    query: str = attrs.field(repr=False, validator=field_check(check_text))
    domain: str | None = attrs.field(default=None, validator=field_check(check_text, optional=True))
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


@attrs.define
class SearchHit:
    """One object a search found (an account: its ``id``, ``program`` and ``status``)."""

    id: str | None = None
    domain: str | None = None
    status: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


# ---------------------------------------------------------------------- user app, connectors


@attrs.define
class KeycloakOrganization:
    """An organization a user belongs to in the user app's Keycloak realm."""

    id: str | None = None
    name: str | None = None
    alias: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


class ConnectorMessage(TypedDict, total=False):
    """A message for a connector: its fields depend on the connector (sent as given)."""


class ConnectorSale(TypedDict, total=False):
    """A sale a POS connector reports; the connector's own fields are sent as given.

    The fields listed are the ones a sale is likely to carry; any ``Mapping`` is accepted.
    """

    externalId: str
    accountId: str
    amount: Decimal
    currencyCode: str
    transactionTime: str


@attrs.define
class ConnectorReply:
    """What a connector answered a message with (its fields depend on the connector)."""

    status: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, metadata=KEEP_UNKNOWN)


named(ServiceOperation)
