"""The customer profile end to end: accounts, identifiers, users and memberships."""

from __future__ import annotations

import datetime as dt

import pytest

from loyalty_async import (
    BadRequestError,
    ConflictError,
    ConvercusClient,
    NotFoundError,
    ValidationError,
)
from loyalty_async.convercus import (
    CLEAR,
    AccountStatus,
    BookingType,
    IdentifierType,
    IdType,
    MemberRole,
    NewUser,
    Optin,
    UserUpdate,
)
from loyalty_async.sandbox import Sandbox


async def test_an_account_is_found_by_each_of_its_codes(
    client: ConvercusClient, convercus_sandbox: Sandbox
) -> None:
    account_id = await client.accounts.create()
    card_id = await client.identifiers.create(account_id, IdentifierType.CARDCODE, "V1W2X3Y4Z5")
    await client.identifiers.create(account_id, IdentifierType.APPCODE)  # the server picks it
    await client.identifiers.create(account_id, IdentifierType.EXTERNALCODE, "crm-4711")

    identifiers = {i.type: i for i in await client.identifiers.list_for_account(account_id)}
    assert set(identifiers) == {
        IdentifierType.CARDCODE,
        IdentifierType.APPCODE,
        IdentifierType.EXTERNALCODE,
    }
    assert identifiers[IdentifierType.CARDCODE].identifier_id == card_id
    app_code = identifiers[IdentifierType.APPCODE].code
    assert app_code
    for code, id_type in (
        ("V1W2X3Y4Z5", IdType.CARDCODE),
        (app_code, IdType.APPCODE),
        ("crm-4711", IdType.EXTERNALCODE),
        (account_id, IdType.ID),
    ):
        account = await client.accounts.get(code, id_type=id_type)
        assert (account.id, account.status) == (account_id, AccountStatus.ACTIVE)
    balance = await client.accounts.get_balance("V1W2X3Y4Z5", id_type=IdType.CARDCODE)
    assert (balance.points, balance.locked_points) == (0, 0)
    assert await client.memberships.list("crm-4711", id_type=IdType.EXTERNALCODE) == []

    # A card code is unique among cards; the same text may be another type's code.
    other = await client.accounts.create()
    with pytest.raises(ConflictError) as taken:
        await client.identifiers.create(other, IdentifierType.CARDCODE, "V1W2X3Y4Z5")
    assert taken.value.code == "IDENTIFIER_ALREADY_EXISTS"
    await client.identifiers.create(other, IdentifierType.EXTERNALCODE, "V1W2X3Y4Z5")
    found = await client.accounts.get("V1W2X3Y4Z5", id_type=IdType.EXTERNALCODE)
    assert found.id == other

    # A terminated card no longer addresses the account, and its code is free again.
    await client.identifiers.terminate(card_id)
    with pytest.raises(NotFoundError):
        await client.accounts.get("V1W2X3Y4Z5", id_type=IdType.CARDCODE)
    await client.identifiers.create(other, IdentifierType.CARDCODE, "V1W2X3Y4Z5")
    assert (await client.accounts.get("V1W2X3Y4Z5", id_type=IdType.CARDCODE)).id == other

    # A code without id_type is refused before anything is sent.
    sent = convercus_sandbox.stats.requests
    with pytest.raises(ValidationError):
        await client.accounts.get_balance("V1W2X3Y4Z5")
    with pytest.raises(ValidationError):
        await client.accounts.get("V1W2X3Y4Z5", id_type=IdType.ID)
    assert convercus_sandbox.stats.requests == sent

    # An anonymous account can be deleted; then it is gone everywhere.
    await client.accounts.delete_anonymous(account_id)
    with pytest.raises(NotFoundError) as gone:
        await client.accounts.get_details(account_id)
    assert gone.value.code == "ACCOUNT_NOT_FOUND"


async def test_users_put_replaces_patch_merges_clear_deletes(client: ConvercusClient) -> None:
    user_id = await client.users.create(
        NewUser(
            email_address="ada@example.com",
            given_name="Ada",
            family_name="Lovelace",
            street_house_no="12 St James's Square",
            zip_code="SW1Y 4JH",
            city="London",
            country_code="gb",
            birth_date="1815-12-10",
            phone="+44 20 7946 0000",
        )
    )
    user = await client.users.get(user_id)
    assert (user.user_id, user.country_code, user.birth_date) == (
        user_id,
        "GB",
        dt.date(1815, 12, 10),
    )

    # PUT stores exactly what it is sent: everything left out is deleted.
    replaced = await client.users.replace(
        user_id, NewUser(email_address="ada@example.com", given_name="Augusta Ada")
    )
    assert replaced is not None
    stored = await client.users.get(user_id)
    assert stored == replaced
    assert stored.given_name == "Augusta Ada"
    assert (stored.family_name, stored.city, stored.phone, stored.birth_date) == (
        None,
        None,
        None,
        None,
    )

    # PATCH changes what it sends and keeps the rest.
    await client.users.update(user_id, UserUpdate(zip_code="22222", city="Hamburg", phone="040"))
    stored = await client.users.get(user_id)
    assert (stored.given_name, stored.zip_code, stored.city, stored.phone) == (
        "Augusta Ada",
        "22222",
        "Hamburg",
        "040",
    )

    # CLEAR sends null, which deletes that field only.
    updated = await client.users.update(user_id, UserUpdate(phone=CLEAR))
    assert updated is not None and updated.phone is None
    stored = await client.users.get(user_id)
    assert (stored.phone, stored.city, stored.zip_code) == (None, "Hamburg", "22222")

    # The read-modify-write the docs recommend keeps every field.
    complete = NewUser.from_user(stored)
    complete.city = "Bremen"
    await client.users.replace(user_id, complete)
    stored = await client.users.get(user_id)
    assert (stored.city, stored.zip_code, stored.given_name) == ("Bremen", "22222", "Augusta Ada")


