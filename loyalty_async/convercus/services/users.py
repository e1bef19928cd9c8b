"""Users: the personal data of a member."""

from __future__ import annotations

from loyalty_async.convercus.services.base import ConvercusService


class UsersService(ConvercusService):
    """Create, read, replace, update and delete users, and their passwords and properties."""
