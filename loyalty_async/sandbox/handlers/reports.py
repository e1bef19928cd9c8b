"""Reports v3: paged JSON lists and streamed CSV exports of the same rows."""

from __future__ import annotations

from pathlib import PurePosixPath

from aiohttp import web

from loyalty_async.sandbox.http import Call, Handler, Routes, json_response
from loyalty_async.sandbox.reports import REPORTS, Report, operation_names

routes = Routes()

#: Rows per chunk of a streamed export.
EXPORT_BATCH = 1000


def _list_handler(report: Report) -> Handler:
    async def list_report(call: Call) -> web.StreamResponse:
        return json_response(report.page(call.core.db.conn, *call.page()))

    return list_report


def _export_handler(report: Report) -> Handler:
    async def export_report(call: Call) -> web.StreamResponse:
        return await _stream_export(call, report)

    return export_report


async def _stream_export(call: Call, report: Report) -> web.StreamResponse:
    """Write the report as CSV, one batch of rows per chunk, as the rows are read."""
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
    header = True
    try:
        for rows in report.batches(call.core.db.conn, EXPORT_BATCH):
            chunk = report.csv_chunk(rows, header=header)
            header = False
            await response.write(chunk)
            stats.export_rows += len(rows)
            stats.export_chunks += 1
            stats.largest_export_chunk = max(stats.largest_export_chunk, len(chunk))
        if header:
            await response.write(report.csv_chunk([], header=True))
        await response.write_eof()
    except ConnectionError:
        # The client went away mid-export; there is nobody left to answer.
        pass
    return response


for _name, _report in REPORTS.items():
    _export, _list = operation_names(_name)
    routes.handles(_export)(_export_handler(_report))
    routes.handles(_list)(_list_handler(_report))
