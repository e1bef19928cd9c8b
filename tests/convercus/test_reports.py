"""Reports v3 on the wire: streamed CSV exports, downloads to a file, paged lists."""

from __future__ import annotations

import asyncio
import os
import re
import tracemalloc
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest
from aiohttp import web

from loyalty_async import (
    BadRequestError,
    ConnectionDropped,
    ConvercusClient,
    DecodeError,
    NotFoundError,
    PaginationError,
    Request,
    Response,
    ValidationError,
)
from loyalty_async.convercus import OPERATIONS, ExportRows, Report

from .conftest import TOKEN, Wire, assert_convercus_headers

CSV_HEADERS = {"Content-Type": "text/csv; charset=utf-8"}

# A BOM, CRLF endings, quoted commas, a quoted CRLF, doubled quotes, an empty last field,
# and characters of two, three and four bytes.
BODY = (
    "\ufefftransactionId,accountId,points,reason,store\r\n"
    'T-1,V1W2X3,50,"Welcome bonus, first visit",Café Müller\r\n'
    'T-2,V1W2X3,-20,"line one\r\nline two",Bäckerei 😀 €\r\n'
    'T-3,A9B8C7,100,"He said ""thanks""",\r\n'
).encode()

ROWS = [
    {
        "transactionId": "T-1",
        "accountId": "V1W2X3",
        "points": "50",
        "reason": "Welcome bonus, first visit",
        "store": "Café Müller",
    },
    {
        "transactionId": "T-2",
        "accountId": "V1W2X3",
        "points": "-20",
        "reason": "line one\r\nline two",
        "store": "Bäckerei 😀 €",
    },
    {
        "transactionId": "T-3",
        "accountId": "A9B8C7",
        "points": "100",
        "reason": 'He said "thanks"',
        "store": "",
    },
]


class Chunks:
    """A response body that arrives in the given chunks, and knows if it was closed."""

    def __init__(self, chunks: Iterable[bytes], *, fail_after: int | None = None) -> None:
        self.chunks = list(chunks)
        self.fail_after = fail_after
        self.sent = 0
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            if self.sent == self.fail_after:
                raise ConnectionDropped("the connection broke while streaming")
            await asyncio.sleep(0)
            self.sent += 1
            yield chunk

    async def aclose(self) -> None:
        self.closed = True


def split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def csv_response(body: Chunks | bytes, **headers: str) -> Response:
    stream = body if isinstance(body, Chunks) else Chunks([body] if body else [])
    return Response(200, headers={**CSV_HEADERS, **headers}, stream=stream)


async def read(rows: ExportRows) -> list[dict[str, str]]:
    async with rows:
        return [row async for row in rows]


# ---------------------------------------------------------------------- export rows


@pytest.mark.parametrize("size", [1, 2, 3, 5, 16, 64, len(BODY)])
async def test_export_parses_rows_whatever_the_chunk_boundaries(
    wire: Wire, client: ConvercusClient, size: int
) -> None:
    body = Chunks(split(BODY, size))
    wire.on("GET", "/reports/v3/transaction/export", csv_response(body))

    rows = client.reports.export_transactions(
        params={"from": "2024-01-01", "to": "2024-12-31", "programId": "P-1"}
    )
    assert wire.calls == []  # nothing is sent before the rows are read
    assert await read(rows) == ROWS

    assert rows.fieldnames == ["transactionId", "accountId", "points", "reason", "store"]
    assert (rows.rows, rows.bytes) == (3, len(BODY))
    assert body.closed
    request = wire.last
    assert (request.method, request.url) == (
        "GET",
        "https://convercus.test/reports/v3/transaction/export",
    )
    assert request.params == [("from", "2024-01-01"), ("to", "2024-12-31"), ("programId", "P-1")]
    assert request.content is None
    assert_convercus_headers(request)


EXPORTS = [
    ("export_account_bookings", "account-booking"),
    ("export_accounts", "account"),
    ("export_account_coupons", "account-coupon"),
    ("export_account_coupon_activations", "account-coupon-activations"),
    ("export_account_level_bookings", "account-level-booking"),
    ("export_account_snapshots", "account-snapshot"),
    ("export_account_status_levels", "account-status-level"),
    ("export_account_users", "account-user"),
    ("export_account_identifiers", "account-identifier"),
    ("export_account_balances", "account-balance"),
    ("export_coupons", "coupon"),
    ("export_coupon_redemptions", "coupon-redemption"),
    ("export_memberships", "membership"),
    ("export_partners", "partner"),
    ("export_stores", "store"),
    ("export_transactions", "transaction"),
    ("export_users", "user"),
    ("export_push_tokens", "push-tokens"),
    ("export_interaction_points", "interaction-points"),
    ("export_news_posts", "news-post"),
]


