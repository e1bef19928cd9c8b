"""Transactions on the wire: earn, burn, previews, revenue bookings, lists and reads."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

import pytest

from loyalty_async import (
    BadRequestError,
    ConvercusClient,
    OutcomeUnknownError,
    PaginationError,
    Request,
    Response,
    ValidationError,
)
from loyalty_async.convercus import (
    IdType,
    LineItem,
    LineItemType,
    LinkedTransaction,
    TenderItem,
    Transaction,
    TransactionBadRequestError,
    TransactionErrorCode,
    TransactionRejectedError,
    TransactionRequest,
    TransactionType,
)
from tests.convercus.conftest import BASE_URL, Wire, assert_convercus_headers

ACCOUNT = "7d123457-bfa1-4a83-8213-123456789763"
TX_ID = "0b6f1f9e-3c55-4c8e-9a43-1d2f0e6b7a10"
WHEN = dt.datetime(2024, 5, 17, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def body_of(request: Request) -> Any:
    """The JSON body as sent, with numbers read exactly."""
    assert isinstance(request.content, bytes)
    return json.loads(request.content, parse_float=Decimal)


def earn(**changes: Any) -> TransactionRequest:
    fields: dict[str, Any] = {
        "transaction_type": TransactionType.EARNTRANSACTION,
        "amount": Decimal("24.90"),
        "currency_code": "EUR",
        "external_id": "till7-000123",
        "transaction_time": WHEN,
        "line_items": [
            LineItem(
                item_id="4711",
                description="Coffee beans",
                quantity=Decimal("2"),
                unit_price=Decimal("9.95"),
                extended_amount=Decimal("19.90"),
                type=LineItemType.SALE,
            ),
            LineItem(item_id="0815", extended_amount=Decimal("5.00")),
        ],
    }
    fields.update(changes)
    return TransactionRequest(**fields)


def booked(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "transactionId": TX_ID,
        "externalId": "till7-000123",
        "accountId": ACCOUNT,
        "transactionType": "EARNTRANSACTION",
        "amount": 24.90,
        "currencyCode": "EUR",
        "points": 24,
        "transactionTime": "2024-05-17T14:30:00+02:00",
    }
    data.update(changes)
    return data


def created(data: dict[str, Any]) -> Response:
    return Response(
        201, headers={"Location": f"{BASE_URL}/transactions/{data['transactionId']}"}, json=data
    )


async def test_earn_transaction_goes_out_exactly(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", f"/accounts/{ACCOUNT}/transactions", created(booked()))

    result = await client.transactions.create_for_account(ACCOUNT, earn())

    request = wire.last
    assert (request.method, request.url) == ("POST", f"{BASE_URL}/accounts/{ACCOUNT}/transactions")
    assert_convercus_headers(request)
    assert request.headers["Content-Type"] == "application/json"
    assert body_of(request) == {
        "transactionType": "EARNTRANSACTION",
        "amount": Decimal("24.90"),
        "currencyCode": "EUR",
        "externalId": "till7-000123",
        "transactionTime": "2024-05-17T14:30:00+02:00",
        "lineItems": [
            {
                "itemId": "4711",
                "description": "Coffee beans",
                "quantity": 2,
                "unitPrice": Decimal("9.95"),
                "extendedAmount": Decimal("19.90"),
                "type": "SALE",
            },
            {"itemId": "0815", "extendedAmount": Decimal("5.00")},
        ],
    }
    # Amounts go out as JSON numbers with exactly the digits given, never through float.
    assert b'"amount":24.90,' in request.content
    assert b'"extendedAmount":5.00,' in request.content  # the key order is not part of it
    assert result == Transaction(
        transaction_id=TX_ID,
        external_id="till7-000123",
        account_id=ACCOUNT,
        transaction_type=TransactionType.EARNTRANSACTION,
        amount=Decimal("24.9"),
        currency_code="EUR",
        points=24,
        transaction_time=WHEN,
    )
    assert isinstance(result.amount, Decimal)


async def test_burn_by_card_code_with_tenders_link_and_receipt_image(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "POST",
        "/accounts/V1W2X3Y4Z5/transactions",
        created(booked(transactionType="PAYWITHPOINTS", amount=10, points=1000)),
    )
    burn = TransactionRequest(
        transaction_type="PAYWITHPOINTS",
        amount=Decimal("10.00"),
        currency_code="eur",
        external_id="till7-000124",
        transaction_time=WHEN,
        value_time=WHEN,
        reason="pay with points",
        tender_items=[TenderItem(type="POINTS", amount=Decimal("10.00"))],
        linked_transaction=LinkedTransaction(external_id="till7-000123"),
        receipt_image=b"\x89PNG\r\n",
    )

    result = await client.transactions.create_for_account(
        "V1W2X3Y4Z5", burn, id_type=IdType.CARDCODE
    )

    assert_convercus_headers(wire.last, id_type="CARDCODE")
    assert body_of(wire.last) == {
        "transactionType": "PAYWITHPOINTS",
        "amount": Decimal("10.00"),
        "currencyCode": "EUR",
        "externalId": "till7-000124",
        "transactionTime": "2024-05-17T14:30:00+02:00",
        "valueTime": "2024-05-17T14:30:00+02:00",
        "reason": "pay with points",
        "tenderItems": [{"type": "POINTS", "amount": Decimal("10.00")}],
        "linkedTransaction": {"externalId": "till7-000123"},
        "receiptImageData": base64.b64encode(b"\x89PNG\r\n").decode(),
    }
    assert result.transaction_type is TransactionType.PAYWITHPOINTS
    assert result.points == 1000


async def test_return_line_and_receipt_url_and_linked_transaction_id(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", f"/accounts/{ACCOUNT}/transactions", created(booked()))
    receipt = earn(
        amount=Decimal("-9.95"),
        line_items=[LineItem(extended_amount=Decimal("-9.95"), type="RETURN")],
        linked_transaction=LinkedTransaction(transaction_id=TX_ID),
        receipt_image_url="https://receipts.example/000125.png",
    )

    await client.transactions.create_for_account(ACCOUNT, receipt)

    sent = body_of(wire.last)
    assert sent["lineItems"] == [{"extendedAmount": Decimal("-9.95"), "type": "RETURN"}]
    assert sent["linkedTransaction"] == {"transactionId": TX_ID}
    assert sent["receiptImageUrl"] == "https://receipts.example/000125.png"


async def test_external_id_and_time_are_minted_once_per_call(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", f"/accounts/{ACCOUNT}/transactions", created(booked()))
    before = dt.datetime.now(dt.UTC)

    await client.transactions.create_for_account(
        ACCOUNT, earn(external_id=None, transaction_time=None)
    )
    await client.transactions.create_for_account(
        ACCOUNT, earn(external_id=None, transaction_time=None)
    )

    first, second = (body_of(r) for r in wire.calls)
    assert uuid.UUID(first["externalId"]).version == 4
    assert first["externalId"] != second["externalId"]
    sent_time = dt.datetime.fromisoformat(first["transactionTime"])
    assert sent_time.utcoffset() == dt.timedelta(0)
    assert sent_time >= before


async def test_a_location_without_body_still_gives_the_transaction(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "POST",
        f"/accounts/{ACCOUNT}/transactions",
        Response(201, headers={"Location": f"{BASE_URL}/transactions/{TX_ID}"}),
    )

    result = await client.transactions.create_for_account(ACCOUNT, earn())

    assert result == Transaction(
        transaction_id=TX_ID,
        external_id="till7-000123",
        transaction_type=TransactionType.EARNTRANSACTION,
        amount=Decimal("24.90"),
        currency_code="EUR",
    )


async def test_existing_external_id_answers_200_with_the_existing_transaction(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", f"/accounts/{ACCOUNT}/transactions", Response(200, json=booked()))

    result = await client.transactions.create_for_account(ACCOUNT, earn())

    assert result.transaction_id == TX_ID


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": Decimal("25.00")}, "amount"),
        ({"amount": 24.9}, "amount"),
        ({"transaction_type": "PAYWITHPOINTSTRANSACTION"}, "transaction_type"),
        ({"transaction_type": "REFUND"}, "transaction_type"),
        ({"currency_code": "EURO"}, "currency_code"),
        ({"currency_code": "XYZ"}, "currency_code"),
        ({"transaction_time": dt.datetime(2024, 5, 17, 14, 30)}, "transaction_time"),
        ({"external_id": " "}, "external_id"),
        ({"line_items": [LineItem(extended_amount=24.9)]}, "line_items[0].extended_amount"),
        ({"line_items": [LineItem(item_id="x")]}, "line_items[0]"),
        (
            {"line_items": [LineItem(extended_amount=Decimal("24.90"), type="GIFT")]},
            "line_items[0].type",
        ),
        ({"amount": Decimal("NaN"), "line_items": []}, "amount"),
        ({"tender_items": [TenderItem(type="CASH")]}, "tender_items[0]"),
        ({"linked_transaction": LinkedTransaction()}, "linked_transaction"),
        (
            {"receipt_image": b"x", "receipt_image_url": "https://receipts.example/1.png"},
            "receipt_image",
        ),
    ],
)
async def test_bad_receipts_are_refused_before_any_request(
    client: ConvercusClient, wire: Wire, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.transactions.create_for_account(ACCOUNT, earn(**changes))
    assert caught.value.field == field
    assert wire.calls == []


async def test_amount_must_equal_the_sum_of_line_items(client: ConvercusClient) -> None:
    with pytest.raises(ValidationError, match=r"24\.91.*sum.*24\.90"):
        await client.transactions.book_revenue(earn(amount=Decimal("24.91")))


async def test_a_card_code_without_id_type_is_refused(client: ConvercusClient, wire: Wire) -> None:
    with pytest.raises(ValidationError, match="id_type"):
        await client.transactions.create_for_account("V1W2X3Y4Z5", earn())
    assert wire.calls == []


async def test_insufficient_points_is_a_typed_bad_request(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "POST",
        f"/accounts/{ACCOUNT}/transactions",
        Response(400, json={"code": "INSUFFICIENT_POINTS", "message": "balance 50 < 1000"}),
    )

    with pytest.raises(BadRequestError) as caught:
        await client.transactions.create_for_account(
            ACCOUNT, earn(transaction_type=TransactionType.PAYWITHPOINTS)
        )

    error = caught.value
    assert isinstance(error, TransactionBadRequestError)
    assert isinstance(error, TransactionRejectedError)
    assert error.code is TransactionErrorCode.INSUFFICIENT_POINTS
    assert error.message == "balance 50 < 1000"
    assert len(wire.calls) == 1  # a 4xx is never resent


async def test_an_unknown_refusal_code_is_kept(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "POST",
        "/transactions",
        Response(409, json={"code": "RECEIPT_CLOSED", "message": "closed", "detail": ["x"]}),
    )

    with pytest.raises(TransactionRejectedError) as caught:
        await client.transactions.book_revenue(earn())

    assert caught.value.status == 409
    assert caught.value.code == "RECEIPT_CLOSED"
    assert caught.value.code is not None and not caught.value.code.is_known()
    assert caught.value.details == ["x"]


async def test_preview_for_account_books_nothing_and_needs_no_external_id(
    client: ConvercusClient, wire: Wire
) -> None:
    preview = booked()
    del preview["transactionId"]
    wire.on("POST", f"/accounts/{ACCOUNT}/transactions/preview", Response(200, json=preview))

    result = await client.transactions.preview_for_account(
        ACCOUNT, earn(external_id=None, transaction_time=None)
    )

    sent = body_of(wire.last)
    assert "externalId" not in sent and "transactionTime" not in sent
    assert sent["amount"] == Decimal("24.90")
    assert_convercus_headers(wire.last)
    assert result.transaction_id is None and result.points == 24


async def test_incentivate_attaches_an_account(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PATCH", f"/accounts/APP-1/transactions/{TX_ID}", Response(204))

    result = await client.transactions.incentivate("APP-1", TX_ID, id_type="APPCODE")

    assert result is None
    assert wire.last.method == "PATCH"
    assert wire.last.content in (None, b"")
    assert_convercus_headers(wire.last, id_type="APPCODE")


async def test_incentivate_returns_the_transaction_when_sent(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("PATCH", f"/accounts/{ACCOUNT}/transactions/{TX_ID}", Response(200, json=booked()))

    result = await client.transactions.incentivate(ACCOUNT, TX_ID)

    assert result is not None and result.account_id == ACCOUNT


async def test_book_revenue_without_account(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", "/transactions", created(booked(accountId=None, points=0)))

    result = await client.transactions.book_revenue(earn())

    assert (wire.last.method, wire.last.url) == ("POST", f"{BASE_URL}/transactions")
    assert_convercus_headers(wire.last)
    assert body_of(wire.last)["externalId"] == "till7-000123"
    assert result.account_id is None and result.transaction_id == TX_ID


async def test_retail_preview(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", "/transactions/preview", Response(200, json=booked(transactionId=None)))

    result = await client.transactions.preview(earn())

    assert wire.last.url == f"{BASE_URL}/transactions/preview"
    assert body_of(wire.last)["lineItems"][0]["itemId"] == "4711"
    assert result.transaction_id is None


async def test_get_retail_transaction(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/transactions/{TX_ID}", Response(200, json=booked(unknownField=1)))

    result = await client.transactions.get(TX_ID)

    assert wire.last.content in (None, b"")
    assert_convercus_headers(wire.last)
    assert result.external_id == "till7-000123"


async def test_get_unknown_transaction_is_not_found(client: ConvercusClient, wire: Wire) -> None:
    with pytest.raises(TransactionRejectedError) as caught:
        await client.transactions.get(TX_ID)
    assert caught.value.status == 404


async def test_account_history_pages_until_a_short_page(
    client: ConvercusClient, wire: Wire
) -> None:
    def page(request: Request) -> Response:
        number = int(dict(request.params)["page"])
        items = [booked(externalId=f"r{number}-{i}") for i in range(2 if number < 2 else 1)]
        return Response(200, json=items)

    wire.on("GET", f"/v2/accounts/{ACCOUNT}/transactions", page)

    items = await client.transactions.list_for_account(ACCOUNT, page_size=2).collect()

    assert [t.external_id for t in items] == ["r0-0", "r0-1", "r1-0", "r1-1", "r2-0"]
    assert [r.params for r in wire.calls] == [
        [("page", "0"), ("size", "2")],
        [("page", "1"), ("size", "2")],
        [("page", "2"), ("size", "2")],
    ]
    assert_convercus_headers(wire.last)


async def test_account_history_empty_and_by_code(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", "/v2/accounts/V1W2/transactions", Response(200, json=[]))

    pager = client.transactions.list_for_account("V1W2", id_type="CARDCODE", start_page=3)
    assert await pager.collect() == []

    assert wire.last.params == [("page", "3"), ("size", "50")]
    assert_convercus_headers(wire.last, id_type="CARDCODE")


async def test_account_history_accepts_a_spring_page(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "GET",
        f"/v2/accounts/{ACCOUNT}/transactions",
        Response(200, json={"content": [booked()], "last": True, "totalPages": 1}),
    )

    items = await client.transactions.list_for_account(ACCOUNT, page_size=10).collect()

    assert [t.transaction_id for t in items] == [TX_ID]
    assert len(wire.calls) == 1


async def test_a_failing_page_says_where_to_resume(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "GET",
        f"/v2/accounts/{ACCOUNT}/transactions",
        Response(200, json=[booked(), booked()]),
        Response(401, json={"code": "UNAUTHORIZED"}),
    )
    pager = client.transactions.list_for_account(ACCOUNT, page_size=2)

    with pytest.raises(PaginationError) as caught:
        await pager.collect()

    assert caught.value.resume == 1
    assert caught.value.items_yielded == 2


@pytest.mark.parametrize("page_size", [0, 1001, "10", True])
async def test_bad_page_size_is_refused(client: ConvercusClient, page_size: Any) -> None:
    with pytest.raises(ValidationError):
        client.transactions.list_for_account(ACCOUNT, page_size=page_size)


async def test_deprecated_account_history(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}/transactions", Response(200, json=[booked()]))

    items = await client.transactions.list_for_account_deprecated(ACCOUNT)

    assert wire.last.params == []
    assert [t.points for t in items] == [24]


async def test_retail_list_passes_filters_and_pages(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", "/transactions", Response(200, json=[booked()]))

    items = await client.transactions.list(filters={"externalId": "till7-000123"}).collect()

    assert wire.last.params == [("externalId", "till7-000123"), ("page", "0"), ("size", "50")]
    assert len(items) == 1
    with pytest.raises(ValidationError, match="pager"):
        client.transactions.list(filters={"page": 3})


async def test_find_by_external_id_walks_the_history(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "GET",
        f"/v2/accounts/{ACCOUNT}/transactions",
        Response(200, json=[booked(externalId="a"), booked(externalId="b")]),
        Response(200, json=[booked(externalId="c", transactionId="t-c")]),
    )

    found = await client.transactions.find_by_external_id(ACCOUNT, "c", page_size=2)
    assert found is not None and found.transaction_id == "t-c"

    wire.on("GET", f"/v2/accounts/{ACCOUNT}/transactions", Response(200, json=[]))
    assert await client.transactions.find_by_external_id(ACCOUNT, "zzz") is None


async def test_resend_refuses_anything_but_a_transaction(client: ConvercusClient) -> None:
    error = OutcomeUnknownError("lost", operation="bookings.create", context={})
    with pytest.raises(ValidationError, match=r"bookings\.create"):
        await client.transactions.resend(error)


async def test_resend_sends_the_very_bytes_and_per_call_headers_first_sent(wire: Wire) -> None:
    from loyalty_async import RetryPolicy
    from tests.convercus.wire_asserts import make_client

    path = f"/accounts/{ACCOUNT}/transactions"
    answer = json.dumps({**booked(), "amount": "AMOUNT"}).replace(
        '"AMOUNT"', "12345678901234567.89"
    )
    wire.on(
        "POST",
        path,
        Response(503),
        Response(201, content=answer.encode(), headers={"Content-Type": "application/json"}),
    )
    receipt = TransactionRequest(
        transaction_type="EARNTRANSACTION",
        amount=Decimal("12345678901234567.89"),
        currency_code="EUR",
        external_id="till7-000999",
        line_items=[
            LineItem(extended_amount=Decimal("24.90")),
            LineItem(extended_amount=Decimal("12345678901234542.99")),
        ],
    )
    async with make_client(wire, retry=RetryPolicy(max_attempts=1)) as client:
        till = client.transactions.with_options(headers={"interaction-id": "till-7"})
        with pytest.raises(OutcomeUnknownError) as caught:
            await till.create_for_account(ACCOUNT, receipt)

        # Resent through the client's own service: the first call's headers still apply.
        result = await client.transactions.resend(caught.value)

    first, again = wire.calls
    assert again.content == first.content
    assert b'"amount":12345678901234567.89,' in again.content
    assert b'"extendedAmount":24.90' in again.content
    assert again.headers["interaction-id"] == "till-7"
    assert (again.method, again.url) == ("POST", f"{BASE_URL}{path}")
    # The answer's amount is read exactly, too.
    assert str(result.amount) == "12345678901234567.89"
