"""Users: the personal data of a member."""

from __future__ import annotations

from typing import Any

from loyalty_async.convercus.models.profile import Event, NewUser, Registration, User, UserUpdate
from loyalty_async.convercus.services.base import ConvercusService, sends, twin, unstructure
from loyalty_async.convercus.validation import check_email, check_text, check_uuid
from loyalty_async.errors import ValidationError


class UsersService(ConvercusService):
    """Create, read, replace, update and delete users, and their passwords and properties.

    A user holds personal data only; link it to an account with
    ``client.memberships.create`` so it can collect points. User ids are UUIDs.

    Two ways to change a user, with very different effects:

    * :meth:`replace` (``PUT``) stores exactly the user you send: **every field you leave
      out is deleted**.
    * :meth:`update` (``PATCH``) changes only the fields you set in a :class:`UserUpdate`.

    Either way ``custom_properties`` is replaced as a whole list.
    """

    @sends("users.create")
    async def create(self, user: NewUser) -> str:
        """Create a user and return its id (read from ``Location``)."""
        payload = _payload(user, NewUser, "user")
        response = await self._send("users.create", json=payload)
        return self._location_id(response)

    create_deprecated = twin(create, "users.create_deprecated")

    @sends("users.get")
    async def get(self, user_id: str) -> User:
        """The user's data."""
        user = check_uuid(user_id, "user_id")
        response = await self._send("users.get", path={"userId": user})
        return self._structure(response, User)

    @sends("users.replace")
    async def replace(self, user_id: str, user: NewUser) -> User | None:
        """Overwrite the whole user (``PUT``): **every field you leave out is deleted**.

        Send the complete user: to change one field, read it, change it and send it all
        back (``NewUser.from_user(await client.users.get(user_id))``), or use
        :meth:`update`. Returns the stored user if the server sends it back.
        """
        target = check_uuid(user_id, "user_id")
        payload = _payload(user, NewUser, "user")
        response = await self._send("users.replace", path={"userId": target}, json=payload)
        return self._optional(response, User)

    replace_deprecated = twin(replace, "users.replace_deprecated")

    @sends("users.update")
    async def update(self, user_id: str, changes: UserUpdate) -> User | None:
        """Change only the fields set in ``changes`` (``PATCH``); the rest stay as they are.

        ``CLEAR`` deletes a field (sends ``null``). ``custom_properties``, when given, is
        sent whole and replaces the stored list: properties left out are deleted.
        Returns the stored user if the server sends it back.
        """
        target = check_uuid(user_id, "user_id")
        payload = _payload(changes, UserUpdate, "changes")
        if not payload:
            raise ValidationError(
                "the update sets no field; set at least one (CLEAR deletes a field)",
                field="changes",
            )
        response = await self._send("users.update", path={"userId": target}, json=payload)
        return self._optional(response, User)

    update_deprecated = twin(update, "users.update_deprecated")

    @sends("users.delete")
    async def delete(self, user_id: str) -> None:
        """Delete the user: **its data is anonymised and its account's points are set to 0**.

        It cannot be undone. To end only the link to an account, remove the membership
        (``client.memberships.remove``) instead.
        """
        user = check_uuid(user_id, "user_id")
        await self._send("users.delete", path={"userId": user})

    @sends("users.request_password_reset")
    async def request_password_reset(self, email_address: str) -> None:
        """Ask Convercus to send the user a password-reset message.

        Sends ``{"emailAddress": ...}`` (the body is inferred, not documented).
        """
        email = check_email(email_address)
        await self._send("users.request_password_reset", json={"emailAddress": email})

    @sends("users.update_password")
    async def update_password(
        self, user_id: str, new_password: str, *, old_password: str | None = None
    ) -> None:
        """Set a new password for the user.

        Sends ``{"newPassword": ..., "oldPassword": ...}`` (``oldPassword`` only when
        given; the body is inferred). Passwords never appear in logs.
        """
        user = check_uuid(user_id, "user_id")
        body = {"newPassword": check_text(new_password, "new_password")}
        if old_password is not None:
            body["oldPassword"] = check_text(old_password, "old_password")
        await self._send("users.update_password", path={"userId": user}, json=body)

    @sends("users.get_registration")
    async def get_registration(self, user_id: str) -> Registration:
        """The user's registration data."""
        user = check_uuid(user_id, "user_id")
        response = await self._send("users.get_registration", path={"userId": user})
        return self._structure(response, Registration)

    get_registration_deprecated = twin(get_registration, "users.get_registration_deprecated")

    @sends("users.delete_registration")
    async def delete_registration(self, user_id: str) -> None:
        """Delete the user's registration data."""
        user = check_uuid(user_id, "user_id")
        await self._send("users.delete_registration", path={"userId": user})

    @sends("users.resend_notification")
    async def resend_notification(self, user_id: str, notification_type: str | None = None) -> None:
        """Ask Convercus to send a notification (e.g. the registration mail) again.

        Sends ``{"type": notification_type}`` when a type is given, else ``{}`` (inferred).
        """
        user = check_uuid(user_id, "user_id")
        body: dict[str, Any] = {}
        if notification_type is not None:
            body["type"] = check_text(notification_type, "notification_type")
        await self._send("users.resend_notification", path={"userId": user}, json=body)

    @sends("users.add_custom_property")
    async def add_custom_property(self, user_id: str, name: str, value: str) -> None:
        """Add the custom property ``name`` (preconfigured by the program) to the user.

        Sends ``{"name": ..., "value": ...}`` (the path and body are inferred).
        """
        user, body = _custom_property(user_id, name, value)
        await self._send("users.add_custom_property", path={"userId": user}, json=body)

    @sends("users.update_custom_property")
    async def update_custom_property(self, user_id: str, name: str, value: str) -> None:
        """Change the value of the user's custom property ``name``.

        Sends ``{"name": ..., "value": ...}`` (the path and body are inferred).
        """
        user, body = _custom_property(user_id, name, value)
        await self._send(
            "users.update_custom_property", path={"userId": user, "name": body["name"]}, json=body
        )

    @sends("users.delete_custom_property")
    async def delete_custom_property(self, user_id: str, name: str) -> None:
        """Remove the user's custom property ``name``."""
        user = check_uuid(user_id, "user_id")
        await self._send(
            "users.delete_custom_property",
            path={"userId": user, "name": check_text(name, "name")},
        )

    @sends("events.list_for_user")
    async def list_events(self, user_id: str) -> list[Event]:
        """Everything recorded for the user (``[]`` if nothing)."""
        user = check_uuid(user_id, "user_id")
        response = await self._send("events.list_for_user", path={"userId": user})
        return self._structure_list(response, Event)


def _payload(value: object, model: type[Any], field: str) -> dict[str, Any]:
    """The JSON body of a request model, refusing anything that is not one."""
    if not isinstance(value, model):
        raise ValidationError(
            f"{field} must be a {model.__name__}, got {type(value).__name__}", field=field
        )
    data: dict[str, Any] = unstructure(value)
    return data


def _custom_property(user_id: str, name: str, value: str) -> tuple[str, dict[str, str]]:
    """The checked user id and the ``{name, value}`` body of a custom-property call."""
    user = check_uuid(user_id, "user_id")
    if not isinstance(value, str):
        raise ValidationError(f"value must be a string, got {value!r}", field="value")
    return user, {"name": check_text(name, "name"), "value": value}
