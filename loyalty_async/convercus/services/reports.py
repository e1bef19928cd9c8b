"""Reports v3: list endpoints as paged iterators, exports as streamed files."""

from __future__ import annotations

from loyalty_async.convercus.services.base import ConvercusService


class ReportsService(ConvercusService):
    """Stream report exports and walk report lists."""
