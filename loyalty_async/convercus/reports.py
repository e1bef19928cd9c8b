"""Reports v3: the reports the table declares, and how their exports and lists are read.

:class:`Report` names every report of ``/reports/v3``; at import it is checked against
the operation table's ``reports.<name>.list`` / ``reports.<name>.export`` rows, so the
two never disagree. :func:`export_shortcut` and :func:`list_shortcut` derive the typed
one-line ``export_*`` / ``list_*`` methods of
:class:`~loyalty_async.convercus.services.reports.ReportsService` from those rows.
:func:`export_rows`, :func:`download_export` and :func:`walk_list` are what the service's
generic ``export``, ``download`` and ``list_report`` do: an export is streamed through
the CSV engine of :mod:`loyalty_async.exports`, a list walked page by page.

This lives beside the services, not in them: the service module only declares one
typed method per operation, while the streaming, the checks of a report name and the
derivation of the shortcuts are shared by all 42 of them.
"""

from __future__ import annotations

import contextlib
import enum
import os
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, cast

from typing_extensions import Unpack

from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.errors import DecodeError, ValidationError
from loyalty_async.exports import Download, DownloadProgress, ExportRows, download, query_of
from loyalty_async.operations.binder import sends
from loyalty_async.operations.readers import BindingError
from loyalty_async.operations.service import RequestOptions
from loyalty_async.paging import Pager
from loyalty_async.session.call import Params
from loyalty_async.transport.base import Response

if TYPE_CHECKING:
    from loyalty_async.convercus.services.reports import ReportsService

__all__ = [
    "Report",
    "download_export",
    "export_rows",
    "export_shortcut",
    "list_shortcut",
    "walk_list",
]


class Report(str, enum.Enum):
    """A report of the Reports v3 API; the value is its name in the operation table.

    Declared here for type checkers and completion; at import it is checked against the
    table's ``reports.<name>.list`` rows (and :attr:`exportable` is read from the table).
    """

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
    SEGMENT = "segment"
    SCORE = "score"

    def __str__(self) -> str:
        return self.value

    @property
    def exportable(self) -> bool:
        """Whether the report has an export endpoint (a ``reports.<name>.export`` row)."""
        return f"reports.{self.value}.export" in OPERATIONS


def _check_reports() -> None:
    """The enum and the table name the same reports (else the import fails)."""
    in_table = {
        op.name.split(".")[1]
        for op in OPERATIONS
        if op.name.startswith("reports.") and op.name.endswith((".list", ".export"))
    }
    declared = {member.value for member in Report}
    if in_table != declared:
        raise BindingError(
            f"Report and the operation table differ: table only {sorted(in_table - declared)}, "
            f"enum only {sorted(declared - in_table)}"
        )


_check_reports()


# ---------------------------------------------------------------------- what the service does


def export_rows(
    service: ReportsService,
    report: Report | str,
    params: Params | None,
    delimiter: str | None,
    encoding: str,
    options: RequestOptions,
) -> ExportRows:
    """The rows of ``report``'s export (``ReportsService.export``), checked before any request."""
    chosen = _exportable(report)
    query = query_of(params)
    return ExportRows(
        lambda: _stream(service, chosen, query, options), delimiter=delimiter, encoding=encoding
    )


async def download_export(
    service: ReportsService,
    report: Report | str,
    path: str | os.PathLike[str] | BinaryIO,
    params: Params | None,
    progress: DownloadProgress | None,
    options: RequestOptions,
) -> Download:
    """Save ``report``'s export to ``path`` (``ReportsService.download``)."""
    chosen = _exportable(report)
    if not isinstance(path, str | os.PathLike) and not callable(getattr(path, "write", None)):
        raise ValidationError(
            f"path must be a file path or a binary file, got {path!r}", field="path"
        )
    if progress is not None and not callable(progress):
        raise ValidationError("progress must be callable", field="progress")
    query = query_of(params)
    return await download(lambda: _stream(service, chosen, query, options), path, progress=progress)


def walk_list(
    service: ReportsService,
    report: Report | str,
    params: Params | None,
    page_size: int,
    start_page: int,
    options: RequestOptions,
) -> Pager[dict[str, Any]]:
    """Every entry of ``report``'s list (``ReportsService.list_report``)."""
    chosen = _report(report)
    return service._page_walk(
        f"reports.{chosen.value}.list",
        _entry,
        page_size,
        start_page,
        params=query_of(params),
        options=options,
    )


@contextlib.asynccontextmanager
async def _stream(
    service: ReportsService, report: Report, query: dict[str, Any], options: RequestOptions
) -> AsyncIterator[Response]:
    """Send the export request; the streamed response is closed on leaving."""
    response = await service._send(
        f"reports.{report.value}.export", params=query, stream=True, options=options
    )
    try:
        yield response
    finally:
        await response.aclose()


def _entry(data: Any, response: Response) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise DecodeError(
            f"expected report entries as JSON objects, got {type(data).__name__}",
            response=response,
        )
    return data


def _report(report: Any) -> Report:
    try:
        return Report(report)
    except (ValueError, TypeError):
        known = ", ".join(member.value for member in Report)
        raise ValidationError(
            f"unknown report {report!r}; known: {known}", field="report"
        ) from None


def _exportable(report: Report | str) -> Report:
    chosen = _report(report)
    if not chosen.exportable:
        raise ValidationError(
            f"the {chosen.value} report has no export; use list_report()", field="report"
        )
    return chosen


# ---------------------------------------------------------------------- the shortcuts


class ExportShortcut(Protocol):
    """The signature of an ``export_*`` shortcut."""

    def __call__(
        self, *, params: Params | None = None, **options: Unpack[RequestOptions]
    ) -> ExportRows: ...


class ListShortcut(Protocol):
    """The signature of a ``list_*`` shortcut."""

    def __call__(
        self,
        *,
        params: Params | None = None,
        page_size: int = 100,
        **options: Unpack[RequestOptions],
    ) -> Pager[dict[str, Any]]: ...


def export_shortcut(name: str) -> ExportShortcut:
    """The typed method of the export row ``name``: ``export(<its report>, params=...)``."""
    report = name.split(".")[1]

    # ``self`` is a ReportsService; ``Any`` keeps the hints readable at run time.
    def shortcut(
        self: Any, *, params: Params | None = None, **options: Unpack[RequestOptions]
    ) -> ExportRows:
        rows: ExportRows = self.export(report, params=params, **options)
        return rows

    shortcut.__doc__ = f"Stream the {report.replace('_', ' ')} export as CSV rows."
    return cast(ExportShortcut, sends(name)(shortcut))


def list_shortcut(name: str) -> ListShortcut:
    """The typed method of the list row ``name``: ``list_report(<its report>, ...)``."""
    report = name.split(".")[1]

    def shortcut(
        self: Any,
        *,
        params: Params | None = None,
        page_size: int = 100,
        **options: Unpack[RequestOptions],
    ) -> Pager[dict[str, Any]]:
        pager: Pager[dict[str, Any]] = self.list_report(
            report, params=params, page_size=page_size, **options
        )
        return pager

    shortcut.__doc__ = f"Walk the {report.replace('_', ' ')} list, page by page."
    return cast(ListShortcut, sends(name)(shortcut))
