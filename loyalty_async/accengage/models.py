"""The shapes Accengage bodies and answers are known to have, as ``TypedDict``.

Almost every model schema of the Accengage reference (Campaign, the Android, iOS and Web
messages, InApp, Alarm, InboxMessage and their nested trees) was lost when the reference
was exported; what survives is the field names its prose and examples mention. So each
``TypedDict`` below types those fields, is ``total=False``, and every method that takes
one also takes any ``Mapping``: fields not listed here are sent unchanged, and answers
keep every field the server sends. Dates go out in RFC 3339 (a ``datetime`` must carry
its time zone).
"""

from __future__ import annotations

from typing import Any, TypedDict

#: A JSON object as the API sends or takes it.
JSONObject = dict[str, Any]


class AccessToken(TypedDict):
    """The answer of ``POST /v1/access_token``."""

    token_type: str
    access_token: str


class Created(TypedDict, total=False):
    """What a create call answers: at least the new resource's technical ``id``."""

    id: int | str


class Campaign(TypedDict, total=False):
    """A campaign. The schema was lost; dates are RFC 3339. Other fields pass through."""

    id: int
    name: str
    startDate: str
    endDate: str


class Button(TypedDict, total=False):
    """A message button.

    ``action`` is one of ``browser``, ``email``, ``phone``, ``store``, ``sms``,
    ``urlscheme``, ``webview``, ``request`` or ``close`` (the default).
    """

    action: str


class Message(TypedDict, total=False):
    """An Android, iOS or Web push message. The schema was lost; known fields only.

    The list can be filtered on ``externalId`` and ``title`` (``%`` is a wildcard).
    """

    id: int
    externalId: str
    title: str
    text: str
    campaignId: int
    buttons: list[Button]


class Target(TypedDict, total=False):
    """Whom an instant message goes to: one device, named by an indexed field.

    Use the client id, ``token``, ``deviceId`` or any field indexed in the app's database
    scheme (``{"customerId": "C-1"}``; operators as ``{"age": {"$gte": 18}}``). ``data``
    holds the values of ``${…}`` placeholders for this device.
    """

    deviceId: str
    token: str
    data: dict[str, Any]


class InstantMessage(TypedDict, total=False):
    """An instant send of an existing message (``POST …/send``).

    Exactly one of ``parentMessageId`` and ``parentMessageExternalId``; one kind of
    target: ``targets`` (at most 100 devices), ``segments`` or ``lists``, never mixed.
    Any message field (``text``, ``title``, ``buttons``…) overrides the stored message.
    """

    parentMessageId: int
    parentMessageExternalId: str
    text: str
    title: str
    buttons: list[Button]
    targets: list[Target]
    segments: list[int]
    lists: list[int]


class MultiAppMessage(TypedDict, total=False):
    """An instant send on several apps.

    ``apps`` maps each partner id to its message (with its own ``parentMessageId`` or
    ``parentMessageExternalId``); ``targets`` (at most 100) are the same on every app.
    """

    apps: dict[str, InstantMessage]
    targets: list[Target]


class AppStatus(TypedDict, total=False):
    """One app's result in a multi-app instant send."""

    status: int
    errors: list[dict[str, str]]


class Schedule(TypedDict, total=False):
    """A message's schedule.

    ``nextSendingDate`` is RFC 3339; give the zone there, as the ``timezone`` field is
    only indicative.
    """

    nextSendingDate: str
    startDate: str
    endDate: str
    timezone: str


class ScheduleExclusion(TypedDict, total=False):
    """Days a schedule skips.

    ``type`` ``"DAYS"`` and ``days`` like ``"[1,3]"`` (1 = Monday … 7 = Sunday), between
    the schedule's ``startDate`` and ``endDate``.
    """

    type: str
    days: str
    startDate: str
    endDate: str


class Action(TypedDict, total=False):
    """A possible action of a message (a button or rich URL)."""

    id: int
    action: str


class Device(TypedDict, total=False):
    """A device found by an indexed field; ``UDID`` is always present, ``data`` varies by app."""

    UDID: str
    data: dict[str, Any]


class StaticList(TypedDict, total=False):
    """A static list.

    ``name``, an optional integer ``listId`` of your own, an ``externalId`` (needed to add
    devices from the mobile SDKs).
    """

    listId: int
    name: str
    externalId: str


class ListUser(TypedDict, total=False):
    """A device to add to or remove from a static list.

    Named by ``UDID`` or an indexed custom field (``{"customerId": "C-1"}``), with an
    optional ``expireAt`` of its own.
    """

    UDID: str
    expireAt: str


class ListUsers(TypedDict, total=False):
    """The body of a static list change: ``users`` and a default ``expireAt``."""

    users: list[ListUser]
    expireAt: str


class DeviceFields(TypedDict, total=False):
    """The fields of one device to change.

    Any field of the app's database scheme but ``id`` and ``UDID``, which cannot change.
    """


class DeviceUsers(TypedDict, total=False):
    """The body of a bulk device update.

    Up to 100 ``users``, each with its matching key (``UDID`` or an indexed field) and
    the fields to change.
    """

    users: list[dict[str, Any]]


class Status(TypedDict, total=False):
    """An in-app's or alarm's status: active or not.

    The Status schema was lost; ``isActive`` is the field the alarm model shows.
    """

    isActive: bool


class ListDevice(TypedDict, total=False):
    """A device in a static list; ``deviceId`` is its UDID."""

    deviceId: str
    expireAt: str


class Click(TypedDict, total=False):
    """A device's reaction to a campaign or message.

    ``actionId`` comes only when a button or rich URL was set; the ``data`` fields asked
    for are added.
    """

    deviceId: str
    actionId: int
    date: str


class Stat(TypedDict, total=False):
    """One day of statistics (days without data are left out)."""

    date: str


class Geofence(TypedDict, total=False):
    """A geofence; it cannot be created without its ``info`` object."""

    id: int
    info: dict[str, Any]


class Beacon(TypedDict, total=False):
    """A beacon; it cannot be created without its ``info`` object."""

    id: int
    info: dict[str, Any]


class Geogroup(TypedDict, total=False):
    """A group of geofences and beacons; ``externalId`` addresses it as ``ext:<externalId>``."""

    id: int
    name: str
    externalId: str


class InApp(TypedDict, total=False):
    """An in-app message (its model tree was lost: segments, triggers, templates…)."""

    id: int
    externalId: str
    name: str
    isActive: bool


class Alarm(TypedDict, total=False):
    """A scheduled alarm (messages, triggers, segments, settings; see the alarm example)."""

    id: int
    externalId: str
    name: str
    messages: list[dict[str, Any]]
    triggers: dict[str, Any]
    segments: dict[str, Any]
    settings: dict[str, Any]
    isActive: bool


class InboxMessage(TypedDict, total=False):
    """An inbox message (content and buttons; an already sent one cannot change)."""

    id: int
    externalId: str
    title: str


class InboxStatus(TypedDict, total=False):
    """When a user read or archived an inbox message (RFC 3339)."""

    readDate: str
    archivedDate: str
