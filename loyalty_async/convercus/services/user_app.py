"""The user app service: the Keycloak organizations a user belongs to (documented route)."""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.platform import KeycloakOrganization
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions


class UserAppService(ConvercusService, prefix="user_app"):
    """What the user app's Keycloak realm knows about a user."""

    async def list_keycloak_user_organizations(
        self, keycloak_realm: str, user_id: str, **options: Unpack[RequestOptions]
    ) -> list[KeycloakOrganization]:
        """The organizations of a user (``user_id`` is a UUID) in a Keycloak realm."""
