"""Rating: a program's rating configuration and its rating levels (shapes inferred).

No source documents these bodies: the models read the likely fields and keep the object
exactly as received in ``raw``. A configuration sent back (``PUT``) carries ``raw`` with
the known fields on top, so a read-modify-write keeps what the SDK does not model.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from loyalty_async.convercus.models.common import remember_raw
from loyalty_async.modeling import camel


@attrs.define
class RatingConfig:
    """How a program (or one partner) rates accounts: ``enabled`` and the rules, in ``raw``."""

    enabled: bool | None = None
    rating_type: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.define
class RatingLevelDefinition:
    """One rating level of a program (the levels ``accounts.update_rating_level`` assigns)."""

    rating_level_id: str | None = None
    name: str | None = None
    min_score: Decimal | None = None
    max_score: Decimal | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


def keep_raw(cls: type[Any]) -> None:
    """Make ``cls`` remember the object it was read from in ``raw``, and send it back."""
    remember_raw(cls)
    write: Callable[[Any], dict[str, Any]] = camel.get_unstructure_hook(cls)

    def unstructure(instance: Any) -> dict[str, Any]:
        known = write(instance)
        raw = known.pop("raw", None) or {}
        return {**raw, **known}

    camel.register_unstructure_hook(cls, unstructure)


for _model in (RatingConfig, RatingLevelDefinition):
    keep_raw(_model)
