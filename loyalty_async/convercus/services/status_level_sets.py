"""Status level sets: a program's ladder of status levels (e.g. Silver, Gold, Platinum).

An account's level is read with ``client.accounts.get_level``. Scoped to a program; every
path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from loyalty_async.convercus.enums import StatusLevelSetStatus
from loyalty_async.convercus.models.program import NewStatusLevelSet, StatusLevelSet
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions, operation


class StatusLevelSetsService(ConvercusService):
    """Create, read, replace and delete the program's status level sets."""

    @operation("status_level_sets.list")
    async def list(
        self, *, status: StatusLevelSetStatus | str | None = None,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> builtins.list[StatusLevelSet]:  # fmt: skip
        """The program's status level sets; only those in ``status`` if given (``?status=``)."""

    @operation("status_level_sets.get")
    async def get(
        self, status_level_set_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> StatusLevelSet:  # fmt: skip
        """One status level set with its levels (``status_level_set_id`` is a UUID)."""

    @operation("status_level_sets.create")
    async def create(
        self, level_set: NewStatusLevelSet, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create a status level set; return its id (read from ``Location``)."""

    @operation("status_level_sets.update")
    async def update(
        self, status_level_set_id: str, level_set: NewStatusLevelSet, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> StatusLevelSet | None:  # fmt: skip
        """Replace a status level set and its levels (``PUT``); the stored set, if sent back."""

    @operation("status_level_sets.delete")
    async def delete(
        self, status_level_set_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete a status level set."""
