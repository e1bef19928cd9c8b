"""The ``loyalty-async`` command.

``loyalty-async demo`` runs a customer journey against an in-process sandbox,
``loyalty-async sandbox`` serves one, and the other commands read a real Convercus
environment and print JSON. Each command group lives in its own module with an
``add_commands(subparsers)`` function; list its name in :data:`COMMAND_GROUPS`. The
command line needs the ``cli`` extra (``pip install "loyalty-async[cli]"``, for rich);
without it, every command says so in one line.

Exit status: 0 done, 1 API, network or other runtime error, 2 bad usage (unknown command
or option, bad value, missing setting), 130 interrupted (Ctrl+C), 143 terminated
(SIGTERM, handled like Ctrl+C). Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Iterator, Sequence

from loyalty_async._version import __version__
from loyalty_async.cli.base import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    EXIT_USAGE,
    CommandParser,
    Terminated,
    UsageError,
)
from loyalty_async.errors import APIError, ConfigurationError, LoyaltyError, ValidationError

#: The command groups' modules under ``loyalty_async.cli``, in the order ``--help`` lists
#: them. They are imported when the parser is built: the command line needs the ``cli``
#: extra (``rich``), the library does not.
COMMAND_GROUPS = (
    "demo",
    "sandbox",
    "auth",
    "accounts",
    "identifiers",
    "users",
    "memberships",
    "transactions",
    "bookings",
    "account_coupons",
    "call",
    "batch",
    "jobs",
    "mews",
    "accengage",
    "loyaltypass",
)

#: What the command says, in one line, when the ``cli`` extra is not installed.
MISSING_EXTRA = (
    'the command line needs the "cli" extra, which brings rich: pip install "loyalty-async[cli]"'
)

PROG = "loyalty-async"


def build_parser() -> CommandParser:
    """The parser of the whole command line."""
    parser = CommandParser(
        prog=PROG,
        description="Async SDK for loyalty-platform APIs: a demo, a Convercus sandbox, and "
        "commands that read a Convercus environment and print JSON.",
        epilog="Exit status: 0 done, 1 API or network error, 2 bad usage. See docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_GROUPS:
        importlib.import_module(f"{__name__}.{name}").add_commands(commands)
    _debug_everywhere(parser)
    return parser


DEBUG_HELP = "log every request (secrets redacted) and show tracebacks"


def _debug_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept ``--debug`` after any command too (``loyalty-async sandbox --debug``).

    A subcommand's parser only knows its own options; its ``--debug`` defaults to "not
    given" so that one given before the command is kept.
    """
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in {id(p): p for p in action.choices.values()}.values():
                if "--debug" not in command._option_string_actions:
                    command.add_argument(
                        "--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP
                    )
                _debug_everywhere(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        import rich  # noqa: F401  (only asked whether it is there)
    except ImportError:
        return _fail(f"{PROG}: {MISSING_EXTRA}", EXIT_ERROR)
    try:
        args = build_parser().parse_args(argv)
    except UsageError as error:
        return _fail(str(error), EXIT_USAGE)
    with _debug_log(args.debug):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.handler(args))
    except (UsageError, ConfigurationError, ValidationError) as error:
        return _fail(f"{PROG}: {error}", EXIT_USAGE)
    except APIError as error:
        return _fail(f"{PROG}: {error}", EXIT_ERROR)
    except LoyaltyError as error:
        return _fail(f"{PROG}: {type(error).__name__}: {error}", EXIT_ERROR)
    except KeyboardInterrupt:
        return _fail(f"{PROG}: interrupted", EXIT_INTERRUPTED)
    except Terminated:
        return _fail(f"{PROG}: terminated", EXIT_TERMINATED)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly. Later writes, including the
        # interpreter's final flush, go nowhere.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as error:
        if args.debug:
            raise
        return _fail(
            f"{PROG}: unexpected {type(error).__name__}: {error} (--debug shows the traceback)",
            EXIT_ERROR,
        )


@contextlib.contextmanager
def _debug_log(enabled: bool) -> Iterator[None]:
    """With ``--debug``, the SDK's log (secrets redacted) goes to stderr while the command runs."""
    if not enabled:
        yield
        return
    logger = logging.getLogger("loyalty_async")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _fail(message: str, status: int) -> int:
    """Print ``message`` as one line on stderr and return ``status``."""
    sys.stderr.write(" ".join(message.split()) + "\n")
    sys.stderr.flush()
    return status
