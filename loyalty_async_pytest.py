"""pytest fixtures that run your integration against the SDK's offline stand-ins.

Installed with loyalty-async and registered under the entry point ``loyalty_async_sandbox``;
turn it off with ``-p no:loyalty_async_sandbox``. Loading it imports pytest and nothing
else: the SDK, the sandboxes and aiohttp are imported by a fixture when a test asks for it,
so a suite that uses none of them pays nothing for the plugin.

For each platform, three fixtures:

* ``convercus_sandbox`` / ``mews_sandbox`` / ``accengage_sandbox`` / ``loyaltypass_sandbox``:
  a running stand-in, fresh and in memory for each test;
* ``convercus_client`` / ``mews_client`` / ``accengage_client`` / ``loyaltypass_client``:
  a client logged in to it, closed after the test;
* ``convercus_sandbox_options`` (and the others' ``*_sandbox_options``): keyword arguments
  for the stand-in; override the fixture in a ``conftest.py`` to add faults, an earn rule or
  a database file.

The sandboxes and clients are async fixtures. They run on the test's event loop under
pytest-asyncio (strict or auto mode) and under anyio's pytest plugin (tests marked
``@pytest.mark.anyio``, on the asyncio backend).
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Generator
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

if TYPE_CHECKING:
    from loyalty_async.accengage.client import AccengageClient
    from loyalty_async.convercus.client import ConvercusClient
    from loyalty_async.loyaltypass.client import LoyaltyPassClient
    from loyalty_async.mews.client import MewsClient
    from loyalty_async.sandbox.accengage.server import AccengageSandbox
    from loyalty_async.sandbox.loyaltypass.server import LoyaltyPassSandbox
    from loyalty_async.sandbox.mews.server import MewsSandbox
    from loyalty_async.sandbox.server import Sandbox

__all__ = [
    "accengage_client",
    "accengage_sandbox",
    "accengage_sandbox_options",
    "convercus_client",
    "convercus_sandbox",
    "convercus_sandbox_options",
    "loyaltypass_client",
    "loyaltypass_sandbox",
    "loyaltypass_sandbox_options",
    "mews_client",
    "mews_sandbox",
    "mews_sandbox_options",
]

T = TypeVar("T")
_Fixture = Callable[..., AsyncIterator[T]]

# The attribute that links the fixture pytest-asyncio knows to the plain async generator
# that anyio's plugin (or a message saying a runner is missing) gets instead.
_PLAIN = "_loyalty_async_plain_fixture"


def _async_fixture(function: _Fixture[T]) -> _Fixture[T]:
    """Register ``function`` as an async fixture whose runner is chosen per test.

    pytest-asyncio runs only the async fixtures it was told about in strict mode, and a
    fixture it was told about never reaches anyio's plugin. So pytest sees a twin marked for
    pytest-asyncio, and :func:`pytest_fixture_setup` hands the plain function to the tests
    that anyio runs.
    """

    @functools.wraps(function)
    async def twin(*args: Any, **kwargs: Any) -> AsyncIterator[T]:
        async for value in function(*args, **kwargs):
            yield value

    setattr(twin, _PLAIN, function)
    try:
        import pytest_asyncio
    except ImportError:  # then pytest_fixture_setup says what is missing, if a test asks
        return pytest.fixture(twin)
    return pytest_asyncio.fixture(twin)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_fixture_setup(
    fixturedef: Any, request: pytest.FixtureRequest
) -> Generator[None, Any, Any]:
    """Give an anyio test the plain fixture; without any async runner, fail with a reason."""
    plain = getattr(fixturedef.func, _PLAIN, None)
    if plain is None:
        return (yield)
    if "anyio_backend" in request.fixturenames:
        replacement: Callable[..., Any] = plain
    elif request.config.pluginmanager.has_plugin("asyncio"):
        return (yield)
    else:
        replacement = _needs_a_runner(fixturedef.argname, plain)
    original = fixturedef.func
    fixturedef.func = replacement
    try:
        return (yield)
    finally:
        fixturedef.func = original


def _needs_a_runner(name: str, plain: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(plain)
    def fail(*args: Any, **kwargs: Any) -> None:
        pytest.fail(
            f"the {name} fixture is async: install pytest-asyncio, or mark the test "
            "@pytest.mark.anyio with anyio installed",
            pytrace=False,
        )

    return fail


# ---------------------------------------------------------------------------- Convercus


@pytest.fixture
def convercus_sandbox_options() -> dict[str, Any]:
    """Keyword arguments for :class:`~loyalty_async.sandbox.Sandbox` (override to configure)."""
    return {}


@_async_fixture
async def convercus_sandbox(convercus_sandbox_options: dict[str, Any]) -> AsyncIterator[Sandbox]:
    """A running Convercus sandbox, fresh for the test."""
    from loyalty_async.sandbox.server import Sandbox

    async with Sandbox(**convercus_sandbox_options) as sandbox:
        yield sandbox


@_async_fixture
async def convercus_client(convercus_sandbox: Sandbox) -> AsyncIterator[ConvercusClient]:
    """A Convercus client on the sandbox, with its credentials; closed after the test."""
    async with convercus_sandbox.client() as client:
        yield client


# ---------------------------------------------------------------------------- Mews


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


# ---------------------------------------------------------------------------- Accengage


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


# ---------------------------------------------------------------------------- Loyalty Pass


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
