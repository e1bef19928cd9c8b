"""Reports: streamed CSV exports and paged JSON lists; the queries behind them are indexed."""

from __future__ import annotations

import csv
import io
import tracemalloc

import aiohttp
import pytest

from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.sandbox import Sandbox
from loyalty_async.sandbox.members import RESOLVE_BY_CODE, RESOLVE_BY_ID
from loyalty_async.sandbox.reports import REPORTS

from .conftest import Api


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


async def _populate(api: Api) -> str:
    seed = api.sandbox.seed
    member = seed.member("ada@example.com", identifiers={"CARDCODE": "C-1"}, given_name="Ada")
    await api.post(
        f"/accounts/{member.account_id}/transactions",
        json={"transactionType": "EARNTRANSACTION", "amount": 19.99, "externalId": "R-1"},
    )
    return member.account_id


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        ("transaction", {"externalId": "R-1", "amount": "19.99", "points": "19"}),
        ("account-booking", {"bookingType": "EARNBOOKING", "points": "19", "locked": "false"}),
        ("account", {"program": "SANDBOX", "status": "ACTIVE"}),
        ("account-balance", {"points": "19", "lockedPoints": "0"}),
        ("user", {"emailAddress": "ada@example.com", "givenName": "Ada", "status": "ACTIVE"}),
        ("membership", {"memberRole": "OWNER", "terminated": ""}),
        ("account-identifier", {"type": "CARDCODE", "code": "C-1"}),
    ],
)
async def test_an_export_is_csv_with_a_header_row(
    api: Api, report: str, expected: dict[str, str]
) -> None:
    await _populate(api)

    reply = await api.get(f"/reports/v3/{report}/export")

    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert reply.headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in reply.headers
    header = reply.body.decode().splitlines()[0].split(",")
    assert header == REPORTS[report.replace("-", "_")].header()
    (row,) = _rows(reply.body)
    assert {key: row[key] for key in expected} == expected


async def test_an_empty_export_is_only_the_header(api: Api) -> None:
    reply = await api.get("/reports/v3/transaction/export")

    assert reply.body.decode().splitlines() == [",".join(REPORTS["transaction"].header())]


async def test_an_export_needs_a_token(api: Api) -> None:
    reply = await api.get("/reports/v3/account/export", auth=False)

    assert reply.status == 401


async def _export_peak(api: Api, report: str) -> tuple[int, int, int]:
    """Rows and bytes received, and the peak traced memory while the export ran."""
    headers = {"Authorization": api.token, "interaction-id": "pos"}
    url = f"{api.sandbox.url}/reports/v3/{report}/export"
    received = rows = 0
    tail = b""
    tracemalloc.start()
    try:
        async with api.session.get(url, headers=headers) as response:
            assert response.headers["Transfer-Encoding"] == "chunked"
            async for chunk in response.content.iter_chunked(64 * 1024):
                received += len(chunk)
                lines = (tail + chunk).split(b"\n")
                tail = lines.pop()
                rows += len(lines)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return rows, received, peak


async def test_a_large_export_streams_in_bounded_chunks(api: Api) -> None:
    sandbox = api.sandbox
    account_id = sandbox.seed.account()
    sandbox.seed.bookings(account_id, 8_000, points=3)
    small_rows, small_bytes, small_peak = await _export_peak(api, "account-booking")
    sandbox.seed.bookings(account_id, 24_000, points=3)
    sandbox.stats.reset()

    rows, received, peak = await _export_peak(api, "account-booking")

    assert (small_rows, rows) == (8_001, 32_001)  # the header and every booking
    assert sandbox.stats.export_rows == 32_000
    assert sandbox.stats.export_chunks == 32
    # Each chunk is one batch of rows: the body is never built as one string...
    assert sandbox.stats.largest_export_chunk * 20 < received
    # ...and four times the rows do not take four times the memory.
    assert received > 3.5 * small_bytes
    assert peak < 2 * small_peak


@pytest.mark.parametrize("report", sorted(REPORTS))
async def test_every_report_list_is_a_paged_bare_array(api: Api, report: str) -> None:
    reply = await api.get(OPERATIONS[f"reports.{report}.list"].path)

    assert reply.status == 200 and reply.body == b"[]"


async def test_report_pages_walk_every_row_once(api: Api) -> None:
    ids = api.sandbox.seed.accounts(5, points=7)
    path = "/reports/v3/account-balance"

    pages = [(await api.get(path, params={"page": str(n), "size": "2"})).json() for n in range(4)]

    assert [len(page) for page in pages] == [2, 2, 1, 0]
    assert [row["accountId"] for page in pages for row in page] == ids
    assert pages[0][0] == {"accountId": ids[0], "points": 7, "lockedPoints": 0, "statusPoints": 7}


@pytest.mark.parametrize(("name", "value"), [("size", "0"), ("size", "5000"), ("page", "-1")])
async def test_bad_paging_is_refused(api: Api, name: str, value: str) -> None:
    reply = await api.get("/reports/v3/account", params={name: value})

    assert reply.status == 400 and reply.json()["detail"] == [name]


async def test_the_hot_queries_use_indexes(sandbox: Sandbox) -> None:
    conn = sandbox.core.db.conn

    def plan(sql: str, params: tuple[object, ...]) -> str:
        return " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))

    assert "USING INDEX identifiers_code" in plan(RESOLVE_BY_CODE, ("CARDCODE", "x"))
    assert "USING INDEX sqlite_autoindex_accounts" in plan(RESOLVE_BY_ID, ("x",))
    bookings = "SELECT * FROM bookings WHERE account_id = ? ORDER BY seq DESC LIMIT 20"
    assert "USING INDEX bookings_account" in plan(bookings, ("x",))
    batch = REPORTS["transaction"]._select() + " LIMIT ?"
    assert "USING INTEGER PRIMARY KEY" in plan(batch, (0, 1000))
    by_receipt = "SELECT * FROM transactions WHERE external_id = ?"
    assert "USING INDEX sqlite_autoindex_transactions" in plan(by_receipt, ("x",))


async def test_the_sdk_can_stream_an_export(api: Api) -> None:
    await _populate(api)
    async with (
        api.sandbox.client() as client,
        client.session.stream("GET", "/reports/v3/account/export") as response,
    ):
        body = b"".join([chunk async for chunk in response.aiter_bytes()])

    assert _rows(body)[0]["program"] == "SANDBOX"


def test_reports_are_walked_by_key_not_offset() -> None:
    for report in REPORTS.values():
        assert "WHERE seq > ?" in report._select() and "OFFSET" not in report._select()


async def test_a_client_leaving_mid_export_does_not_break_the_sandbox(api: Api) -> None:
    sandbox = api.sandbox
    sandbox.seed.bookings(sandbox.seed.account(), 20_000)
    headers = {"Authorization": api.token, "interaction-id": "pos"}
    url = f"{sandbox.url}/reports/v3/account-booking/export"
    async with aiohttp.ClientSession() as other, other.get(url, headers=headers) as response:
        await response.content.readany()
        response.close()

    assert (await api.get("/reports/v3/account")).status == 200
