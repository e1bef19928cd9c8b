"""What every command shares: the parser, the connection settings, JSON output, errors.

A command group is a module with ``add_commands(subparsers)``; each command it adds sets
``handler`` (``handler(args) -> exit status``) with ``parser.set_defaults``. Commands that
call Convercus use :func:`add_api_command`, which adds the connection options and turns
the result into JSON on standard output.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import os
import signal
import sys
import threading
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping
from functools import partial
from typing import Any, NoReturn, TypeVar

import attrs

from loyalty_async.codec import dumps
from loyalty_async.convercus.client import ENVIRONMENTS, ConvercusClient
from loyalty_async.convercus.enums import IdType
from loyalty_async.convercus.services.base import unstructure
from loyalty_async.convercus.validation import check_account_ref
from loyalty_async.errors import ValidationError
from loyalty_async.session.retry import RetryPolicy

#: Exit status of a command that did what it was asked.
EXIT_OK = 0
#: Exit status after an API, network or other runtime error.
EXIT_ERROR = 1
#: Exit status after bad usage: unknown command or option, bad value, missing setting.
EXIT_USAGE = 2
#: Exit status after Ctrl+C.
EXIT_INTERRUPTED = 130
#: Exit status after SIGTERM (128 + 15, as a shell reports it).
EXIT_TERMINATED = 143

#: Seconds a whole call may take, retries included, unless ``--timeout`` says otherwise.
DEFAULT_TIMEOUT = 30.0
#: Retries after the first attempt, unless ``--retries`` says otherwise.
DEFAULT_RETRIES = 3

T = TypeVar("T")

Handler = Callable[[argparse.Namespace], int]
#: What an API command does with the client; returns models, lists of them, or JSON data.
Fetch = Callable[[ConvercusClient, argparse.Namespace], Awaitable[Any]]
#: A service method that reads one account: ``method(account, id_type=...)``.
AccountRead = Callable[..., Awaitable[Any]]


class UsageError(Exception):
    """The command line or the settings are wrong; nothing was sent."""


class Terminated(Exception):
    """The command was stopped by SIGTERM, after the same clean-up as for Ctrl+C."""


def run_async(main: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine to its end, stopping it on SIGTERM as on Ctrl+C.

    A container runtime or a service manager stops a process with SIGTERM and kills it
    a few seconds later: the command gets the same grace as for Ctrl+C (work in flight
    finishes, the summary is printed), then :class:`Terminated` is raised. A second
    SIGTERM cuts the grace short, as a second Ctrl+C does.
    """
    return asyncio.run(_terminable(main))


async def _terminable(main: Coroutine[Any, Any, T]) -> T:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    signals: list[int] = []

    def terminate() -> None:
        signals.append(signal.SIGTERM)
        task.cancel()

    installed = False
    # Signal handlers can only be set from the main thread (and not on every system).
    if threading.current_thread() is threading.main_thread():
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signal.SIGTERM, terminate)
            installed = True
    try:
        return await main
    except asyncio.CancelledError:
        if signals:
            raise Terminated from None
        raise
    finally:
        if installed:
            loop.remove_signal_handler(signal.SIGTERM)


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, raised rather than printed with usage.

    Abbreviated options are not accepted: ``--password`` must never be read as
    ``--password-stdin``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Raise :class:`UsageError` (``main`` prints it on one line, exit status 2)."""
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


# ---------------------------------------------------------------------- connection settings

#: Setting → (command-line flag, environment variable), as ConvercusClient.from_env reads them.
_SETTINGS = {
    "org": ("--org", "CONVERCUS_ORG"),
    "username": ("--username", "CONVERCUS_USERNAME"),
    "interaction_id": ("--interaction-id", "CONVERCUS_INTERACTION_ID"),
}
_HELP = {
    "org": "organisation code",
    "username": "API user name",
    "interaction_id": "the interaction point (till, web shop) the calls speak for",
}


def _connection_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group(
        "connection",
        "Each option defaults to its CONVERCUS_* variable. The password is read from "
        "CONVERCUS_PASSWORD, from standard input with --password-stdin, or asked for.",
    )
    where = group.add_mutually_exclusive_group()
    where.add_argument(
        "--environment",
        choices=sorted(ENVIRONMENTS),
        help="Convercus environment (CONVERCUS_ENVIRONMENT)",
    )
    where.add_argument(
        "--base-url", metavar="URL", help="another base URL, e.g. a sandbox (CONVERCUS_BASE_URL)"
    )
    for key, (flag, variable) in _SETTINGS.items():
        group.add_argument(flag, dest=key, metavar=key.upper(), help=f"{_HELP[key]} ({variable})")
    group.add_argument(
        "--auth-scheme",
        choices=("raw", "bearer"),
        help="how the token is sent (CONVERCUS_AUTH_SCHEME; default raw)",
    )
    # Refused with its own message: a password on the command line ends up in the shell
    # history and in the process list, and argparse would echo it in its error.
    group.add_argument("--password", nargs="?", action=_RefusePassword, help=argparse.SUPPRESS)
    group.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    group.add_argument(
        "--timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time a call may take, retries included (default {DEFAULT_TIMEOUT:g})",
    )
    group.add_argument(
        "--retries",
        type=_count,
        default=DEFAULT_RETRIES,
        metavar="N",
        help=f"retries after a failed attempt, where safe (default {DEFAULT_RETRIES})",
    )
    return parent


class _RefusePassword(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        parser.error(
            "there is no --password option (it would land in shell history and the process "
            "list): set CONVERCUS_PASSWORD, use --password-stdin, or be asked for it"
        )


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, got {text!r}")
    return value


def _count(text: str, minimum: int = 0) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be {minimum} or more, got {text!r}")
    return value


def positive_int(text: str) -> int:
    """An option's whole number of 1 or more."""
    return _count(text, 1)


