"""Identifiers and identifier batches on the wire."""

from __future__ import annotations

import pytest

from loyalty_async import (
    ConflictError,
    ConvercusClient,
    DecodeError,
    NotFoundError,
    OutcomeUnknownError,
    PaginationError,
    Request,
    Response,
    RetryPolicy,
    ValidationError,
)
from loyalty_async.convercus import IdentifierStatus, IdentifierType, IdType
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import ACCOUNT, CARD, IDENTIFIER, assert_sent, location

IDENTIFIER_BODY = {
    "identifierId": IDENTIFIER,
    "code": "TESTCODE",
    "displayCode": "AB1299CD",
    "type": "APPCODE",
    "status": "ACTIVE",
}


async def test_list_for_account_reads_a_bare_array(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/accounts/{CARD}/identifiers", Response(200, json=[IDENTIFIER_BODY]))

    [identifier] = await client.identifiers.list_for_account(CARD, id_type=IdType.CARDCODE)

    assert_sent(wire.last, "GET", f"/accounts/{CARD}/identifiers", id_type="CARDCODE")
    assert identifier.identifier_id == IDENTIFIER
    assert (identifier.code, identifier.display_code) == ("TESTCODE", "AB1299CD")
    assert identifier.type is IdentifierType.APPCODE
    assert identifier.status is IdentifierStatus.ACTIVE


@pytest.mark.parametrize("answer", [Response(200, json=[]), Response(200)])
async def test_list_for_account_without_identifiers_is_empty(
    client: ConvercusClient, wire: Wire, answer: Response
) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}/identifiers", answer)

    assert await client.identifiers.list_for_account(ACCOUNT) == []


async def test_list_for_account_refuses_an_object_body(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/accounts/{ACCOUNT}/identifiers", Response(200, json=IDENTIFIER_BODY))

    with pytest.raises(DecodeError):
        await client.identifiers.list_for_account(ACCOUNT)


async def test_create_sends_type_code_and_display_code_and_reads_location(
    client: ConvercusClient, wire: Wire
) -> None:
    path = f"/accounts/{ACCOUNT}/identifiers"
    wire.on("POST", path, Response(201, headers=location(f"{path}/{IDENTIFIER}")))

    identifier_id = await client.identifiers.create(
        ACCOUNT, IdentifierType.CARDCODE, code=CARD, display_code="V1W2 X3Y4 Z5"
    )

    assert identifier_id == IDENTIFIER
    assert_sent(
        wire.last,
        "POST",
        path,
        json={"type": "CARDCODE", "code": CARD, "displayCode": "V1W2 X3Y4 Z5"},
    )


async def test_create_with_type_only_leaves_codes_out(client: ConvercusClient, wire: Wire) -> None:
    path = f"/accounts/{ACCOUNT}/identifiers"
    wire.on("POST", path, Response(201, headers=location(f"{path}/{IDENTIFIER}")))

    await client.identifiers.create(ACCOUNT, "APPCODE")

    assert_sent(wire.last, "POST", path, json={"type": "APPCODE"})


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Response(201), None),
        (Response(201, headers={"Location": "  "}), None),
        (Response(200, json={"identifierId": IDENTIFIER, "code": CARD}), IDENTIFIER),
        (Response(200, text="created"), None),
    ],
)
async def test_create_without_location_falls_back_to_the_body_or_none(
    client: ConvercusClient, wire: Wire, answer: Response, expected: str | None
) -> None:
    wire.on("POST", f"/accounts/{ACCOUNT}/identifiers", answer)

    assert await client.identifiers.create(ACCOUNT, IdentifierType.CARDCODE, code=CARD) == expected