@pytest.mark.parametrize(("method", "segment"), EXPORTS)
async def test_each_named_export_streams_its_own_path(
    wire: Wire, client: ConvercusClient, method: str, segment: str
) -> None:
    path = f"/reports/v3/{segment}/export"
    wire.on("GET", path, csv_response(b"id,name\n1,one\n"))

    rows = await read(getattr(client.reports, method)(params={"status": "ACTIVE"}))

    assert rows == [{"id": "1", "name": "one"}]
    assert wire.last.url == f"https://convercus.test{path}"
    assert wire.last.params == [("status", "ACTIVE")]


def test_every_report_in_the_operation_table_has_a_report_member() -> None:
    names = {op.name.split(".")[1] for op in OPERATIONS if op.name.startswith("reports.")}
    assert names == {report.value for report in Report}
    exports = {op.name.split(".")[1] for op in OPERATIONS if op.name.startswith("reports.")}
    exports = {name for name in exports if f"reports.{name}.export" in OPERATIONS}
    assert {report.value for report in Report if report.exportable} == exports


async def test_the_generic_export_takes_a_report_or_its_name(
    wire: Wire, client: ConvercusClient
) -> None:
    wire.on("GET", "/reports/v3/push-tokens/export", csv_response(b"token\nabc\n"))
    assert await read(client.reports.export("push_tokens")) == [{"token": "abc"}]


@pytest.mark.parametrize(
    ("body", "rows", "fieldnames"),
    [
        (b"", [], None),
        (b"\xef\xbb\xbf", [], None),
        (b"id,name\r\n", [], ["id", "name"]),
        (b"id,name", [], ["id", "name"]),
        (b"id,name\n1,no newline at the end", [{"id": "1", "name": "no newline at the end"}], None),
        (
            b"id,name\r\n1,a\r\n\r\n2,b\r\n\r\n",
            [{"id": "1", "name": "a"}, {"id": "2", "name": "b"}],
            None,
        ),
        (b'id,note\n1,""\n', [{"id": "1", "note": ""}], None),
    ],
)
async def test_empty_and_edge_shaped_exports(
    wire: Wire,
    client: ConvercusClient,
    body: bytes,
    rows: list[dict[str, str]],
    fieldnames: list[str] | None,
) -> None:
    wire.on("GET", "/reports/v3/user/export", csv_response(Chunks(split(body, 3))))
    export = client.reports.export_users()
    assert await read(export) == rows
    if fieldnames is not None or not rows:
        assert export.fieldnames == fieldnames


async def test_the_delimiter_is_read_off_the_header_or_given(
    wire: Wire, client: ConvercusClient
) -> None:
    body = b'accountId;points;reason\nV1;5;"a; b, c"\n'
    wire.on("GET", "/reports/v3/account-balance/export", csv_response(body))
    assert await read(client.reports.export_account_balances()) == [
        {"accountId": "V1", "points": "5", "reason": "a; b, c"}
    ]

    wire.on("GET", "/reports/v3/account-balance/export", csv_response(b"a|b\n1|2\n"))
    rows = client.reports.export(Report.ACCOUNT_BALANCE, delimiter="|")
    assert await read(rows) == [{"a": "1", "b": "2"}]


async def test_another_encoding_can_be_named(wire: Wire, client: ConvercusClient) -> None:
    wire.on("GET", "/reports/v3/store/export", csv_response("name\nMünchen\n".encode("latin-1")))
    rows = client.reports.export(Report.STORE, encoding="latin-1")
    assert await read(rows) == [{"name": "München"}]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"id,name\n1,a\n2,b,extra\n", "row 2 of the export has 3 fields; the header has 2"),
        (b'id,name\n1,"never closed\n2,b\n', "ends inside a quoted field"),
        (b"id,name\n1,\xff\xfe\n", "not valid utf-8"),
    ],
)
async def test_a_malformed_export_is_a_decode_error_and_releases_the_stream(
    wire: Wire, client: ConvercusClient, body: bytes, message: str
) -> None:
    stream = Chunks([body])
    wire.on("GET", "/reports/v3/coupon/export", csv_response(stream))
    with pytest.raises(DecodeError, match=re.escape(message)):
        await read(client.reports.export_coupons())
    assert stream.closed


