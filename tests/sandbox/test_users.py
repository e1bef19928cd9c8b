"""Users: create, PUT replaces, PATCH merges, null deletes, DELETE anonymises."""

from __future__ import annotations

import csv
import io

import pytest

from loyalty_async import BadRequestError, ConvercusClient, NotFoundError

from .conftest import Api

FULL = {
    "emailAddress": "test-mail@mail.com",
    "givenName": "testName",
    "familyName": "testFamilyname",
    "streetHouseNo": "testStreet",
    "zipCode": "12345",
    "city": "testCity",
    "countryCode": "DE",
    "genderCode": "FEMALE",
    "birthDate": "1991-01-01",
    "phone": "012345",
    "customProperties": [
        {"name": "exampleCustomProperty 1", "value": "abcde"},
        {"name": "exampleCustomProperty 2", "value": "10001"},
    ],
}


async def _user(api: Api, body: dict[str, object] = FULL) -> str:
    reply = await api.post("/users", json=body)
    assert reply.status == 201 and reply.body == b""
    assert reply.headers["Location"] == f"{api.sandbox.url}/users/{reply.location_id}"
    return reply.location_id


async def test_a_created_user_reads_back_with_every_field(api: Api) -> None:
    user_id = await _user(api)

    reply = await api.get(f"/users/{user_id}")

    assert reply.json() == {"userId": user_id, **FULL}


async def test_the_email_address_is_mandatory(client: ConvercusClient) -> None:
    with pytest.raises(BadRequestError) as caught:
        await client.call("users.create", json={"givenName": "Ada"})

    assert caught.value.code == "VALIDATION_ERROR"


@pytest.mark.parametrize(
    ("field", "value"),
    [("countryCode", "Germany"), ("genderCode", "OTHER"), ("birthDate", "01.01.1991")],
)
async def test_bad_field_values_are_refused_by_name(api: Api, field: str, value: str) -> None:
    reply = await api.post("/users", json={**FULL, field: value})

    assert reply.status == 400
    assert reply.json()["detail"] == [field]


async def test_put_replaces_the_user_and_deletes_what_it_leaves_out(api: Api) -> None:
    user_id = await _user(api)

    reply = await api.send(
        "PUT", f"/users/{user_id}", json={"emailAddress": "new@mail.com", "city": "Bonn"}
    )

    assert reply.status == 200
    assert (await api.get(f"/users/{user_id}")).json() == {
        "userId": user_id,
        "emailAddress": "new@mail.com",
        "city": "Bonn",
        "customProperties": [],
    }


async def test_put_without_email_address_is_refused(api: Api) -> None:
    user_id = await _user(api)

    reply = await api.send("PUT", f"/users/{user_id}", json={"city": "Bonn"})

    assert reply.status == 400
    assert (await api.get(f"/users/{user_id}")).json()["city"] == "testCity"


async def test_patch_changes_only_the_fields_given(api: Api) -> None:
    user_id = await _user(api)

    # The manual's own example sends the zip code as a JSON number.
    reply = await api.send("PATCH", f"/users/{user_id}", json={"zipCode": 22222})

    assert reply.status == 200
    assert reply.json() == {"userId": user_id, **FULL, "zipCode": "22222"}


async def test_patch_with_null_deletes_the_field(api: Api) -> None:
    user_id = await _user(api)

    await api.send("PATCH", f"/users/{user_id}", json={"zipCode": None, "phone": None})

    user = (await api.get(f"/users/{user_id}")).json()
    assert "zipCode" not in user and "phone" not in user
    assert user["city"] == "testCity"


async def test_patch_cannot_delete_the_email_address(api: Api) -> None:
    user_id = await _user(api)

    reply = await api.send("PATCH", f"/users/{user_id}", json={"emailAddress": None})

    assert (reply.status, reply.json()["detail"]) == (400, ["emailAddress"])


async def test_custom_properties_are_replaced_as_a_whole(api: Api) -> None:
    user_id = await _user(api)
    only_one = [{"name": "exampleCustomProperty 2", "value": "20002"}]

    await api.send("PATCH", f"/users/{user_id}", json={"customProperties": only_one})
    after_patch = (await api.get(f"/users/{user_id}")).json()
    await api.send("PATCH", f"/users/{user_id}", json={"givenName": "Other"})
    untouched = (await api.get(f"/users/{user_id}")).json()

    assert after_patch["customProperties"] == only_one
    assert untouched["customProperties"] == only_one


async def test_delete_anonymises_the_user(api: Api, client: ConvercusClient) -> None:
    user_id = await _user(api)

    assert (await api.send("DELETE", f"/users/{user_id}")).status == 204

    with pytest.raises(NotFoundError):
        await client.call("users.get", path_params={"userId": user_id})
    export = await api.get("/reports/v3/user/export")
    (row,) = csv.DictReader(io.StringIO(export.body.decode()))
    assert row["userId"] == user_id and row["status"] == "DELETED"
    assert row["emailAddress"] == row["givenName"] == row["phone"] == ""
    assert FULL["emailAddress"] not in export.body.decode()


async def test_delete_zeroes_the_points_of_the_accounts_the_user_owns(api: Api) -> None:
    owned, shared = await api.new_account(), await api.new_account()
    user_id, owner_id = await _user(api), await api.new_user("owner@example.com")
    await api.post(
        f"/accounts/{owned}/memberships", json={"memberRole": "OWNER", "userId": user_id}
    )
    await api.post(
        f"/accounts/{shared}/memberships", json={"memberRole": "OWNER", "userId": owner_id}
    )
    await api.post(
        f"/accounts/{shared}/memberships", json={"memberRole": "COOWNER", "userId": user_id}
    )
    api.sandbox.seed.bookings(owned, 3, points=40)
    api.sandbox.seed.bookings(shared, 1, points=70)

    await api.send("DELETE", f"/users/{user_id}")

    assert (await api.get(f"/accounts/{owned}/balance")).json() == {"points": 0, "lockedPoints": 0}
    assert (await api.get(f"/accounts/{shared}/balance")).json()["points"] == 70
    reset = (await api.get(f"/accounts/{owned}/bookings")).json()[0]
    assert (reset["bookingType"], reset["points"]) == ("BURNBOOKING", 120)
    assert (await api.get(f"/accounts/{owned}/memberships")).json() == []
    (remaining,) = (await api.get(f"/accounts/{shared}/memberships")).json()
    assert remaining["userId"] == owner_id
