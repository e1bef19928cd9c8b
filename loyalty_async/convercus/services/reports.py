"""Reports v3: list endpoints as paged iterators, exports as streamed files.

Every report of ``/reports/v3`` has a list endpoint (paged JSON) and, except segments
and scores, an export endpoint (a file download, read here as CSV by
:mod:`loyalty_async.exports`). The reports, and which of them export, are read from the
operation table (``reports.<name>.list`` / ``reports.<name>.export``). The filters of
these endpoints are not documented, so every method passes ``params`` through as query
parameters.
"""

from __future__ import annotations

import contextlib
import enum
import os
from collections.abc import AsyncIterator
from typing import Any, BinaryIO, Protocol, cast

from typing_extensions import Unpack

from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions
from loyalty_async.errors import DecodeError, ValidationError
from loyalty_async.exports import Download, DownloadProgress, ExportRows, download, query_of
from loyalty_async.operations.readers import BindingError
from loyalty_async.paging import Pager
from loyalty_async.session.call import Params
from loyalty_async.transport.base import Response

__all__ = ["Download", "ExportRows", "Report", "ReportsService"]


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


class _ExportShortcut(Protocol):
    def __call__(
        self, *, params: Params | None = None, **options: Unpack[RequestOptions]
    ) -> ExportRows: ...


class _ListShortcut(Protocol):
    def __call__(
        self,
        *,
        params: Params | None = None,
        page_size: int = 100,
        **options: Unpack[RequestOptions],
    ) -> Pager[dict[str, Any]]: ...


def _export(name: str) -> _ExportShortcut:
    """The typed shortcut of one export row: ``export(<its report>, params=...)``."""
    report = name.split(".")[1]

    def shortcut(
        self: ReportsService, *, params: Params | None = None, **options: Unpack[RequestOptions]
    ) -> ExportRows:
        return self.export(report, params=params, **options)

    shortcut.__doc__ = f"Stream the {report.replace('_', ' ')} export as CSV rows."
    return cast(_ExportShortcut, _bound_by_hand(shortcut, name))


def _list(name: str) -> _ListShortcut:
    """The typed shortcut of one list row: ``list_report(<its report>, ...)``."""
    report = name.split(".")[1]

    def shortcut(
        self: ReportsService,
        *,
        params: Params | None = None,
        page_size: int = 100,
        **options: Unpack[RequestOptions],
    ) -> Pager[dict[str, Any]]:
        return self.list_report(report, params=params, page_size=page_size, **options)

    shortcut.__doc__ = f"Walk the {report.replace('_', ' ')} list, page by page."
    return cast(_ListShortcut, _bound_by_hand(shortcut, name))


