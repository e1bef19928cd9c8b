"""Rating: the rating configuration of a program and of its partners, and its levels.

Scoped to a program; every path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.rating import RatingConfig, RatingLevelDefinition
from loyalty_async.convercus.services.base import ConvercusService, ProgramOptions


class RatingService(ConvercusService, prefix="rating"):
    """A program's rating configuration and levels (``accounts.update_rating_level``)."""

    async def get_program_config(self, **options: Unpack[ProgramOptions]) -> RatingConfig:
        """The program's rating configuration."""

    async def get_partner_config(
        self, partner_id: str, **options: Unpack[ProgramOptions]
    ) -> RatingConfig:
        """One partner's rating configuration."""

    async def put_partner_config(
        self, partner_id: str, config: RatingConfig, **options: Unpack[ProgramOptions]
    ) -> RatingConfig | None:
        """Create or replace a partner's rating configuration (``PUT``), sent whole."""

    async def list_levels(self, **options: Unpack[ProgramOptions]) -> list[RatingLevelDefinition]:
        """The program's rating levels (``[]`` if it has none)."""

    async def get_level(
        self, rating_level_id: str, **options: Unpack[ProgramOptions]
    ) -> RatingLevelDefinition:
        """One rating level of the program."""
