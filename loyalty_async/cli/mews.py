"""``loyalty-async mews``: the Mews loyalty operations from the command line, and a stand-in.

One command per row of :data:`loyalty_async.mews.OPERATIONS`, derived from it: the row's
request model gives the options (``programs add --name ... --code ...``), its typed
method sends it, and the answer is printed as JSON, PascalCase as on the wire::

    loyalty-async mews programs list --activity-state Active
    loyalty-async mews tiers add --loyalty-program-id ID --name Gold --code GOLD --ordering 2
    loyalty-async mews memberships update ID --loyalty-tier-id TIER --points 500
    loyalty-async mews sandbox --port 8081

The tokens are read from ``MEWS_CLIENT_TOKEN`` and ``MEWS_ACCESS_TOKEN`` only: on the
command line they would end up in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import os
import sys
import types
import typing
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

import attrs

from loyalty_async.cli.base import (
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    EXIT_OK,
    UsageError,
    add_group,
    positive_int,
    run_async,
)
from loyalty_async.codec import dumps
from loyalty_async.mews import CLEAR, OPERATIONS, MewsClient, TimeInterval
from loyalty_async.mews.client import ENVIRONMENTS, parse_rate_limit
from loyalty_async.mews.services import DEFAULT_PAGE_SIZE
from loyalty_async.modeling import OpenEnum, pascal
from loyalty_async.operations import Operation
from loyalty_async.sandbox.mews import cli as sandbox_cli

#: Command names of the table's resources and actions.
_RESOURCES = {
    "loyalty_programs": ("programs", "loyalty programs"),
    "loyalty_memberships": ("memberships", "guests' memberships of loyalty programs"),
    "loyalty_tiers": ("tiers", "tiers of loyalty programs"),
}
_ACTIONS = {"get_all": "list", "add": "add", "update": "update", "delete": "delete"}


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``mews sandbox`` and ``mews RESOURCE ACTION`` for every Mews operation."""
    mews = add_group(
        subparsers, "mews", help="call the Mews loyalty operations, or serve a Mews stand-in"
    )
    sandbox = mews.add_parser(
        "sandbox",
        help="serve an offline Mews stand-in on loopback",
        description="Serve the offline Mews stand-in (loyalty programs, memberships, tiers) "
        "on loopback until Ctrl+C or SIGTERM. See docs/mews.md.",
    )
    sandbox_cli.add_arguments(sandbox)
    sandbox.set_defaults(handler=sandbox_cli.run)
    groups: dict[str, argparse._SubParsersAction[Any]] = {}
    for operation in OPERATIONS:
        resource, action = operation.name.split(".")
        command, what = _RESOURCES[resource]
        if command not in groups:
            groups[command] = add_group(mews, command, help=what)
        parser = groups[command].add_parser(
            _ACTIONS[action],
            help=operation.title,
            description=f"{operation.title} ({operation.method} {operation.path}); prints JSON.",
            parents=[CONNECTION],
        )
        _ADDERS[action](parser, operation)
        parser.set_defaults(handler=partial(_run, operation))


# ---------------------------------------------------------------------- connection


class _RefuseToken(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        variable = f"MEWS_{self.dest.upper()}"
        parser.error(
            f"there is no {self.option_strings[0]} option (it would land in shell history and "
            f"the process list): set {variable}"
        )


def _connection_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group(
        "connection",
        "Each option defaults to its MEWS_* variable; the tokens come from MEWS_CLIENT_TOKEN "
        "and MEWS_ACCESS_TOKEN only.",
    )
    where = group.add_mutually_exclusive_group()
    where.add_argument(
        "--environment", choices=sorted(ENVIRONMENTS), help="Mews environment (MEWS_ENVIRONMENT)"
    )
    where.add_argument(
        "--base-url", metavar="URL", help="another address, e.g. a stand-in (MEWS_BASE_URL)"
    )
    group.add_argument(
        "--client", metavar="NAME", help='"name version" of the integration (MEWS_CLIENT)'
    )
    group.add_argument(
        "--rate-limit",
        metavar="N/SECONDS",
        help="pacing per AccessToken, or 'off' (MEWS_RATE_LIMIT; default 180/30)",
    )
    for token in ("client_token", "access_token"):
        flag = "--" + token.replace("_", "-")
        group.add_argument(flag, dest=token, nargs="?", action=_RefuseToken, help=argparse.SUPPRESS)
    group.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time a call may take, retries included (default {DEFAULT_TIMEOUT:g})",
    )
    group.add_argument(
        "--retries",
        type=int,
        default=DEFAULT_RETRIES,
        metavar="N",
        help=f"retries after a failed attempt, where safe (default {DEFAULT_RETRIES})",
    )
    return parent


