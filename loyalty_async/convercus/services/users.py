"""Users: the personal data of a member."""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.profile import Event, NewUser, Registration, User, UserUpdate
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions, operation, twin


class UsersService(ConvercusService, prefix="users"):
    """Users (personal data only; link one to an account with ``memberships.create``).

    :meth:`replace` (``PUT``) deletes every field you leave out; :meth:`update` (``PATCH``)
    changes only the fields you set. Either way ``custom_properties`` is replaced whole.
    """

    async def create(self, user: NewUser, **options: Unpack[RequestOptions]) -> str:
        """Create a user and return its id (read from ``Location``)."""

    create_deprecated = twin(create, "users.create_deprecated")

    async def get(self, user_id: str, **options: Unpack[RequestOptions]) -> User:
        """The user's data."""

    async def replace(
        self, user_id: str, user: NewUser, **options: Unpack[RequestOptions]
    ) -> User | None:
        """Overwrite the whole user (``PUT``): **every field you leave out is deleted**.

        To change one field, use :meth:`update`, or send back ``NewUser.from_user(user)``.
        """

    replace_deprecated = twin(replace, "users.replace_deprecated")

    async def update(
        self, user_id: str, changes: UserUpdate, **options: Unpack[RequestOptions]
    ) -> User | None:
        """Change only the fields set in ``changes`` (``PATCH``); ``CLEAR`` deletes a field.

        ``custom_properties``, when given, replaces the stored list whole.
        """

    update_deprecated = twin(update, "users.update_deprecated")

    async def delete(self, user_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete the user for good: **its data is anonymised, its account's points set to 0**.

        To end only the link to an account, use ``client.memberships.remove``.
        """

    async def request_password_reset(
        self, email_address: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Ask Convercus to send the user a password-reset message (inferred body)."""

    async def update_password(
        self, user_id: str, new_password: str, *, old_password: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Set a new password (inferred body); passwords never appear in logs."""

    async def get_registration(
        self, user_id: str, **options: Unpack[RequestOptions]
    ) -> Registration:
        """The user's registration data."""

    get_registration_deprecated = twin(get_registration, "users.get_registration_deprecated")

    async def delete_registration(self, user_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete the user's registration data."""

    async def resend_notification(
        self, user_id: str, notification_type: str | None = None, **options: Unpack[RequestOptions]
    ) -> None:
        """Send a notification (e.g. the registration mail) again (inferred body ``{"type"}``)."""

    async def add_custom_property(
        self, user_id: str, name: str, value: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Add the custom property ``name`` (preconfigured by the program); inferred route."""

    async def update_custom_property(
        self, user_id: str, name: str, value: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Change the value of the user's custom property ``name``; inferred route."""

    async def delete_custom_property(
        self, user_id: str, name: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Remove the user's custom property ``name``."""

    @operation("events.list_for_user")
    async def list_events(self, user_id: str, **options: Unpack[RequestOptions]) -> list[Event]:
        """Everything recorded for the user (``[]`` if nothing)."""
