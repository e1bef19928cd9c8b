"""Accengage's documented limits, checked before anything is sent.

Each check returns the value as it goes on the wire, or raises
:class:`~loyalty_async.errors.ValidationError` naming the field. The limits:

* at most :data:`MAX_TARGETS` targets per instant message, and one kind of target per
  message (device filters, segments or static lists, never mixed);
* at most :data:`MAX_BULK_USERS` users per bulk device update;
* dates in RFC 3339 (a ``datetime`` must carry its time zone);
* ids in the form each route takes (positive integers where the API answers 400 to
  anything else; ``ext:<externalId>`` for geogroups).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import orjson

import loyalty_async.codec as codec
from loyalty_async.errors import ValidationError

#: Most targets one instant message may name.
MAX_TARGETS = 100
#: Most users one bulk device update may change.
MAX_BULK_USERS = 100
#: Most rows one page of the devices export holds.
DEVICES_PAGE_ROWS = 10_000

#: The keys of an instant message that name whom it goes to; one kind per message.
TARGET_KINDS = ("targets", "segments", "lists")
#: What a button's ``action`` may be (the documentation spells ``urlscheme`` both ways).
BUTTON_ACTIONS = frozenset(
    {"browser", "email", "phone", "store", "sms", "urlscheme", "urlsheme", "webview",
     "request", "close"}
)  # fmt: skip
#: Device fields no update may change.
IMMUTABLE_DEVICE_FIELDS = frozenset({"id", "udid"})

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2})?")
_POSITIVE = re.compile(r"[1-9][0-9]*")


def _at(where: str, key: str) -> str:
    """The name of ``key`` inside ``where`` (a body built from arguments has no name)."""
    return f"{where}.{key}" if where else key


def check_text(value: Any, field: str) -> str:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{field} must be a non-empty string, got {value!r}", field=field)
    return value


def check_numeric_id(value: Any, field: str) -> str:
    """A positive integer id (Accengage answers 400 to any other campaign or message id)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(f"{field} must be a positive integer, got {value!r}", field=field)
    text = str(value)
    if not _POSITIVE.fullmatch(text):
        raise ValidationError(f"{field} must be a positive integer, got {value!r}", field=field)
    return text


def check_geogroup_ref(geogroup_id: Any = None, external_id: Any = None) -> str:
    """A geogroup in a path: its numeric id, or ``ext:<externalId>``."""
    if (geogroup_id is None) == (external_id is None):
        raise ValidationError(
            "give the geogroup's id or its external_id, not both", field="geogroup_id"
        )
    if external_id is not None:
        return "ext:" + check_text(external_id, "external_id")
    if isinstance(geogroup_id, str) and geogroup_id.startswith("ext:"):
        check_text(geogroup_id[4:], "geogroup_id")
        return geogroup_id
    return check_numeric_id(geogroup_id, "geogroup_id")


def check_page(page: Any) -> int:
    """A page number; pages start at 1."""
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise ValidationError(f"page must be an integer from 1, got {page!r}", field="page")
    return page


# ---------------------------------------------------------------------------- dates


