"""Rating on the wire: program and partner configurations, rating levels (program-scoped)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from loyalty_async import ConfigurationError, Response, ValidationError
from loyalty_async.convercus import RatingConfig, RatingLevelDefinition
from tests.convercus.conftest import Wire
from tests.convercus.wire_asserts import PARTNER, assert_sent, make_client

PROGRAM = "prog-1"
CONFIG = {"enabled": True, "ratingType": "SCORE", "thresholds": [10, 20]}
LEVELS = [
    {"ratingLevelId": "rl-1", "name": "A", "minScore": 0, "maxScore": 9.5},
    {"ratingLevelId": "rl-2", "name": "B", "minScore": 9.5},
]


async def test_program_config_uses_the_client_program(wire: Wire) -> None:
    wire.on("GET", f"/programs/{PROGRAM}/ratingconfig", Response(200, json=CONFIG))
    async with make_client(wire, program_id=PROGRAM) as client:
        config = await client.rating.get_program_config()

    assert_sent(wire.last, "GET", f"/programs/{PROGRAM}/ratingconfig")
    assert (config.enabled, config.rating_type) == (True, "SCORE")
    assert config.raw["thresholds"] == [10, 20]


async def test_a_call_may_name_another_program(wire: Wire) -> None:
    wire.on("GET", "/programs/other/ratinglevels/rl-2", Response(200, json=LEVELS[1]))
    async with make_client(wire, program_id=PROGRAM) as client:
        level = await client.rating.get_level("rl-2", program_id="other")

    assert_sent(wire.last, "GET", "/programs/other/ratinglevels/rl-2")
    assert level == RatingLevelDefinition(
        rating_level_id="rl-2", name="B", min_score=Decimal("9.5")
    )


async def test_without_a_program_nothing_is_sent(wire: Wire) -> None:
    async with make_client(wire) as client:
        with pytest.raises(ConfigurationError, match="CONVERCUS_PROGRAM_ID"):
            await client.rating.list_levels()
    assert wire.calls == []


async def test_levels_are_listed_with_exact_scores(wire: Wire) -> None:
    wire.on(
        "GET",
        f"/programs/{PROGRAM}/ratinglevels",
        Response(
            200,
            content=b'[{"ratingLevelId": "rl-1", "minScore": 0, "maxScore": 9.50}]',
            headers={"Content-Type": "application/json"},
        ),
    )
    async with make_client(wire, program_id=PROGRAM) as client:
        (level,) = await client.rating.list_levels()

    assert str(level.max_score) == "9.50"


async def test_partner_config_read_modify_write_keeps_unknown_fields(wire: Wire) -> None:
    path = f"/programs/{PROGRAM}/partners/{PARTNER}/ratingconfig"
    wire.on("GET", path, Response(200, json=CONFIG))
    wire.on("PUT", path, Response(204))
    async with make_client(wire, program_id=PROGRAM) as client:
        config = await client.rating.get_partner_config(PARTNER)
        config.enabled = False
        stored = await client.rating.put_partner_config(PARTNER, config)

    assert stored is None
    assert_sent(
        wire.last,
        "PUT",
        path,
        json={"enabled": False, "ratingType": "SCORE", "thresholds": [10, 20]},
    )


async def test_a_new_partner_config_sends_only_what_is_set(wire: Wire) -> None:
    path = f"/programs/{PROGRAM}/partners/{PARTNER}/ratingconfig"
    wire.on("PUT", path, Response(200, json={**CONFIG, "enabled": True}))
    async with make_client(wire, program_id=PROGRAM) as client:
        stored = await client.rating.put_partner_config(PARTNER, RatingConfig(enabled=True))

    assert_sent(wire.last, "PUT", path, json={"enabled": True})
    assert stored is not None and stored.enabled is True


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.rating.get_partner_config(""), "partner_id"),
        (lambda c: c.rating.get_level(5), "rating_level_id"),
        (lambda c: c.rating.put_partner_config(PARTNER, {"enabled": True}), "config"),
        (lambda c: c.rating.list_levels(program_id=""), "program_id"),
    ],
)
async def test_bad_input_is_refused_before_any_request(wire: Wire, call: Any, field: str) -> None:
    async with make_client(wire, program_id=PROGRAM) as client:
        with pytest.raises(ValidationError) as caught:
            await call(client)
    assert caught.value.field == field
    assert wire.calls == []
