"""pytest fixtures that test your Convercus integration against the sandbox.

Installed with loyalty-async (entry point ``loyalty_async_sandbox``), so the fixtures are
available in any suite that has pytest-asyncio:

* ``convercus_sandbox``: a running :class:`~loyalty_async.sandbox.Sandbox`, fresh and
  in memory for each test;
* ``convercus_client``: a :class:`~loyalty_async.ConvercusClient` logged in to it,
  closed after the test;
* ``convercus_sandbox_options``: keyword arguments for the sandbox; override this
  fixture in a ``conftest.py`` to add faults, an earn rule, or a database file.

The Mews stand-in has the same three: ``mews_sandbox`` (a running
:class:`~loyalty_async.sandbox.mews.MewsSandbox`), ``mews_client`` (a
:class:`~loyalty_async.mews.MewsClient` on it) and ``mews_sandbox_options``.

The Accengage and Loyalty Pass stand-ins too: ``accengage_sandbox`` /
``accengage_client`` / ``accengage_sandbox_options`` and ``loyaltypass_sandbox`` /
``loyaltypass_client`` / ``loyaltypass_sandbox_options``.

Turn the plugin off with ``-p no:loyalty_async_sandbox``.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pytest

from loyalty_async.convercus.client import ConvercusClient
from loyalty_async.sandbox.server import Sandbox

if TYPE_CHECKING:
    from loyalty_async.accengage.client import AccengageClient
    from loyalty_async.loyaltypass.client import LoyaltyPassClient
    from loyalty_async.mews.client import MewsClient
    from loyalty_async.sandbox.accengage.server import AccengageSandbox
    from loyalty_async.sandbox.loyaltypass.server import LoyaltyPassSandbox
    from loyalty_async.sandbox.mews.server import MewsSandbox

F = TypeVar("F", bound=Callable[..., Any])


def _async_fixture(function: F) -> F:
    """An async fixture through pytest-asyncio, or one that says it needs pytest-asyncio."""
    try:
        import pytest_asyncio
    except ImportError:  # pytest still starts; the fixture explains what is missing when used

        @functools.wraps(function)
        def needs_pytest_asyncio(*args: Any, **kwargs: Any) -> Any:
            pytest.fail(f"the {function.__name__} fixture needs pytest-asyncio installed")

        return cast(F, pytest.fixture(needs_pytest_asyncio))
    return cast(F, pytest_asyncio.fixture(function))


@pytest.fixture
def convercus_sandbox_options() -> dict[str, Any]:
    """Keyword arguments for :class:`~loyalty_async.sandbox.Sandbox` (override to configure)."""
    return {}


@_async_fixture
async def convercus_sandbox(convercus_sandbox_options: dict[str, Any]) -> AsyncIterator[Sandbox]:
    """A running sandbox, fresh for the test."""
    async with Sandbox(**convercus_sandbox_options) as sandbox:
        yield sandbox


@_async_fixture
async def convercus_client(convercus_sandbox: Sandbox) -> AsyncIterator[ConvercusClient]:
    """A client on the sandbox, with its credentials; closed after the test."""
    async with convercus_sandbox.client() as client:
        yield client


@pytest.fixture
def mews_sandbox_options() -> dict[str, Any]:
    """Keyword arguments for :class:`~loyalty_async.sandbox.mews.MewsSandbox` (override it)."""
    return {}


@_async_fixture
async def mews_sandbox(mews_sandbox_options: dict[str, Any]) -> AsyncIterator[MewsSandbox]:
    """A running Mews stand-in, fresh for the test."""
    from loyalty_async.sandbox.mews.server import MewsSandbox

    async with MewsSandbox(**mews_sandbox_options) as sandbox:
        yield sandbox


@_async_fixture
async def mews_client(mews_sandbox: MewsSandbox) -> AsyncIterator[MewsClient]:
    """A Mews client on the stand-in, with its tokens; closed after the test."""
    async with mews_sandbox.client() as client:
        yield client


@pytest.fixture
def accengage_sandbox_options() -> dict[str, Any]:
    """Keyword arguments for :class:`~loyalty_async.sandbox.accengage.AccengageSandbox`."""
    return {}


@_async_fixture
async def accengage_sandbox(
    accengage_sandbox_options: dict[str, Any],
) -> AsyncIterator[AccengageSandbox]:
    """A running Accengage stand-in, fresh for the test."""
    from loyalty_async.sandbox.accengage.server import AccengageSandbox

    async with AccengageSandbox(**accengage_sandbox_options) as sandbox:
        yield sandbox


@_async_fixture
async def accengage_client(accengage_sandbox: AccengageSandbox) -> AsyncIterator[AccengageClient]:
    """An Accengage client on the stand-in, with its key; closed after the test."""
    async with accengage_sandbox.client() as client:
        yield client


@pytest.fixture
def loyaltypass_sandbox_options() -> dict[str, Any]:
    """Keyword arguments for :class:`~loyalty_async.sandbox.loyaltypass.LoyaltyPassSandbox`."""
    return {}


@_async_fixture
async def loyaltypass_sandbox(
    loyaltypass_sandbox_options: dict[str, Any],
) -> AsyncIterator[LoyaltyPassSandbox]:
    """A running Loyalty Pass stand-in, fresh for the test."""
    from loyalty_async.sandbox.loyaltypass.server import LoyaltyPassSandbox

    async with LoyaltyPassSandbox(**loyaltypass_sandbox_options) as sandbox:
        yield sandbox


@_async_fixture
async def loyaltypass_client(
    loyaltypass_sandbox: LoyaltyPassSandbox,
) -> AsyncIterator[LoyaltyPassClient]:
    """A Loyalty Pass client on the stand-in, with its credentials and routes; closed after."""
    async with loyaltypass_sandbox.client() as client:
        yield client
