"""Reports v3: every report of the table, as a paged JSON list and a streamed CSV export.

The reports over the sandbox's own tables (:data:`~loyalty_async.sandbox.reports.REPORTS`)
show their rows; the partner, store, interaction-point and news-post reports show the
records kept generically, of every program; the others are empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from aiohttp import web

from loyalty_async.codec import dumps
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.sandbox.handlers.generic import show
from loyalty_async.sandbox.http import Call, Handler, Routes, json_response
from loyalty_async.sandbox.reports import REPORTS, Report

routes = Routes()

#: Rows per chunk of a streamed export.
EXPORT_BATCH = 1000
#: Reports of records kept generically → the operation that reads one such record.
GENERIC_REPORTS = {
    "partner": "partners.get",
    "store": "stores.get",
    "interaction_points": "interaction_points.get",
    "news_post": "newsfeed.posts.get",
}


def _list_handler(report: Report) -> Handler:
    async def list_report(call: Call) -> web.StreamResponse:
        return json_response(report.page(call.core.db.conn, *call.page()))

    return list_report


def _export_handler(report: Report) -> Handler:
    async def export_report(call: Call) -> web.StreamResponse:
        return await _stream(call, _sql_chunks(call, report))

    return export_report


def _generic_rows(call: Call, name: str) -> list[dict[str, Any]]:
    reader = GENERIC_REPORTS.get(name)
    if reader is None:
        return []
    kind = call.core.catalog[reader].kind
    return [show(call, record) for record in call.core.resources.all(kind, {})]


def _generic_list_handler(name: str) -> Handler:
    async def list_report(call: Call) -> web.StreamResponse:
        page, size = call.page()
        return json_response(_generic_rows(call, name)[page * size : (page + 1) * size])

    return list_report


def _generic_export_handler(name: str) -> Handler:
    async def export_report(call: Call) -> web.StreamResponse:
        return await _stream(call, _record_chunks(_generic_rows(call, name)))

    return export_report


def _sql_chunks(call: Call, report: Report) -> Iterator[tuple[bytes, int]]:
    header = True
    for rows in report.batches(call.core.db.conn, EXPORT_BATCH):
        yield report.csv_chunk(rows, header=header), len(rows)
        header = False
    if header:
        yield report.csv_chunk([], header=True), 0


def _record_chunks(records: list[dict[str, Any]]) -> Iterator[tuple[bytes, int]]:
    """Records as CSV: the columns are every field seen, in the order first seen."""
    columns = list(dict.fromkeys(key for record in records for key in record))
    for start in range(0, len(records), EXPORT_BATCH):
        batch = records[start : start + EXPORT_BATCH]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if start == 0:
            writer.writerow(columns)
        for record in batch:
            writer.writerow(_cell(record.get(key)) for key in columns)
        yield buffer.getvalue().encode("utf-8"), len(batch)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return dumps(value).decode()
    return value


async def _stream(call: Call, chunks: Iterator[tuple[bytes, int]]) -> web.StreamResponse:
    """Write the CSV chunk by chunk, as it is read."""
    stats = call.core.stats
    # The file is named after the report's path segment (``…/account-booking/export``).
    name = PurePosixPath(call.operation.path).parent.name
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{name}.csv"',
        }
    )
    response.enable_chunked_encoding()
    await response.prepare(call.request)
    stats.exports += 1
    try:
        for chunk, rows in chunks:
            await response.write(chunk)
            stats.export_rows += rows
            stats.export_chunks += 1
            stats.largest_export_chunk = max(stats.largest_export_chunk, len(chunk))
        await response.write_eof()
    except ConnectionError:
        # The client went away mid-export; there is nobody left to answer.
        pass
    return response


def _register() -> None:
    """A list and (where the table has one) an export handler for every report."""
    for operation in OPERATIONS:
        family, _, rest = operation.name.partition(".")
        name, _, what = rest.partition(".")
        if family != "reports" or what not in ("list", "export"):
            continue
        report = REPORTS.get(name)
        if report is not None:
            handler = _export_handler(report) if what == "export" else _list_handler(report)
        elif what == "export":
            handler = _generic_export_handler(name)
        else:
            handler = _generic_list_handler(name)
        routes.handles(operation.name)(handler)


_register()
