"""Accounts: the central object points are collected on."""

from __future__ import annotations

from loyalty_async.convercus.services.base import ConvercusService


class AccountsService(ConvercusService):
    """Create, read, merge, lock and delete accounts; balances, levels and rating levels."""
