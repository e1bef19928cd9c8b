"""Restart-safe member enrolment: one Convercus member per row, never two for one card.

:class:`MemberEnroller` enrols one member (an account with the card as its ``CARDCODE``
identifier, a user, and the OWNER membership with opt-ins), looking on the server before
every create and checkpointing every new id in the journal, so that a row performed again
after a crash goes on where it stopped. :class:`MemberImport` runs many rows through
:class:`~loyalty_async.bulk.BulkRunner` with it and counts what became of each::

    from loyalty_async import ConvercusClient
    from loyalty_async.bulk import Journal
    from loyalty_async.recipes.enrol import FailedRows, MemberImport
    from loyalty_async.recipes.member_file import MemberFile

    members = MemberFile("members.csv")
    async with ConvercusClient.from_env() as client:
        with Journal("members.journal") as journal:
            failed = FailedRows("members.failed.csv", members.fieldnames)
            job = MemberImport(members, client, journal, report=failed.add)
            try:
                counts = await job.run()
            finally:
                failed.close()

``loyalty-async import members`` is this, with a progress bar (``docs/cli-batch.md``).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import os
import tempfile
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import attrs

from loyalty_async.bulk import BulkRunner, ItemResult, Journal, JournalEntry, RateLimiter, Status
from loyalty_async.bulk.backend import JournalBackend, as_backend
from loyalty_async.convercus.client import ConvercusClient
from loyalty_async.convercus.enums import IdentifierType, IdType, MemberRole
from loyalty_async.convercus.models.profile import Membership
from loyalty_async.errors import (
    ConflictError,
    LoyaltyError,
    NotFoundError,
    OutcomeUnknownError,
    ValidationError,
)
from loyalty_async.recipes.member_file import MemberRow, OnInvalid

#: What the journal's checkpoint says a create was waiting for when its answer never came.
PENDING = "pending"
#: Tries of a create that the server refuses with 429 (it did nothing; wait, then again):
#: at least this many, or the client's own ``max_attempts`` if it allows more.
RATE_LIMITED_TRIES = 6
#: Longest ``Retry-After`` a create waits for (at least; the client's cap if higher);
#: beyond it the row fails at once with the server's 429.
RATE_LIMITED_WAIT_CAP = 60.0
#: Tries of a step whose lost answer was looked up and found not done.
LOST_ANSWER_TRIES = 3


class MemberTaken(LoyaltyError):
    """The row's card already belongs to another member (nothing of the row was changed)."""


