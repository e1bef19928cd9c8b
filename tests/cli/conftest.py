"""Fixtures for the command-line tests: the command run against an in-process sandbox.

The command runs its own event loop (``asyncio.run``), so an async test runs it in a
worker thread while the sandbox serves from the test's loop.
"""

from __future__ import annotations

import asyncio

import attrs
import orjson
import pytest

from loyalty_async.cli import main
from loyalty_async.sandbox import Credentials, Sandbox

VARIABLES = (
    "CONVERCUS_ENVIRONMENT",
    "CONVERCUS_BASE_URL",
    "CONVERCUS_ORG",
    "CONVERCUS_USERNAME",
    "CONVERCUS_PASSWORD",
    "CONVERCUS_INTERACTION_ID",
    "CONVERCUS_AUTH_SCHEME",
    "CONVERCUS_PROGRAM_ID",
)


@attrs.frozen
class Outcome:
    """What one run of the command did."""

    status: int
    out: str
    err: str

    def json(self) -> object:
        return orjson.loads(self.out)


@pytest.fixture
def convercus_sandbox_options() -> dict[str, object]:
    """A login of its own, so a test can tell the password from everything else."""
    return {"credentials": Credentials("CLI-ORG", "cli-user", "pw-4711-secret", "till-9")}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CONVERCUS_* setting leaks in from the machine running the tests."""
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def sandbox_environment(convercus_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """CONVERCUS_* variables that point at the sandbox."""
    credentials = convercus_sandbox.credentials
    monkeypatch.setenv("CONVERCUS_BASE_URL", convercus_sandbox.url)
    monkeypatch.setenv("CONVERCUS_ORG", credentials.org)
    monkeypatch.setenv("CONVERCUS_USERNAME", credentials.username)
    monkeypatch.setenv("CONVERCUS_PASSWORD", credentials.password)
    monkeypatch.setenv("CONVERCUS_INTERACTION_ID", credentials.interaction_id)
    return convercus_sandbox


class Command:
    """Runs ``loyalty-async`` in-process and captures what it printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *argv: str) -> Outcome:
        self.capsys.readouterr()
        status = main(list(argv))
        out, err = self.capsys.readouterr()
        return Outcome(status, out, err)

    async def threaded(self, *argv: str) -> Outcome:
        """Run it from a thread, so that a sandbox on this test's loop can answer."""
        self.capsys.readouterr()
        status = await asyncio.to_thread(main, list(argv))
        out, err = self.capsys.readouterr()
        return Outcome(status, out, err)


@pytest.fixture
def command(capsys: pytest.CaptureFixture[str]) -> Command:
    return Command(capsys)
