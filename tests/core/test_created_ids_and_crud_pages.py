"""How a created id is read, and how a CRUD framework's pages are read."""

from __future__ import annotations

import pytest

from loyalty_async import DecodeError, Response
from loyalty_async.operations.readers import location_id
from loyalty_async.paging import crud_page

NEW = "5d1c2b3a-4e5f-4a6b-9c8d-7e6f5a4b3c2d"


def test_the_location_header_wins_over_the_body() -> None:
    response = Response(
        201, headers={"Location": f"https://h.test/devices/{NEW}"}, json={"id": "other"}
    )
    assert location_id(response) == NEW


@pytest.mark.parametrize(("body", "expected"), [({"id": NEW}, NEW), ({"id": 42}, "42")])
def test_without_location_the_created_record_s_id_is_read(body: object, expected: str) -> None:
    assert location_id(Response(201, json=body)) == expected


@pytest.mark.parametrize(
    "response",
    [
        Response(201),
        Response(201, json={"name": "no id"}),
        Response(201, json={"id": True}),
        Response(201, json={"id": " "}),
        Response(201, json=[{"id": NEW}]),
        Response(201, text="{not json"),
    ],
)
def test_without_location_or_body_id_the_create_is_unreadable(response: Response) -> None:
    with pytest.raises(DecodeError, match="no usable Location header and no id"):
        location_id(response)


def test_a_crud_page_says_whether_more_follow() -> None:
    first = crud_page({"data": [1, 2], "page": 1, "pageCount": 3}, 0, 2)
    last = crud_page({"data": [5], "page": 3, "pageCount": 3}, 2, 2)
    full_last = crud_page({"data": [5, 6], "page": 3, "pageCount": 3}, 2, 2)

    assert (list(first.items), first.next) == ([1, 2], 1)
    assert (list(last.items), last.next) == ([5], None)
    assert full_last.next is None


def test_a_crud_list_answered_otherwise_is_read_too() -> None:
    assert crud_page([1, 2], 0, 5).next is None
    assert crud_page({"content": [1, 2], "last": False}, 0, 2).next == 1
    with pytest.raises(DecodeError):
        crud_page({"data": "nope"}, 0, 2)
