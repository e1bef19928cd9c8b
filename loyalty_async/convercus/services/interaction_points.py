"""Interaction points: the tills, web shops and apps that speak to Convercus.

A point's id is the ``interaction-id`` header a call is sent with. Scoped to a program;
every path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

import builtins

from typing_extensions import Unpack

from loyalty_async.convercus.models.partners import (
    InteractionPoint,
    InteractionPointDetails,
    InteractionPointUpdate,
    NewInteractionPoint,
)
from loyalty_async.convercus.services.base import (
    ConvercusService,
    ProgramOptions,
    RequestOptions,
    twin,
)


class InteractionPointsService(ConvercusService, prefix="interaction_points"):
    """Create, read, change and delete interaction points at program, partner or store level."""

    # ------------------------------------------------------------------ program level

    async def list(self, **options: Unpack[ProgramOptions]) -> builtins.list[InteractionPoint]:
        """Every interaction point of the program."""

    async def get(
        self, interaction_point_id: str, **options: Unpack[ProgramOptions]
    ) -> InteractionPoint:
        """One interaction point (its id is the ``interaction-id`` clients send)."""

    async def get_details(
        self, interaction_point_id: str, **options: Unpack[ProgramOptions]
    ) -> InteractionPointDetails:
        """One interaction point with its business unit (partner or store) resolved."""

    async def create(self, point: NewInteractionPoint, **options: Unpack[ProgramOptions]) -> str:
        """Create an interaction point for the program; return its id (from ``Location``)."""

    create_deprecated = twin(create, "interaction_points.create_deprecated")

    async def update(
        self, interaction_point_id: str, changes: InteractionPointUpdate,
        **options: Unpack[ProgramOptions],
    ) -> InteractionPoint | None:  # fmt: skip
        """Change only the fields set in ``changes`` (``PATCH``); the point, if sent back."""

    async def delete(self, interaction_point_id: str, **options: Unpack[ProgramOptions]) -> None:
        """Delete an interaction point: calls sent with its id are refused afterwards."""

    async def create_unscoped_deprecated(
        self, point: NewInteractionPoint, **options: Unpack[RequestOptions]
    ) -> str:
        """Create an interaction point on the deprecated route that names no program."""

    # ------------------------------------------------------------------ partner level

    async def list_for_partner(
        self, partner_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[InteractionPoint]:
        """The interaction points of one partner."""

    async def get_for_partner(
        self, partner_id: str, interaction_point_id: str, **options: Unpack[ProgramOptions]
    ) -> InteractionPoint:
        """One interaction point of the partner."""

    async def create_for_partner(
        self, partner_id: str, point: NewInteractionPoint, **options: Unpack[ProgramOptions]
    ) -> str:
        """Create an interaction point for the partner; return its id (from ``Location``)."""

    create_for_partner_deprecated = twin(
        create_for_partner, "interaction_points.create_for_partner_deprecated"
    )

    # ------------------------------------------------------------------ store level

    async def list_for_store(
        self, partner_id: str, store_id: str, **options: Unpack[ProgramOptions]
    ) -> builtins.list[InteractionPoint]:
        """The interaction points (tills) of one store."""

    async def get_for_store(
        self, partner_id: str, store_id: str, interaction_point_id: str,
        **options: Unpack[ProgramOptions],
    ) -> InteractionPoint:  # fmt: skip
        """One interaction point of the store."""

    async def create_for_store(
        self, partner_id: str, store_id: str, point: NewInteractionPoint,
        **options: Unpack[ProgramOptions],
    ) -> str:  # fmt: skip
        """Create an interaction point (a till) for the store; return its id."""
