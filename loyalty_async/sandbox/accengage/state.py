"""What an Accengage stand-in holds: users and their keys, tokens, and each app's data.

Everything lives in memory for the life of one stand-in. The rules the handlers enforce
(ids, the queue of static-list changes, token lifetime) are here, so the seed helpers and
the HTTP layer share them.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any, TypedDict

import attrs

from loyalty_async.accengage.errors import ErrorLabel
from loyalty_async.sandbox.faults import FaultInjector, Faults
from loyalty_async.sandbox.stats import SandboxStats

#: Accengage tokens live 24 hours.
TOKEN_LIFETIME = 24 * 3600.0
# Labels the reference does not show (their examples were lost); the stand-in's choice.
#: A body or query the stand-in refuses.
INVALID = "API_ERR_VALIDATION"
#: A resource or route that does not exist.
MISSING = "API_ERR_NOT_FOUND"
#: A static list id already taken.
DUPLICATE = "API_ERR_CONFLICT"
#: A rate limit (a fault injected on purpose; Accengage documents none).
RATE_LIMITED = "API_ERR_RATE_LIMIT"

#: Device fields a search, a target or a list entry may name (the app's "client id"s).
INDEXED_FIELDS = ("UDID", "deviceId", "token", "customerId")


class AccengageLogin(TypedDict):
    """The login arguments of :class:`~loyalty_async.accengage.AccengageClient`, for ``**``."""

    email: str
    api_key: str
    partner_id: str


@attrs.frozen
class AccengageCredentials:
    """The dashboard user and the apps the stand-in knows."""

    email: str = "sandbox@accengage.test"
    api_key: str = "sandbox-api-key"
    partner_id: str = "sandbox-app"
    #: Further apps of the same user (for multi-app sends).
    other_apps: tuple[str, ...] = ("sandbox-app-ios",)

    def __repr__(self) -> str:
        return (
            f"AccengageCredentials(email={self.email!r}, api_key='***', "
            f"partner_id={self.partner_id!r})"
        )

    @property
    def apps(self) -> tuple[str, ...]:
        """Every partner id the user manages."""
        return (self.partner_id, *self.other_apps)

    def client_kwargs(self) -> AccengageLogin:
        """Keyword arguments for :class:`~loyalty_async.accengage.AccengageClient`."""
        return {"email": self.email, "api_key": self.api_key, "partner_id": self.partner_id}


class ApiError(Exception):
    """An error answer: status and one or more ``{label, message}`` entries."""

    def __init__(self, status: int, *entries: tuple[str, str]) -> None:
        super().__init__(entries[0][1] if entries else str(status))
        self.status = status
        self.entries = entries


def bad_request(*messages: str, label: str = INVALID) -> ApiError:
    """400 with one entry per message (validation returns them all at once)."""
    return ApiError(400, *((label, message) for message in messages))


def not_found(message: str, label: str = MISSING) -> ApiError:
    """404 for a missing resource."""
    return ApiError(404, (label, message))


@attrs.define
class Pending:
    """A queued change of a static list: applied once its time has come."""

    at: float
    add: bool
    #: (UDID, ``expireAt``) of each device the change names.
    entries: list[tuple[str, str | None]]


@attrs.define
class StaticList:
    """A static list and the devices in it (UDID → ``expireAt``)."""

    id: int
    name: str
    external_id: str | None = None
    devices: dict[str, str | None] = attrs.Factory(dict)
    pending: list[Pending] = attrs.Factory(list)


@attrs.define
class App:
    """The data of one app (one partner id)."""

    partner_id: str
    campaigns: dict[int, dict[str, Any]] = attrs.Factory(dict)
    messages: dict[int, dict[str, Any]] = attrs.Factory(dict)
    #: Message ids that were sent (a second send is refused).
    sent: set[int] = attrs.Factory(set)
    schedules: dict[int, dict[str, Any]] = attrs.Factory(dict)
    exclusions: dict[int, list[dict[str, Any]]] = attrs.Factory(dict)
    devices: dict[str, dict[str, str]] = attrs.Factory(dict)
    lists: dict[int, StaticList] = attrs.Factory(dict)
    #: (campaign id, message id, UDID, date) of each device a send reached.
    targets: list[tuple[int | None, int, str, str]] = attrs.Factory(list)
    #: (campaign id, message id, UDID, action id, date) of each click.
    clicks: list[tuple[int | None, int, str, int | None, str]] = attrs.Factory(list)
    #: Sends per day.
    daily: dict[str, dict[str, int]] = attrs.Factory(dict)
    geofences: dict[int, dict[str, Any]] = attrs.Factory(dict)
    beacons: dict[int, dict[str, Any]] = attrs.Factory(dict)
    geogroups: dict[int, dict[str, Any]] = attrs.Factory(dict)
    inapps: dict[int, dict[str, Any]] = attrs.Factory(dict)
    alarms: dict[int, dict[str, Any]] = attrs.Factory(dict)
    inboxes: dict[int, dict[str, Any]] = attrs.Factory(dict)
    #: (inbox id, UDID) → the user's readDate/archivedDate.
    inbox_status: dict[tuple[int, str], dict[str, str]] = attrs.Factory(dict)
    _next_id: int = 100

    def new_id(self) -> int:
        """A fresh technical id (shared by every kind of resource, as numbers are cheap)."""
        self._next_id += 1
        return self._next_id

    def by_external(self, items: dict[int, dict[str, Any]], external_id: str) -> int:
        """The id of the item whose ``externalId`` is ``external_id``."""
        for item_id, item in items.items():
            if item.get("externalId") == external_id:
                return item_id
        raise ApiError(404, (ErrorLabel.DATA, f"nothing with external id {external_id!r}"))

    def find_devices(self, criteria: dict[str, Any]) -> Iterator[str]:
        """The UDIDs of the devices matching every criterion (``value`` or ``{"$op": value}``)."""
        for udid, device in self.devices.items():
            if all(_matches(device.get(field), test) for field, test in criteria.items()):
                yield udid


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "$eq": lambda a, b: a == b,
    "$ne": lambda a, b: a != b,
    "$lt": lambda a, b: a < b,
    "$lte": lambda a, b: a <= b,
    "$gt": lambda a, b: a > b,
    "$gte": lambda a, b: a >= b,
}


def _matches(value: Any, test: Any) -> bool:
    if isinstance(test, dict):
        if value is None:
            return False
        for operator, operand in test.items():
            check = _OPERATORS.get(operator)
            if check is None:
                raise bad_request(f"unknown operator {operator!r}")
            try:
                if not check(value, str(operand) if isinstance(value, str) else operand):
                    return False
            except TypeError:
                return False
        return True
    return bool(value == (str(test) if not isinstance(test, str) else test))


class AccengageState:
    """Users, tokens and apps of one stand-in run, with the clock and faults it runs by."""

    def __init__(
        self,
        *,
        credentials: AccengageCredentials,
        token_ttl: float = TOKEN_LIFETIME,
        page_size: int = 100,
        devices_page_rows: int = 10_000,
        queue_delay: float = 0.0,
        max_clock_skew: float = 600.0,
        links: str = "both",
        faults: Faults | None = None,
        clock: Callable[[], float] = time.time,
        stats: SandboxStats | None = None,
    ) -> None:
        if links not in ("both", "header", "body"):
            raise ValueError("links must be 'both', 'header' or 'body'")
        if page_size < 1 or devices_page_rows < 1:
            raise ValueError("page sizes must be at least 1")
        self.credentials = credentials
        self.token_ttl = token_ttl
        self.page_size = page_size
        self.devices_page_rows = devices_page_rows
        self.queue_delay = queue_delay
        self.max_clock_skew = max_clock_skew
        self.links = links
        self.faults = faults or Faults()
        self.injector = FaultInjector(self.faults)
        self.clock = clock
        self.stats = stats or SandboxStats()
        self.keys = {credentials.email: credentials.api_key}
        self.apps = {partner_id: App(partner_id) for partner_id in credentials.apps}
        #: token → (e-mail, expiry).
        self.tokens: dict[str, tuple[str, float]] = {}

    def issue_token(self, email: str) -> str:
        """A new access token for ``email``."""
        token = secrets.token_hex(16)
        self.tokens[token] = (email, self.clock() + self.token_ttl)
        self.stats.logins += 1
        return token

    def expire_tokens(self) -> None:
        """Make every token issued so far expired (the next call answers 401)."""
        self.tokens = {token: (email, 0.0) for token, (email, _) in self.tokens.items()}

    def today(self) -> str:
        """The stand-in's date (UTC), from its clock."""
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC).date().isoformat()

    def app(self, partner_id: str) -> App:
        """The app, or 403 when the user does not manage it."""
        app = self.apps.get(partner_id)
        if app is None:
            raise ApiError(403, (ErrorLabel.FORBIDDEN, f"no rights on app {partner_id!r}"))
        return app

    def settle(self, static_list: StaticList) -> None:
        """Apply the queued changes of ``static_list`` whose time has come."""
        now = self.clock()
        waiting: list[Pending] = []
        for change in static_list.pending:
            if change.at > now:
                waiting.append(change)
                continue
            for udid, expire_at in change.entries:
                if change.add:
                    static_list.devices[udid] = expire_at
                else:
                    static_list.devices.pop(udid, None)
        static_list.pending = waiting

    # ------------------------------------------------------------------ seeding

    def seed_devices(self, count: int, partner_id: str | None = None) -> list[str]:
        """Add ``count`` devices to an app (the default one); return their UDIDs."""
        app = self.app(partner_id or self.credentials.partner_id)
        today = dt.date.fromisoformat(self.today())
        made = []
        start = len(app.devices)
        for index in range(start, start + count):
            udid = f"{index:08X}-0000-4000-8000-{index:012X}"
            first = today - dt.timedelta(days=400 - index % 365)
            last = today - dt.timedelta(days=index % 30)
            app.devices[udid] = {
                "UDID": udid,
                "token": f"tok{index:06d}",
                "customerId": f"C-{index:06d}",
                "firstOpen": f"{first.isoformat()} 08:00:00",
                "lastOpen": f"{last.isoformat()} 20:15:00",
                "model": ("Pixel 8", "iPhone 15", "Galaxy S24")[index % 3],
                "language": ("en", "fr", "de")[index % 3],
            }
            made.append(udid)
        return made

    def seed_click(
        self,
        message_id: int,
        udid: str,
        *,
        action_id: int | None = None,
        partner_id: str | None = None,
    ) -> None:
        """Record that ``udid`` clicked ``message_id`` today."""
        app = self.app(partner_id or self.credentials.partner_id)
        message = app.messages.get(message_id)
        campaign = message.get("campaignId") if message else None
        app.clicks.append((campaign, message_id, udid, action_id, self.today()))