def client_settings(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments for :meth:`ConvercusClient.from_env` from the flags and variables.

    Everything but the password is checked first, so nobody types a password only to be
    told the organisation is missing. Raises :class:`UsageError` naming what is missing.
    """
    env = os.environ
    overrides: dict[str, Any] = {}
    missing = []
    # A flag for one of the two wins over both variables (ConvercusClient.from_env's rule).
    if args.environment:
        overrides["environment"] = args.environment
    elif args.base_url:
        overrides["base_url"] = args.base_url
    elif not (env.get("CONVERCUS_BASE_URL") or env.get("CONVERCUS_ENVIRONMENT")):
        missing.append(
            "--environment or --base-url (or CONVERCUS_ENVIRONMENT or CONVERCUS_BASE_URL)"
        )
    for key, (flag, variable) in _SETTINGS.items():
        value = getattr(args, key)
        if value:
            overrides[key] = value
        elif not env.get(variable):
            missing.append(f"{flag} (or {variable})")
    if missing:
        raise UsageError(f"missing Convercus settings: {', '.join(missing)}")
    if args.auth_scheme:
        overrides["auth_scheme"] = args.auth_scheme
    overrides["password"] = _password(args, env, overrides)
    overrides["deadline"] = args.timeout
    overrides["retry"] = RetryPolicy(max_attempts=args.retries + 1)
    return overrides


def _password(args: argparse.Namespace, env: Mapping[str, str], given: Mapping[str, Any]) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError("--password-stdin: standard input held no password")
        return password
    password = env.get("CONVERCUS_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise UsageError(
            "missing Convercus password: set CONVERCUS_PASSWORD, pipe it in with "
            "--password-stdin, or run in a terminal to be asked for it"
        )
    user = given.get("username") or env.get("CONVERCUS_USERNAME")
    org = given.get("org") or env.get("CONVERCUS_ORG")
    password = getpass.getpass(f"Convercus password for {user} ({org}): ")
    if not password:
        raise UsageError("no password given")
    return password


# ---------------------------------------------------------------------- API commands

CONNECTION = _connection_options()


def add_group(
    subparsers: argparse._SubParsersAction[Any], name: str, *, help: str
) -> argparse._SubParsersAction[Any]:
    """Add a command group (``loyalty-async NAME ACTION ...``); returns its sub-commands."""
    group = subparsers.add_parser(name, help=help, description=help[:1].upper() + help[1:] + ".")
    actions: argparse._SubParsersAction[Any] = group.add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    return actions


def add_api_command(
    subparsers: argparse._SubParsersAction[Any],
    name: str,
    fetch: Fetch,
    *,
    help: str,
    account: bool = False,
) -> argparse.ArgumentParser:
    """Add a command that calls Convercus with ``fetch`` and prints its result as JSON.

    ``account`` adds the ``ACCOUNT`` argument and ``--id-type``, checked before anything
    is sent (a code needs ``--id-type``).
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help, description=help[:1].upper() + help[1:] + ".", parents=[CONNECTION]
    )
    if account:
        parser.add_argument("account", metavar="ACCOUNT", help="technical id (UUID) or a code")
        parser.add_argument(
            "--id-type",
            type=str.upper,
            choices=[member.value for member in IdType],
            help="what ACCOUNT is when it is a code: CARDCODE, APPCODE or EXTERNALCODE",
        )
    parser.set_defaults(handler=partial(run_api_command, fetch, account))
    return parser


def add_account_commands(
    subparsers: argparse._SubParsersAction[Any],
    commands: Iterable[tuple[str, Callable[[ConvercusClient], AccountRead], str]],
) -> None:
    """Add commands that read one account: ``(name, service method of a client, help)``.

    Each takes ``ACCOUNT`` and ``--id-type`` and prints what the method returns.
    """
    for name, method, help in commands:
        add_api_command(
            subparsers,
            name,
            partial(_read_account, method),
            help=help,
            account=True,
        )


async def _read_account(
    method: Callable[[ConvercusClient], AccountRead],
    client: ConvercusClient,
    args: argparse.Namespace,
) -> Any:
    return await method(client)(args.account, id_type=args.id_type)


def run_api_command(fetch: Fetch, account: bool, args: argparse.Namespace) -> int:
    """Check the arguments, call Convercus and print the result as JSON."""
    if account:
        check_account_argument(args.account, args.id_type)
    settings = client_settings(args)
    data = run_async(_call(fetch, args, settings))
    write_json(data)
    return EXIT_OK


def check_account_argument(account: str, id_type: str | None) -> None:
    """Refuse a code without ``--id-type`` (or a non-UUID with ``ID``) in command-line words."""
    try:
        check_account_ref(account, id_type)
    except ValidationError:
        if id_type is None:
            raise UsageError(
                f"account {account!r} is not a technical id (UUID): add --id-type CARDCODE, "
                "APPCODE or EXTERNALCODE to address it by one of its codes"
            ) from None
        raise UsageError(f"account {account!r} is not a UUID, which --id-type ID needs") from None


async def _call(fetch: Fetch, args: argparse.Namespace, settings: dict[str, Any]) -> Any:
    # The client binds to the event loop it is created in: create it inside this one.
    async with ConvercusClient.from_env(**settings) as client:
        return await fetch(client, args)


def jsonable(value: Any) -> Any:
    """Models (and lists of them) as their JSON payload, camelCase as on the wire."""
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if attrs.has(type(value)):
        return unstructure(value)
    return value


def write_json(value: Any) -> None:
    """Print ``value`` as indented JSON on standard output."""
    sys.stdout.write(dumps(jsonable(value), indent=True).decode() + "\n")
    sys.stdout.flush()
