"""Pagination through a real Session: every paging style, failures and resuming."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp import web

from loyalty_async import (
    AiohttpTransport,
    DecodeError,
    Page,
    Pager,
    PaginationError,
    Request,
    Response,
    RetryPolicy,
    ServerError,
    Session,
)
from loyalty_async.paging import array_page, cursor_page, link_page, parse_link_header, spring_page
from tests.core.helpers import Loopback, mock_session

Serve = Callable[[Loopback], Awaitable[Loopback]]
ITEMS = [{"id": n} for n in range(1, 8)]  # seven items


def query(request: Request) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(request.full_url).query).items()}


def ids(items: list[Any]) -> list[int]:
    return [item["id"] for item in items]


async def test_bare_array_is_one_page() -> None:
    async with mock_session(lambda r: Response(200, json=ITEMS)) as (session, transport):

        async def fetch(cursor: object) -> Page[Any]:
            return array_page(session.decode_json(await session.request("GET", "/coupons")))

        assert ids(await Pager(fetch).collect()) == list(range(1, 8))
    assert len(transport.requests) == 1


async def test_empty_array_and_empty_body() -> None:
    answers = iter([Response(200, json=[]), Response(204)])
    async with mock_session(lambda r: next(answers)) as (session, _):

        async def fetch(cursor: object) -> Page[Any]:
            return array_page(session.decode_json(await session.request("GET", "/coupons")))

        assert await Pager(fetch).collect() == []
        assert await Pager(fetch).collect() == []


def spring_server(size: int, *, shape: str) -> Callable[[Request], Response]:
    def handler(request: Request) -> Response:
        page = int(query(request)["page"])
        content = ITEMS[page * size : (page + 1) * size]
        if shape == "array":
            return Response(200, json=content)
        total_pages = -(-len(ITEMS) // size)
        return Response(
            200,
            json={
                "content": content,
                "number": page,
                "size": size,
                "totalPages": total_pages,
                "totalElements": len(ITEMS),
                "last": page + 1 >= total_pages,
                "pageable": {"sort": {"unsorted": True}},
            },
        )

    return handler


@pytest.mark.parametrize("shape", ["spring", "array"])
async def test_spring_pages_and_bare_array_pages(shape: str) -> None:
    async with mock_session(spring_server(3, shape=shape)) as (session, transport):

        async def fetch(page: int) -> Page[Any]:
            response = await session.request("GET", "/reports", params={"page": page, "size": 3})
            return spring_page(session.decode_json(response), page, 3)

        pager = Pager(fetch, start=0)
        assert ids(await pager.collect()) == list(range(1, 8))
    assert [query(r)["page"] for r in transport.requests] == ["0", "1", "2"]
    assert pager.done and pager.items_yielded == 7


def test_spring_page_stop_rules() -> None:
    full = [{"id": 1}, {"id": 2}]
    assert spring_page({"content": full, "last": False, "totalPages": 5}, 0, 2).next == 1
    assert spring_page({"content": full, "last": True}, 0, 2).next is None
    assert spring_page({"content": full, "totalPages": 2}, 1, 2).next is None
    assert spring_page({"content": full[:1]}, 0, 2).next is None
    assert spring_page(full, 4, 2).next == 5
    assert spring_page(full[:1], 4, 2).next is None
    with pytest.raises(DecodeError):
        spring_page({"content": {"id": 1}}, 0, 2)


async def test_mews_cursor_pages() -> None:
    def handler(request: Request) -> Response:
        limitation = request.decoded_json()["Limitation"]
        start = 0 if limitation["Cursor"] is None else int(limitation["Cursor"][2:])
        chunk = ITEMS[start : start + limitation["Count"]]
        cursor = f"c-{start + len(chunk)}" if chunk else None
        return Response(200, json={"LoyaltyMemberships": chunk, "Cursor": cursor})

    async with mock_session(handler) as (session, transport):

        async def fetch(cursor: str | None) -> Page[Any]:
            body = {"Limitation": {"Cursor": cursor, "Count": 3}}
            response = await session.request(
                "POST", "/api/connector/v1/loyaltyMemberships/getAll", json=body
            )
            return cursor_page(session.decode_json(response), "LoyaltyMemberships", 3)

        assert ids(await Pager(fetch).collect()) == list(range(1, 8))
    sent = [r.decoded_json()["Limitation"] for r in transport.requests]
    assert sent == [
        {"Cursor": None, "Count": 3},
        {"Cursor": "c-3", "Count": 3},
        {"Cursor": "c-6", "Count": 3},
    ]
    with pytest.raises(DecodeError):
        cursor_page([], "LoyaltyMemberships", 3)


async def test_accengage_link_pages_on_a_real_server(serve: Serve) -> None:
    async def users(request: web.Request) -> web.Response:
        page = int(request.query.get("page", "1"))
        chunk = ITEMS[(page - 1) * 3 : page * 3]
        base = f"{server.url('/v1/me/apps/9/users')}?fields=id&page="
        links = [f'<{base}1>; rel="first"']
        if page > 1:
            links.append(f"<{base}{page - 1}>; rel=prev")
        if page * 3 < len(ITEMS):
            links.append(f'<{base}{page + 1}>; rel="next"')
        return web.json_response(chunk, headers={"Link": ", ".join(links)})

    server = Loopback()
    server.route("GET", "/v1/me/apps/9/users", users)
    await serve(server)
    async with Session(server.url(), transport=AiohttpTransport()) as session:

        async def fetch(url: str | None) -> Page[Any]:
            if url is None:
                response = await session.request(
                    "GET", "/v1/me/apps/{app}/users", path_params={"app": 9},
                    params={"fields": "id", "page": 1},
                )  # fmt: skip
            else:
                response = await session.request("GET", url)
            return link_page(session.decode_json(response), response)

        assert ids(await Pager(fetch).collect()) == list(range(1, 8))
    assert [seen.raw_path for seen in server.seen] == [
        "/v1/me/apps/9/users?fields=id&page=1",
        "/v1/me/apps/9/users?fields=id&page=2",
        "/v1/me/apps/9/users?fields=id&page=3",
    ]


@pytest.mark.parametrize(
    ("header", "links"),
    [
        (None, {}),
        ("", {}),
        ('<https://a.test/x?page=2>; rel="next"', {"next": "https://a.test/x?page=2"}),
        ("<https://a.test/x?a=1,2>;rel=next", {"next": "https://a.test/x?a=1,2"}),
        (
            '<https://a.test/1>; rel="first", <https://a.test/3>; title="x"; rel="next last"',
            {"first": "https://a.test/1", "next": "https://a.test/3", "last": "https://a.test/3"},
        ),
        ('<https://a.test/2>; REL="Next"', {"next": "https://a.test/2"}),
        ("garbage", {}),
    ],
)
def test_parse_link_header(header: str | None, links: dict[str, str]) -> None:
    assert parse_link_header(header) == links


async def test_failure_mid_walk_says_where_to_resume_and_resuming_repeats_nothing() -> None:
    broken = {"on": True}

    def handler(request: Request) -> Response:
        if query(request)["page"] == "1" and broken["on"]:
            return Response(503, json={"message": "maintenance"})
        return spring_server(3, shape="spring")(request)

    async with mock_session(handler, retry=RetryPolicy.disabled()) as (session, _):

        async def fetch(page: int) -> Page[Any]:
            response = await session.request("GET", "/reports", params={"page": page, "size": 3})
            return spring_page(session.decode_json(response), page, 3)

        seen: list[Any] = []
        pager = Pager(fetch, start=0)
        with pytest.raises(PaginationError) as caught:
            async for item in pager:
                seen.append(item)
        error = caught.value
        assert (error.resume, error.items_yielded) == (1, 3)
        assert isinstance(error.__cause__, ServerError)
        assert "resume from 1" in str(error)
        broken["on"] = False
        resumed = [item async for item in Pager(fetch, start=error.resume)]
        assert ids(seen + resumed) == list(range(1, 8))
        # The failed pager itself also carries on from where it stopped.
        assert ids([item async for item in pager]) == [4, 5, 6, 7]


async def test_a_walk_stops_on_a_repeated_cursor_or_an_empty_page() -> None:
    calls: list[Any] = []

    async def same_cursor(cursor: Any) -> Page[int]:
        calls.append(cursor)
        return Page([1, 2], next="c-1")

    assert await Pager(same_cursor, start="c-1").collect() == [1, 2]
    assert calls == ["c-1"]

    async def empty(cursor: Any) -> Page[int]:
        return Page([], next="more")

    assert await Pager(empty).collect() == []


async def test_collect_with_a_limit_and_whole_pages() -> None:
    async def fetch(page: int) -> Page[int]:
        return Page(list(range(page * 10, page * 10 + 10)), next=page + 1 if page < 3 else None)

    assert await Pager(fetch, start=0).collect(limit=12) == list(range(12))
    pages = [page async for page in Pager(fetch, start=0).pages()]
    assert [len(page.items) for page in pages] == [10, 10, 10, 10]


def test_array_page_refuses_an_object() -> None:
    with pytest.raises(DecodeError):
        array_page({"content": []})
