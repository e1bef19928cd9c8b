"""Search: find domain objects (a member who forgot the card) by a code, an e-mail, a name.

The query language beyond a plain term is not documented: put it in ``SearchQuery.extra``.
"""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.platform import SearchHit, SearchQuery
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions


class SearchService(ConvercusService, prefix="search"):
    """Search the program's domain objects; a search changes nothing and may be resent."""

    async def search(
        self, query: SearchQuery, **options: Unpack[RequestOptions]
    ) -> list[SearchHit]:
        """The objects matching ``query`` (``POST /search``)."""

    async def perform_search(
        self, query: SearchQuery, **options: Unpack[RequestOptions]
    ) -> list[SearchHit]:
        """The objects matching ``query``, on the newer route (``POST /v2/search``)."""
