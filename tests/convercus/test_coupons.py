"""Coupon definitions, assignations, batches, promo codes and images on the wire."""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import json
from typing import Any

import pytest

from loyalty_async import (
    ConflictError,
    ConvercusClient,
    NotFoundError,
    OutcomeUnknownError,
    Request,
    Response,
    ValidationError,
)
from loyalty_async.codec import MultipartFile, encode_multipart
from loyalty_async.convercus import (
    Coupon,
    CouponAssignment,
    CouponBatch,
    CouponImage,
    CouponUsageType,
    PromoCode,
)
from loyalty_async.errors import DecodeError
from tests.convercus.conftest import BASE_URL, Wire, assert_convercus_headers

COUPON_ID = "c-10"
ACCOUNT = "7d123457-bfa1-4a83-8213-123456789763"
ACCOUNT_2 = "8e234568-c0b2-4b94-9324-234567890874"
UTC = dt.UTC
DEFINITION = {
    "couponId": COUPON_ID,
    "externalReference": "WELCOME10",
    "i18nFields": {"de": {"title": "10 % Rabatt", "description": "Willkommen"}},
    "validFrom": "2024-01-01T00:00:00Z",
    "usageType": "INCENTIVE",
    "maxRedeemCount": 1,
    "assignationType": "PROMOCODE",
    "conditions": [{"type": "MIN_AMOUNT", "value": 20}],
}


def body_of(request: Request) -> Any:
    assert isinstance(request.content, bytes)
    return json.loads(request.content)


def location(path: str) -> Response:
    return Response(201, headers={"Location": f"{BASE_URL}{path}"})


# ---------------------------------------------------------------------- definitions