async def test_create_with_a_code_already_in_use_is_a_conflict(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "POST",
        f"/accounts/{ACCOUNT}/identifiers",
        Response(409, json={"code": "IDENTIFIER_ALREADY_EXISTS", "message": "code in use"}),
    )

    with pytest.raises(ConflictError) as caught:
        await client.identifiers.create(ACCOUNT, IdentifierType.CARDCODE, code=CARD)

    assert caught.value.code == "IDENTIFIER_ALREADY_EXISTS"
    assert len(wire.calls) == 1


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((ACCOUNT, "PHONE"), {}, "type"),
        ((ACCOUNT, "ID"), {}, "type"),  # an id-type, not an identifier type
        ((ACCOUNT, IdentifierType.CARDCODE), {"code": ""}, "code"),
        ((ACCOUNT, IdentifierType.CARDCODE), {"display_code": " "}, "display_code"),
        ((CARD, IdentifierType.CARDCODE), {"code": CARD}, "account_id"),
    ],
)
async def test_create_refuses_bad_input_before_any_request(
    client: ConvercusClient, wire: Wire, args: tuple[str, str], kwargs: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.identifiers.create(*args, **kwargs)

    assert caught.value.field == field
    assert wire.calls == []


async def test_lock_and_unlock(client: ConvercusClient, wire: Wire) -> None:
    base = f"/accounts/{CARD}/identifiers/{IDENTIFIER}"
    wire.on("POST", f"{base}/lock", Response(200, json={**IDENTIFIER_BODY, "status": "LOCKED"}))
    wire.on("POST", f"{base}/unlock", Response(204))

    locked = await client.identifiers.lock(CARD, IDENTIFIER, id_type=IdType.CARDCODE)
    assert_sent(wire.last, "POST", f"{base}/lock", id_type="CARDCODE")
    assert locked is not None and locked.status is IdentifierStatus.LOCKED

    assert await client.identifiers.unlock(CARD, IDENTIFIER, id_type=IdType.CARDCODE) is None
    assert_sent(wire.last, "POST", f"{base}/unlock", id_type="CARDCODE")


async def test_lock_refuses_an_identifier_code_as_identifier_id(
    client: ConvercusClient, wire: Wire
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.identifiers.lock(ACCOUNT, CARD)

    assert caught.value.field == "identifier_id"
    assert wire.calls == []


async def test_get_and_terminate_by_identifier_id(client: ConvercusClient, wire: Wire) -> None:
    path = f"/identifiers/{IDENTIFIER}"
    wire.on("GET", path, Response(200, json=IDENTIFIER_BODY))
    wire.on("DELETE", path, Response(204))

    identifier = await client.identifiers.get(IDENTIFIER)
    assert_sent(wire.last, "GET", path)
    assert identifier.code == "TESTCODE"

    assert await client.identifiers.terminate(IDENTIFIER) is None
    assert_sent(wire.last, "DELETE", path)


async def test_get_unknown_identifier_is_not_found(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/identifiers/{IDENTIFIER}", Response(404, json={"code": "NOT_FOUND"}))

    with pytest.raises(NotFoundError):
        await client.identifiers.get(IDENTIFIER)


# ---------------------------------------------------------------------- batches


async def test_list_batches(client: ConvercusClient, wire: Wire) -> None:
    batches = [
        {"batchId": "b-1", "type": "CARDCODE", "count": 500, "status": "DONE"},
        {"identifierBatchId": "b-2", "type": "APPCODE", "count": 10, "prefix": "APP"},
    ]
    wire.on("GET", "/identifierbatches", Response(200, json=batches))

    first, second = await client.identifiers.list_batches()

    assert_sent(wire.last, "GET", "/identifierbatches")
    assert (first.batch_id, first.type, first.count, first.status) == (
        "b-1",
        IdentifierType.CARDCODE,
        500,
        "DONE",
    )
    assert second.batch_id == "b-2"
    assert second.raw["prefix"] == "APP"


async def test_create_batch_sends_type_count_and_extra_fields(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", "/v2/identifierbatches", Response(201, json={"id": 42, "status": "PENDING"}))

    batch = await client.identifiers.create_batch(
        IdentifierType.CARDCODE, 1000, fields={"prefix": "V1", "description": "spring"}
    )

    assert_sent(
        wire.last,
        "POST",
        "/v2/identifierbatches",
        json={"type": "CARDCODE", "count": 1000, "prefix": "V1", "description": "spring"},
    )
    assert batch is not None
    assert (batch.batch_id, batch.status) == ("42", "PENDING")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Response(201, headers=location("/identifierbatches/b-9")), "b-9"),
        (Response(201, headers=location("/identifierbatches/b-9"), json={"count": 5}), "b-9"),
    ],
)
async def test_create_batch_reads_the_id_from_location(
    client: ConvercusClient, wire: Wire, answer: Response, expected: str
) -> None:
    wire.on("POST", "/identifierbatches", answer)

    batch = await client.identifiers.create_batch_deprecated("APPCODE", 5)

    assert_sent(wire.last, "POST", "/identifierbatches", json={"type": "APPCODE", "count": 5})
    assert batch is not None and batch.batch_id == expected


async def test_create_batch_with_neither_body_nor_location_returns_none(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", "/v2/identifierbatches", Response(202))

    assert await client.identifiers.create_batch("APPCODE", 5) is None


@pytest.mark.parametrize("count", [0, -3, True, 2.5, "10"])
async def test_create_batch_refuses_a_bad_count(
    client: ConvercusClient, wire: Wire, count: object
) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.identifiers.create_batch("APPCODE", count)  # type: ignore[arg-type]

    assert caught.value.field == "count"
    assert wire.calls == []


async def test_get_batch(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", "/identifierbatches/b-1", Response(200, json={"batchId": "b-1", "count": 3}))

    batch = await client.identifiers.get_batch("b-1")

    assert_sent(wire.last, "GET", "/identifierbatches/b-1")
    assert (batch.batch_id, batch.count) == ("b-1", 3)


def _code(n: int) -> dict[str, str]:
    return {
        "identifierId": f"00000000-0000-4000-8000-{n:012d}",
        "code": f"C{n}",
        "type": "CARDCODE",
    }


async def test_batch_identifiers_walk_spring_pages(client: ConvercusClient, wire: Wire) -> None:
    def page(request: Request) -> Response:
        number = int(dict(request.params)["page"])
        content = [_code(2 * number), _code(2 * number + 1)] if number < 2 else [_code(4)]
        return Response(200, json={"content": content, "number": number, "last": number == 2})

    wire.on("GET", "/identifierbatches/b-1/identifiers", page)

    pager = client.identifiers.list_batch_identifiers("b-1", page_size=2)
    assert wire.calls == []  # nothing is sent before iterating
    codes = [identifier.code async for identifier in pager]

    assert codes == ["C0", "C1", "C2", "C3", "C4"]
    for number, request in enumerate(wire.calls):
        assert_sent(
            request,
            "GET",
            "/identifierbatches/b-1/identifiers",
            params=[("page", str(number)), ("size", "2")],
        )
    assert len(wire.calls) == 3


async def test_batch_identifiers_accept_bare_array_pages(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "GET",
        "/identifierbatches/b-1/identifiers",
        Response(200, json=[_code(0), _code(1)]),
        Response(200, json=[]),
    )

    identifiers = await client.identifiers.list_batch_identifiers("b-1", page_size=2).collect()

    assert [i.code for i in identifiers] == ["C0", "C1"]
    assert len(wire.calls) == 2


async def test_batch_identifiers_failure_says_where_to_resume(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on(
        "GET",
        "/identifierbatches/b-1/identifiers",
        Response(200, json=[_code(0)]),
        Response(404, json={"code": "BATCH_NOT_FOUND"}),
    )

    pager = client.identifiers.list_batch_identifiers("b-1", page_size=1)
    with pytest.raises(PaginationError) as caught:
        await pager.collect()

    assert caught.value.resume == 1
    assert caught.value.items_yielded == 1


async def test_batch_identifiers_refuse_a_bad_page_size(client: ConvercusClient) -> None:
    with pytest.raises(ValidationError) as caught:
        client.identifiers.list_batch_identifiers("b-1", page_size=0)

    assert caught.value.field == "page_size"


async def test_a_lost_create_names_the_account_type_and_code(wire: Wire) -> None:
    from tests.convercus.wire_asserts import make_client

    wire.on("POST", f"/accounts/{ACCOUNT}/identifiers", Response(503))
    async with make_client(wire, retry=RetryPolicy(max_attempts=1)) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.identifiers.create(ACCOUNT, IdentifierType.CARDCODE, code=CARD)

    context = dict(caught.value.context)
    assert context.pop("gave_up_at").tzinfo is not None
    assert context == {"account_id": ACCOUNT, "type": "CARDCODE", "code": CARD}
