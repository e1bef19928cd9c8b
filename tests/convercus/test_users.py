"""Users on the wire: create, read, replace (PUT), update (PATCH), delete and the rest."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest

from loyalty_async import (
    BadRequestError,
    ConflictError,
    ConvercusClient,
    NotFoundError,
    Response,
    ValidationError,
)
from loyalty_async.convercus import (
    CLEAR,
    UNSET,
    CustomProperty,
    GenderCode,
    NewUser,
    User,
    UserUpdate,
)
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import USER, assert_sent, location

# The user of the implementation manual, as it goes on the wire.
MANUAL_USER = {
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


def manual_user() -> NewUser:
    return NewUser(
        email_address="test-mail@mail.com",
        given_name="testName",
        family_name="testFamilyname",
        street_house_no="testStreet",
        zip_code="12345",
        city="testCity",
        country_code="de",
        gender_code=GenderCode.FEMALE,
        birth_date=dt.date(1991, 1, 1),
        phone="012345",
        custom_properties=[
            CustomProperty("exampleCustomProperty 1", "abcde"),
            CustomProperty("exampleCustomProperty 2", "10001"),
        ],
    )


async def test_create_sends_the_whole_user_and_reads_location(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("POST", "/users", Response(201, headers=location(f"/users/{USER}")))

    assert await client.users.create(manual_user()) == USER

    assert_sent(wire.last, "POST", "/users", json=MANUAL_USER)


async def test_create_leaves_unset_fields_out(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", "/users", Response(201, headers=location(f"/users/{USER}")))

    await client.users.create(NewUser(email_address="ann@example.com", birth_date="1990-02-28"))

    assert_sent(
        wire.last,
        "POST",
        "/users",
        json={"emailAddress": "ann@example.com", "birthDate": "1990-02-28"},
    )


async def test_create_deprecated_is_reachable(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", "/users", Response(201, headers=location(f"/users/{USER}")))

    assert await client.users.create_deprecated(NewUser(email_address="ann@example.com")) == USER

    assert wire.last.extensions["operation"] == "users.create_deprecated"
    assert_sent(wire.last, "POST", "/users", json={"emailAddress": "ann@example.com"})


@pytest.mark.parametrize(("status", "error"), [(400, BadRequestError), (409, ConflictError)])
async def test_create_refused_by_the_server(
    client: ConvercusClient, wire: Wire, status: int, error: type[Exception]
) -> None:
    wire.on(
        "POST",
        "/users",
        Response(status, json={"code": "EMAIL_ALREADY_EXISTS", "message": "e-mail in use"}),
    )

    with pytest.raises(error, match="EMAIL_ALREADY_EXISTS"):
        await client.users.create(NewUser(email_address="ann@example.com"))
    assert len(wire.calls) == 1


async def test_create_refuses_something_else_than_a_new_user(
    client: ConvercusClient, wire: Wire
) -> None:
    with pytest.raises(ValidationError, match="NewUser"):
        await client.users.create({"emailAddress": "ann@example.com"})  # type: ignore[arg-type]
    assert wire.calls == []


async def test_get_reads_the_manual_user_and_ignores_extra_fields(
    client: ConvercusClient, wire: Wire
) -> None:
    body = {**MANUAL_USER, "userId": USER, "zipCode": 12345, "loyaltyTier": "x", "tags": ["a"]}
    wire.on("GET", f"/users/{USER}", Response(200, json=body))

    user = await client.users.get(USER)

    assert_sent(wire.last, "GET", f"/users/{USER}")
    assert user.user_id == USER
    assert user.zip_code == "12345"
    assert user.gender_code is GenderCode.FEMALE
    assert user.birth_date == dt.date(1991, 1, 1)
    assert user.custom_properties[1] == CustomProperty("exampleCustomProperty 2", "10001")


async def test_get_unknown_user_is_not_found(client: ConvercusClient, wire: Wire) -> None:
    wire.on("GET", f"/users/{USER}", Response(404, json={"message": "User not found"}))

    with pytest.raises(NotFoundError, match="User not found"):
        await client.users.get(USER)


async def test_replace_puts_the_whole_user(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PUT", f"/users/{USER}", Response(204))

    assert await client.users.replace(USER, manual_user()) is None

    assert_sent(wire.last, "PUT", f"/users/{USER}", json=MANUAL_USER)


async def test_replace_returns_the_user_when_sent_back(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PUT", f"/users/{USER}", Response(200, json={**MANUAL_USER, "userId": USER}))

    stored = await client.users.replace_deprecated(USER, manual_user())

    assert wire.last.extensions["operation"] == "users.replace_deprecated"
    assert_sent(wire.last, "PUT", f"/users/{USER}", json=MANUAL_USER)
    assert stored is not None and stored.user_id == USER


async def test_read_modify_replace_keeps_every_other_field(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("GET", f"/users/{USER}", Response(200, json={**MANUAL_USER, "userId": USER}))
    wire.on("PUT", f"/users/{USER}", Response(204))

    replacement = NewUser.from_user(await client.users.get(USER))
    replacement.city = "Hamburg"
    await client.users.replace(USER, replacement)

    assert_sent(wire.last, "PUT", f"/users/{USER}", json={**MANUAL_USER, "city": "Hamburg"})


async def test_update_sends_only_what_is_set(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PATCH", f"/users/{USER}", Response(204))

    assert await client.users.update(USER, UserUpdate(zip_code="22222")) is None

    assert_sent(wire.last, "PATCH", f"/users/{USER}", json={"zipCode": "22222"})


async def test_update_clear_sends_null_to_delete_a_field(
    client: ConvercusClient, wire: Wire
) -> None:
    wire.on("PATCH", f"/users/{USER}", Response(204))

    await client.users.update(USER, UserUpdate(zip_code=CLEAR, phone=CLEAR, city="Köln"))

    assert_sent(
        wire.last, "PATCH", f"/users/{USER}", json={"zipCode": None, "phone": None, "city": "Köln"}
    )


async def test_update_sends_custom_properties_whole(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PATCH", f"/users/{USER}", Response(200, json={**MANUAL_USER, "userId": USER}))
    properties = [CustomProperty("a", "1"), CustomProperty("b", "2")]

    stored = await client.users.update(USER, UserUpdate(custom_properties=properties))

    assert_sent(
        wire.last,
        "PATCH",
        f"/users/{USER}",
        json={"customProperties": [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]},
    )
    assert isinstance(stored, User)


async def test_update_deprecated_is_reachable(client: ConvercusClient, wire: Wire) -> None:
    wire.on("PATCH", f"/users/{USER}", Response(204))

    await client.users.update_deprecated(USER, UserUpdate(gender_code="DIVERSE"))

    assert wire.last.extensions["operation"] == "users.update_deprecated"
    assert_sent(wire.last, "PATCH", f"/users/{USER}", json={"genderCode": "DIVERSE"})


async def test_an_empty_update_is_refused(client: ConvercusClient, wire: Wire) -> None:
    with pytest.raises(ValidationError, match="no field"):
        await client.users.update(USER, UserUpdate())
    assert wire.calls == []


async def test_delete(client: ConvercusClient, wire: Wire) -> None:
    wire.on("DELETE", f"/users/{USER}", Response(204))

    assert await client.users.delete(USER) is None

    assert_sent(wire.last, "DELETE", f"/users/{USER}")


async def test_password_reset_and_update(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", "/users/passwordreset", Response(202))
    wire.on("PATCH", f"/users/{USER}/password", Response(204))

    await client.users.request_password_reset("ann@example.com")
    assert_sent(wire.last, "POST", "/users/passwordreset", json={"emailAddress": "ann@example.com"})

    await client.users.update_password(USER, "n3w-Secret", old_password="0ld-Secret")
    assert_sent(
        wire.last,
        "PATCH",
        f"/users/{USER}/password",
        json={"newPassword": "n3w-Secret", "oldPassword": "0ld-Secret"},
    )

    await client.users.update_password(USER, "n3w-Secret")
    assert_sent(wire.last, "PATCH", f"/users/{USER}/password", json={"newPassword": "n3w-Secret"})


async def test_passwords_never_reach_the_debug_log(
    client: ConvercusClient, wire: Wire, caplog: pytest.LogCaptureFixture
) -> None:
    wire.on("PATCH", f"/users/{USER}/password", Response(204))

    with caplog.at_level(logging.DEBUG, logger="loyalty_async"):
        await client.users.update_password(USER, "n3w-Secret", old_password="0ld-Secret")

    assert "PATCH" in caplog.text
    assert "n3w-Secret" not in caplog.text
    assert "0ld-Secret" not in caplog.text


async def test_registration_get_delete_and_deprecated_get(
    client: ConvercusClient, wire: Wire
) -> None:
    path = f"/users/{USER}/registration"
    body = {"userId": USER, "status": "CONFIRMED", "createdAt": "2024-03-01T10:00:00+01:00"}
    wire.on("GET", path, Response(200, json=body))
    wire.on("DELETE", path, Response(204))

    registration = await client.users.get_registration(USER)
    assert_sent(wire.last, "GET", path)
    assert registration.status == "CONFIRMED"
    assert registration.created_at == dt.datetime(
        2024, 3, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert registration.raw == body

    old = await client.users.get_registration_deprecated(USER)
    assert wire.last.extensions["operation"] == "users.get_registration_deprecated"
    assert_sent(wire.last, "GET", path)
    assert old == registration

    assert await client.users.delete_registration(USER) is None
    assert_sent(wire.last, "DELETE", path)


async def test_resend_notification(client: ConvercusClient, wire: Wire) -> None:
    path = f"/users/{USER}/notifications/resend"
    wire.on("POST", path, Response(204))

    await client.users.resend_notification(USER, "REGISTRATION")
    assert_sent(wire.last, "POST", path, json={"type": "REGISTRATION"})

    await client.users.resend_notification(USER)
    assert_sent(wire.last, "POST", path, json={})


async def test_custom_property_add_update_delete(client: ConvercusClient, wire: Wire) -> None:
    base = f"/users/{USER}/customproperties"
    named = f"{base}/exampleCustomProperty%201"
    wire.on("POST", base, Response(201))
    wire.on("PUT", named, Response(204))
    wire.on("DELETE", named, Response(204))

    await client.users.add_custom_property(USER, "exampleCustomProperty 1", "abcde")
    assert_sent(wire.last, "POST", base, json={"name": "exampleCustomProperty 1", "value": "abcde"})

    await client.users.update_custom_property(USER, "exampleCustomProperty 1", "xyz")
    assert_sent(wire.last, "PUT", named, json={"name": "exampleCustomProperty 1", "value": "xyz"})

    await client.users.delete_custom_property(USER, "exampleCustomProperty 1")
    assert_sent(wire.last, "DELETE", named)


async def test_events_for_a_user(client: ConvercusClient, wire: Wire) -> None:
    events = [
        {"eventId": "e-1", "type": "USER_CREATED", "createdAt": "2024-03-01T10:00:00Z"},
        {"eventId": "e-2", "type": "USER_LOGIN", "createdAt": "2024-03-02T10:00:00Z", "ip": "x"},
    ]
    wire.on("GET", f"/users/{USER}/events", Response(200, json=events), Response(200, json=[]))

    first, second = await client.users.list_events(USER)

    assert_sent(wire.last, "GET", f"/users/{USER}/events")
    assert (first.event_id, first.type) == ("e-1", "USER_CREATED")
    assert second.raw["ip"] == "x"
    assert await client.users.list_events(USER) == []


# ---------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email_address": "ann.example.com"}, "email_address"),
        ({"email_address": ""}, "email_address"),
        ({"email_address": "a@b.de", "country_code": "Germany"}, "country_code"),
        ({"email_address": "a@b.de", "country_code": "XX"}, "country_code"),
        ({"email_address": "a@b.de", "birth_date": "01.01.1991"}, "birth_date"),
        ({"email_address": "a@b.de", "birth_date": "1991-02-30"}, "birth_date"),
        ({"email_address": "a@b.de", "birth_date": dt.datetime(1991, 1, 1)}, "birth_date"),
        ({"email_address": "a@b.de", "gender_code": "F"}, "gender_code"),
        ({"email_address": "a@b.de", "custom_properties": [{"name": "a"}]}, "custom_properties"),
        (
            {"email_address": "a@b.de", "custom_properties": [CustomProperty("")]},
            "custom_properties.name",
        ),
    ],
)
def test_new_user_refuses_bad_values(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        NewUser(**fields)

    assert caught.value.field == field


def test_new_user_checks_values_set_later() -> None:
    user = NewUser(email_address="ann@example.com")

    with pytest.raises(ValidationError):
        user.country_code = "Deutschland"
    user.country_code = "at"
    assert user.country_code == "AT"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"zip_code": None}, "zip_code"),  # None is ambiguous: leave out, or CLEAR?
        ({"email_address": CLEAR}, "email_address"),
        ({"email_address": "nope"}, "email_address"),
        ({"country_code": "XX"}, "country_code"),
        ({"birth_date": "yesterday"}, "birth_date"),
    ],
)
def test_user_update_refuses_bad_values(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        UserUpdate(**fields)

    assert caught.value.field == field


def test_user_update_defaults_to_unset() -> None:
    changes = UserUpdate(city="Bonn")

    assert changes.zip_code is UNSET
    assert not changes.is_empty()
    assert UserUpdate().is_empty()


async def test_user_ids_must_be_uuids(client: ConvercusClient, wire: Wire) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.users.get("ann@example.com")

    assert caught.value.field == "user_id"
    assert wire.calls == []


async def test_password_reset_refuses_a_bad_email(client: ConvercusClient, wire: Wire) -> None:
    with pytest.raises(ValidationError):
        await client.users.request_password_reset("ann")
    assert wire.calls == []