def check_rfc3339(value: Any, field: str) -> str:
    """An RFC 3339 date-time (``2024-05-01T09:30:00+02:00``) or full date (``2024-05-01``).

    A ``datetime`` must be aware: without a time zone the instant is not defined.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(
                f"{field} must carry a time zone (RFC 3339), got a naive datetime", field=field
            )
        return str(value.isoformat())
    if isinstance(value, dt.date):
        return str(value.isoformat())
    if isinstance(value, str):
        if _RFC3339.fullmatch(value):
            normalised = value.replace("z", "Z").replace("Z", "+00:00").replace("t", "T")
            if _real_moment(normalised.replace(" ", "T")):
                return value
        elif _DATE.fullmatch(value) and _real_moment(value):
            return value
    raise ValidationError(
        f"{field} must be an RFC 3339 date or date-time (e.g. 2024-05-01T09:30:00+02:00), "
        f"got {value!r}",
        field=field,
    )


def check_query_date(value: Any, field: str, *, with_time: bool = True) -> str:
    """A date in a query: ``YYYY-MM-DD`` or, ``with_time``, ``YYYY-MM-DD hh:mm:ss``.

    A ``date`` or ``datetime`` is written in that form (an aware ``datetime`` in UTC).
    """
    if isinstance(value, dt.datetime):
        if not with_time:
            raise ValidationError(f"{field} takes a date (YYYY-MM-DD), not a datetime", field=field)
        moment: dt.datetime = value
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return str(value.isoformat())
    pattern = _DATE_TIME if with_time else _DATE
    if (
        isinstance(value, str)
        and pattern.fullmatch(value)
        and _real_moment(value.replace(" ", "T"))
    ):
        return value
    form = "YYYY-MM-DD or YYYY-MM-DD hh:mm:ss" if with_time else "YYYY-MM-DD"
    raise ValidationError(f"{field} must be a date ({form}), got {value!r}", field=field)


def _real_moment(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_date_key(key: str) -> bool:
    lowered = key.lower()
    return lowered.endswith("date") or lowered == "expireat"


def check_body_dates(body: Any, where: str = "body") -> Any:
    """A copy of a JSON body whose date fields are RFC 3339 text.

    A field is a date when its name ends in ``Date`` (``startDate``, ``nextSendingDate``,
    ``readDate``…) or is ``expireAt``; ``datetime`` and ``date`` values there are written
    as RFC 3339, strings must already be. Other fields pass through unchanged.
    """
    if isinstance(body, Mapping):
        checked: dict[str, Any] = {}
        for key, value in body.items():
            path = _at(where, key)
            if isinstance(key, str) and _is_date_key(key) and value is not None:
                checked[key] = check_rfc3339(value, path)
            else:
                checked[key] = check_body_dates(value, path)
        return checked
    if isinstance(body, list | tuple):
        return [check_body_dates(item, f"{where}[{index}]") for index, item in enumerate(body)]
    if isinstance(body, dt.datetime | dt.date):
        return check_rfc3339(body, where)
    return body


# ---------------------------------------------------------------------------- bodies


def check_body(body: Any, field: str) -> dict[str, Any]:
    """A JSON object body, its dates checked and its buttons' actions known."""
    if not isinstance(body, Mapping):
        raise ValidationError(
            f"{field} must be a JSON object (a mapping), got {type(body).__name__}", field=field
        )
    checked: dict[str, Any] = check_body_dates(body, field)
    _check_buttons(checked, field)
    try:
        codec.dumps(checked)
    except TypeError as exc:  # orjson's JSONEncodeError is a TypeError
        raise ValidationError(f"{field} cannot be sent as JSON: {exc}", field=field) from None
    return checked


def _check_buttons(body: Any, where: str) -> None:
    if isinstance(body, Mapping):
        for key, value in body.items():
            path = _at(where, key)
            if key == "buttons" and isinstance(value, list):
                for index, button in enumerate(value):
                    action = button.get("action") if isinstance(button, Mapping) else None
                    if action is not None and action not in BUTTON_ACTIONS:
                        raise ValidationError(
                            f"{path}[{index}].action must be one of "
                            f"{', '.join(sorted(BUTTON_ACTIONS))}; got {action!r}",
                            field=f"{path}[{index}].action",
                        )
            _check_buttons(value, path)
    elif isinstance(body, list):
        for index, item in enumerate(body):
            _check_buttons(item, f"{where}[{index}]")


def check_parent(message: Mapping[str, Any], field: str) -> None:
    """Exactly one of ``parentMessageId`` and ``parentMessageExternalId``."""
    given = [key for key in ("parentMessageId", "parentMessageExternalId") if message.get(key)]
    if len(given) != 1:
        raise ValidationError(
            f"{field} needs exactly one of parentMessageId and parentMessageExternalId "
            f"(got {', '.join(given) or 'neither'})",
            field=field,
        )


