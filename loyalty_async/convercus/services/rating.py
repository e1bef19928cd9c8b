"""Rating: the rating configuration of a program and of its partners, and its rating levels.

Every path here is inferred (confidence L): correct any with ``ConvercusClient(routes=...)``.
All operations are scoped to a program: the client's ``program_id`` unless a call gives one.
"""

from __future__ import annotations

from typing_extensions import Unpack

from loyalty_async.convercus.models.rating import RatingConfig, RatingLevelDefinition
from loyalty_async.convercus.services.base import ConvercusService, RequestOptions, operation


class RatingService(ConvercusService):
    """Read a program's rating configuration and levels; set a partner's configuration.

    The levels listed here are the ones :meth:`AccountsService.update_rating_level
    <loyalty_async.convercus.AccountsService.update_rating_level>` assigns to an account.
    """

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
        """Create or replace a partner's rating configuration (``PUT``).

        ``config`` is sent whole: its ``raw`` object with the modelled fields on top, so a
        configuration read with :meth:`get_partner_config`, changed and sent back keeps
        every field. Returns the stored configuration if the server sends it back.
        """

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
