"""Batch jobs on the command line: ``import members`` from a CSV file, ``export`` a report.

``loyalty-async import members members.csv --journal run.journal`` enrols each row as a
Convercus member (an account, its card, a user and the OWNER membership with opt-ins),
restart-safe: every step is looked up on the server before it is done, and what each
row got to is kept in the journal, so a run started again after a crash or Ctrl-C goes
on where it stopped instead of opening a second account.

``loyalty-async export transaction --out transactions.csv`` streams a Reports v3 export
to a file. See ``docs/cli-batch.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import os
import re
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

import attrs
from rich import filesize
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from loyalty_async.bulk import (
    BulkRunner,
    ItemResult,
    Journal,
    JournalCorruptError,
    JournalEntry,
    JournalError,
    RateLimiter,
    Status,
)
from loyalty_async.cli.base import (
    CONNECTION,
    EXIT_ERROR,
    EXIT_OK,
    UsageError,
    client_settings,
    positive_int,
    run_async,
)
from loyalty_async.convercus.client import ConvercusClient
from loyalty_async.convercus.enums import GenderCode, IdentifierType, IdType, MemberRole
from loyalty_async.convercus.models.profile import Membership, NewUser, Optin
from loyalty_async.convercus.services.reports import Report
from loyalty_async.convercus.validation import (
    check_country_code,
    check_date,
    check_email,
    check_enum,
)
from loyalty_async.errors import (
    ConflictError,
    LoyaltyError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ValidationError,
)
from loyalty_async.transport.aiohttp_transport import AiohttpTransport
from loyalty_async.transport.base import Request

T = TypeVar("T")


def _client(
    settings: Mapping[str, Any], *, connections: int, rate: float | None
) -> ConvercusClient:
    """A client for a batch job: enough pooled connections, and every request paced."""
    options = dict(settings)
    hooks: list[Callable[[Request], Awaitable[None] | None]] = []
    if rate is not None:
        limiter = RateLimiter(rate)

        async def pace(request: Request) -> None:
            # Every request counts against the rate, lookups and retries included: that is
            # what a server's rate limit counts.
            await limiter.acquire()

        hooks.append(pace)
    hooks.extend(options.pop("on_request", ()))
    options.setdefault("transport", AiohttpTransport(pool_size=max(100, connections)))
    return ConvercusClient.from_env(on_request=hooks, **options)


# ---------------------------------------------------------------------- members CSV

#: Recognised columns → the :class:`NewUser` field they fill (``None``: not a user field).
COLUMNS: dict[str, str | None] = {
    "card_code": None,
    "email": "email_address",
    "given_name": "given_name",
    "family_name": "family_name",
    "street_house_no": "street_house_no",
    "zip_code": "zip_code",
    "city": "city",
    "country": "country_code",
    "birth_date": "birth_date",
    "gender": "gender_code",
    "phone": "phone",
}
#: Other spellings accepted in the header.
ALIASES = {
    "card": "card_code",
    "cardcode": "card_code",
    "email_address": "email",
    "country_code": "country",
    "gender_code": "gender",
    "street": "street_house_no",
    "zip": "zip_code",
}
REQUIRED = ("card_code", "email")
#: ``optin_<type>`` columns hold the flag of the opt-in ``<type>``.
OPTIN_PREFIX = "optin_"
#: Columns the failed-rows file adds; ignored on input, so a corrected file imports as is.
REPORT_COLUMNS = ("line", "status", "error")

_TRUE = frozenset({"1", "true", "yes", "y", "x"})
_FALSE = frozenset({"0", "false", "no", "n"})


@attrs.frozen
class MemberRow:
    """One valid row of the members file: the card code (its key), the user, the opt-ins."""

    line: int
    card: str
    user: NewUser
    optins: tuple[Optin, ...] | None
    values: tuple[str, ...]


def _normalise(name: str) -> str:
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    return ALIASES.get(key, key)


#: Most lines one record may span. A quoted field may hold line breaks (a spreadsheet
#: writes one for a cell with a line break), but a quote left open must not swallow the
#: rest of the file into one field.
MAX_RECORD_LINES = 20

#: Characters no member field may hold: C0 controls (NUL included) but tab and line
#: breaks, and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Lines:
    """The physical lines of a file with their numbers; lines can be put back to read again."""

    def __init__(self, file: TextIO) -> None:
        self._file = file
        self._number = 0
        self._again: list[tuple[int, str]] = []

    def next(self) -> tuple[int, str] | None:
        if self._again:
            return self._again.pop()
        text = self._file.readline()
        if not text:
            return None
        self._number += 1
        return self._number, text

    def put_back(self, lines: Sequence[tuple[int, str]]) -> None:
        self._again.extend(reversed(lines))


def _read_records(file: TextIO) -> Iterator[tuple[int, list[str], str | None]]:
    """``(first line, values, CSV error)`` of every record of ``file``, the header first.

    A record whose quote is not closed properly (never, or by a quote that leaves the
    record malformed) is reported on its first line alone, and the lines it would have
    swallowed are read again as records of their own: one stray quote costs one row.
    """
    lines = _Lines(file)
    width: int | None = None  # the header's, once it is read
    while (first := lines.next()) is not None:
        number, text = first
        if not text.strip("\r\n"):
            continue  # a blank line is no record
        taken = [first]
        values, error = _parse_record(lines, taken)
        if len(taken) > 1:
            error = error or _swallowed(values, width)
            if error is not None:
                lines.put_back(taken[1:])
                values = _loose_values(text)
                error = f"a quote opened on this line is not closed properly ({error})"
        yield number, values, None if error is None else f"the line is not valid CSV: {error}"
        if width is None:
            width = len(values)


def _parse_record(lines: _Lines, taken: list[tuple[int, str]]) -> tuple[list[str], str | None]:
    """Parse the record that starts with ``taken[0]``, pulling (and taking) more lines."""

    def feed() -> Iterator[str]:
        yield taken[0][1]
        while len(taken) < MAX_RECORD_LINES:
            more = lines.next()
            if more is None:
                return
            taken.append(more)
            yield more[1]
        capped.append(True)

    capped: list[bool] = []
    try:
        values = next(csv.reader(feed(), strict=True), [])
    except csv.Error as exc:
        if capped:
            return [], f"a field would run past {MAX_RECORD_LINES} lines"
        return [], str(exc)
    return values, None


def _swallowed(values: Sequence[str], width: int | None) -> str | None:
    """Why a record read over several lines looks like a stray quote, or ``None``."""
    if width is None:
        return None
    if len(values) != width:
        return f"the row would have {len(values)} fields, the header has {width}"
    for value in values:
        for line in value.splitlines()[1:]:
            if len(_loose_values(line)) >= width:
                return "a whole row would be read as part of one field"
    return None


def _loose_values(text: str) -> list[str]:
    """The fields of one line read on its own, leniently (for the failed-rows file)."""
    try:
        return next(csv.reader([text]), [])
    except csv.Error:
        return []


class MemberFile:
    """A members CSV file: checks its header at once, then reads rows lazily with line numbers.

    The header must name ``card_code`` and ``email``; every other column must be a known
    one or ``optin_<type>``. Rows are parsed one at a time (the file is never loaded);
    a malformed row is handed to ``on_invalid`` with its line number and the run goes on.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with path.open(newline="", encoding="utf-8-sig") as file:
                first = next(_read_records(file), None)
        except UnicodeDecodeError as exc:
            raise UsageError(f"{path} is not UTF-8 text: {exc}") from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc}") from None
        if first is not None and first[2] is not None:
            raise UsageError(f"{path}: the header (line {first[0]}) is not valid CSV: {first[2]}")
        header = [] if first is None else first[1]
        if not header or not any(name.strip() for name in header):
            raise UsageError(f"{path} is empty: the first line must name the columns")
        self.fieldnames = header
        self._fields: dict[int, str] = {}
        self._optins: dict[int, str] = {}
        unknown: list[str] = []
        seen: set[str] = set()
        for index, name in enumerate(header):
            column = _normalise(name)
            if column in REPORT_COLUMNS:
                continue
            if column.startswith(OPTIN_PREFIX) and len(column) > len(OPTIN_PREFIX):
                optin = name.strip()[len(OPTIN_PREFIX) :]
                if optin.lower() in seen:
                    raise UsageError(f"{path}: the opt-in {optin!r} has two columns")
                seen.add(optin.lower())
                self._optins[index] = optin
            elif column in COLUMNS:
                if column in self._fields.values():
                    raise UsageError(f"{path}: the column {column!r} appears twice")
                self._fields[index] = column
            else:
                unknown.append(name)
        if unknown:
            names = ", ".join(map(repr, unknown))
            known = ", ".join([*COLUMNS, f"{OPTIN_PREFIX}<type>"])
            raise UsageError(f"{path}: unknown column(s) {names}; use {known}")
        absent = [column for column in REQUIRED if column not in self._fields.values()]
        if absent:
            raise UsageError(f"{path}: the header lacks the column(s) {', '.join(absent)}")

    def count(self) -> int:
        """How many records follow the header: a quick first pass that also checks the file.

        Bytes that are not UTF-8 stop the command here, before anything is sent.
        """
        try:
            return sum(1 for _line, _values, _error in self._records())
        except UnicodeDecodeError as exc:
            raise UsageError(f"{self.path} is not UTF-8 text: {exc}") from None

    def rows(self, on_invalid: Callable[[int, Sequence[str], str], None]) -> Iterator[MemberRow]:
        """Every valid row; each malformed one goes to ``on_invalid(line, values, error)``."""
        for line, values, error in self._records():
            if error is None:
                try:
                    yield self._parse(line, values)
                    continue
                except ValidationError as exc:
                    error = str(exc)
            on_invalid(line, values, error)

    def _records(self) -> Iterator[tuple[int, list[str], str | None]]:
        """``(first line, values, CSV error)`` of each record after the header."""
        with self.path.open(newline="", encoding="utf-8-sig") as file:
            records = _read_records(file)
            next(records, None)
            yield from records

    def _parse(self, line: int, values: Sequence[str]) -> MemberRow:
        if len(values) != len(self.fieldnames):
            raise ValidationError(
                f"the row has {len(values)} fields, the header has {len(self.fieldnames)}"
            )
        for index, value in enumerate(values):
            control = _CONTROL.search(value)
            if control is not None:
                column = _normalise(self.fieldnames[index])
                raise ValidationError(
                    f"{column} holds a control character (U+{ord(control.group()):04X})",
                    field=column,
                )
        given = {column: values[index].strip() for index, column in self._fields.items()}
        card = given.get("card_code", "")
        if not card:
            raise ValidationError("card_code is empty", field="card_code")
        fields: dict[str, Any] = {}
        for column, text in given.items():
            target = COLUMNS[column]
            if target is None or not text:
                continue
            if column == "email":
                text = check_email(text, "email")
            elif column == "country":
                text = check_country_code(text, "country")
            elif column == "birth_date":
                text = check_date(text, "birth_date")
            elif column == "gender":
                text = check_enum(text.upper(), GenderCode, "gender").value
            fields[target] = text
        if "email_address" not in fields:
            raise ValidationError("email is empty", field="email")
        optins: list[Optin] = []
        for index, optin in self._optins.items():
            flag = values[index].strip().lower()
            if not flag:
                continue
            if flag not in _TRUE and flag not in _FALSE:
                column = f"{OPTIN_PREFIX}{optin}"
                raise ValidationError(
                    f"{column} must be yes/no (1/0, true/false), got {values[index]!r}",
                    field=column,
                )
            optins.append(Optin(type=optin, flag=flag in _TRUE))
        return MemberRow(
            line=line,
            card=card,
            user=NewUser(**fields),
            optins=tuple(optins) if optins else None,
            values=tuple(values),
        )