async def test_an_export_that_is_not_csv_is_refused(wire: Wire, client: ConvercusClient) -> None:
    stream = Chunks([b'{"rows": []}'])
    wire.on(
        "GET",
        "/reports/v3/partner/export",
        Response(200, headers={"Content-Type": "application/json"}, stream=stream),
    )
    with pytest.raises(DecodeError, match="not CSV"):
        await read(client.reports.export_partners())
    assert stream.closed
    assert stream.sent == 0


async def test_an_error_status_is_raised_with_its_parsed_body(
    wire: Wire, client: ConvercusClient
) -> None:
    stream = Chunks([b'{"code": "INVALID_FILTER", "message": "from must be a date"}'])
    wire.on(
        "GET",
        "/reports/v3/transaction/export",
        Response(400, headers={"Content-Type": "application/json"}, stream=stream),
    )
    with pytest.raises(BadRequestError) as caught:
        await read(client.reports.export_transactions(params={"from": "last year"}))
    assert (caught.value.code, caught.value.message) == ("INVALID_FILTER", "from must be a date")
    assert stream.closed


async def test_stopping_early_releases_the_connection_without_reading_the_rest(
    wire: Wire, client: ConvercusClient
) -> None:
    stream = Chunks([b"id\n"] + [f"{n}\n".encode() for n in range(1000)])
    wire.on("GET", "/reports/v3/account/export", csv_response(stream))

    async with client.reports.export_accounts() as rows:
        async for row in rows:
            if row["id"] == "2":
                break

    assert stream.closed
    assert stream.sent < 10


async def test_rows_are_read_once(wire: Wire, client: ConvercusClient) -> None:
    wire.on("GET", "/reports/v3/account/export", csv_response(b"id\n1\n"))
    rows = client.reports.export_accounts()
    await read(rows)
    with pytest.raises(ValidationError, match="read once"):
        rows.__aiter__()


async def test_bad_arguments_are_refused_before_any_request(
    wire: Wire, client: ConvercusClient
) -> None:
    with pytest.raises(ValidationError, match="no export"):
        client.reports.export(Report.SEGMENT)
    with pytest.raises(ValidationError, match="unknown report 'bogus'"):
        client.reports.export("bogus")
    with pytest.raises(ValidationError, match="one character"):
        client.reports.export(Report.USER, delimiter=";;")
    with pytest.raises(ValidationError, match="unknown encoding"):
        client.reports.export(Report.USER, encoding="klingon")
    with pytest.raises(ValidationError, match="no export"):
        await client.reports.download("score", "scores.csv")
    assert wire.calls == []


# ---------------------------------------------------------------------- download


async def test_download_saves_the_bytes_as_they_come_and_counts_rows(
    wire: Wire, client: ConvercusClient, tmp_path: Path
) -> None:
    wire.on("GET", "/reports/v3/transaction/export", csv_response(Chunks(split(BODY, 7))))
    seen: list[tuple[int, int]] = []
    target = tmp_path / "transactions.csv"

    saved = await client.reports.download(
        Report.TRANSACTION,
        target,
        params={"from": "2024-01-01"},
        progress=lambda rows, size: seen.append((rows, size)),
    )

    assert target.read_bytes() == BODY  # byte for byte, BOM included
    assert (saved.path, saved.rows, saved.bytes) == (target, 3, len(BODY))
    assert seen[-1] == (3, len(BODY))
    assert seen == sorted(seen)  # counters only grow
    assert [size for _, size in seen[:3]] == [7, 14, 21]
    assert wire.last.params == [("from", "2024-01-01")]
    assert sorted(os.listdir(tmp_path)) == ["transactions.csv"]


async def test_a_broken_download_leaves_no_file_behind(
    wire: Wire, client: ConvercusClient, tmp_path: Path
) -> None:
    stream = Chunks(split(BODY, 10), fail_after=3)
    wire.on("GET", "/reports/v3/transaction/export", csv_response(stream))
    target = tmp_path / "transactions.csv"
    target.write_text("yesterday's export")

    with pytest.raises(ConnectionDropped):
        await client.reports.download(Report.TRANSACTION, target)

    assert target.read_text() == "yesterday's export"  # the old file is untouched
    assert os.listdir(tmp_path) == ["transactions.csv"]
    assert stream.closed


