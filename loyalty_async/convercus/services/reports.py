"""Reports v3: list endpoints as paged iterators, exports as streamed files.

Every report of ``/reports/v3`` has a list endpoint (paged JSON) and, except segments
and scores, an export endpoint (a file download, read as CSV). The reports, the
streaming and the shortcuts are in :mod:`loyalty_async.convercus.reports`; the filters
of these endpoints are not documented, so every method passes ``params`` through as
query parameters.
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO

from typing_extensions import Unpack

from loyalty_async.convercus.reports import (
    Report,
    download_export,
    export_rows,
    export_shortcut,
    list_shortcut,
    walk_list,
)
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions
from loyalty_async.exports import Download, DownloadProgress, ExportRows
from loyalty_async.paging import Pager
from loyalty_async.session.call import Params

__all__ = ["Download", "ExportRows", "Report", "ReportsService"]


class ReportsService(ConvercusService):
    """Stream report exports and walk report lists (``docs/reports.md``).

    The ``export_*`` and ``list_*`` methods are named shortcuts for :meth:`export` and
    :meth:`list_report` with a :class:`Report`.
    """

    def export(
        self, report: Report | str, *, params: Params | None = None, delimiter: str | None = None,
        encoding: str = "utf-8", **options: Unpack[RequestOptions],
    ) -> ExportRows:  # fmt: skip
        """The rows of ``report``'s export, streamed and parsed as CSV.

        ``delimiter`` is guessed from the header line (``,`` ``;`` tab or ``|``) unless
        given; a UTF-8 byte-order mark is dropped. A row whose field count differs from
        the header's, or bytes that are not ``encoding``, raise ``DecodeError``.
        """
        return export_rows(self, report, params, delimiter, encoding, options)

    async def download(
        self, report: Report | str, path: str | os.PathLike[str] | BinaryIO, *,
        params: Params | None = None, progress: DownloadProgress | None = None,
        **options: Unpack[RequestOptions],
    ) -> Download:  # fmt: skip
        """Save ``report``'s export to ``path`` as it arrives, byte for byte.

        A file path is replaced only once the whole export has arrived (never a truncated
        file); a binary file object gets the bytes as they arrive. ``progress(rows,
        bytes)`` is called after each chunk (``rows``: CSV records after the header).
        """
        return await download_export(self, report, path, params, progress, options)

    def list_report(
        self, report: Report | str, *, params: Params | None = None, page_size: int = 100,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[dict[str, Any]]:  # fmt: skip
        """Every entry of ``report``'s list, fetched a page at a time (Spring ``page``/``size``).

        Pages may come as a Spring page object or a bare array; the walk ends on the last
        page, an empty or a short one. Resume a failed walk with ``start_page=error.resume``.
        """
        return walk_list(self, report, params, page_size, start_page, options)

    # ------------------------------------------------------------------ exports

    export_account_bookings = export_shortcut("reports.account_booking.export")
    export_accounts = export_shortcut("reports.account.export")
    export_account_coupons = export_shortcut("reports.account_coupon.export")
    export_account_coupon_activations = export_shortcut("reports.account_coupon_activations.export")
    export_account_level_bookings = export_shortcut("reports.account_level_booking.export")
    export_account_snapshots = export_shortcut("reports.account_snapshot.export")
    export_account_status_levels = export_shortcut("reports.account_status_level.export")
    export_account_users = export_shortcut("reports.account_user.export")
    export_account_identifiers = export_shortcut("reports.account_identifier.export")
    export_account_balances = export_shortcut("reports.account_balance.export")
    export_coupons = export_shortcut("reports.coupon.export")
    export_coupon_redemptions = export_shortcut("reports.coupon_redemption.export")
    export_memberships = export_shortcut("reports.membership.export")
    export_partners = export_shortcut("reports.partner.export")
    export_stores = export_shortcut("reports.store.export")
    export_transactions = export_shortcut("reports.transaction.export")
    export_users = export_shortcut("reports.user.export")
    export_push_tokens = export_shortcut("reports.push_tokens.export")
    export_interaction_points = export_shortcut("reports.interaction_points.export")
    export_news_posts = export_shortcut("reports.news_post.export")

    # ------------------------------------------------------------------ lists

    list_account_bookings = list_shortcut("reports.account_booking.list")
    list_accounts = list_shortcut("reports.account.list")
    list_account_coupons = list_shortcut("reports.account_coupon.list")
    list_account_coupon_activations = list_shortcut("reports.account_coupon_activations.list")
    list_account_level_bookings = list_shortcut("reports.account_level_booking.list")
    list_account_snapshots = list_shortcut("reports.account_snapshot.list")
    list_account_status_levels = list_shortcut("reports.account_status_level.list")
    list_account_users = list_shortcut("reports.account_user.list")
    list_account_identifiers = list_shortcut("reports.account_identifier.list")
    list_account_balances = list_shortcut("reports.account_balance.list")
    list_coupons = list_shortcut("reports.coupon.list")
    list_coupon_redemptions = list_shortcut("reports.coupon_redemption.list")
    list_memberships = list_shortcut("reports.membership.list")
    list_partners = list_shortcut("reports.partner.list")
    list_stores = list_shortcut("reports.store.list")
    list_transactions = list_shortcut("reports.transaction.list")
    list_users = list_shortcut("reports.user.list")
    list_push_tokens = list_shortcut("reports.push_tokens.list")
    list_interaction_points = list_shortcut("reports.interaction_points.list")
    list_news_posts = list_shortcut("reports.news_post.list")
    list_segments = list_shortcut("reports.segment.list")
    list_scores = list_shortcut("reports.score.list")