CONNECTION = _connection_options()


def client_settings(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments for :meth:`MewsClient.from_env` from the flags and variables."""
    from loyalty_async import RetryPolicy

    env = os.environ
    missing = [v for v in ("MEWS_CLIENT_TOKEN", "MEWS_ACCESS_TOKEN") if not env.get(v)]
    settings: dict[str, Any] = {}
    if args.environment:
        settings["environment"] = args.environment
    elif args.base_url:
        settings["base_url"] = args.base_url
    elif not (env.get("MEWS_ENVIRONMENT") or env.get("MEWS_BASE_URL")):
        missing.insert(0, "--environment or --base-url (or MEWS_ENVIRONMENT or MEWS_BASE_URL)")
    if missing:
        raise UsageError(f"missing Mews settings: {', '.join(missing)}")
    if args.client:
        settings["client"] = args.client
    if args.rate_limit:
        settings["rate_limiter"] = parse_rate_limit(args.rate_limit)
    if not args.timeout > 0 or args.retries < 0:
        raise UsageError("--timeout must be above 0 and --retries 0 or more")
    settings["deadline"] = args.timeout
    settings["retry"] = RetryPolicy(max_attempts=args.retries + 1)
    return settings


# ---------------------------------------------------------------------- options from models


def _aware(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 datetime: {text!r}") from None
    if moment.utcoffset() is None:
        raise argparse.ArgumentTypeError(f"give a UTC offset or Z, e.g. {text}Z")
    return moment


def _boolean(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "yes", "1"):
        return True
    if lowered in ("false", "no", "0"):
        return False
    raise argparse.ArgumentTypeError(f"use true or false, not {text!r}")


def _members(annotation: Any) -> list[Any]:
    """The types of a union (one type: itself), without ``None``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _plain(annotation: Any) -> tuple[Any, bool, bool]:
    """What a field holds, without ``None``, ``UNSET`` and ``CLEAR``.

    Also whether it may be cleared, and whether it is a Mews id (``str | UUID``).
    """
    members = _members(annotation)
    clears = any(typing.get_args(m) == (CLEAR,) for m in members)
    kept = [m for m in members if typing.get_origin(m) is not typing.Literal]
    return kept[0], clears, uuid.UUID in kept


def _option(parser: argparse.ArgumentParser, name: str, annotation: Any, *, required: bool) -> None:
    """One ``--name`` option for a model field of type ``annotation``."""
    kind, clears, is_id = _plain(annotation)
    flag = "--" + name.replace("_", "-")
    options: dict[str, Any] = {"dest": name, "required": required, "metavar": name.upper()}
    many = typing.get_origin(kind) is list
    if many:
        kind, _, is_id = _plain(typing.get_args(kind)[0])
        flag = flag.removesuffix("s")
        options.update(action="append", metavar=name.removesuffix("s").upper())
    if kind is TimeInterval:
        options.update(nargs=2, type=_aware, metavar=("START", "END"))
        help = "an interval of aware ISO 8601 datetimes (longer than 3 months: split)"
    elif kind is bool:
        options["type"] = _boolean
        help = "true or false"
    elif kind is int:
        options["type"] = int
        help = "a whole number"
    elif kind is dt.datetime:
        options["type"] = _aware
        help = "an ISO 8601 datetime with an offset, e.g. 2026-12-31T23:00:00Z"
    elif isinstance(kind, type) and issubclass(kind, OpenEnum):
        help = "one of " + ", ".join(member.value for member in kind)
    else:
        help = "a Mews id (a UUID)" if is_id else "text"
    if many:
        help += "; repeat it for several"
    parser.add_argument(flag, help=help, **options)
    if clears:
        parser.add_argument(
            "--clear-" + name.replace("_", "-"),
            dest=f"clear_{name}",
            action="store_true",
            help=f"empty {name}",
        )


def _fields(model: type[Any]) -> list[tuple[attrs.Attribute[Any], Any]]:
    hints = typing.get_type_hints(model)
    return [(field, hints[field.name]) for field in attrs.fields(model)]


def _batch(operation: Operation) -> tuple[str, type[Any], list[tuple[attrs.Attribute[Any], Any]]]:
    """The batch field of a write's body model, its item model, and the body's other fields."""
    fields = _fields(operation.body)
    name, annotation = next((f.name, a) for f, a in fields if typing.get_origin(a) is list)
    return name, typing.get_args(annotation)[0], [(f, a) for f, a in fields if f.name != name]


def _add_list(parser: argparse.ArgumentParser, operation: Operation) -> None:
    for field, annotation in _fields(operation.body):
        _option(parser, field.name, annotation, required=field.default is attrs.NOTHING)
    parser.add_argument(
        "--page-size", type=positive_int, default=DEFAULT_PAGE_SIZE, help="items per request"
    )
    parser.add_argument("--max-pages", type=positive_int, help="stop after this many pages")
    parser.add_argument("--cursor", help="resume from this cursor (printed when a walk stops)")


def _add_add(parser: argparse.ArgumentParser, operation: Operation) -> None:
    _, item, others = _batch(operation)
    for field, annotation in [*_fields(item), *others]:
        _option(parser, field.name, annotation, required=field.default is attrs.NOTHING)


def _add_update(parser: argparse.ArgumentParser, operation: Operation) -> None:
    _, item, others = _batch(operation)
    key, *changes = _fields(item)
    parser.add_argument(key[0].name, metavar="ID", help=f"the {key[0].name} of the record")
    for field, annotation in [*changes, *others]:
        _option(parser, field.name, annotation, required=False)


def _add_delete(parser: argparse.ArgumentParser, operation: Operation) -> None:
    (ids, _), *others = _fields(operation.body)
    parser.add_argument(ids.name, metavar="ID", nargs="+", help=f"the {ids.name} to delete")
    for field, annotation in others:
        _option(parser, field.name, annotation, required=False)


_ADDERS: dict[str, Callable[[argparse.ArgumentParser, Operation], None]] = {
    "get_all": _add_list,
    "add": _add_add,
    "update": _add_update,
    "delete": _add_delete,
}


# ---------------------------------------------------------------------- running


def _given(
    args: argparse.Namespace, fields: list[tuple[attrs.Attribute[Any], Any]]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field, _ in fields:
        value = getattr(args, field.name, None)
        if getattr(args, f"clear_{field.name}", False):
            if value is not None:
                raise UsageError(f"give --{field.name.replace('_', '-')} or clear it, not both")
            value = CLEAR
        if value is not None:
            values[field.name] = tuple(value) if _plain(_)[0] is TimeInterval else value
    return values


async def _call(operation: Operation, args: argparse.Namespace, client: MewsClient) -> Any:
    resource, action = operation.name.split(".")
    method = getattr(getattr(client, resource), action)
    if action == "get_all":
        pager = method(
            **_given(args, _fields(operation.body)), page_size=args.page_size, cursor=args.cursor
        )
        items: list[Any] = []
        pages = 0
        async for page in pager.pages():
            items.extend(page.items)
            pages += 1
            if args.max_pages and pages >= args.max_pages and not pager.done:
                if isinstance(pager.cursor, str):
                    sys.stderr.write(f"more pages: resume with --cursor {pager.cursor}\n")
                break
        return items
    if action == "delete":
        (ids, _), *others = _fields(operation.body)
        await method(getattr(args, ids.name), **_given(args, others))
        return {"deleted": getattr(args, ids.name)}
    _, item_model, others = _batch(operation)
    item_fields = _fields(item_model)
    item = item_model(**_given(args, item_fields))
    return await method([item], **_given(args, others))


def _run(operation: Operation, args: argparse.Namespace) -> int:
    settings = client_settings(args)

    async def main() -> Any:
        # The client binds to the event loop it is created in: create it inside this one.
        async with MewsClient.from_env(**settings) as client:
            return await _call(operation, args, client)

    result = run_async(main())
    data = [pascal.unstructure(x) for x in result] if isinstance(result, list) else result
    sys.stdout.write(dumps(_enums_as_text(data), indent=True).decode() + "\n")
    sys.stdout.flush()
    return EXIT_OK


def _enums_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _enums_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_enums_as_text(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value