def check_targets(body: Mapping[str, Any], field: str, *, kinds: Sequence[str]) -> None:
    """One kind of target among ``kinds``, with 1 to :data:`MAX_TARGETS` entries."""
    present = [kind for kind in kinds if body.get(kind) not in (None, [], ())]
    if not present:
        raise ValidationError(
            f"{field} needs someone to send to: one of {', '.join(kinds)}", field=field
        )
    if len(present) > 1:
        raise ValidationError(
            f"{field} mixes target kinds ({', '.join(present)}); Accengage refuses segments, "
            "lists and device filters in the same instant message",
            field=field,
        )
    kind = present[0]
    entries = body[kind]
    if isinstance(entries, str | bytes | Mapping) or not isinstance(entries, Iterable):
        raise ValidationError(f"{_at(field, kind)} must be a list", field=_at(field, f"{kind}"))
    entries = list(entries)
    if len(entries) > MAX_TARGETS:
        raise ValidationError(
            f"{_at(field, kind)} has {len(entries)} entries; at most {MAX_TARGETS} per instant "
            "message (split it into several sends)",
            field=_at(field, f"{kind}"),
        )
    if kind == "targets":
        for index, target in enumerate(entries):
            if not isinstance(target, Mapping) or not target:
                raise ValidationError(
                    f"{_at(field, f'targets[{index}]')} must be a non-empty object naming the "
                    "device (client id, token, deviceId or an indexed field)",
                    field=_at(field, f"targets[{index}]"),
                )
            data = target.get("data")
            if data is not None and not isinstance(data, Mapping):
                raise ValidationError(
                    f"{_at(field, f'targets[{index}].data')} must be an object",
                    field=_at(field, f"targets[{index}].data"),
                )


def check_instant_message(message: Any, field: str = "message") -> dict[str, Any]:
    """An instant message for one app (see :class:`~loyalty_async.accengage.InstantMessage`)."""
    body = check_body(message, field)
    check_parent(body, field)
    check_targets(body, field, kinds=TARGET_KINDS)
    return body


def check_multi_app_message(message: Any, field: str = "message") -> dict[str, Any]:
    """A multi-app instant message: ``apps`` keyed by partner id, one ``targets`` list."""
    body = check_body(message, field)
    apps = body.get("apps")
    if not isinstance(apps, Mapping) or not apps:
        raise ValidationError("apps must map partner ids to their message", field="apps")
    for partner_id, app in apps.items():
        where = f"apps[{partner_id!r}]"
        check_text(partner_id, "apps key")
        if not isinstance(app, Mapping):
            raise ValidationError(f"{where} must be a message object", field=where)
        check_parent(app, where)
        kinds = [kind for kind in TARGET_KINDS if app.get(kind)]
        if kinds:
            raise ValidationError(
                f"{where} names {kinds[0]}; a multi-app send has one targets list for all apps",
                field=where,
            )
    check_targets(body, field, kinds=("targets",))
    return body


def check_users(users: Any, field: str, *, limit: int | None) -> list[dict[str, Any]]:
    """A non-empty list of user objects (at most ``limit``)."""
    if isinstance(users, str | bytes | Mapping) or not isinstance(users, Iterable):
        raise ValidationError(f"{field} must be a list of objects", field=field)
    listed = list(users)
    if not listed:
        raise ValidationError(f"{field} must name at least one user", field=field)
    if limit is not None and len(listed) > limit:
        raise ValidationError(
            f"{field} has {len(listed)} users; Accengage takes at most {limit} per call "
            "(split it into several calls)",
            field=field,
        )
    checked = []
    for index, user in enumerate(listed):
        if not isinstance(user, Mapping) or not user:
            raise ValidationError(
                f"{field}[{index}] must be a non-empty object", field=f"{field}[{index}]"
            )
        checked.append(check_body(user, f"{field}[{index}]"))
    return checked


def check_device_fields(fields: Any, field: str = "fields") -> dict[str, Any]:
    """The fields of one device update; ``id`` and ``UDID`` cannot change."""
    body = check_body(fields, field)
    fixed = [key for key in body if str(key).lower() in IMMUTABLE_DEVICE_FIELDS]
    if fixed:
        raise ValidationError(
            f"a device's {', '.join(fixed)} cannot be updated", field=_at(field, f"{fixed[0]}")
        )
    return body


