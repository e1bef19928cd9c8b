"""``loyalty-async call OPERATION``: any operation of the Convercus table, by name.

Generated from the operation table: every declared operation is reachable, with its
path parameters (``--path k=v``), query (``--query k=v``), JSON body (``--json BODY`` or
``--json @file``) and ``--id-type``. The settings, JSON output and error rules are those
of the other commands; what can be checked (a known operation, every path parameter
given, a body that is JSON) is checked before anything is asked or sent. Amounts in the
answer are printed with every digit.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from loyalty_async import codec
from loyalty_async.cli.base import CONNECTION, EXIT_OK, UsageError, client_settings, run_async
from loyalty_async.convercus.client import ConvercusClient
from loyalty_async.convercus.enums import IdType
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.operations import Operation, Result
from loyalty_async.operations.readers import location_id


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``call OPERATION``."""
    parser = subparsers.add_parser(
        "call",
        help="call any operation of the Convercus table by name, print its result as JSON",
        description="Call any of the "
        f"{len(OPERATIONS)} operations of the Convercus table by name (e.g. "
        "accounts.get_balance) and print its result as JSON: the decoded body, the new "
        "id from Location, the text, or null. A file result is written to standard output "
        "as it arrives. {programId} defaults to --program-id or CONVERCUS_PROGRAM_ID.",
        parents=[CONNECTION],
    )
    parser.add_argument("operation", metavar="OPERATION", help="the operation's name")
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a path parameter, e.g. --path accountId=V1W2X3Y4Z5 (repeat for each)",
    )
    parser.add_argument(
        "--query",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a query parameter (repeat a name to send it several times)",
    )
    parser.add_argument(
        "--json",
        metavar="BODY|@FILE",
        help="the JSON body, or @FILE to read it from a file (@- reads standard input)",
    )
    parser.add_argument(
        "--id-type",
        type=str.upper,
        choices=[member.value for member in IdType],
        help="what an {accountId} is when it is a code (operations that take id-type)",
    )
    parser.add_argument(
        "--program-id",
        metavar="ID",
        help="the program of {programId} operations (CONVERCUS_PROGRAM_ID)",
    )
    parser.set_defaults(handler=run_call)


def run_call(args: argparse.Namespace) -> int:
    """Check the call, send it, and print its result."""
    operation = _operation(args.operation)
    path = _pairs(args.path, "--path")
    query = _query(args.query)
    unknown = sorted(set(path) - set(operation.parameters))
    if unknown:
        raise UsageError(
            f"{operation.name} has no path parameter {', '.join(unknown)}; it takes "
            f"{_names(operation.parameters)}"
        )
    missing = [
        name
        for name in operation.parameters
        if name not in path and not (name == "programId" and _program_given(args))
    ]
    if missing:
        raise UsageError(
            f"{operation.name} needs {', '.join('--path ' + n + '=...' for n in missing)}"
            + (" (or --program-id / CONVERCUS_PROGRAM_ID)" if "programId" in missing else "")
        )
    if args.id_type and not operation.id_type:
        raise UsageError(f"{operation.name} does not take --id-type")
    body = _body(args.json)
    settings = client_settings(args)
    if args.program_id:
        settings["program_id"] = args.program_id
    run_async(_send(operation, path, query, body, args.id_type, settings))
    return EXIT_OK


async def _send(
    operation: Operation,
    path: dict[str, str],
    query: list[tuple[str, str]],
    body: Any,
    id_type: str | None,
    settings: dict[str, Any],
) -> None:
    async with ConvercusClient.from_env(**settings) as client:
        params: dict[str, Any] = {}
        for name, value in query:
            params.setdefault(name, []).append(value)
        _, response = await client.call_response(
            operation.name,
            path_params=path,
            id_type=id_type,
            params={k: v[0] if len(v) == 1 else v for k, v in params.items()} or None,
            json=body,
            stream=operation.result is Result.FILE,
        )
        if operation.result is Result.FILE:
            try:
                async for chunk in response.aiter_bytes():
                    sys.stdout.buffer.write(chunk)
                sys.stdout.flush()
            finally:
                await response.aclose()
            return
        if operation.result is Result.LOCATION:
            result: Any = location_id(response)
        elif operation.result is Result.TEXT:
            result = response.text
        elif operation.result is Result.NONE:
            result = None
        else:
            content = response.content
            result = codec.loads_exact(content) if content and not content.isspace() else None
        sys.stdout.write(codec.dumps(result, indent=True).decode() + "\n")
        sys.stdout.flush()


def _operation(name: str) -> Operation:
    operation = OPERATIONS.get(name)
    if operation is None:
        close = difflib.get_close_matches(name, OPERATIONS.names(), n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise UsageError(f"no operation named {name!r} in the Convercus table{hint}")
    return operation


def _pairs(given: list[str], flag: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for name, value in _split(given, flag):
        if name in pairs:
            raise UsageError(f"{flag} {name} is given twice")
        pairs[name] = value
    return pairs


def _query(given: list[str]) -> list[tuple[str, str]]:
    return _split(given, "--query")


def _split(given: list[str], flag: str) -> list[tuple[str, str]]:
    pairs = []
    for item in given:
        name, sign, value = item.partition("=")
        if not sign or not name:
            raise UsageError(f"{flag} takes NAME=VALUE, got {item!r}")
        pairs.append((name, value))
    return pairs


def _body(given: str | None) -> Any:
    if given is None:
        return None
    if given.startswith("@"):
        source = given[1:]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
        except OSError as exc:
            raise UsageError(f"--json {given}: cannot read it ({exc.strerror})") from None
    else:
        text = given
    try:
        # Exact: an amount in the body goes out with the digits it was written with.
        return codec.loads_exact(text.encode())
    except ValueError as exc:
        raise UsageError(f"--json is not JSON: {exc}") from None


def _program_given(args: argparse.Namespace) -> bool:
    import os

    return bool(args.program_id or os.environ.get("CONVERCUS_PROGRAM_ID"))


def _names(parameters: tuple[str, ...]) -> str:
    return ", ".join(parameters) if parameters else "none"