# ---------------------------------------------------------------------- enrolling one member

#: What the journal's checkpoint says a create was waiting for when its answer never came.
PENDING = "pending"
#: Tries of a create that the server refuses with 429 (it did nothing; wait, then again).
RATE_LIMITED_TRIES = 6
#: Tries of a step whose lost answer was looked up and found not done.
LOST_ANSWER_TRIES = 3


class MemberTaken(LoyaltyError):
    """The row's card already belongs to another member (nothing of the row was changed)."""


class _Progress:
    """What one row has made so far, checkpointed in the journal after every step."""

    def __init__(self, journal: Journal, key: str, state: Mapping[str, Any]) -> None:
        self._journal = journal
        self._key = key
        self.state = dict(state)

    def get(self, name: str) -> Any:
        return self.state.get(name)

    def save(self, **changes: Any) -> None:
        for name, value in changes.items():
            if value is None:
                self.state.pop(name, None)
            else:
                self.state[name] = value
        self._journal.checkpoint(self._key, self.state)


class MemberEnroller:
    """Enrols one member per call: account, card, user, OWNER membership with opt-ins.

    Restart-safe. Before each create it looks on the server (the card by its code, the
    account's memberships) and after each create it checkpoints the new id in the
    journal, so a row performed again goes on from where the earlier attempt stopped. An
    :class:`OutcomeUnknownError` on the card or the membership is reconciled the same way
    (the card code and the single OWNER are unique, so a second try cannot double them).
    Only creating the account or the user cannot be checked afterwards (neither has a
    key to look it up by): when that answer is lost, the checkpoint says so and the row
    ends unknown.

    Returns ``{"outcome", "account_id", "user_id", "membership_id"}``; the outcome is
    ``created``, ``linked`` (the card's account existed and had no owner), ``resumed``
    (an earlier attempt had begun) or ``existing`` (the card already had this member).
    """

    def __init__(self, client: ConvercusClient, journal: Journal) -> None:
        self._client = client
        self._journal = journal

    async def __call__(self, row: MemberRow) -> dict[str, str]:
        """Enrol the member of ``row``, going on from the journal's checkpoint if any."""
        entry = self._journal.get(row.card)
        earlier = entry.value if entry is not None and isinstance(entry.value, dict) else {}
        progress = _Progress(self._journal, row.card, earlier)
        if progress.get(PENDING):
            # Performed again on purpose (--retry-unknown): whatever the lost create may
            # have made is left behind; carry on from the last step known to be done.
            progress.save(**{PENDING: None})
        account_id, card_was_there = await self._account(row, progress)
        owner = await self._owner(account_id)
        if owner is not None:
            if owner.user_id is not None and owner.user_id == progress.get("user_id"):
                return _outcome("resumed", account_id, owner)
            user = await self._client.users.get(_text(owner.user_id, "the owner's user id"))
            if (user.email_address or "").lower() != row.user.email_address.lower():
                raise MemberTaken(
                    f"card {row.card} already belongs to a member with another e-mail address"
                )
            return _outcome("existing", account_id, owner)
        user_id = await self._user(row, progress)
        membership_id = await self._membership(row, account_id, user_id)
        outcome = "resumed" if earlier else "linked" if card_was_there else "created"
        return {
            "outcome": outcome,
            "account_id": account_id,
            "user_id": user_id,
            "membership_id": membership_id,
        }

    # ------------------------------------------------------------------ steps

    async def _account(self, row: MemberRow, progress: _Progress) -> tuple[str, bool]:
        """The card's account id, opening the account and attaching the card if needed."""
        found = await self._find_card(row.card)
        if found is not None:
            return found, found != progress.get("account_id")
        account_id = progress.get("account_id")
        if account_id is not None and not await self._exists(self._client.accounts.get, account_id):
            account_id = None
        if account_id is None:
            account_id = await self._create_unverifiable(
                progress, "account_id", "accounts.create", self._client.accounts.create
            )
        await self._attach_card(row.card, account_id)
        return account_id, False

    async def _attach_card(self, card: str, account_id: str) -> None:
        for attempt in range(1, LOST_ANSWER_TRIES + 1):
            try:
                await self._paced(
                    lambda: self._client.identifiers.create(
                        account_id, IdentifierType.CARDCODE, code=card
                    )
                )
                return
            except (OutcomeUnknownError, ConflictError) as exc:
                holder = await self._find_card(card)
                if holder == account_id:
                    return  # the lost answer, or the earlier attempt, did attach it
                if holder is not None:
                    raise MemberTaken(
                        f"card {card} is attached to another account ({holder}) already"
                    ) from exc
                if isinstance(exc, ConflictError) or attempt == LOST_ANSWER_TRIES:
                    raise
                # Lost, and the card is on no account: it was not attached. A code is
                # unique, so attaching it again cannot make two.

    async def _user(self, row: MemberRow, progress: _Progress) -> str:
        user_id = progress.get("user_id")
        if user_id is not None and not await self._exists(self._client.users.get, user_id):
            user_id = None
        if user_id is None:
            user_id = await self._create_unverifiable(
                progress, "user_id", "users.create", lambda: self._client.users.create(row.user)
            )
        return str(user_id)

    async def _membership(self, row: MemberRow, account_id: str, user_id: str) -> str:
        for attempt in range(1, LOST_ANSWER_TRIES + 1):
            try:
                return await self._paced(
                    lambda: self._client.memberships.create(
                        account_id,
                        user_id=user_id,
                        member_role=MemberRole.OWNER,
                        optins=row.optins,
                    )
                )
            except (OutcomeUnknownError, ConflictError) as exc:
                owner = await self._owner(account_id)
                if owner is not None and owner.user_id == user_id:
                    return owner.membership_id or ""
                if owner is not None:
                    raise MemberTaken(f"card {row.card} got another owner meanwhile") from exc
                if isinstance(exc, ConflictError) or attempt == LOST_ANSWER_TRIES:
                    raise
                # Lost, and the account still has no owner: the membership was not made.
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    # ------------------------------------------------------------------ helpers

    async def _find_card(self, card: str) -> str | None:
        try:
            account = await self._client.accounts.get(card, id_type=IdType.CARDCODE)
        except NotFoundError:
            return None
        return _text(account.id, "the card's account id")

    async def _owner(self, account_id: str) -> Membership | None:
        for membership in await self._client.memberships.list(account_id):
            if membership.member_role == MemberRole.OWNER and membership.terminated is None:
                return membership
        return None

    @staticmethod
    async def _exists(get: Callable[[str], Awaitable[object]], technical_id: str) -> bool:
        try:
            await get(technical_id)
        except NotFoundError:
            return False
        return True

    async def _create_unverifiable(
        self, progress: _Progress, field: str, operation: str, create: Callable[[], Awaitable[str]]
    ) -> str:
        """A create nothing can look up afterwards: mark it pending until its answer comes."""
        progress.save(**{PENDING: operation})
        try:
            made = await self._paced(create)
        except (OutcomeUnknownError, asyncio.CancelledError):
            raise  # it may have been made: the checkpoint keeps saying so
        except LoyaltyError:
            progress.save(**{PENDING: None})  # refused: nothing was made
            raise
        progress.save(**{PENDING: None, field: made})
        return made

    @staticmethod
    async def _paced(send: Callable[[], Awaitable[T]]) -> T:
        """``send()``, waiting and trying again while the server answers 429.

        A 429 means the server did nothing, so trying again is safe; the SDK leaves it to
        the caller for writes (see docs/retries-and-errors.md).
        """
        for attempt in range(1, RATE_LIMITED_TRIES + 1):
            try:
                return await send()
            except RateLimitError as exc:
                if attempt == RATE_LIMITED_TRIES:
                    raise
                wait = exc.retry_after if exc.retry_after is not None else 0.5 * 2**attempt
                await asyncio.sleep(min(wait, 60.0))
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _outcome(outcome: str, account_id: str, owner: Membership) -> dict[str, str]:
    return {
        "outcome": outcome,
        "account_id": account_id,
        "user_id": owner.user_id or "",
        "membership_id": owner.membership_id or "",
    }


