"""Reports v3: list endpoints as paged iterators, exports as streamed files.

Every report of ``/reports/v3`` has a list endpoint (paged JSON) and, except segments
and scores, an export endpoint (a file download, read here as CSV). Exports are never
held in memory: :meth:`ReportsService.export` parses rows as the bytes arrive and
:meth:`ReportsService.download` writes them to a file as they arrive, so a year of
transactions costs the same memory as a day. The filters of these endpoints are not
documented, so every method passes ``params`` through as query parameters.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import enum
import os
import tempfile
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import attrs

from loyalty_async.convercus.services.base import ConvercusService
from loyalty_async.errors import DecodeError, ValidationError
from loyalty_async.paging import Pager
from loyalty_async.session.call import Params
from loyalty_async.transport.base import Response

#: Content types that are certainly not CSV: refuse to parse them as rows.
_NOT_CSV = ("json", "zip", "spreadsheetml", "pdf", "html")

_DELIMITERS = (",", ";", "\t", "|")

#: Lines that hold no record (a CRLF file's blank line keeps its "\r").
_BLANK = (b"", b"\r")

#: ``progress(rows, bytes)`` as a download goes.
DownloadProgress = Callable[[int, int], object]


class Report(str, enum.Enum):
    """A report of the Reports v3 API; the value is its name in the operation table."""

    ACCOUNT_BOOKING = "account_booking"
    ACCOUNT = "account"
    ACCOUNT_COUPON = "account_coupon"
    ACCOUNT_COUPON_ACTIVATIONS = "account_coupon_activations"
    ACCOUNT_LEVEL_BOOKING = "account_level_booking"
    ACCOUNT_SNAPSHOT = "account_snapshot"
    ACCOUNT_STATUS_LEVEL = "account_status_level"
    ACCOUNT_USER = "account_user"
    ACCOUNT_IDENTIFIER = "account_identifier"
    ACCOUNT_BALANCE = "account_balance"
    COUPON = "coupon"
    COUPON_REDEMPTION = "coupon_redemption"
    MEMBERSHIP = "membership"
    PARTNER = "partner"
    STORE = "store"
    TRANSACTION = "transaction"
    USER = "user"
    PUSH_TOKENS = "push_tokens"
    INTERACTION_POINTS = "interaction_points"
    NEWS_POST = "news_post"
    #: List only: there is no export.
    SEGMENT = "segment"
    #: List only: there is no export.
    SCORE = "score"

    def __str__(self) -> str:
        return self.value

    @property
    def exportable(self) -> bool:
        """Whether the report has an export endpoint."""
        return self not in (Report.SEGMENT, Report.SCORE)


@attrs.frozen
class Download:
    """A finished download: where it is, its data rows (header excluded), and its size."""

    path: Path
    rows: int
    bytes: int


class _Records:
    """Finds where CSV records end in a byte stream: at a newline outside quotes.

    A quoted field may hold newlines; it is open while the count of quote characters
    since the last record end is odd (a doubled ``""`` inside a field counts twice).
    Working on bytes is safe in UTF-8 (or any ASCII-compatible encoding): neither ``"``
    nor a newline byte occurs inside a multibyte character. Memory is one chunk plus
    the record in progress.
    """

    def __init__(self) -> None:
        self._tail = b""
        self._quoted = False
        self._content = False
        self.count = 0

    def feed(self, chunk: bytes) -> bytes:
        """Take a chunk; return the bytes of the whole records it completes (maybe ``b""``)."""
        if self._quoted or b'"' in chunk:
            return self._feed_quoted(chunk)
        # Without quotes every newline ends a record; only blank lines ("" or "\r") are
        # none. Counting them with list.count, not line by line, keeps row counting off
        # a download's CPU bill (it cost more than receiving and writing the bytes).
        pieces = chunk.split(b"\n")
        last = len(pieces) - 1
        if last == 0:
            if chunk and chunk != b"\r":
                self._content = True
            self._tail += chunk
            return b""
        first, rest = pieces[0], pieces[last]
        first_blank, rest_blank = first in _BLANK, rest in _BLANK
        middle_blank = pieces.count(b"") + pieces.count(b"\r") - first_blank - rest_blank
        self.count += last - 1 - middle_blank + (self._content or not first_blank)
        self._content = not rest_blank
        complete = self._tail + chunk[: len(chunk) - len(rest)]
        self._tail = rest
        return complete

    def _feed_quoted(self, chunk: bytes) -> bytes:
        """:meth:`feed` line by line, following quoted fields that hold newlines."""
        end = -1
        position = 0
        pieces = chunk.split(b"\n")
        last = len(pieces) - 1
        for index, piece in enumerate(pieces):
            if piece.count(b'"') % 2:
                self._quoted = not self._quoted
            if piece and piece != b"\r":
                self._content = True
            if index == last:
                break
            position += len(piece) + 1
            if not self._quoted:
                if self._content:
                    self.count += 1
                self._content = False
                end = position
        if end < 0:
            self._tail += chunk
            return b""
        complete = self._tail + chunk[:end]
        self._tail = chunk[end:]
        return complete

    def finish(self) -> bytes:
        """The last record, when the stream does not end with a newline."""
        if self._quoted:
            raise DecodeError("the export ends inside a quoted field: it is cut short")
        if self._content:
            self.count += 1
            self._content = False
        tail, self._tail = self._tail, b""
        return tail


def _sniff_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _check_csv(response: Response) -> None:
    content_type = response.headers.get("Content-Type", "").lower()
    if any(marker in content_type for marker in _NOT_CSV):
        raise DecodeError(
            f"the export is not CSV (Content-Type: {content_type}); "
            "use download() to save it as it comes",
            response=response,
        )


class ExportRows:
    """The rows of one export, parsed as they stream in: ``async for row in rows``.

    Each row is a ``dict`` keyed by the header row. The request is sent when iteration
    starts; the connection is released when the rows run out, on error, or on
    :meth:`aclose` (``async with`` closes it when you stop early). ``fieldnames`` holds
    the header once read; ``rows`` and ``bytes`` count what has arrived so far.
    """

    def __init__(
        self,
        open_stream: Callable[[], AbstractAsyncContextManager[Response]],
        *,
        delimiter: str | None = None,
        encoding: str = "utf-8",
    ) -> None:
        if delimiter is not None and len(delimiter) != 1:
            raise ValidationError("delimiter must be one character", field="delimiter")
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValidationError(f"unknown encoding {encoding!r}", field="encoding") from None
        self._open_stream = open_stream
        self.delimiter = delimiter
        self.encoding = encoding
        self.fieldnames: list[str] | None = None
        self.rows = 0
        self.bytes = 0
        self._iterator: AsyncGenerator[dict[str, str], None] | None = None

    def __aiter__(self) -> AsyncIterator[dict[str, str]]:
        if self._iterator is not None:
            raise ValidationError("an export's rows can be read once; export again to re-read")
        self._iterator = self._rows()
        return self._iterator

    async def aclose(self) -> None:
        """Stop reading and release the connection."""
        if self._iterator is not None:
            await self._iterator.aclose()

    async def __aenter__(self) -> ExportRows:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _rows(self) -> AsyncGenerator[dict[str, str], None]:
        records = _Records()
        # A UTF-8 export may start with a byte-order mark; "utf-8-sig" drops it.
        utf8 = codecs.lookup(self.encoding).name == "utf-8"
        decoder = codecs.getincrementaldecoder("utf-8-sig" if utf8 else self.encoding)()
        async with self._open_stream() as response:
            _check_csv(response)
            async for chunk in response.aiter_bytes():
                self.bytes += len(chunk)
                complete = records.feed(chunk)
                if complete:
                    for row in self._parse(self._decode(decoder, complete)):
                        yield row
            for row in self._parse(self._decode(decoder, records.finish(), final=True)):
                yield row

    def _decode(self, decoder: codecs.IncrementalDecoder, data: bytes, final: bool = False) -> str:
        try:
            return decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"the export is not valid {self.encoding} near row {self.rows + 1}; "
                "pass encoding= if it uses another one"
            ) from exc

    def _parse(self, text: str) -> Iterator[dict[str, str]]:
        """The rows of whole records, one at a time."""
        if not text:
            return
        if self.delimiter is None:
            end = text.find("\n")
            self.delimiter = _sniff_delimiter(text if end < 0 else text[:end])
        try:
            for fields in csv.reader(_lines(text), delimiter=self.delimiter):
                if not fields:
                    continue  # a blank line
                if self.fieldnames is None:
                    self.fieldnames = fields
                    continue
                if len(fields) != len(self.fieldnames):
                    raise DecodeError(
                        f"row {self.rows + 1} of the export has {len(fields)} fields; the "
                        f"header has {len(self.fieldnames)}"
                    )
                self.rows += 1
                yield dict(zip(self.fieldnames, fields, strict=True))
        except csv.Error as exc:
            raise DecodeError(
                f"the export is not valid CSV near row {self.rows + 1}: {exc}"
            ) from exc


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, split at line feeds only (as records are)."""
    start = 0
    while True:
        end = text.find("\n", start) + 1
        if not end:
            if start < len(text):
                yield text[start:]
            return
        yield text[start:end]
        start = end