async def test_memberships_roles_and_opt_ins(client: ConvercusClient) -> None:
    account_id = await client.accounts.create()
    await client.identifiers.create(account_id, IdentifierType.CARDCODE, "CARD-7")
    owner = await client.users.create(NewUser(email_address="owner@example.com"))
    partner = await client.users.create(NewUser(email_address="partner@example.com"))

    with pytest.raises(BadRequestError) as not_owner:
        await client.memberships.create(account_id, user_id=partner, member_role=MemberRole.COOWNER)
    assert not_owner.value.code == "FIRST_MEMBERSHIP_MUST_BE_OWNER"

    owner_membership = await client.memberships.create(
        account_id,
        user_id=owner,
        member_role=MemberRole.OWNER,
        optins=[Optin(type="email", flag=True), Optin(type="post", flag=False)],
    )
    with pytest.raises(ConflictError) as second_owner:
        await client.memberships.create(account_id, user_id=partner, member_role=MemberRole.OWNER)
    assert second_owner.value.code == "OWNER_ALREADY_EXISTS"
    coowner_membership = await client.memberships.create(
        account_id, user_id=partner, member_role=MemberRole.COOWNER
    )
    with pytest.raises(ConflictError) as twice:
        await client.memberships.create(
            account_id, user_id=partner, member_role=MemberRole.COLLECTOR
        )
    assert twice.value.code == "MEMBERSHIP_ALREADY_EXISTS"

    memberships = await client.memberships.list("CARD-7", id_type=IdType.CARDCODE)
    assert {(m.user_id, m.member_role) for m in memberships} == {
        (owner, MemberRole.OWNER),
        (partner, MemberRole.COOWNER),
    }
    stored = await client.memberships.get(account_id, owner_membership)
    assert stored.optins == [Optin(type="email", flag=True), Optin(type="post", flag=False)]

    # Opt-ins are replaced whole: the one left out is gone.
    await client.memberships.update_optins(
        "CARD-7", owner_membership, [Optin(type="email", flag=False)], id_type=IdType.CARDCODE
    )
    stored = await client.memberships.get(account_id, owner_membership)
    assert stored.optins == [Optin(type="email", flag=False)]
    await client.memberships.update(
        account_id, owner_membership, optins=[Optin(type="sms", flag=True)]
    )
    assert (await client.memberships.get(account_id, owner_membership)).optins == [
        Optin(type="sms", flag=True)
    ]
    await client.memberships.update_optins(account_id, owner_membership, [])
    assert (await client.memberships.get(account_id, owner_membership)).optins == []

    # The aggregated view shows the members with their personal data.
    details = await client.accounts.get_details("CARD-7", id_type=IdType.CARDCODE)
    assert {m.email_address: m.member_role for m in details.memberships} == {
        "owner@example.com": MemberRole.OWNER,
        "partner@example.com": MemberRole.COOWNER,
    }

    # Ending a membership takes it out of the list; the owner's cannot end first.
    with pytest.raises(BadRequestError):
        await client.memberships.remove(account_id, owner_membership)
    await client.memberships.remove(account_id, coowner_membership)
    remaining = await client.memberships.list(account_id)
    assert [m.membership_id for m in remaining] == [owner_membership]


async def test_deleting_a_user_anonymises_it_and_zeroes_the_points_it_owned(
    client: ConvercusClient,
) -> None:
    account_id = await client.accounts.create()
    user_id = await client.users.create(
        NewUser(email_address="leaving@example.com", given_name="Leaving")
    )
    await client.memberships.create(account_id, user_id=user_id, member_role=MemberRole.OWNER)
    await client.bookings.create(
        account_id, booking_type=BookingType.EARNBOOKING, points=750, reference_id="welcome"
    )
    assert (await client.accounts.get_balance(account_id)).points == 750

    await client.users.delete(user_id)

    with pytest.raises(NotFoundError):
        await client.users.get(user_id)
    assert await client.memberships.list(account_id) == []
    assert (await client.accounts.get_balance(account_id)).points == 0
    reset = [b for b in await client.bookings.list(account_id) if b.booking_type_code == "RESET"]
    assert [(b.booking_type, b.points) for b in reset] == [(BookingType.BURNBOOKING, 750)]
