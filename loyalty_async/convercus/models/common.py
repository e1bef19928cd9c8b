"""Small shapes that several Convercus domains share."""

from __future__ import annotations

import attrs


@attrs.define
class CustomProperty:
    """A program-specific ``name``/``value`` pair (users, coupons, stores)."""

    name: str
    value: str | None = None
