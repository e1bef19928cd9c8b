"""The devices export: CSV pages of up to 10,000 rows, read as they stream in.

``GET …/devices`` answers CSV (``;``-separated, a header row first) instead of JSON, and
names the next page in its ``Link`` header. :class:`DeviceRows` walks every page and
yields one ``dict`` per device, parsing the bytes as they arrive: memory holds one chunk
and the row in progress, whether the app has a thousand devices or ten million.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable

from loyalty_async.convercus.services.reports import ExportRows
from loyalty_async.errors import LoyaltyError, PaginationError, ValidationError
from loyalty_async.paging import next_url
from loyalty_async.transport.base import Response

#: The separator of the devices export.
DELIMITER = ";"

#: Sends the request of one page (``None``: the first) and returns its streamed response.
OpenPage = Callable[[str | None], Awaitable[Response]]


class DeviceRows:
    """Every device of the export, one ``dict`` per CSV row, across every page.

    ``async for row in rows`` sends the first request when iteration starts and the next
    one when a page runs out; ``async with`` (or :meth:`aclose`) releases the connection
    if you stop early. ``fieldnames`` holds the columns of the current page, ``rows`` and
    ``pages`` count what has arrived, and ``cursor`` is the URL of the page being read
    (``None`` for the first): pass it as ``resume_from=`` to start again there. A page
    that fails part-way raises :class:`~loyalty_async.errors.PaginationError` naming it.
    """

    def __init__(self, open_page: OpenPage, *, resume_from: str | None = None) -> None:
        self._open_page = open_page
        self.cursor = resume_from
        self.fieldnames: list[str] | None = None
        self.rows = 0
        self.pages = 0
        self._iterator: AsyncGenerator[dict[str, str], None] | None = None

    def __aiter__(self) -> AsyncIterator[dict[str, str]]:
        if self._iterator is not None:
            raise ValidationError("the devices can be read once; export again to re-read")
        self._iterator = self._walk()
        return self._iterator

    async def aclose(self) -> None:
        """Stop reading and release the connection."""
        if self._iterator is not None:
            await self._iterator.aclose()

    async def __aenter__(self) -> DeviceRows:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def collect(self, limit: int | None = None) -> list[dict[str, str]]:
        """Gather the rows into a list (at most ``limit``): for small apps and tests."""
        gathered: list[dict[str, str]] = []
        async with self:
            async for row in self:
                gathered.append(row)
                if limit is not None and len(gathered) >= limit:
                    break
        return gathered

    async def _walk(self) -> AsyncGenerator[dict[str, str], None]:
        while True:
            following: list[str | None] = [None]
            page_rows = 0
            url = self.cursor

            @contextlib.asynccontextmanager
            async def opened(
                url: str | None = url, following: list[str | None] = following
            ) -> AsyncIterator[Response]:
                response = await self._open_page(url)
                try:
                    following[0] = next_url(response)
                    yield response
                finally:
                    await response.aclose()

            page = ExportRows(opened, delimiter=DELIMITER)
            try:
                async for row in page:
                    if page.fieldnames is not self.fieldnames:
                        self.fieldnames = page.fieldnames
                    page_rows += 1
                    self.rows += 1
                    yield row
            except LoyaltyError as exc:
                where = "the first page" if url is None else url
                raise PaginationError(
                    f"reading the devices page at {where} failed after {self.rows} row(s) "
                    f"({page_rows} of that page): {exc}; resume from {where}",
                    resume=url,
                    items_yielded=self.rows - page_rows,
                ) from exc
            finally:
                await page.aclose()
            self.pages += 1
            target = following[0]
            if not target or target == url or page_rows == 0:
                return
            self.cursor = target