def _text(value: str | None, what: str) -> str:
    if not value:
        raise ValidationError(f"the server's answer lacks {what}")
    return value


def retry_unknown_rows(retry_all: bool) -> Callable[[JournalEntry], bool]:
    """Which rows an earlier run left unknown to perform again.

    Every row stopped between steps (a crash, Ctrl-C, a lost answer that can be looked
    up): going on is safe. A row whose account or user create got no answer only with
    ``--retry-unknown`` (``retry_all``): it may leave an empty account or user behind.
    """

    def decide(entry: JournalEntry) -> bool:
        progress = entry.value if isinstance(entry.value, dict) else {}
        return retry_all or not progress.get(PENDING)

    return decide


# ---------------------------------------------------------------------- import members


@attrs.define
class ImportCounts:
    """What an import did with its rows."""

    created: int = 0
    resumed: int = 0
    skipped: int = 0
    failed: int = 0
    invalid: int = 0
    duplicates: int = 0
    unknown: int = 0
    attempted: int = 0

    @property
    def rows(self) -> int:
        """Rows settled so far (every status)."""
        return self.created + self.skipped + self.failed + self.unknown


class FailedRows:
    """The file of rows that did not go through: line, the original columns, status, error.

    Written beside the target and moved over it when the run ends, so an interrupted run
    still leaves a complete file of what it saw fail.
    """

    def __init__(self, path: Path, fieldnames: Sequence[str]) -> None:
        self.path = path
        self._width = len(fieldnames)
        handle, self._partial = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
        self._file = os.fdopen(handle, "w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)
        self._writer.writerow(["line", *fieldnames, "status", "error"])
        self.count = 0

    def add(self, line: int, values: Sequence[str], status: str, error: str) -> None:
        """Write one row (values padded or cut to the header's width)."""
        cells = [*values[: self._width], *[""] * (self._width - len(values))]
        self._writer.writerow([line, *cells, status, error])
        self.count += 1

    def close(self) -> None:
        """Finish the file and put it in place."""
        self._file.close()
        os.replace(self._partial, self.path)

    def discard(self) -> None:
        """Drop the unfinished file."""
        self._file.close()
        with contextlib.suppress(OSError):
            os.unlink(self._partial)


def _unknown_reason(entry: JournalEntry | None, result: ItemResult[MemberRow, Any]) -> str:
    progress = entry.value if entry is not None and isinstance(entry.value, dict) else {}
    pending = progress.get(PENDING)
    if pending == "accounts.create":
        return (
            "creating the account got no answer, so an empty account (no card, no member) "
            "may exist; run again with --retry-unknown to go on"
        )
    if pending == "users.create":
        return (
            "creating the user got no answer, so a user without membership may exist; "
            "run again with --retry-unknown to go on"
        )
    return f"{result.error_type}: {result.error_message}; run again with the same journal to go on"


class MemberImport:
    """One ``import members`` run: reads the file, runs the rows, counts and reports."""

    def __init__(
        self,
        members: MemberFile,
        client: ConvercusClient,
        journal: Journal,
        failed: FailedRows,
        *,
        concurrency: int,
        retry_failed: bool,
        retry_unknown: bool,
    ) -> None:
        self.members = members
        self.journal = journal
        self.failed = failed
        self.counts = ImportCounts()
        self.runner = BulkRunner(
            MemberEnroller(client, journal),
            members.rows(self._invalid),
            key=lambda row: row.card,
            concurrency=concurrency,
            journal=journal,
            retry_failed=retry_failed,
            retry_unknown=retry_unknown_rows(retry_unknown),
            record_value=lambda value: value,
        )
        self.on_row: Callable[[], None] = lambda: None

    def _invalid(self, line: int, values: Sequence[str], error: str) -> None:
        self.counts.failed += 1
        self.counts.invalid += 1
        self.failed.add(line, values, "invalid", error)
        self.on_row()

    async def run(self) -> ImportCounts:
        """Run every row; the counts are kept up to date (and final if it is interrupted)."""
        async with self.runner:
            async for result in self.runner:
                self._record(result)
                self.on_row()
        return self.counts

    def _record(self, result: ItemResult[MemberRow, Any]) -> None:
        counts, row = self.counts, result.item
        if result.attempted:
            counts.attempted += 1
        if result.status is Status.SUCCEEDED:
            outcome = (result.value or {}).get("outcome")
            if outcome == "existing":
                counts.skipped += 1
            else:
                counts.created += 1
                counts.resumed += int(outcome == "resumed")
        elif result.status is Status.SKIPPED:
            counts.skipped += 1
        elif result.status is Status.DUPLICATE:
            counts.failed += 1
            counts.duplicates += 1
            self.failed.add(
                row.line, row.values, "duplicate", "the card code is on an earlier line already"
            )
        elif result.status is Status.FAILED:
            counts.failed += 1
            when = "" if result.attempted else " (in an earlier run)"
            error = f"{result.error_type}: {result.error_message}{when}"
            self.failed.add(row.line, row.values, "failed", error)
        else:
            counts.unknown += 1
            reason = _unknown_reason(self.journal.get(row.card), result)
            self.failed.add(row.line, row.values, "unknown", reason)


def _progress(console: Console, *columns: ProgressColumn) -> Progress:
    """A progress display on ``console``, shown only when it is a terminal."""
    return Progress(*columns, console=console, disable=not console.is_terminal)


def _writable(path: Path) -> Path:
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: {path.parent} is not a directory")
    return path


async def import_members(
    args: argparse.Namespace,
    settings: Mapping[str, Any],
    *,
    out: TextIO,
    console: Console,
) -> int:
    """Run ``import members`` with client ``settings``; return the exit status."""
    members = MemberFile(args.csv)
    failed_path = _writable(args.failed_out or args.csv.with_name(f"{args.csv.stem}.failed.csv"))
    journal_path = _writable(args.journal or args.csv.with_name(f"{args.csv.stem}.journal"))
    total = members.count()
    client = _client(settings, connections=args.concurrency, rate=args.rate)
    try:
        journal = Journal(journal_path)
    except JournalCorruptError as exc:
        await client.aclose()
        raise UsageError(
            f"{exc}. import members looks every member up before it creates one, so a run "
            "with a new journal (--journal NEW) enrols nobody twice"
        ) from None
    except JournalError as exc:
        await client.aclose()
        raise UsageError(str(exc)) from None
    failed = FailedRows(failed_path, members.fieldnames)
    started = time.monotonic()
    job: MemberImport | None = None
    interrupted = True
    try:
        async with client:
            await client.auth.login()  # wrong credentials stop here, before any row
            job = MemberImport(
                members,
                client,
                journal,
                failed,
                concurrency=args.concurrency,
                retry_failed=args.retry_failed,
                retry_unknown=args.retry_unknown,
            )
            bar = _progress(
                console,
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed, {task.fields[unknown]} unknown"),
                TextColumn("{task.fields[rate]:.1f} rows/s"),
                TimeRemainingColumn(),
            )
            with bar:
                task = bar.add_task(args.csv.name, total=total, failed=0, unknown=0, rate=0.0)
                job.on_row = _progress_updater(bar, task, job.counts, started)
                await job.run()
        interrupted = False
    finally:
        if job is None:
            failed.discard()  # it stopped before any row: keep an older file as it was
        else:
            failed.close()
        journal.close()
        if job is not None:
            elapsed = time.monotonic() - started
            _print_import_summary(out, args, job.counts, failed, elapsed, interrupted)
    counts = job.counts
    return EXIT_OK if counts.failed == counts.unknown == 0 else EXIT_ERROR


def _progress_updater(
    bar: Progress, task: TaskID, counts: ImportCounts, started: float
) -> Callable[[], None]:
    def update() -> None:
        elapsed = time.monotonic() - started
        bar.update(
            task,
            completed=counts.rows,
            failed=counts.failed,
            unknown=counts.unknown,
            rate=counts.attempted / elapsed if elapsed > 0 else 0.0,
        )

    return update


def _print_import_summary(
    out: TextIO,
    args: argparse.Namespace,
    counts: ImportCounts,
    failed: FailedRows,
    elapsed: float,
    interrupted: bool,
) -> None:
    rate = counts.attempted / elapsed if elapsed > 0 else 0.0
    state = "interrupted after" if interrupted else "done:"
    out.write(f"import members {args.csv}: {state} {counts.rows} rows in {elapsed:.1f} s")
    out.write(f" ({rate:.1f} rows/s)\n")
    notes = []
    if counts.invalid:
        notes.append(f"{counts.invalid} invalid")
    if counts.duplicates:
        notes.append(f"{counts.duplicates} duplicate")
    out.write(f"  created  {counts.created}")
    out.write(f" ({counts.resumed} resumed from an earlier run)\n" if counts.resumed else "\n")
    out.write(f"  skipped  {counts.skipped}\n")
    out.write(f"  failed   {counts.failed}" + (f" ({', '.join(notes)})\n" if notes else "\n"))
    out.write(f"  unknown  {counts.unknown}\n")
    if failed.count:
        out.write(f"rows that did not go through, with their errors: {failed.path}\n")
    if interrupted:
        out.write("run the same command again to go on where it stopped\n")
    out.flush()


# ---------------------------------------------------------------------- export


def parse_report(name: str) -> Report:
    """A report from its name on the command line (``account-booking``, ``transactions``)."""
    key = name.strip().lower().replace("-", "_")
    for candidate in (key, key[:-1] if key.endswith("s") else key):
        try:
            report = Report(candidate)
        except ValueError:
            try:
                report = Report[candidate.upper()]
            except KeyError:
                continue
        if not report.exportable:
            raise UsageError(f"the {_report_name(report)} report has no export")
        return report
    names = ", ".join(_report_name(report) for report in Report if report.exportable)
    raise UsageError(f"unknown report {name!r}; one of {names}")


def _report_name(report: Report) -> str:
    return report.value.replace("_", "-")


def parse_params(pairs: Sequence[str]) -> list[tuple[str, str]]:
    """``key=value`` filters, in order (a key may repeat)."""
    params = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param takes key=value, got {pair!r}")
        params.append((key.strip(), value))
    return params


async def export_report(
    args: argparse.Namespace,
    settings: Mapping[str, Any],
    *,
    out: TextIO,
    console: Console,
) -> int:
    """Run ``export``: stream the report to ``--out``; return the exit status."""
    report = parse_report(args.report)
    params = parse_params(args.param)
    target = _writable(args.out or Path(f"{_report_name(report)}.csv"))
    bar = _progress(
        console,
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        TextColumn("{task.fields[rows]:,} rows"),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
    )
    started = time.monotonic()
    async with _client(settings, connections=1, rate=None) as client:
        with bar:
            task = bar.add_task(_report_name(report), total=None, rows=0)

            def show(rows: int, size: int) -> None:
                bar.update(task, completed=size, rows=rows)

            saved = await client.reports.download(report, target, params=params, progress=show)
    elapsed = time.monotonic() - started
    speed = saved.bytes / elapsed if elapsed > 0 else 0.0
    out.write(
        f"exported {saved.rows} rows ({filesize.decimal(saved.bytes)}) of "
        f"{_report_name(report)} to {saved.path} in {elapsed:.1f} s "
        f"({filesize.decimal(int(speed))}/s)\n"
    )
    out.flush()
    return EXIT_OK


# ---------------------------------------------------------------------- the commands


def _rate(text: str) -> float:
    try:
        return RateLimiter(float(text)).rate  # the limiter's own check of the value
    except ValueError:  # not a number, or refused by RateLimiter (a ConfigurationError)
        raise argparse.ArgumentTypeError(
            f"must be a number of requests a second above 0, got {text!r}"
        ) from None


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``import members`` and ``export``."""
    importer = subparsers.add_parser(
        "import",
        help="import members from a CSV file, restart-safe",
        description="Import data into Convercus. See docs/cli-batch.md.",
    )
    kinds = importer.add_subparsers(dest="what", required=True, metavar="WHAT")
    members = kinds.add_parser(
        "members",
        parents=[CONNECTION],
        help="enrol members: account, card, user and OWNER membership per row",
        description="Enrol one member per CSV row: an account with the card code as its "
        "CARDCODE identifier, a user and the OWNER membership with opt-ins. Columns: "
        f"{', '.join(COLUMNS)} and {OPTIN_PREFIX}<type> (card_code and email required). "
        "Restart-safe: run the same command again after a crash or Ctrl-C. "
        "See docs/cli-batch.md.",
    )
    members.add_argument("csv", type=Path, metavar="CSV", help="the members file (UTF-8)")
    members.add_argument(
        "--concurrency", type=positive_int, default=8, metavar="N", help="rows in flight (8)"
    )
    members.add_argument(
        "--rate",
        type=_rate,
        metavar="PER_SECOND",
        help="most API requests per second, evenly spaced (no limit)",
    )
    members.add_argument(
        "--journal",
        type=Path,
        metavar="FILE",
        help="the journal that makes the run resumable (CSV.journal)",
    )
    members.add_argument(
        "--retry-failed", action="store_true", help="perform again rows an earlier run failed"
    )
    members.add_argument(
        "--retry-unknown",
        action="store_true",
        help="go on with rows whose account or user create got no answer in an earlier run "
        "(may leave an empty account or user behind)",
    )
    members.add_argument(
        "--failed-out",
        type=Path,
        metavar="FILE",
        help="file of the rows that did not go through, with their errors (CSV.failed.csv)",
    )
    members.set_defaults(handler=run_import_members)

    export = subparsers.add_parser(
        "export",
        parents=[CONNECTION],
        help="stream a Reports v3 export to a file",
        description="Stream a Reports v3 export to a file, with a progress bar of rows and "
        "bytes. See docs/cli-batch.md.",
    )
    export.add_argument(
        "report",
        metavar="REPORT",
        help="the report: "
        + ", ".join(_report_name(report) for report in Report if report.exportable),
    )
    export.add_argument("--out", type=Path, metavar="FILE", help="the file to write (REPORT.csv)")
    export.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a filter sent as a query parameter (repeatable)",
    )
    export.set_defaults(handler=run_export)


def run_import_members(args: argparse.Namespace) -> int:
    """``loyalty-async import members``: the exit status (errors are raised for ``main``)."""
    MemberFile(args.csv)  # a wrong file is told before the password is asked for
    settings = client_settings(args)
    console = Console(file=sys.stderr)
    return run_async(import_members(args, settings, out=sys.stdout, console=console))


def run_export(args: argparse.Namespace) -> int:
    """``loyalty-async export``: the exit status (errors are raised for ``main``)."""
    parse_report(args.report)  # told before the password is asked for
    parse_params(args.param)
    settings = client_settings(args)
    console = Console(file=sys.stderr)
    return run_async(export_report(args, settings, out=sys.stdout, console=console))