async def test_get_keeps_undeclared_fields_in_extra(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/coupons/{COUPON_ID}", Response(200, json=DEFINITION))

    coupon = await client.coupons.get(COUPON_ID)

    assert_convercus_headers(wire.last)
    assert coupon.coupon_id == COUPON_ID
    assert coupon.usage_type is CouponUsageType.INCENTIVE
    assert coupon.valid_from == dt.datetime(2024, 1, 1, tzinfo=UTC)
    assert coupon.extra == {
        "assignationType": "PROMOCODE",
        "conditions": [{"type": "MIN_AMOUNT", "value": 20}],
    }


async def test_update_round_trips_extra_fields(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/coupons/{COUPON_ID}", Response(200, json=DEFINITION))
    wire.on("PUT", f"/v2/coupons/{COUPON_ID}", Response(200, json=DEFINITION))
    wire.on("PUT", f"/coupons/{COUPON_ID}", Response(204))

    coupon = await client.coupons.get(COUPON_ID)
    coupon.max_redeem_count = 2
    stored = await client.coupons.update(COUPON_ID, coupon)
    old = await client.coupons.update_deprecated(COUPON_ID, coupon)

    put = wire.calls[1]
    assert (put.method, put.url) == ("PUT", f"{BASE_URL}/v2/coupons/{COUPON_ID}")
    assert body_of(put) == {
        **DEFINITION,
        "validFrom": "2024-01-01T00:00:00+00:00",
        "maxRedeemCount": 2,
    }
    assert stored is not None and stored.extra["assignationType"] == "PROMOCODE"
    assert old is None
    assert wire.last.url == f"{BASE_URL}/coupons/{COUPON_ID}"


async def test_create_returns_the_new_id(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", "/v2/coupons", location("/coupons/c-11"))
    wire.on("POST", "/coupons", Response(201, json={**DEFINITION, "couponId": "c-12"}))
    coupon = Coupon(
        external_reference="SPRING",
        i18n_fields={"en": {"title": "Spring"}},
        usage_type=CouponUsageType.REWARD,
        points=300,
        extra={"benefitType": "PERCENT", "benefitValue": 10},
    )

    assert await client.coupons.create(coupon) == "c-11"
    assert body_of(wire.last) == {
        "externalReference": "SPRING",
        "i18nFields": {"en": {"title": "Spring"}},
        "points": 300,
        "usageType": "REWARD",
        "benefitType": "PERCENT",
        "benefitValue": 10,
    }
    assert_convercus_headers(wire.last)
    assert await client.coupons.create_deprecated(coupon) == "c-12"
    assert wire.last.url == f"{BASE_URL}/coupons"


async def test_extra_may_not_repeat_a_declared_field(client: ConvercusClient, wire: Wire) -> None:
    with pytest.raises(ValidationError, match="usageType"):
        await client.coupons.create(Coupon(extra={"usageType": "REWARD"}))
    with pytest.raises(ValidationError):
        await client.coupons.create({"externalReference": "X"})
    assert wire.calls == []


async def test_delete_both_paths(client: ConvercusClient, wire: Wire) -> None:
    wire.on("DELETE", f"/v2/coupons/{COUPON_ID}", Response(204))
    wire.on("DELETE", f"/coupons/{COUPON_ID}", Response(200))

    assert await client.coupons.delete(COUPON_ID) is None
    assert await client.coupons.delete_deprecated(COUPON_ID) is None

    assert [(r.method, r.url) for r in wire.calls] == [
        ("DELETE", f"{BASE_URL}/v2/coupons/{COUPON_ID}"),
        ("DELETE", f"{BASE_URL}/coupons/{COUPON_ID}"),
    ]


async def test_list_pages_with_filters(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "GET",
        "/v2/coupons",
        Response(200, json={"content": [DEFINITION, DEFINITION], "last": False}),
        Response(200, json={"content": [{"couponId": "c-13"}], "last": True}),
    )
    wire.on("GET", "/coupons", Response(200, json=[]))

    coupons = await client.coupons.list(filters={"status": "ACTIVE"}, page_size=2).collect()
    old = await client.coupons.list_deprecated().collect()

    assert [c.coupon_id for c in coupons] == [COUPON_ID, COUPON_ID, "c-13"]
    assert coupons[0].extra["assignationType"] == "PROMOCODE"
    assert [r.params for r in wire.calls[:2]] == [
        [("status", "ACTIVE"), ("page", "0"), ("size", "2")],
        [("status", "ACTIVE"), ("page", "1"), ("size", "2")],
    ]
    assert old == []
    assert wire.last.url == f"{BASE_URL}/coupons"


async def test_update_status(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PATCH", f"/coupons/{COUPON_ID}/status", Response(204))

    assert await client.coupons.update_status(COUPON_ID, "INACTIVE") is None

    assert body_of(wire.last) == {"status": "INACTIVE"}
    assert wire.last.method == "PATCH"


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (Response(200, json=True), True),
        (Response(200, json=False), False),
        (Response(200), True),
        (Response(404, json={"code": "NOT_FOUND"}), False),
    ],
)
async def test_verify_external_reference(
    client: ConvercusClient, wire: Wire, answer: Response, verdict: bool
) -> None:
    wire.on("GET", "/coupons/externalreference/WELCOME%2010", answer)
    assert await client.coupons.verify_external_reference("WELCOME 10") is verdict
    assert wire.last.url == f"{BASE_URL}/coupons/externalreference/WELCOME%2010"


async def test_verify_external_reference_conflict_raises(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", "/coupons/externalreference/X", Response(409, json={"code": "USED"}))
    with pytest.raises(ConflictError):
        await client.coupons.verify_external_reference("X")


@pytest.mark.parametrize(
    ("answer", "count"), [(Response(200, json=42), 42), (Response(200, json={"count": 7}), 7)]
)
async def test_count_accounts(
    client: ConvercusClient, wire: Wire, answer: Response, count: int
) -> None:
    wire.on("POST", "/coupons/accounts/count", answer)

    assert await client.coupons.count_accounts(["c-1", "c-2"]) == count

    assert body_of(wire.last) == ["c-1", "c-2"]
    with pytest.raises(ValidationError):
        await client.coupons.count_accounts([])
    with pytest.raises(ValidationError):
        await client.coupons.count_accounts("c-1")


async def test_count_of_an_unexpected_shape(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", "/coupons/accounts/count", Response(200, json=[1, 2]))
    with pytest.raises(DecodeError):
        await client.coupons.count_accounts(["c-1"])


# ---------------------------------------------------------------------- assignations


async def test_assign_an_account(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", f"/coupons/{COUPON_ID}/accounts", location("/accountcoupons/ac-1"))

    assignment = await client.coupons.assignments.assign(
        COUPON_ID,
        ACCOUNT,
        valid_from=dt.datetime(2024, 6, 1, tzinfo=UTC),
        valid_to=dt.datetime(2024, 6, 30, tzinfo=UTC),
    )

    assert (wire.last.method, wire.last.url) == ("POST", f"{BASE_URL}/coupons/{COUPON_ID}/accounts")
    assert_convercus_headers(wire.last)
    assert body_of(wire.last) == {
        "accountId": ACCOUNT,
        "validFrom": "2024-06-01T00:00:00+00:00",
        "validTo": "2024-06-30T00:00:00+00:00",
    }
    assert assignment == CouponAssignment(
        account_id=ACCOUNT, coupon_id=COUPON_ID, account_coupon_id="ac-1"
    )


async def test_assign_reads_a_body_when_sent(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "POST",
        f"/coupons/{COUPON_ID}/accounts",
        Response(201, json={"accountId": ACCOUNT, "accountCouponId": "ac-2", "maxRedeemCount": 1}),
    )
    assignment = await client.coupons.assignments.assign(COUPON_ID, ACCOUNT)
    assert assignment.account_coupon_id == "ac-2" and assignment.max_redeem_count == 1
    assert body_of(wire.last) == {"accountId": ACCOUNT}


@pytest.mark.parametrize(
    ("account", "changes"),
    [
        ("V1W2X3", {}),
        (ACCOUNT, {"valid_from": dt.datetime(2024, 6, 1)}),
        (
            ACCOUNT,
            {
                "valid_from": dt.datetime(2024, 6, 2, tzinfo=UTC),
                "valid_to": dt.datetime(2024, 6, 1, tzinfo=UTC),
            },
        ),
    ],
)
async def test_bad_assignations_are_refused(
    client: ConvercusClient, wire: Wire, account: str, changes: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        await client.coupons.assignments.assign(COUPON_ID, account, **changes)
    assert wire.calls == []


async def test_assignation_reads(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/coupons/{COUPON_ID}/accounts", Response(200, json=[{"accountId": ACCOUNT}]))
    wire.on("GET", f"/coupons/{COUPON_ID}/accounts/count", Response(200, json=1))
    wire.on(
        "GET",
        f"/coupons/{COUPON_ID}/accounts/{ACCOUNT}",
        Response(200, json={"accountId": ACCOUNT, "redeemCount": 0, "maxRedeemCount": 3}),
    )

    listed = await client.coupons.assignments.list(COUPON_ID)
    count = await client.coupons.assignments.count(COUPON_ID)
    one = await client.coupons.assignments.get(COUPON_ID, ACCOUNT)

    assert [a.account_id for a in listed] == [ACCOUNT]
    assert count == 1
    assert one.max_redeem_count == 3
    assert [r.url for r in wire.calls] == [
        f"{BASE_URL}/coupons/{COUPON_ID}/accounts",
        f"{BASE_URL}/coupons/{COUPON_ID}/accounts/count",
        f"{BASE_URL}/coupons/{COUPON_ID}/accounts/{ACCOUNT}",
    ]


async def test_unassign_and_update_limit(client: ConvercusClient, wire: Wire) -> None:
    wire.on("DELETE", f"/coupons/{COUPON_ID}/accounts/{ACCOUNT}", Response(204))
    wire.on(
        "PATCH",
        f"/coupons/{COUPON_ID}/accounts/{ACCOUNT}",
        Response(200, json={"accountId": ACCOUNT, "maxRedeemCount": 5}),
    )

    assert await client.coupons.assignments.unassign(COUPON_ID, ACCOUNT) is None
    updated = await client.coupons.assignments.update_redemption_limit(COUPON_ID, ACCOUNT, 5)

    assert wire.calls[0].method == "DELETE"
    assert (wire.last.method, body_of(wire.last)) == ("PATCH", {"maxRedeemCount": 5})
    assert updated is not None and updated.max_redeem_count == 5
    with pytest.raises(ValidationError):
        await client.coupons.assignments.update_redemption_limit(COUPON_ID, ACCOUNT, 0)


async def test_find_and_reconcile_an_assignation(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "GET",
        f"/coupons/{COUPON_ID}/accounts/{ACCOUNT}",
        Response(200, json={"accountId": ACCOUNT}),
    )
    error = OutcomeUnknownError(
        "lost",
        operation="coupons.assignments.assign",
        context={"coupon_id": COUPON_ID, "account": ACCOUNT_2},
    )

    assert await client.coupons.assignments.find(COUPON_ID, ACCOUNT) is not None
    assert await client.coupons.assignments.reconcile(error) is None  # 404: not assigned
    with pytest.raises(ValidationError):
        await client.coupons.assignments.reconcile(OutcomeUnknownError("x", operation="y"))


# ---------------------------------------------------------------------- batches


async def test_batch_assignation(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "POST", f"/v2/coupons/{COUPON_ID}/batches", location(f"/coupons/{COUPON_ID}/batches/b-1")
    )
    wire.on("POST", f"/coupons/{COUPON_ID}/batches", Response(201, json={"batchId": "b-0"}))

    batch_id = await client.coupons.batches.assign_accounts(
        COUPON_ID, [ACCOUNT, ACCOUNT_2], valid_to=dt.datetime(2024, 12, 31, tzinfo=UTC)
    )
    second = await client.coupons.batches.assign_accounts_2(COUPON_ID, [ACCOUNT])
    old = await client.coupons.batches.assign_accounts_deprecated(COUPON_ID, [ACCOUNT])

    assert (batch_id, second, old) == ("b-1", "b-1", "b-0")
    assert body_of(wire.calls[0]) == {
        "accountIds": [ACCOUNT, ACCOUNT_2],
        "validTo": "2024-12-31T00:00:00+00:00",
    }
    assert wire.calls[1].url == f"{BASE_URL}/v2/coupons/{COUPON_ID}/batches"
    assert wire.last.url == f"{BASE_URL}/coupons/{COUPON_ID}/batches"
    for accounts in ([], [ACCOUNT, ACCOUNT], ["V1W2"]):
        with pytest.raises(ValidationError):
            await client.coupons.batches.assign_accounts(COUPON_ID, accounts)
    assert len(wire.calls) == 3


async def test_batch_reads(client: ConvercusClient, wire: Wire) -> None:
    batch = {
        "batchId": "b-1",
        "status": "RUNNING",
        "total": 2,
        "failed": 1,
        "errors": [{"accountId": ACCOUNT_2, "code": "ACCOUNT_LOCKED", "message": "locked"}],
    }
    wire.on("GET", f"/v2/coupons/{COUPON_ID}/batches", Response(200, json=[batch]))
    wire.on("GET", f"/coupons/{COUPON_ID}/batches", Response(200, json=[]))
    wire.on("GET", f"/v2/coupons/{COUPON_ID}/batches/b-1", Response(200, json=batch))
    wire.on("GET", f"/coupons/{COUPON_ID}/batches/b-1", Response(200, json=batch))

    listed = await client.coupons.batches.list(COUPON_ID)
    old = await client.coupons.batches.list_deprecated(COUPON_ID)
    old_2 = await client.coupons.batches.list_deprecated_2(COUPON_ID)
    one = await client.coupons.batches.get(COUPON_ID, "b-1", error_limit=5)
    one_old = await client.coupons.batches.get_deprecated(COUPON_ID, "b-1")

    assert listed == [one] and old == old_2 == []
    assert isinstance(one, CouponBatch) and one.errors[0].code == "ACCOUNT_LOCKED"
    assert one_old == one
    assert wire.calls[3].params == [("errorLimit", "5")]
    assert wire.calls[4].params == []
    with pytest.raises(ValidationError):
        await client.coupons.batches.get(COUPON_ID, "b-1", error_limit=-1)


async def test_batch_errors_page(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "GET",
        f"/coupons/{COUPON_ID}/batches/b-1/errors",
        Response(200, json=[{"accountId": ACCOUNT, "code": "E1"}, {"code": "E2"}]),
        Response(200, json=[]),
    )

    errors = await client.coupons.batches.list_errors(COUPON_ID, "b-1", page_size=2).collect()

    assert [e.code for e in errors] == ["E1", "E2"]
    assert [r.params for r in wire.calls] == [
        [("page", "0"), ("size", "2")],
        [("page", "1"), ("size", "2")],
    ]


async def test_batch_abort_and_limit(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", f"/coupons/{COUPON_ID}/batches/b-1/abort", Response(204))
    wire.on(
        "PATCH",
        f"/coupons/{COUPON_ID}/batches/b-1",
        Response(200, json={"batchId": "b-1", "maxRedeemCount": 2}),
    )

    assert await client.coupons.batches.abort(COUPON_ID, "b-1") is None
    assert wire.last.content in (None, b"")
    updated = await client.coupons.batches.update_redemption_limit(COUPON_ID, "b-1", 2)

    assert body_of(wire.last) == {"maxRedeemCount": 2}
    assert updated is not None and updated.max_redeem_count == 2


# ---------------------------------------------------------------------- promo codes


async def test_generic_promo_codes(client: ConvercusClient, wire: Wire) -> None:
    path = f"/coupons/{COUPON_ID}/promocodes/generic"
    wire.on("GET", path, Response(200, json=[{"code": "SUMMER24", "redeemCount": 3}]))
    wire.on("POST", path, location(f"{path}/SUMMER24"), Response(201, json={"code": "AUTO1"}))
    wire.on("DELETE", f"{path}/SUMMER24", Response(204))

    listed = await client.coupons.promo_codes.list_generic(COUPON_ID)
    made = await client.coupons.promo_codes.create_generic(
        COUPON_ID, "SUMMER24", max_redeem_count=100
    )
    sent = body_of(wire.last)
    auto = await client.coupons.promo_codes.create_generic(COUPON_ID)
    await client.coupons.promo_codes.delete_generic(COUPON_ID, "SUMMER24")

    assert listed == [PromoCode(code="SUMMER24", redeem_count=3)]
    assert (made, auto) == ("SUMMER24", "AUTO1")
    assert sent == {"code": "SUMMER24", "maxRedeemCount": 100}
    assert body_of(wire.calls[2]) == {}
    assert (wire.last.method, wire.last.url) == ("DELETE", f"{BASE_URL}{path}/SUMMER24")


async def test_unique_promo_codes(client: ConvercusClient, wire: Wire) -> None:
    path = f"/coupons/{COUPON_ID}/promocodes/unique"
    wire.on("GET", path, Response(200, json=[]))
    wire.on("POST", path, location(f"{path}/U-1"))
    wire.on("POST", f"{path}/batch", Response(201, json=["U-2", {"code": "U-3", "type": "UNIQUE"}]))
    wire.on("DELETE", f"{path}/U-1", Response(204))

    assert await client.coupons.promo_codes.list_unique(COUPON_ID) == []
    assert await client.coupons.promo_codes.create_unique(COUPON_ID, "U-1") == "U-1"
    made = await client.coupons.promo_codes.create_unique_batch(COUPON_ID, 2)
    assert body_of(wire.last) == {"count": 2}
    await client.coupons.promo_codes.delete_unique(COUPON_ID, "U-1")

    assert made == [PromoCode(code="U-2"), PromoCode(code="U-3", type="UNIQUE")]
    assert wire.last.url == f"{BASE_URL}{path}/U-1"
    with pytest.raises(ValidationError):
        await client.coupons.promo_codes.create_unique_batch(COUPON_ID, 0)


async def test_a_taken_promo_code_is_a_conflict(client: ConvercusClient, wire: Wire) -> None:
    wire.on(
        "POST",
        f"/coupons/{COUPON_ID}/promocodes/generic",
        Response(409, json={"code": "PROMOCODE_EXISTS", "message": "taken"}),
    )
    with pytest.raises(ConflictError) as caught:
        await client.coupons.promo_codes.create_generic(COUPON_ID, "SUMMER24")
    assert caught.value.code == "PROMOCODE_EXISTS"


# ---------------------------------------------------------------------- images


def parse_multipart(request: Request) -> list[Any]:
    content_type = request.headers["Content-Type"]
    assert isinstance(request.content, bytes)
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + request.content
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    assert message.is_multipart()
    return list(message.iter_parts())


async def test_upload_an_image_as_multipart(client: ConvercusClient, wire: Wire) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00binary\r\n--not-a-boundary"
    wire.on(
        "POST",
        f"/v2/coupons/{COUPON_ID}/images",
        Response(201, json={"id": "img-1", "name": "banner.png", "path": "/img/img-1.png"}),
    )

    image = await client.coupons.images.upload(COUPON_ID, png, filename="banner.png")

    request = wire.last
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert request.headers["Authorization"] and request.headers["interaction-id"] == "webshop-1"
    (part,) = parse_multipart(request)
    assert part.get_content_type() == "image/png"
    assert part.get_param("name", header="content-disposition") == "file"
    assert part.get_filename() == "banner.png"
    assert part.get_payload(decode=True) == png
    assert image == CouponImage(id="img-1", name="banner.png", path="/img/img-1.png")


async def test_upload_deprecated_reads_location(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", f"/coupons/{COUPON_ID}/images", location(f"/coupons/{COUPON_ID}/images/img-2"))

    image = await client.coupons.images.upload_deprecated(
        COUPON_ID, b"GIF89a", filename='a"b.gif', content_type="image/gif"
    )

    assert image == CouponImage(id="img-2")
    (part,) = parse_multipart(wire.last)
    assert part.get_filename() == "a%22b.gif"
    assert part.get_content_type() == "image/gif"


async def test_bad_uploads_are_refused(client: ConvercusClient, wire: Wire) -> None:
    with pytest.raises(ValidationError, match="content_type"):
        await client.coupons.images.upload(COUPON_ID, b"x", filename="a.exe", content_type="x/y")
    with pytest.raises(ValidationError, match="image"):
        await client.coupons.images.upload(COUPON_ID, b"", filename="a.png")
    with pytest.raises(ValidationError, match="filename"):
        await client.coupons.images.upload(COUPON_ID, b"x", filename="")
    assert wire.calls == []


async def test_delete_an_image(client: ConvercusClient, wire: Wire) -> None:
    wire.on("DELETE", f"/coupons/{COUPON_ID}/images/img-1", Response(204))
    await client.coupons.images.delete(COUPON_ID, "img-1")
    assert (wire.last.method, wire.last.url) == (
        "DELETE",
        f"{BASE_URL}/coupons/{COUPON_ID}/images/img-1",
    )
    wire.on("DELETE", f"/coupons/{COUPON_ID}/images/img-9", Response(404, json={"code": "X"}))
    with pytest.raises(NotFoundError):
        await client.coupons.images.delete(COUPON_ID, "img-9")


def test_multipart_encoder_writes_fields_then_files() -> None:
    body, content_type = encode_multipart(
        [("tag", "web")], [MultipartFile("file", "a.png", b"DATA", "image/png")], boundary="XyZ"
    )

    assert content_type == "multipart/form-data; boundary=XyZ"
    assert body == (
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="tag"\r\n\r\n'
        b"web\r\n"
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="file"; filename="a.png"\r\n'
        b"Content-Type: image/png\r\n\r\n"
        b"DATA\r\n"
        b"--XyZ--\r\n"
    )


def test_multipart_encoder_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="inside a part"):
        encode_multipart(files=[MultipartFile("file", "a", b"x--XyZy")], boundary="XyZ")
    with pytest.raises(ValueError, match="boundary"):
        encode_multipart(boundary="a\r\nb")
    with pytest.raises(ValueError, match="content type"):
        encode_multipart(files=[MultipartFile("file", "a", b"x", "image/png\r\nX: y")])
    with pytest.raises(ValueError, match="file name"):
        encode_multipart(files=[MultipartFile("file", "", b"x")])
    body, _ = encode_multipart(files=[MultipartFile("fi\r\nle", "a", b"x")], boundary="B")
    assert b'name="fi%0D%0Ale"' in body
