"""Reports end to end: CSV exports streamed over HTTP, downloads, and paged lists."""

from __future__ import annotations

import collections
from pathlib import Path

from loyalty_async import ConvercusClient
from loyalty_async.convercus import BookingType, NewUser, Report
from loyalty_async.sandbox import Sandbox

#: More rows than one export chunk (the sandbox writes 1000 rows per chunk).
ROWS = 4500


async def test_the_booking_export_streams_every_row_in_chunks(
    client: ConvercusClient, convercus_sandbox: Sandbox
) -> None:
    busy = await client.accounts.create()
    quiet = await client.accounts.create()
    convercus_sandbox.seed.bookings(busy, ROWS, points=2)
    await client.bookings.create(
        quiet, booking_type=BookingType.EARNBOOKING, points=7, reference_id="quiet-1"
    )

    points: collections.Counter[str] = collections.Counter()
    count: collections.Counter[str] = collections.Counter()
    async with client.reports.export_account_bookings() as rows:
        async for row in rows:
            count[row["accountId"]] += 1
            points[row["accountId"]] += int(row["points"])
            if row["accountId"] == quiet:
                assert (row["bookingType"], row["referenceId"]) == ("EARNBOOKING", "quiet-1")

    assert count == {busy: ROWS, quiet: 1}
    assert points == {busy: 2 * ROWS, quiet: 7}
    assert rows.rows == ROWS + 1
    assert rows.fieldnames is not None and "bookingId" in rows.fieldnames
    stats = convercus_sandbox.stats
    assert (stats.exports, stats.export_rows) == (1, ROWS + 1)
    assert stats.export_chunks >= ROWS // 1000  # streamed in pieces, not one body


async def test_an_export_downloads_to_a_file_and_a_report_lists_in_pages(
    client: ConvercusClient, convercus_sandbox: Sandbox, tmp_path: Path
) -> None:
    emails = [f"member{n}@example.com" for n in range(7)]
    for email in emails:
        await client.users.create(NewUser(email_address=email, given_name="Member"))

    seen: list[tuple[int, int]] = []
    saved = await client.reports.download(
        Report.USER, tmp_path / "users.csv", progress=lambda r, b: seen.append((r, b))
    )
    data = saved.path.read_bytes()
    text = data.decode("utf-8")
    assert saved.rows == 7 and saved.bytes == len(data)
    assert text.count("\r\n") == 8  # the header and seven rows, as sent
    assert all(email in text for email in emails)
    assert seen[-1] == (7, saved.bytes)

    listed = await client.reports.list_users(page_size=3).collect()
    assert sorted(entry["emailAddress"] for entry in listed) == emails
    assert convercus_sandbox.stats.operations["reports.user.list"] == 3  # 3 + 3 + 1


async def test_an_empty_export_has_a_header_and_no_rows(client: ConvercusClient) -> None:
    async with client.reports.export(Report.COUPON_REDEMPTION) as rows:
        assert [row async for row in rows] == []
    assert rows.fieldnames and "redemptionId" in rows.fieldnames