class _Progress:
    """What one row has made so far, checkpointed in the journal after every step."""

    def __init__(self, journal: JournalBackend, key: str, state: Mapping[str, Any]) -> None:
        self._journal = journal
        self._key = key
        self.state = dict(state)

    def get(self, name: str) -> Any:
        return self.state.get(name)

    async def save(self, **changes: Any) -> None:
        for name, value in changes.items():
            if value is None:
                self.state.pop(name, None)
            else:
                self.state[name] = value
        await self._journal.checkpoint(self._key, self.state)


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

    def __init__(self, client: ConvercusClient, journal: Journal | JournalBackend) -> None:
        self._client = client
        self._journal = as_backend(journal)
        # A 429 means the server did nothing: the creates are resent after Retry-After by
        # the session itself, within the call's deadline and these caps.
        policy = client.session.retry
        self._writes = attrs.evolve(
            policy,
            resend_writes_on_429=True,
            max_attempts=max(policy.max_attempts, RATE_LIMITED_TRIES),
            retry_after_cap=max(policy.retry_after_cap, RATE_LIMITED_WAIT_CAP),
        )

    async def __call__(self, row: MemberRow) -> dict[str, str]:
        """Enrol the member of ``row``, going on from the journal's checkpoint if any."""
        entry = await self._journal.get(row.card)
        earlier = entry.value if entry is not None and isinstance(entry.value, dict) else {}
        progress = _Progress(self._journal, row.card, earlier)
        if progress.get(PENDING):
            # Performed again on purpose (--retry-unknown): whatever the lost create may
            # have made is left behind; carry on from the last step known to be done.
            await progress.save(**{PENDING: None})
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
                progress,
                "account_id",
                "accounts.create",
                self._client.accounts.with_options(retry=self._writes).create,
            )
        await self._attach_card(row.card, account_id)
        return account_id, False

    async def _attach_card(self, card: str, account_id: str) -> None:
        for attempt in range(1, LOST_ANSWER_TRIES + 1):
            try:
                await self._client.identifiers.with_options(retry=self._writes).create(
                    account_id, IdentifierType.CARDCODE, code=card
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
            users = self._client.users.with_options(retry=self._writes)
            user_id = await self._create_unverifiable(
                progress, "user_id", "users.create", lambda: users.create(row.user)
            )
        return str(user_id)

    async def _membership(self, row: MemberRow, account_id: str, user_id: str) -> str:
        for attempt in range(1, LOST_ANSWER_TRIES + 1):
            try:
                return await self._client.memberships.with_options(retry=self._writes).create(
                    account_id,
                    user_id=user_id,
                    member_role=MemberRole.OWNER,
                    optins=row.optins,
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
        await progress.save(**{PENDING: operation})
        try:
            made = await create()
        except (OutcomeUnknownError, asyncio.CancelledError):
            raise  # it may have been made: the checkpoint keeps saying so
        except LoyaltyError:
            await progress.save(**{PENDING: None})  # refused: nothing was made
            raise
        await progress.save(**{PENDING: None, field: made})
        return made


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

    Written beside the target and moved over it by :meth:`close`, so an interrupted run
    still leaves a complete file of what it saw fail; :meth:`add` is a ``report`` for
    :class:`MemberImport`. The file is a valid members file: ``line``, ``status`` and
    ``error`` are ignored on input, so corrected rows import as they are.
    """

    def __init__(self, path: str | os.PathLike[str], fieldnames: Sequence[str]) -> None:
        self.path = Path(path)
        self._width = len(fieldnames)
        handle, self._partial = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent
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


def unknown_reason(
    entry: JournalEntry | None, error_type: str | None, error_message: str | None
) -> str:
    """What to tell about a row left unknown, from its journal entry (its checkpoint)."""
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
    return f"{error_type}: {error_message}; run again with the same journal to go on"


#: Told about each row that did not go through: ``report(line, values, status, error)``
#: with status ``invalid``, ``duplicate``, ``failed`` or ``unknown``.
Report = Callable[[int, Sequence[str], str, str], None]


class RowSource(Protocol):
    """Where the rows of an import come from: a :class:`MemberFile`, or a chunk of one."""

    def rows(self, on_invalid: OnInvalid) -> Iterator[MemberRow]:
        """The valid rows; each malformed one goes to ``on_invalid(line, values, error)``."""
        ...


@attrs.frozen
class RowOutcome:
    """What became of one row: ``outcome`` is one of :data:`OUTCOMES`.

    ``created`` (``resumed``: begun by an earlier run), ``skipped`` (done before, or the
    card already had this member), ``invalid``, ``duplicate``, ``failed``, ``unknown``;
    ``error`` says why for the last four.
    """

    line: int
    values: Sequence[str]
    outcome: str
    error: str | None = None


#: Every outcome a row can have, in the order a summary lists them.
OUTCOMES = ("created", "resumed", "skipped", "invalid", "duplicate", "failed", "unknown")
#: The outcomes of rows that did not go through (reported with their error).
FAILURES = frozenset({"invalid", "duplicate", "failed", "unknown"})


class MemberImport:
    """Runs the rows of a members file through :class:`MemberEnroller`, counts and reports.

    :param members: the rows (a :class:`~loyalty_async.recipes.member_file.MemberFile`).
    :param client: the client the members are enrolled with.
    :param journal: the journal that makes the run resumable (left open).
    :param report: told about each row that did not go through (``FailedRows.add``).
    :param settled: awaited with the :class:`RowOutcome` of every row, whatever it came
        to (for a shared record of a distributed job).
    :param concurrency: rows in flight at once.
    :param rate: most rows started per second (pace every request instead with a
        :class:`~loyalty_async.bulk.RateLimiter` as the client's ``on_request`` hook).
    :param retry_failed: perform again rows an earlier run failed.
    :param retry_unknown: go on with rows whose account or user create got no answer in an
        earlier run (may leave an empty account or user behind).

    :attr:`counts` is kept up to date while it runs (and is final if it is interrupted);
    :attr:`on_row` is called after every row settles, for a progress display.
    """

    def __init__(
        self,
        members: RowSource,
        client: ConvercusClient,
        journal: Journal | JournalBackend,
        *,
        report: Report | None = None,
        settled: Callable[[RowOutcome], Awaitable[None]] | None = None,
        concurrency: int = 8,
        rate: float | RateLimiter | None = None,
        retry_failed: bool = False,
        retry_unknown: bool = False,
        grace: float = 10.0,
    ) -> None:
        self.journal = as_backend(journal)
        self.report = report
        self.settled = settled
        self.counts = ImportCounts()
        self._unsent: list[RowOutcome] = []
        self.runner = BulkRunner(
            MemberEnroller(client, journal),
            members.rows(self._invalid),
            key=lambda row: row.card,
            origin=lambda row: row.line,
            concurrency=concurrency,
            rate=rate,
            journal=journal,
            retry_failed=retry_failed,
            retry_unknown=retry_unknown_rows(retry_unknown),
            record_value=lambda value: value,
            grace=grace,
        )
        self.on_row: Callable[[], None] = lambda: None

    def _invalid(self, line: int, values: Sequence[str], error: str) -> None:
        self._settle(RowOutcome(line, values, "invalid", error))

    async def run(self) -> ImportCounts:
        """Run every row; the counts are kept up to date (and final if it is interrupted)."""
        try:
            async with self.runner:
                async for result in self.runner:
                    await self._record(result)
                    await self._send_settled()
        finally:
            await self._send_settled()
        return self.counts

    async def _send_settled(self) -> None:
        if self.settled is None:
            self._unsent.clear()
            return
        while self._unsent:
            await self.settled(self._unsent.pop(0))

    def _settle(self, row: RowOutcome) -> None:
        counts = self.counts
        if row.outcome == "resumed":
            counts.created += 1
            counts.resumed += 1
        elif row.outcome in ("created", "skipped", "failed", "unknown"):
            setattr(counts, row.outcome, getattr(counts, row.outcome) + 1)
        else:  # invalid, duplicate: failed rows of their own kind
            counts.failed += 1
            counts.invalid += row.outcome == "invalid"
            counts.duplicates += row.outcome == "duplicate"
        if row.outcome in FAILURES and self.report is not None:
            self.report(row.line, row.values, row.outcome, row.error or "")
        self._unsent.append(row)
        self.on_row()

    async def _record(self, result: ItemResult[MemberRow, Any]) -> None:
        row = result.item
        if result.attempted:
            self.counts.attempted += 1
        if result.status is Status.ELSEWHERE:
            return  # another worker of the job settles it
        error: str | None = None
        if result.status is Status.SUCCEEDED:
            outcome = str((result.value or {}).get("outcome"))
            status = {"existing": "skipped", "resumed": "resumed"}.get(outcome, "created")
        elif result.status is Status.SKIPPED:
            status = "skipped"
        elif result.status is Status.DUPLICATE:
            status, error = "duplicate", "the card code is on an earlier line already"
        elif result.status is Status.FAILED:
            when = "" if result.attempted else " (in an earlier run)"
            status, error = "failed", f"{result.error_type}: {result.error_message}{when}"
        else:
            entry = await self.journal.get(row.card)
            status = "unknown"
            error = unknown_reason(entry, result.error_type, result.error_message)
        self._settle(RowOutcome(row.line, row.values, status, error))