async def test_a_refused_download_creates_no_file(
    wire: Wire, client: ConvercusClient, tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError):
        await client.reports.download(Report.MEMBERSHIP, tmp_path / "memberships.csv")
    assert os.listdir(tmp_path) == []


async def test_an_empty_download_is_an_empty_file(
    wire: Wire, client: ConvercusClient, tmp_path: Path
) -> None:
    wire.on("GET", "/reports/v3/membership/export", csv_response(b""))
    saved = await client.reports.download("membership", tmp_path / "m.csv")
    assert (saved.rows, saved.bytes, saved.path.read_bytes()) == (0, 0, b"")


# ---------------------------------------------------------------------- lists


async def test_a_list_walks_spring_pages(wire: Wire, client: ConvercusClient) -> None:
    pages = {
        "0": {"content": [{"transactionId": "T-1"}, {"transactionId": "T-2"}], "last": False},
        "1": {"content": [{"transactionId": "T-3"}], "last": True, "totalPages": 2},
    }

    def answer(request: Request) -> Response:
        return Response(200, json=pages[dict(request.params)["page"]])

    wire.on("GET", "/reports/v3/transaction", answer)

    entries = await client.reports.list_transactions(
        params={"from": "2024-01-01"}, page_size=2
    ).collect()

    assert [e["transactionId"] for e in entries] == ["T-1", "T-2", "T-3"]
    assert [r.params for r in wire.calls] == [
        [("from", "2024-01-01"), ("page", "0"), ("size", "2")],
        [("from", "2024-01-01"), ("page", "1"), ("size", "2")],
    ]
    assert_convercus_headers(wire.last)


async def test_a_list_of_bare_arrays_ends_on_a_short_page(
    wire: Wire, client: ConvercusClient
) -> None:
    wire.on(
        "GET",
        "/reports/v3/segment",
        Response(200, json=[{"id": 1}, {"id": 2}]),
        Response(200, json=[{"id": 3}]),
    )
    entries = await client.reports.list_segments(page_size=2).collect()
    assert entries == [{"id": 1}, {"id": 2}, {"id": 3}]
    assert len(wire.calls) == 2


async def test_an_empty_list_is_one_request(wire: Wire, client: ConvercusClient) -> None:
    wire.on("GET", "/reports/v3/score", Response(200, json=[]))
    assert await client.reports.list_report(Report.SCORE).collect() == []
    assert len(wire.calls) == 1


async def test_a_list_can_start_at_a_later_page_and_repeat_a_filter(
    wire: Wire, client: ConvercusClient
) -> None:
    wire.on("GET", "/reports/v3/user", Response(200, json={"content": [], "last": True}))
    await client.reports.list_report(
        "user", params=[("status", "ACTIVE"), ("status", "LOCKED")], start_page=4
    ).collect()
    assert wire.last.params == [
        ("status", "ACTIVE"),
        ("status", "LOCKED"),
        ("page", "4"),
        ("size", "100"),
    ]


async def test_a_list_of_something_else_than_objects_is_refused(
    wire: Wire, client: ConvercusClient
) -> None:
    wire.on("GET", "/reports/v3/store", Response(200, json=["not", "objects"]))
    with pytest.raises(PaginationError) as caught:
        await client.reports.list_stores().collect()
    assert isinstance(caught.value.__cause__, DecodeError)
    assert caught.value.resume == 0


def test_list_arguments_are_checked(client: ConvercusClient) -> None:
    with pytest.raises(ValidationError, match="'page'"):
        client.reports.list_users(params={"page": 3})
    with pytest.raises(ValidationError, match="page_size"):
        client.reports.list_users(page_size=0)
    with pytest.raises(ValidationError, match="start_page"):
        client.reports.list_report(Report.USER, start_page=-1)


LISTS = [(f"list_{name.removeprefix('export_')}", segment) for name, segment in EXPORTS] + [
    ("list_segments", "segment"),
    ("list_scores", "score"),
]


