"""Search: find domain objects (a member who forgot the card) by a code, an e-mail, a name.

Both routes are inferred (confidence L); the query language beyond a plain term is not
documented: :class:`~loyalty_async.convercus.SearchQuery` sends ``query`` (and
``domain``), anything else in its ``extra``.
"""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.platform import SearchHit, SearchQuery
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions, operation


class SearchService(ConvercusService):
    """Search the program's domain objects; a search changes nothing and may be resent."""

    @operation("search.search")
    async def search(
        self, query: SearchQuery, **options: Unpack[RequestOptions]
    ) -> list[SearchHit]:
        """The objects matching ``query`` (``POST /search``)."""

    @operation("search.perform_search")
    async def perform_search(
        self, query: SearchQuery, **options: Unpack[RequestOptions]
    ) -> list[SearchHit]:
        """The objects matching ``query``, on the newer route (``POST /v2/search``)."""
