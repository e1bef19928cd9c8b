"""Campaigns, messages, schedules, sends, clicks, targets and statistics of the stand-in."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from aiohttp import web

from loyalty_async.accengage.errors import ErrorLabel
from loyalty_async.accengage.validation import (
    BUTTON_ACTIONS,
    MAX_TARGETS,
    TARGET_KINDS,
    check_exclusion_days,
    check_query_date,
    check_rfc3339,
)
from loyalty_async.errors import ValidationError
from loyalty_async.sandbox.accengage.http import Req, handles, ok, paged
from loyalty_async.sandbox.accengage.state import (
    INDEXED_FIELDS,
    INVALID,
    ApiError,
    App,
    bad_request,
    not_found,
)

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


def date_errors(body: Any, where: str = "body") -> list[str]:
    """Every date field of ``body`` that is not RFC 3339 (all of them, not just the first)."""
    found: list[str] = []
    if isinstance(body, dict):
        for key, value in body.items():
            if isinstance(key, str) and (key.lower().endswith("date") or key == "expireAt"):
                if value is not None:
                    try:
                        check_rfc3339(value, f"{where}.{key}")
                    except ValidationError as exc:
                        found.append(str(exc))
            else:
                found.extend(date_errors(value, f"{where}.{key}"))
    elif isinstance(body, list):
        for index, item in enumerate(body):
            found.extend(date_errors(item, f"{where}[{index}]"))
    return found


def checked_body(req: Req) -> dict[str, Any]:
    """The JSON object body, refused with every date problem at once."""
    body = req.object()
    problems = date_errors(body)
    if problems:
        raise bad_request(*problems)
    return body


def _created(items: dict[int, dict[str, Any]], app: App, body: dict[str, Any]) -> web.Response:
    item_id = app.new_id()
    items[item_id] = {**body, "id": item_id}
    return ok({"id": item_id})


def _existing(items: dict[int, dict[str, Any]], item_id: int, what: str) -> dict[str, Any]:
    item = items.get(item_id)
    if item is None:
        raise not_found(f"{what} {item_id} not found")
    return item


# ---------------------------------------------------------------------- campaigns


@handles("campaigns.list")
async def _campaigns_list(req: Req) -> web.StreamResponse:
    return paged(req, [req.my.campaigns[k] for k in sorted(req.my.campaigns)], "campaigns")


@handles("campaigns.create")
async def _campaigns_create(req: Req) -> web.StreamResponse:
    return _created(req.my.campaigns, req.my, checked_body(req))


@handles("campaigns.get")
async def _campaigns_get(req: Req) -> web.StreamResponse:
    return ok(_existing(req.my.campaigns, req.path_id("campaign_id"), "campaign"))


@handles("campaigns.update")
async def _campaigns_update(req: Req) -> web.StreamResponse:
    campaign_id = req.path_id("campaign_id")
    campaign = _existing(req.my.campaigns, campaign_id, "campaign")
    campaign.update({**checked_body(req), "id": campaign_id})
    return ok(campaign)


@handles("campaigns.delete")
async def _campaigns_delete(req: Req) -> web.StreamResponse:
    campaign_id = req.path_id("campaign_id")
    _existing(req.my.campaigns, campaign_id, "campaign")
    del req.my.campaigns[campaign_id]
    return ok()


# ---------------------------------------------------------------------- messages


def _check_message(req: Req, body: dict[str, Any]) -> None:
    campaign = body.get("campaignId")
    if campaign is not None and campaign not in req.my.campaigns:
        raise bad_request(f"unknown campaign {campaign}")
    problems = []
    for index, button in enumerate(body.get("buttons") or []):
        action = button.get("action", "close") if isinstance(button, dict) else None
        if action not in BUTTON_ACTIONS:
            problems.append(f"buttons[{index}].action {action!r} is not a known action")
    if problems:
        raise bad_request(*problems)


@handles("messages.list")
async def _messages_list(req: Req) -> web.StreamResponse:
    wanted = {key: req.query[key] for key in ("externalId", "title") if key in req.query}
    patterns = {
        key: re.compile(".*".join(re.escape(part) for part in value.split("%")), re.S)
        for key, value in wanted.items()
    }
    messages = [
        req.my.messages[k]
        for k in sorted(req.my.messages)
        if all(p.fullmatch(str(req.my.messages[k].get(key, ""))) for key, p in patterns.items())
    ]
    return paged(req, messages, "messages")


@handles("messages.create")
async def _messages_create(req: Req) -> web.StreamResponse:
    body = checked_body(req)
    _check_message(req, body)
    return _created(req.my.messages, req.my, body)


@handles("messages.get")
async def _messages_get(req: Req) -> web.StreamResponse:
    return ok(_existing(req.my.messages, req.path_id("message_id"), "message"))


@handles("messages.update")
async def _messages_update(req: Req) -> web.StreamResponse:
    message_id = req.path_id("message_id")
    message = _existing(req.my.messages, message_id, "message")
    body = checked_body(req)
    _check_message(req, body)
    message.update({**body, "id": message_id})
    return ok(message)


@handles("messages.delete")
async def _messages_delete(req: Req) -> web.StreamResponse:
    message_id = req.path_id("message_id")
    _existing(req.my.messages, message_id, "message")
    del req.my.messages[message_id]
    return ok()


@handles("messages.actions")
async def _messages_actions(req: Req) -> web.StreamResponse:
    message = _existing(req.my.messages, req.path_id("message_id"), "message")
    actions = [
        {"id": index, "action": button.get("action", "close"), "label": button.get("title", "")}
        for index, button in enumerate(message.get("buttons") or [], start=1)
        if isinstance(button, dict)
    ]
    return paged(req, actions, "actions")


def _record_send(app: App, message_id: int, udids: list[str], today: str) -> None:
    campaign = app.messages[message_id].get("campaignId")
    app.targets.extend((campaign, message_id, udid, today) for udid in udids)
    day = app.daily.setdefault(today, {"sent": 0, "sends": 0})
    day["sent"] += len(udids)
    day["sends"] += 1


@handles("messages.send")
async def _messages_send(req: Req) -> web.StreamResponse:
    message_id = req.path_id("message_id")
    _existing(req.my.messages, message_id, "message")
    if req.query.get("test") == "true":
        return ok({"test": True})
    if message_id in req.my.sent:
        raise ApiError(400, (ErrorLabel.MESSAGE_SENT, "the message has already been sent"))
    req.my.sent.add(message_id)
    _record_send(req.my, message_id, list(req.my.devices), req.state.today())
    return ok()


# ---------------------------------------------------------------------- schedules


def _schedule_message(req: Req) -> int:
    message_id = req.path_id("message_id")
    _existing(req.my.messages, message_id, "message")
    return message_id


def _check_schedule(req: Req, body: dict[str, Any]) -> None:
    moment = body.get("nextSendingDate")
    if moment is None:
        raise bad_request("nextSendingDate is required")
    when = dt.datetime.fromisoformat(str(moment).replace("Z", "+00:00").replace("z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    if when.timestamp() <= req.state.clock():
        raise ApiError(400, (INVALID, "next sending date is outdated"))


@handles("schedules.create")
async def _schedules_create(req: Req) -> web.StreamResponse:
    message_id = _schedule_message(req)
    if message_id in req.my.schedules:
        raise ApiError(403, (ErrorLabel.FORBIDDEN, "a schedule already exists for this message"))
    body = checked_body(req)
    _check_schedule(req, body)
    req.my.schedules[message_id] = body
    return ok(body)


@handles("schedules.get")
async def _schedules_get(req: Req) -> web.StreamResponse:
    message_id = _schedule_message(req)
    return ok(_existing(req.my.schedules, message_id, "schedule of message"))


@handles("schedules.update")
async def _schedules_update(req: Req) -> web.StreamResponse:
    message_id = _schedule_message(req)
    schedule = _existing(req.my.schedules, message_id, "schedule of message")
    body = checked_body(req)
    _check_schedule(req, {**schedule, **body})
    schedule.update(body)
    return ok(schedule)


@handles("schedules.delete")
async def _schedules_delete(req: Req) -> web.StreamResponse:
    message_id = _schedule_message(req)
    _existing(req.my.schedules, message_id, "schedule of message")
    del req.my.schedules[message_id]
    req.my.exclusions.pop(message_id, None)
    return ok()


@handles("schedules.create_exclusion")
async def _exclusions_create(req: Req) -> web.StreamResponse:
    message_id = _schedule_message(req)
    _existing(req.my.schedules, message_id, "schedule of message")
    body = checked_body(req)
    kind = body.get("type", "DAYS")
    current = req.my.exclusions.setdefault(message_id, [])
    if any(existing.get("type") == kind for existing in current):
        raise bad_request(f'schedule exclusion type "{kind}" already exists')
    if kind == "DAYS":
        try:
            body["days"] = check_exclusion_days(body.get("days"))
        except ValidationError as exc:
            raise bad_request(str(exc)) from None
    current.append({**body, "type": kind})
    return ok(current[-1])


@handles("schedules.exclusions")
async def _exclusions_get(req: Req) -> web.StreamResponse:
    message_id = _schedule_message(req)
    _existing(req.my.schedules, message_id, "schedule of message")
    return ok(req.my.exclusions.get(message_id, []))


@handles("schedules.delete_exclusions")
async def _exclusions_delete(req: Req) -> web.StreamResponse:
    message_id = _schedule_message(req)
    req.my.exclusions.pop(message_id, None)
    return ok()


# ---------------------------------------------------------------------- instant sends


def _target_devices(app: App, target: dict[str, Any]) -> list[str]:
    criteria = {key: value for key, value in target.items() if key != "data"}
    indexed = [
        key
        for key, value in criteria.items()
        if key in INDEXED_FIELDS and not isinstance(value, dict)
    ]
    if not indexed:
        raise bad_request(
            "using non indexed criterions to query: name the client id, token, deviceId or an "
            "indexed field with '='"
        )
    if "deviceId" in criteria:
        criteria["UDID"] = criteria.pop("deviceId")
    return list(app.find_devices(criteria))


def _instant(req: Req, app: App, body: dict[str, Any], targets_key: str = "targets") -> int:
    """Send ``body`` on ``app``; return how many devices it reached."""
    parent = body.get("parentMessageId")
    if parent is None and body.get("parentMessageExternalId") is not None:
        try:
            parent = app.by_external(app.messages, str(body["parentMessageExternalId"]))
        except ApiError:
            raise not_found("parent message not found") from None
    if parent is None:
        raise bad_request("parentMessageId or parentMessageExternalId must be defined")
    if parent not in app.messages:
        raise not_found(f"parent message {parent} not found")
    kinds = [kind for kind in TARGET_KINDS if body.get(kind)]
    if len(kinds) > 1:
        raise bad_request("using segments, lists and/or filters in the same instant message")
    if not kinds:
        raise bad_request("you need to have a targets object in your body")
    entries = body[kinds[0]]
    if not isinstance(entries, list):
        raise bad_request(f"{kinds[0]} must be an array")
    if len(entries) > MAX_TARGETS:
        raise bad_request(f"at most {MAX_TARGETS} targets per instant message")
    reached: list[str] = []
    if kinds[0] == "segments":
        raise not_found("segment not found (the stand-in has no segments)")
    if kinds[0] == "lists":
        for list_id in entries:
            static_list = app.lists.get(list_id) if isinstance(list_id, int) else None
            if static_list is None:
                raise not_found(f"static list {list_id!r} not found")
            req.state.settle(static_list)
            reached.extend(static_list.devices)
    else:
        text = " ".join(str(body.get(key, "")) for key in ("text", "title"))
        text += " " + " ".join(str(app.messages[parent].get(key, "")) for key in ("text", "title"))
        needed = set(_PLACEHOLDER.findall(text))
        for index, target in enumerate(entries):
            if not isinstance(target, dict):
                raise bad_request(f"targets[{index}] must be an object")
            missing = needed - set(target.get("data") or {})
            if missing:
                raise bad_request(f"unmatched template parameter(s): {', '.join(sorted(missing))}")
            reached.extend(_target_devices(app, target))
    if not reached:
        raise not_found("no valid target: none of the targets matched a device")
    _record_send(app, parent, reached, req.state.today())
    return len(reached)


@handles("instant.send")
async def _instant_send(req: Req) -> web.StreamResponse:
    return ok({"sent": _instant(req, req.my, checked_body(req))})


@handles("instant.send_multi_app")
async def _instant_send_multi_app(req: Req) -> web.StreamResponse:
    body = checked_body(req)
    apps = body.get("apps")
    if not isinstance(apps, dict) or not apps:
        raise bad_request("you need to have an apps object in your body")
    if not body.get("targets"):
        raise bad_request("you need to have a targets object in your body")
    results: dict[str, Any] = {}
    for partner_id, message in apps.items():
        try:
            app = req.state.app(partner_id)
            if not isinstance(message, dict):
                raise bad_request("each app needs a message object")
            sent = _instant(req, app, {**message, "targets": body["targets"]})
            results[partner_id] = {"status": 200, "sent": sent}
        except ApiError as error:
            results[partner_id] = {
                "status": error.status,
                "errors": [{"label": label, "message": text} for label, text in error.entries],
            }
    return ok(results)


# ---------------------------------------------------------------------- clicks, targets, stats


def _range(req: Req) -> tuple[str | None, str | None]:
    def bound(name: str) -> str | None:
        value = req.query.get(name)
        if value is None:
            return None
        try:
            return check_query_date(value, name)
        except ValidationError as exc:
            raise bad_request(str(exc)) from None

    return bound("startDate"), bound("endDate")


def _within(day: str, start: str | None, end: str | None) -> bool:
    return (start is None or day >= start[:10]) and (end is None or day <= end[:10])


def _device_data(app: App, udid: str, fields: list[str]) -> dict[str, str]:
    device = app.devices.get(udid, {})
    return {field: device.get(field, "") for field in fields}


def _reactions(req: Req, by: str, kind: str) -> web.StreamResponse:
    owner = req.path_id(by)
    if by == "campaign_id" and owner not in req.my.campaigns:
        raise not_found(f"campaign {owner} not found")
    if by == "message_id" and owner not in req.my.messages:
        raise not_found(f"message {owner} not found")
    start, end = _range(req)
    fields = req.query.getall("data[]", [])
    index = 0 if by == "campaign_id" else 1
    items: list[dict[str, Any]] = []
    if kind == "clicks":
        for click in req.my.clicks:
            if click[index] == owner and _within(click[4], start, end):
                item: dict[str, Any] = {"deviceId": click[2], "date": click[4]}
                if click[3] is not None:
                    item["actionId"] = click[3]
                if fields:
                    item["data"] = _device_data(req.my, click[2], fields)
                items.append(item)
    else:
        for target in req.my.targets:
            if target[index] == owner and _within(target[3], start, end):
                item = {"deviceId": target[2], "date": target[3]}
                if fields:
                    item["data"] = _device_data(req.my, target[2], fields)
                items.append(item)
    return paged(req, items, kind)


@handles("campaigns.clicks")
async def _campaign_clicks(req: Req) -> web.StreamResponse:
    return _reactions(req, "campaign_id", "clicks")


@handles("messages.clicks")
async def _message_clicks(req: Req) -> web.StreamResponse:
    return _reactions(req, "message_id", "clicks")


@handles("campaigns.targets")
async def _campaign_targets(req: Req) -> web.StreamResponse:
    return _reactions(req, "campaign_id", "targets")


@handles("messages.targets")
async def _message_targets(req: Req) -> web.StreamResponse:
    return _reactions(req, "message_id", "targets")


@handles("stats.daily")
async def _stats_daily(req: Req) -> web.StreamResponse:
    def day(name: str) -> str | None:
        value = req.query.get(name)
        if value is None:
            return None
        try:
            return check_query_date(value, name, with_time=False)
        except ValidationError as exc:
            raise bad_request(str(exc)) from None

    start, end, single = day("startDate"), day("endDate"), day("date")
    if start is not None:
        end = end or req.state.today()
    elif single is not None:
        start = end = single
    stats = [
        {"date": date, **counts}
        for date, counts in sorted(req.my.daily.items())
        if _within(date, start, end)
    ]
    return paged(req, stats, "stats")