@pytest.mark.parametrize(("method", "segment"), LISTS)
async def test_each_named_list_reads_its_own_path(
    wire: Wire, client: ConvercusClient, method: str, segment: str
) -> None:
    wire.on("GET", f"/reports/v3/{segment}", Response(200, json=[{"id": "x"}]))
    assert await getattr(client.reports, method)(page_size=5).collect() == [{"id": "x"}]
    assert wire.last.url == f"https://convercus.test/reports/v3/{segment}"
    assert wire.last.params == [("page", "0"), ("size", "5")]


# ---------------------------------------------------------------------- real HTTP


ROW_COUNT = 200_000
FILLER = "x" * 40


def large_csv_rows() -> Iterable[bytes]:
    yield b"transactionId,accountId,points,reason\r\n"
    batch: list[str] = []
    for n in range(ROW_COUNT):
        batch.append(f'T-{n:07d},V{n % 977:05d},{n % 500},"earn, visit {n}\r\nü {FILLER}"\r\n')
        if len(batch) == 500:
            yield "".join(batch).encode()
            batch.clear()
    if batch:
        yield "".join(batch).encode()


@pytest.fixture
async def loopback() -> AsyncIterator[tuple[ConvercusClient, dict[str, int]]]:
    sent = {"bytes": 0}

    async def login(request: web.Request) -> web.Response:
        return web.Response(text=TOKEN)

    async def export(request: web.Request) -> web.StreamResponse:
        assert request.headers["Authorization"] == TOKEN
        response = web.StreamResponse(headers={"Content-Type": "text/csv; charset=utf-8"})
        await response.prepare(request)
        for chunk in large_csv_rows():
            sent["bytes"] += len(chunk)
            await response.write(chunk)
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_post("/auth/login", login)
    app.router.add_get("/reports/v3/transaction/export", export)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with ConvercusClient(
            base_url=f"http://127.0.0.1:{port}",
            org="ORG",
            username="api-user",
            password="secret",
            interaction_id="batch-1",
        ) as client:
            yield client, sent
    finally:
        await runner.cleanup()


# tracemalloc slows every allocation down, so each test traces the start of the stream
# (where a body read whole, or in large blocks, would show) and checks between two marks
# that nothing handed out is kept; the rest runs untraced.


async def test_a_large_export_over_http_streams_in_constant_memory(
    loopback: tuple[ConvercusClient, dict[str, int]],
) -> None:
    client, sent = loopback
    count = points = 0
    marks: dict[int, int] = {}
    tracemalloc.start()
    try:
        async with client.reports.export_transactions() as rows:
            async for row in rows:
                count += 1
                points += int(row["points"])
                if count in (2_000, 12_000):
                    marks[count] = tracemalloc.get_traced_memory()[0]
                    if count == 12_000:
                        peak = tracemalloc.get_traced_memory()[1]
                        tracemalloc.stop()
    finally:
        tracemalloc.stop()

    assert count == ROW_COUNT
    assert points == sum(n % 500 for n in range(ROW_COUNT))
    assert row["reason"] == f"earn, visit {ROW_COUNT - 1}\r\nü {FILLER}"
    assert rows.bytes == sent["bytes"] > 15_000_000
    assert peak < sent["bytes"] / 10  # the body is never held whole
    # Nor are rows kept once handed out (10,000 rows would be megabytes; what moves
    # between the marks is aiohttp's receive buffer, a few hundred kilobytes at most).
    assert marks[12_000] - marks[2_000] < 400_000


async def test_a_large_download_over_http_writes_in_constant_memory(
    loopback: tuple[ConvercusClient, dict[str, int]], tmp_path: Path
) -> None:
    client, sent = loopback
    marks: list[int] = []
    peak = 0

    def progress(rows: int, size: int) -> None:
        nonlocal peak
        if tracemalloc.is_tracing() and size >= (len(marks) + 1) * 500_000:
            marks.append(tracemalloc.get_traced_memory()[0])
            if len(marks) == 4:
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()

    tracemalloc.start()
    try:
        saved = await client.reports.download(
            Report.TRANSACTION, tmp_path / "t.csv", progress=progress
        )
    finally:
        tracemalloc.stop()

    assert (saved.rows, saved.bytes) == (ROW_COUNT, sent["bytes"])
    assert saved.path.stat().st_size == sent["bytes"]
    assert 0 < peak < sent["bytes"] / 10
    assert marks[3] - marks[0] < 400_000
