"""Memberships: the link between an account and a user, with its opt-ins."""

from __future__ import annotations

from loyalty_async.convercus.services.base import ConvercusService


class MembershipsService(ConvercusService):
    """Create, read, update and remove memberships and their opt-ins."""