def check_exclusion_days(days: Any) -> str:
    """Week days (1 = Monday … 7 = Sunday) as Accengage takes them: text like ``"[1,3]"``."""
    values: Any = days
    if isinstance(days, str):
        try:
            values = orjson.loads(days)
        except orjson.JSONDecodeError:
            values = None
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise ValidationError(
            f"days must be week day numbers 1 (Monday) to 7 (Sunday), got {days!r}", field="days"
        )
    numbers: list[int] = []
    for value in values:
        number = int(value) if isinstance(value, str) and value.isdigit() else value
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 7:
            raise ValidationError(
                f"days must be week day numbers 1 (Monday) to 7 (Sunday), got {value!r}",
                field="days",
            )
        if number not in numbers:
            numbers.append(number)
    if not numbers:
        raise ValidationError("days must name at least one week day", field="days")
    return "[" + ",".join(str(number) for number in numbers) + "]"


def check_list_users(body: Any, field: str = "body") -> dict[str, Any]:
    """A static list change: ``users`` (by UDID or an indexed field) and ``expireAt``."""
    checked = check_body(body, field)
    checked["users"] = check_users(checked.get("users"), "users", limit=None)
    return checked


def check_device_users(body: Any, field: str = "body") -> dict[str, Any]:
    """A bulk device update: 1 to :data:`MAX_BULK_USERS` users."""
    checked = check_body(body, field)
    checked["users"] = check_users(checked.get("users"), "users", limit=MAX_BULK_USERS)
    return checked


def check_static_list(body: Any, field: str = "static_list") -> dict[str, Any]:
    """A new static list: a ``name``, an integer ``listId`` if given, a text ``externalId``."""
    checked = check_body(body, field)
    check_text(checked.get("name"), _at(field, "name"))
    list_id = checked.get("listId")
    if list_id is not None and (isinstance(list_id, bool) or not isinstance(list_id, int)):
        raise ValidationError(
            f"{_at(field, 'listId')} must be an integer, got {list_id!r}",
            field=_at(field, "listId"),
        )
    if checked.get("externalId") is not None:
        check_text(checked["externalId"], _at(field, "externalId"))
    return checked


def check_exclusion(body: Any, field: str = "exclusion") -> dict[str, Any]:
    """A schedule exclusion; ``days`` given as numbers becomes the text Accengage takes."""
    checked = check_body(body, field)
    if "days" in checked:
        checked["days"] = check_exclusion_days(checked["days"])
    return checked


def check_status(body: Any, field: str = "body") -> dict[str, Any]:
    """An in-app's or alarm's status: ``isActive`` true or false."""
    checked = check_body(body, field)
    if not isinstance(checked.get("isActive"), bool):
        raise ValidationError("is_active must be True or False", field="is_active")
    return checked


def check_inbox_status(body: Any, field: str = "body") -> dict[str, Any]:
    """An inbox message's status for a user: ``readDate`` and/or ``archivedDate``."""
    checked = check_body(body, field)
    if not checked.get("readDate") and not checked.get("archivedDate"):
        raise ValidationError("give read_date or archived_date", field="read_date")
    return checked


#: The checks of bodies that have rules beyond JSON, dates and button actions.
BODY_CHECKS: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "instant.send": check_instant_message,
    "instant.send_multi_app": check_multi_app_message,
    "devices.update": check_device_fields,
    "devices.update_many": check_device_users,
    "lists.create": check_static_list,
    "lists.add_users": check_list_users,
    "lists.remove_users": check_list_users,
    "schedules.create_exclusion": check_exclusion,
    "inapps.set_status": check_status,
    "inapps.set_status_external": check_status,
    "alarms.set_status": check_status,
    "alarms.set_status_external": check_status,
    "inboxes.set_status": check_inbox_status,
    "inboxes.set_status_external": check_inbox_status,
}


def field_selection(fields: Any) -> list[tuple[str, str]]:
    """``fields[1]=UDID&fields[2]=IDFA``: the columns of the devices export, numbered from 1."""
    if fields is None:
        return []
    if isinstance(fields, str | bytes) or not isinstance(fields, Iterable):
        raise ValidationError("fields must be a list of field names", field="fields")
    names = [check_text(name, "fields[]") for name in fields]
    return [(f"fields[{index}]", name) for index, name in enumerate(names, start=1)]


def data_selection(data: Any) -> list[str]:
    """Device fields to add to clicks or targets (sent as ``data[]=clientId&data[]=…``)."""
    if data is None:
        return []
    if isinstance(data, str | bytes) or not isinstance(data, Iterable):
        raise ValidationError("data must be a list of device field names", field="data")
    return [check_text(name, "data[]") for name in data]
