"""Transactions: earn on a receipt, pay with points, and retail transactions."""

from __future__ import annotations

from loyalty_async.convercus.services.base import ConvercusService


class TransactionsService(ConvercusService):
    """Create, preview, list and read transactions, exactly once under faults."""
