"""Identifiers (card, app and external codes) and identifier batches."""

from __future__ import annotations

from loyalty_async.convercus.services.base import ConvercusService


class IdentifiersService(ConvercusService):
    """Attach, list, lock, unlock and terminate the codes that address an account."""
