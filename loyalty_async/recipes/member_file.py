"""A members CSV file: its columns, and its rows read lazily with their line numbers.

The rules of the file (columns, spellings, what each value must be) are the ones
``docs/cli-batch.md`` states for ``loyalty-async import members``. Reading never loses a
row: every record after the header is either a :class:`MemberRow` or handed to
``on_invalid`` with its line number and the reason, and a quote left open costs only the
line it opened on.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from loyalty_async.convercus.enums import GenderCode
from loyalty_async.convercus.models.profile import NewUser, Optin
from loyalty_async.convercus.validation import (
    check_country_code,
    check_date,
    check_email,
    check_enum,
)
from loyalty_async.errors import ValidationError

#: A record as read: ``(first line, values, why it is not valid CSV or None)``.
Record = tuple[int, list[str], str | None]
#: Told about each row that cannot be imported: ``on_invalid(line, values, error)``.
OnInvalid = Callable[[int, Sequence[str], str], None]


class MemberFileError(ValidationError):
    """The members file cannot be used at all: unreadable, not UTF-8, or a wrong header."""


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


def _read_records(file: TextIO) -> Iterator[Record]:
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
                error = f"a quote opened on this line is not closed properly ({error})"
        if error is not None:
            values = _loose_values(text)  # for the failed-rows file: what the line held
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
    except csv.Error:  # a field past the csv module's size limit: split it plainly
        return text.rstrip("\r\n").split(",")


class MemberColumns:
    """What each column of a members file's header means, and how a row of it is read.

    The header must name ``card_code`` and ``email``; every other column must be a known
    one (or another spelling of one, see :data:`ALIASES`), ``optin_<type>``, or one the
    failed-rows file adds. Raises :class:`MemberFileError` otherwise.
    """

    def __init__(self, fieldnames: Sequence[str], *, source: str = "the header") -> None:
        if not fieldnames or not any(name.strip() for name in fieldnames):
            raise MemberFileError(f"{source} is empty: the first line must name the columns")
        self.fieldnames = list(fieldnames)
        self._fields: dict[int, str] = {}
        self._optins: dict[int, str] = {}
        unknown: list[str] = []
        seen: set[str] = set()
        for index, name in enumerate(self.fieldnames):
            column = _normalise(name)
            if column in REPORT_COLUMNS:
                continue
            if column.startswith(OPTIN_PREFIX) and len(column) > len(OPTIN_PREFIX):
                optin = name.strip()[len(OPTIN_PREFIX) :]
                if optin.lower() in seen:
                    raise MemberFileError(f"{source}: the opt-in {optin!r} has two columns")
                seen.add(optin.lower())
                self._optins[index] = optin
            elif column in COLUMNS:
                if column in self._fields.values():
                    raise MemberFileError(f"{source}: the column {column!r} appears twice")
                self._fields[index] = column
            else:
                unknown.append(name)
        if unknown:
            names = ", ".join(map(repr, unknown))
            known = ", ".join([*COLUMNS, f"{OPTIN_PREFIX}<type>"])
            raise MemberFileError(f"{source}: unknown column(s) {names}; use {known}")
        absent = [column for column in REQUIRED if column not in self._fields.values()]
        if absent:
            raise MemberFileError(f"{source}: the header lacks the column(s) {', '.join(absent)}")

    def index_of(self, column: str) -> int:
        """Where the column ``column`` (by its usual name, such as ``card_code``) is."""
        for index, name in self._fields.items():
            if name == column:
                return index
        raise KeyError(column)

    def rows(self, records: Iterable[Record], on_invalid: OnInvalid) -> Iterator[MemberRow]:
        """The valid rows of ``records``; each other one goes to ``on_invalid``."""
        for line, values, error in records:
            if error is None:
                try:
                    yield self.parse(line, values)
                    continue
                except ValidationError as exc:
                    error = str(exc)
            on_invalid(line, values, error)

    def parse(self, line: int, values: Sequence[str]) -> MemberRow:
        """The row of ``values`` found on ``line``; a :class:`ValidationError` says why not."""
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


class MemberFile:
    """A members CSV file: checks its header at once, then reads rows lazily with line numbers.

    Rows are parsed one at a time (the file is never loaded); a malformed row is handed to
    ``on_invalid`` with its line number and the reading goes on. Raises
    :class:`MemberFileError` when the file cannot be read or its header is wrong.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            with self.path.open(newline="", encoding="utf-8-sig") as file:
                first = next(_read_records(file), None)
        except UnicodeDecodeError as exc:
            raise MemberFileError(f"{self.path} is not UTF-8 text: {exc}") from None
        except OSError as exc:
            raise MemberFileError(f"cannot read {self.path}: {exc}") from None
        if first is not None and first[2] is not None:
            raise MemberFileError(
                f"{self.path}: the header (line {first[0]}) is not valid CSV: {first[2]}"
            )
        header = [] if first is None else first[1]
        self.columns = MemberColumns(header, source=str(self.path))

    @property
    def fieldnames(self) -> list[str]:
        """The header's column names, as written."""
        return self.columns.fieldnames

    def count(self) -> int:
        """How many records follow the header: a quick first pass that also checks the file.

        Bytes that are not UTF-8 stop here, before anything is sent.
        """
        return sum(1 for _record in self.records())

    def rows(self, on_invalid: OnInvalid) -> Iterator[MemberRow]:
        """Every valid row; each malformed one goes to ``on_invalid(line, values, error)``."""
        return self.columns.rows(self.records(), on_invalid)

    def records(self) -> Iterator[Record]:
        """``(first line, values, CSV error)`` of each record after the header."""
        try:
            with self.path.open(newline="", encoding="utf-8-sig") as file:
                records = _read_records(file)
                next(records, None)
                yield from records
        except UnicodeDecodeError as exc:
            raise MemberFileError(f"{self.path} is not UTF-8 text: {exc}") from None
