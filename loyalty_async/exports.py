"""Streaming CSV exports: rows parsed as the bytes arrive, files written as they arrive.

The engine behind report exports, independent of any platform: :class:`ExportRows` parses
a streamed response into ``dict`` rows (delimiter guessed from the header, a UTF-8
byte-order mark dropped, quoted fields holding newlines kept whole), and :func:`download`
saves a stream to a file that replaces its target only once complete. Memory is one
chunk plus the record in progress, so a year of transactions costs what a day does.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import os
import tempfile
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from loyalty_async.errors import DecodeError, ValidationError
from loyalty_async.session.call import Params
from loyalty_async.transport.base import Response

#: Content types that are certainly not CSV: refuse to parse them as rows.
_NOT_CSV = ("json", "zip", "spreadsheetml", "pdf", "html")

_DELIMITERS = (",", ";", "\t", "|")

#: Lines that hold no record (a CRLF file's blank line keeps its "\r").
_BLANK = (b"", b"\r")

#: ``progress(rows, bytes)`` as a download goes.
DownloadProgress = Callable[[int, int], object]


@attrs.frozen
class Download:
    """A finished download: where it is, its data rows (header excluded), and its size.

    ``path`` is ``None`` when the export went to a file object (such as standard output).
    """

    path: Path | None
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
        if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
            raise ValidationError("delimiter must be one character", field="delimiter")
        if not isinstance(encoding, str):
            raise ValidationError(f"encoding must be a name, got {encoding!r}", field="encoding")
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


def query_of(params: Params | None, reserved: tuple[str, ...] = ()) -> dict[str, Any]:
    """The query as a mapping; a name given several times becomes a list (sent repeated)."""
    query: dict[str, Any] = {}
    if params is None:
        return query
    given: object = params  # callers without type checking may pass anything
    if isinstance(given, str | bytes) or not isinstance(given, Mapping | Iterable):
        raise ValidationError(
            f"params must be a mapping or (name, value) pairs, got {params!r}", field="params"
        )
    pairs = list(params.items() if isinstance(params, Mapping) else params)
    if not all(
        isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) for pair in pairs
    ):
        raise ValidationError(
            "params must be a mapping or (name, value) pairs with text names", field="params"
        )
    for name, value in pairs:
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


async def download(
    open_stream: Callable[[], AbstractAsyncContextManager[Response]],
    path: str | os.PathLike[str] | BinaryIO,
    *,
    progress: DownloadProgress | None = None,
) -> Download:
    """Save a streamed response to ``path`` as it arrives, byte for byte.

    The bytes go to a temporary file next to ``path`` that replaces it only once the
    whole stream has arrived, so a failed download never leaves a truncated file behind.
    A binary file object (``sys.stdout.buffer``) gets the bytes as they arrive instead.
    ``progress(rows, bytes)`` is called after each chunk; ``rows`` counts CSV records
    after the header.
    """
    if not isinstance(path, str | os.PathLike):
        rows, size = await _copy(open_stream, path, progress)
        path.flush()
        return Download(None, rows, size)
    target = Path(path)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            rows, size = await _copy(open_stream, file, progress)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
    return Download(target, rows, size)


async def _copy(
    open_stream: Callable[[], AbstractAsyncContextManager[Response]],
    file: BinaryIO,
    progress: DownloadProgress | None,
) -> tuple[int, int]:
    """Write the stream's bytes to ``file`` as they arrive; its data rows and its size."""
    records = _Records()
    size = 0
    async with open_stream() as response:
        async for chunk in response.aiter_bytes():
            # A local write of one chunk is quick; the event loop barely waits.
            file.write(chunk)
            size += len(chunk)
            records.feed(chunk)
            if progress is not None:
                progress(max(records.count - 1, 0), size)
    with contextlib.suppress(DecodeError):  # a cut-short last record is still saved
        records.finish()
    rows = max(records.count - 1, 0)
    if progress is not None:
        progress(rows, size)
    return rows, size
