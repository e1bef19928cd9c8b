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
    RequestOptions,
    operation,
    twin,
)


class InteractionPointsService(ConvercusService):
    """Create, read, change and delete interaction points at program, partner or store level."""

    # ------------------------------------------------------------------ program level

    @operation("interaction_points.list")
    async def list(
        self, *, program_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> builtins.list[InteractionPoint]:
        """Every interaction point of the program."""

    @operation("interaction_points.get")
    async def get(
        self, interaction_point_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> InteractionPoint:  # fmt: skip
        """One interaction point (its id is the ``interaction-id`` clients send)."""

    @operation("interaction_points.get_details")
    async def get_details(
        self, interaction_point_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> InteractionPointDetails:  # fmt: skip
        """One interaction point with its business unit (partner or store) resolved."""

    @operation("interaction_points.create")
    async def create(
        self, point: NewInteractionPoint, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create an interaction point for the program; return its id (from ``Location``)."""

    create_deprecated = twin(create, "interaction_points.create_deprecated")

    @operation("interaction_points.update")
    async def update(
        self, interaction_point_id: str, changes: InteractionPointUpdate, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> InteractionPoint | None:  # fmt: skip
        """Change only the fields set in ``changes`` (``PATCH``); the point, if sent back."""

    @operation("interaction_points.delete")
    async def delete(
        self, interaction_point_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete an interaction point: calls sent with its id are refused afterwards."""

    @operation("interaction_points.create_unscoped_deprecated")
    async def create_unscoped_deprecated(
        self, point: NewInteractionPoint, **options: Unpack[RequestOptions]
    ) -> str:
        """Create an interaction point on the deprecated route that names no program."""

    # ------------------------------------------------------------------ partner level

    @operation("interaction_points.list_for_partner")
    async def list_for_partner(
        self, partner_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[InteractionPoint]:  # fmt: skip
        """The interaction points of one partner."""

    @operation("interaction_points.get_for_partner")
    async def get_for_partner(
        self, partner_id: str, interaction_point_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> InteractionPoint:  # fmt: skip
        """One interaction point of the partner."""

    @operation("interaction_points.create_for_partner")
    async def create_for_partner(
        self, partner_id: str, point: NewInteractionPoint, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create an interaction point for the partner; return its id (from ``Location``)."""

    create_for_partner_deprecated = twin(
        create_for_partner, "interaction_points.create_for_partner_deprecated"
    )

    # ------------------------------------------------------------------ store level

    @operation("interaction_points.list_for_store")
    async def list_for_store(
        self, partner_id: str, store_id: str, *, program_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[InteractionPoint]:  # fmt: skip
        """The interaction points (tills) of one store."""

    @operation("interaction_points.get_for_store")
    async def get_for_store(
        self, partner_id: str, store_id: str, interaction_point_id: str, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> InteractionPoint:  # fmt: skip
        """One interaction point of the store."""

    @operation("interaction_points.create_for_store")
    async def create_for_store(
        self, partner_id: str, store_id: str, point: NewInteractionPoint, *,
        program_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create an interaction point (a till) for the store; return its id."""
