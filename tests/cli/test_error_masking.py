"""A server that quotes member data back in its error: the command prints it masked."""

from __future__ import annotations

from loyalty_async.cli.base import EXIT_ERROR
from loyalty_async.sandbox import Sandbox

from .conftest import Command

CARD = "SECRETCARD99"


async def test_an_echoed_card_code_is_printed_masked(
    command: Command, sandbox_environment: Sandbox
) -> None:
    outcome = await command.threaded("accounts", "balance", CARD, "--id-type", "CARDCODE")

    assert outcome.status == EXIT_ERROR
    assert "ACCOUNT_NOT_FOUND" in outcome.err
    assert "SE***" in outcome.err
    assert CARD not in outcome.err
    assert sandbox_environment.stats.requests >= 1
