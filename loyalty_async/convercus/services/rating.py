"""Rating: the rating configuration of a program and of its partners, and its levels.

Scoped to a program; every path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.rating import RatingConfig, RatingLevelDefinition
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions, operation


class RatingService(ConvercusService):
    """A program's rating configuration and levels (``accounts.update_rating_level``)."""

    @operation("rating.get_program_config")
    async def get_program_config(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> RatingConfig:
        """The program's rating configuration."""

    @operation("rating.get_partner_config")
    async def get_partner_config(
        self, partner_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RatingConfig:  # fmt: skip
        """One partner's rating configuration."""

    @operation("rating.put_partner_config")
    async def put_partner_config(
        self, partner_id: str, config: RatingConfig, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RatingConfig | None:  # fmt: skip
        """Create or replace a partner's rating configuration (``PUT``), sent whole."""

    @operation("rating.list_levels")
    async def list_levels(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> list[RatingLevelDefinition]:
        """The program's rating levels (``[]`` if it has none)."""

    @operation("rating.get_level")
    async def get_level(
        self, rating_level_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RatingLevelDefinition:  # fmt: skip
        """One rating level of the program."""