def _report(report: Report | str) -> Report:
    try:
        return Report(report)
    except ValueError:
        known = ", ".join(member.value for member in Report)
        raise ValidationError(
            f"unknown report {report!r}; known: {known}", field="report"
        ) from None


def _query(params: Params | None, reserved: tuple[str, ...] = ()) -> dict[str, Any]:
    """The query as a mapping; a name given several times becomes a list (sent repeated)."""
    query: dict[str, Any] = {}
    if params is None:
        return query
    for name, value in params.items() if isinstance(params, Mapping) else params:
        if name in reserved:
            raise ValidationError(
                f"give {name!r} with the method's own argument, not in params", field="params"
            )
        if name in query:
            before = query[name]
            query[name] = [*(before if isinstance(before, list) else [before]), value]
        else:
            query[name] = value
    return query


class ReportsService(ConvercusService):
    """Stream report exports and walk report lists.

    ::

        async with client.reports.export_transactions(params={"from": "2024-01-01"}) as rows:
            async for row in rows:
                ...  # {"transactionId": "...", "points": "50", ...}

        saved = await client.reports.download(Report.TRANSACTION, "transactions.csv")

        async for entry in client.reports.list_transactions(page_size=500):
            ...

    The ``export_*`` and ``list_*`` methods are named shortcuts for :meth:`export` and
    :meth:`list_report` with a :class:`Report`.
    """

    # ------------------------------------------------------------------ generic

    def export(
        self,
        report: Report | str,
        *,
        params: Params | None = None,
        delimiter: str | None = None,
        encoding: str = "utf-8",
    ) -> ExportRows:
        """The rows of ``report``'s export, streamed and parsed as CSV.

        ``delimiter`` is guessed from the header line (``,`` ``;`` tab or ``|``) unless
        given. A UTF-8 byte-order mark is dropped. A row whose field count differs from
        the header's, or bytes that are not ``encoding``, raise
        :class:`~loyalty_async.errors.DecodeError`.
        """
        chosen = self._exportable(report)
        return ExportRows(
            lambda: self._stream(chosen, params), delimiter=delimiter, encoding=encoding
        )

    async def download(
        self,
        report: Report | str,
        path: str | os.PathLike[str],
        *,
        params: Params | None = None,
        progress: DownloadProgress | None = None,
    ) -> Download:
        """Save ``report``'s export to ``path`` as it arrives, byte for byte.

        The bytes go to a temporary file next to ``path`` that replaces it only once the
        whole export has arrived, so a failed download never leaves a truncated file
        behind. ``progress(rows, bytes)`` is called after each chunk. ``rows`` counts
        CSV records after the header.
        """
        chosen = self._exportable(report)
        target = Path(path)
        records = _Records()
        size = 0
        handle, partial = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        try:
            with os.fdopen(handle, "wb") as file:
                async with self._stream(chosen, params) as response:
                    async for chunk in response.aiter_bytes():
                        # A local write of one chunk is quick; the event loop barely waits.
                        file.write(chunk)
                        size += len(chunk)
                        records.feed(chunk)
                        if progress is not None:
                            progress(max(records.count - 1, 0), size)
            with contextlib.suppress(DecodeError):  # a cut-short last record is still saved
                records.finish()
            os.replace(partial, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            raise
        rows = max(records.count - 1, 0)
        if progress is not None:
            progress(rows, size)
        return Download(target, rows, size)

    def list_report(
        self,
        report: Report | str,
        *,
        params: Params | None = None,
        page_size: int = 100,
        start_page: int = 0,
    ) -> Pager[dict[str, Any]]:
        """Every entry of ``report``'s list, fetched a page at a time (Spring ``page``/``size``).

        Pages may come as a Spring page object or a bare array; the walk ends on the last
        page, an empty page or a short one. Start again from a failed page with
        ``start_page=error.resume``.
        """
        chosen = _report(report)
        rows: type[dict[str, Any]] = dict
        return self._pager(
            f"reports.{chosen.value}.list",
            rows,
            page_size=page_size,
            start_page=start_page,
            params=_query(params),
        )

    # ------------------------------------------------------------------ exports

    def export_account_bookings(self, *, params: Params | None = None) -> ExportRows:
        """Stream the account bookings export as CSV rows."""
        return self.export(Report.ACCOUNT_BOOKING, params=params)

    def export_accounts(self, *, params: Params | None = None) -> ExportRows:
        """Stream the accounts export as CSV rows."""
        return self.export(Report.ACCOUNT, params=params)

    def export_account_coupons(self, *, params: Params | None = None) -> ExportRows:
        """Stream the coupons held by accounts export as CSV rows."""
        return self.export(Report.ACCOUNT_COUPON, params=params)

    def export_account_coupon_activations(self, *, params: Params | None = None) -> ExportRows:
        """Stream the coupon activations export as CSV rows."""
        return self.export(Report.ACCOUNT_COUPON_ACTIVATIONS, params=params)

    def export_account_level_bookings(self, *, params: Params | None = None) -> ExportRows:
        """Stream the account level bookings export as CSV rows."""
        return self.export(Report.ACCOUNT_LEVEL_BOOKING, params=params)

    def export_account_snapshots(self, *, params: Params | None = None) -> ExportRows:
        """Stream the account snapshots export as CSV rows."""
        return self.export(Report.ACCOUNT_SNAPSHOT, params=params)

    def export_account_status_levels(self, *, params: Params | None = None) -> ExportRows:
        """Stream the account status levels export as CSV rows."""
        return self.export(Report.ACCOUNT_STATUS_LEVEL, params=params)

    def export_account_users(self, *, params: Params | None = None) -> ExportRows:
        """Stream the accounts with their users export as CSV rows."""
        return self.export(Report.ACCOUNT_USER, params=params)

    def export_account_identifiers(self, *, params: Params | None = None) -> ExportRows:
        """Stream the account identifiers export as CSV rows."""
        return self.export(Report.ACCOUNT_IDENTIFIER, params=params)

    def export_account_balances(self, *, params: Params | None = None) -> ExportRows:
        """Stream the account balances export as CSV rows."""
        return self.export(Report.ACCOUNT_BALANCE, params=params)

    def export_coupons(self, *, params: Params | None = None) -> ExportRows:
        """Stream the coupons export as CSV rows."""
        return self.export(Report.COUPON, params=params)

    def export_coupon_redemptions(self, *, params: Params | None = None) -> ExportRows:
        """Stream the coupon redemptions export as CSV rows."""
        return self.export(Report.COUPON_REDEMPTION, params=params)

    def export_memberships(self, *, params: Params | None = None) -> ExportRows:
        """Stream the memberships export as CSV rows."""
        return self.export(Report.MEMBERSHIP, params=params)

    def export_partners(self, *, params: Params | None = None) -> ExportRows:
        """Stream the partners export as CSV rows."""
        return self.export(Report.PARTNER, params=params)

    def export_stores(self, *, params: Params | None = None) -> ExportRows:
        """Stream the stores export as CSV rows."""
        return self.export(Report.STORE, params=params)

    def export_transactions(self, *, params: Params | None = None) -> ExportRows:
        """Stream the transactions export as CSV rows."""
        return self.export(Report.TRANSACTION, params=params)

    def export_users(self, *, params: Params | None = None) -> ExportRows:
        """Stream the users export as CSV rows."""
        return self.export(Report.USER, params=params)

    def export_push_tokens(self, *, params: Params | None = None) -> ExportRows:
        """Stream the push tokens export as CSV rows."""
        return self.export(Report.PUSH_TOKENS, params=params)

    def export_interaction_points(self, *, params: Params | None = None) -> ExportRows:
        """Stream the interaction points export as CSV rows."""
        return self.export(Report.INTERACTION_POINTS, params=params)

    def export_news_posts(self, *, params: Params | None = None) -> ExportRows:
        """Stream the news posts export as CSV rows."""
        return self.export(Report.NEWS_POST, params=params)

    # ------------------------------------------------------------------ lists

    def list_account_bookings(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the account bookings list, page by page."""
        return self.list_report(Report.ACCOUNT_BOOKING, params=params, page_size=page_size)

    def list_accounts(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the accounts list, page by page."""
        return self.list_report(Report.ACCOUNT, params=params, page_size=page_size)

    def list_account_coupons(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the coupons held by accounts list, page by page."""
        return self.list_report(Report.ACCOUNT_COUPON, params=params, page_size=page_size)

    def list_account_coupon_activations(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the coupon activations list, page by page."""
        return self.list_report(
            Report.ACCOUNT_COUPON_ACTIVATIONS, params=params, page_size=page_size
        )

    def list_account_level_bookings(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the account level bookings list, page by page."""
        return self.list_report(Report.ACCOUNT_LEVEL_BOOKING, params=params, page_size=page_size)

    def list_account_snapshots(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the account snapshots list, page by page."""
        return self.list_report(Report.ACCOUNT_SNAPSHOT, params=params, page_size=page_size)

    def list_account_status_levels(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the account status levels list, page by page."""
        return self.list_report(Report.ACCOUNT_STATUS_LEVEL, params=params, page_size=page_size)

    def list_account_users(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the accounts with their users list, page by page."""
        return self.list_report(Report.ACCOUNT_USER, params=params, page_size=page_size)

    def list_account_identifiers(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the account identifiers list, page by page."""
        return self.list_report(Report.ACCOUNT_IDENTIFIER, params=params, page_size=page_size)

    def list_account_balances(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the account balances list, page by page."""
        return self.list_report(Report.ACCOUNT_BALANCE, params=params, page_size=page_size)

    def list_coupons(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the coupons list, page by page."""
        return self.list_report(Report.COUPON, params=params, page_size=page_size)

    def list_coupon_redemptions(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the coupon redemptions list, page by page."""
        return self.list_report(Report.COUPON_REDEMPTION, params=params, page_size=page_size)

    def list_memberships(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the memberships list, page by page."""
        return self.list_report(Report.MEMBERSHIP, params=params, page_size=page_size)

    def list_partners(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the partners list, page by page."""
        return self.list_report(Report.PARTNER, params=params, page_size=page_size)

    def list_stores(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the stores list, page by page."""
        return self.list_report(Report.STORE, params=params, page_size=page_size)

    def list_transactions(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the transactions list, page by page."""
        return self.list_report(Report.TRANSACTION, params=params, page_size=page_size)

    def list_users(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the users list, page by page."""
        return self.list_report(Report.USER, params=params, page_size=page_size)

    def list_push_tokens(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the push tokens list, page by page."""
        return self.list_report(Report.PUSH_TOKENS, params=params, page_size=page_size)

    def list_interaction_points(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the interaction points list, page by page."""
        return self.list_report(Report.INTERACTION_POINTS, params=params, page_size=page_size)

    def list_news_posts(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the news posts list, page by page."""
        return self.list_report(Report.NEWS_POST, params=params, page_size=page_size)

    def list_segments(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the segments list, page by page."""
        return self.list_report(Report.SEGMENT, params=params, page_size=page_size)

    def list_scores(
        self, *, params: Params | None = None, page_size: int = 100
    ) -> Pager[dict[str, Any]]:
        """Walk the scores list, page by page."""
        return self.list_report(Report.SCORE, params=params, page_size=page_size)

    # ------------------------------------------------------------------ internals

    def _exportable(self, report: Report | str) -> Report:
        chosen = _report(report)
        if not chosen.exportable:
            raise ValidationError(
                f"the {chosen.value} report has no export; use list_report()", field="report"
            )
        return chosen

    @contextlib.asynccontextmanager
    async def _stream(self, report: Report, params: Params | None) -> AsyncIterator[Response]:
        """Send the export request; the streamed response is closed on leaving."""
        response = await self._send(
            f"reports.{report.value}.export", params=_query(params), stream=True
        )
        try:
            yield response
        finally:
            await response.aclose()
