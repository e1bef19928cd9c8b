"""Status level sets: a program's ladder of status levels (e.g. Silver, Gold, Platinum).

An account's level is read with ``client.accounts.get_level``. Scoped to a program; every
path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from loyalty_async.convercus.enums import StatusLevelSetStatus
from loyalty_async.convercus.models.program import NewStatusLevelSet, StatusLevelSet
from loyalty_async.convercus.services.base import ConvercusService, ProgramOptions


class StatusLevelSetsService(ConvercusService, prefix="status_level_sets"):
    """Create, read, replace and delete the program's status level sets."""

    async def list(
        self, *, status: StatusLevelSetStatus | str | None = None, **options: Unpack[ProgramOptions]
    ) -> builtins.list[StatusLevelSet]:
        """The program's status level sets; only those in ``status`` if given (``?status=``)."""

    async def get(
        self, status_level_set_id: str, **options: Unpack[ProgramOptions]
    ) -> StatusLevelSet:
        """One status level set with its levels (``status_level_set_id`` is a UUID)."""

    async def create(self, level_set: NewStatusLevelSet, **options: Unpack[ProgramOptions]) -> str:
        """Create a status level set; return its id (read from ``Location``)."""

    async def update(
        self, status_level_set_id: str, level_set: NewStatusLevelSet,
        **options: Unpack[ProgramOptions],
    ) -> StatusLevelSet | None:  # fmt: skip
        """Replace a status level set and its levels (``PUT``); the stored set, if sent back."""

    async def delete(self, status_level_set_id: str, **options: Unpack[ProgramOptions]) -> None:
        """Delete a status level set."""