def _bound_by_hand(function: Any, name: str) -> Any:
    function.__operation__ = name
    function.__derived__ = False
    return function


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
        **options: Unpack[RequestOptions],
    ) -> ExportRows:
        """The rows of ``report``'s export, streamed and parsed as CSV.

        ``delimiter`` is guessed from the header line (``,`` ``;`` tab or ``|``) unless
        given. A UTF-8 byte-order mark is dropped. A row whose field count differs from
        the header's, or bytes that are not ``encoding``, raise
        :class:`~loyalty_async.errors.DecodeError`.
        """
        chosen = self._exportable(report)
        query = query_of(params)
        return ExportRows(
            lambda: self._stream(chosen, query, options), delimiter=delimiter, encoding=encoding
        )

    async def download(
        self,
        report: Report | str,
        path: str | os.PathLike[str] | BinaryIO,
        *,
        params: Params | None = None,
        progress: DownloadProgress | None = None,
        **options: Unpack[RequestOptions],
    ) -> Download:
        """Save ``report``'s export to ``path`` as it arrives, byte for byte.

        The bytes go to a temporary file next to ``path`` that replaces it only once the
        whole export has arrived, so a failed download never leaves a truncated file
        behind. A binary file object (``sys.stdout.buffer``) gets the bytes as they
        arrive. ``progress(rows, bytes)`` is called after each chunk. ``rows`` counts
        CSV records after the header.
        """
        chosen = self._exportable(report)
        if not isinstance(path, str | os.PathLike) and not callable(getattr(path, "write", None)):
            raise ValidationError(
                f"path must be a file path or a binary file, got {path!r}", field="path"
            )
        if progress is not None and not callable(progress):
            raise ValidationError("progress must be callable", field="progress")
        query = query_of(params)
        return await download(lambda: self._stream(chosen, query, options), path, progress=progress)

    def list_report(
        self,
        report: Report | str,
        *,
        params: Params | None = None,
        page_size: int = 100,
        start_page: int = 0,
        **options: Unpack[RequestOptions],
    ) -> Pager[dict[str, Any]]:
        """Every entry of ``report``'s list, fetched a page at a time (Spring ``page``/``size``).

        Pages may come as a Spring page object or a bare array; the walk ends on the last
        page, an empty page or a short one. Start again from a failed page with
        ``start_page=error.resume``.
        """
        chosen = _report(report)
        return self._page_walk(
            f"reports.{chosen.value}.list",
            _report_row,
            page_size,
            start_page,
            params=query_of(params),
            options=options,
        )

    # ------------------------------------------------------------------ exports

    export_account_bookings = _export("reports.account_booking.export")
    export_accounts = _export("reports.account.export")
    export_account_coupons = _export("reports.account_coupon.export")
    export_account_coupon_activations = _export("reports.account_coupon_activations.export")
    export_account_level_bookings = _export("reports.account_level_booking.export")
    export_account_snapshots = _export("reports.account_snapshot.export")
    export_account_status_levels = _export("reports.account_status_level.export")
    export_account_users = _export("reports.account_user.export")
    export_account_identifiers = _export("reports.account_identifier.export")
    export_account_balances = _export("reports.account_balance.export")
    export_coupons = _export("reports.coupon.export")
    export_coupon_redemptions = _export("reports.coupon_redemption.export")
    export_memberships = _export("reports.membership.export")
    export_partners = _export("reports.partner.export")
    export_stores = _export("reports.store.export")
    export_transactions = _export("reports.transaction.export")
    export_users = _export("reports.user.export")
    export_push_tokens = _export("reports.push_tokens.export")
    export_interaction_points = _export("reports.interaction_points.export")
    export_news_posts = _export("reports.news_post.export")

    # ------------------------------------------------------------------ lists

    list_account_bookings = _list("reports.account_booking.list")
    list_accounts = _list("reports.account.list")
    list_account_coupons = _list("reports.account_coupon.list")
    list_account_coupon_activations = _list("reports.account_coupon_activations.list")
    list_account_level_bookings = _list("reports.account_level_booking.list")
    list_account_snapshots = _list("reports.account_snapshot.list")
    list_account_status_levels = _list("reports.account_status_level.list")
    list_account_users = _list("reports.account_user.list")
    list_account_identifiers = _list("reports.account_identifier.list")
    list_account_balances = _list("reports.account_balance.list")
    list_coupons = _list("reports.coupon.list")
    list_coupon_redemptions = _list("reports.coupon_redemption.list")
    list_memberships = _list("reports.membership.list")
    list_partners = _list("reports.partner.list")
    list_stores = _list("reports.store.list")
    list_transactions = _list("reports.transaction.list")
    list_users = _list("reports.user.list")
    list_push_tokens = _list("reports.push_tokens.list")
    list_interaction_points = _list("reports.interaction_points.list")
    list_news_posts = _list("reports.news_post.list")
    list_segments = _list("reports.segment.list")
    list_scores = _list("reports.score.list")

    # ------------------------------------------------------------------ internals

    def _exportable(self, report: Report | str) -> Report:
        chosen = _report(report)
        if not chosen.exportable:
            raise ValidationError(
                f"the {chosen.value} report has no export; use list_report()", field="report"
            )
        return chosen

    @contextlib.asynccontextmanager
    async def _stream(
        self, report: Report, query: dict[str, Any], options: RequestOptions
    ) -> AsyncIterator[Response]:
        """Send the export request; the streamed response is closed on leaving."""
        response = await self._send(
            f"reports.{report.value}.export",
            params=query,
            stream=True,
            options=options,
        )
        try:
            yield response
        finally:
            await response.aclose()


def _report_row(data: Any, response: Response) -> dict[str, Any]:
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
