"""Login and logout as callable operations."""

from __future__ import annotations

from loyalty_async.convercus.services.base import ConvercusService


class AuthService(ConvercusService):
    """Log in and out explicitly (the session also logs in by itself when it needs to)."""
