"""The pytest plugin, used from a test suite the way an SDK user would."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.markdown import ROOT, blocks

STRICT = """
[pytest]
asyncio_mode = strict
asyncio_default_fixture_loop_scope = function
filterwarnings = error
"""
# Without pytest-asyncio its settings would be unknown (a warning, so an error).
PLAIN = """
[pytest]
filterwarnings = error
"""


def documented(first_line: str) -> str:
    """The block of docs/sandbox.md that starts with ``first_line`` (``# conftest.py``)."""
    found = [b.code for b in blocks(ROOT / "docs" / "sandbox.md") if b.code.startswith(first_line)]
    assert len(found) == 1, first_line
    return found[0]


USER_CONFTEST = """
import pytest


@pytest.fixture
def convercus_sandbox_options():
    return {"faults": "seed=11"}
"""

USER_TESTS = """
import pytest

from loyalty_async import ConvercusClient, NotFoundError


@pytest.mark.asyncio
async def test_earns_points(convercus_client: ConvercusClient, convercus_sandbox) -> None:
    account_id = await convercus_client.call("accounts.create")
    await convercus_client.call(
        "transactions.create_for_account",
        path_params={"accountId": account_id},
        json={"transactionType": "EARNTRANSACTION", "amount": 25, "externalId": "T-1"},
    )
    balance = await convercus_client.call(
        "accounts.get_balance", path_params={"accountId": account_id}
    )
    assert balance == {"points": 25, "lockedPoints": 0}
    assert convercus_sandbox.faults.seed == 11
    assert convercus_sandbox.url.startswith("http://127.0.0.1:")


@pytest.mark.asyncio
async def test_each_test_gets_a_fresh_sandbox(convercus_client: ConvercusClient) -> None:
    with pytest.raises(NotFoundError):
        await convercus_client.call("transactions.get", path_params={"transactionId": "T-1"})


@pytest.mark.asyncio
async def test_seeds_from_python(convercus_sandbox, convercus_client: ConvercusClient) -> None:
    member = convercus_sandbox.seed.member("ada@example.com", identifiers={"CARDCODE": "C-1"})
    memberships = await convercus_client.call(
        "memberships.list", path_params={"accountId": "C-1"}, id_type="CARDCODE"
    )
    assert [m["userId"] for m in memberships] == [member.user_id]
"""


def test_the_fixtures_work_in_a_users_suite(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        asyncio_mode = strict
        asyncio_default_fixture_loop_scope = function
        filterwarnings = error
        """
    )
    pytester.makeconftest(USER_CONFTEST)
    pytester.makepyfile(test_user_suite=USER_TESTS)

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=3)


def test_the_plugin_is_registered_under_its_entry_point_name(
    pytestconfig: pytest.Config,
) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("loyalty_async_sandbox")

    assert plugin is not None
    assert plugin.__name__ == "loyalty_async_pytest"


def test_loading_the_plugin_imports_neither_the_sdk_nor_aiohttp(pytester: pytest.Pytester) -> None:
    # A project that only has loyalty-async installed, and never uses its fixtures.
    pytester.makeini(STRICT)
    pytester.makeconftest(
        """
        import sys
        from pathlib import Path


        def pytest_sessionfinish(session):
            Path("modules.txt").write_text("\\n".join(sorted(sys.modules)))
        """
    )
    pytester.makepyfile(test_unrelated="def test_sums():\n    assert 1 + 1 == 2\n")

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=1)
    modules = Path(pytester.path, "modules.txt").read_text().split()
    assert "loyalty_async_pytest" in modules  # the plugin is loaded ...
    assert [m for m in modules if m.startswith(("loyalty_async.", "aiohttp"))] == []
    assert "loyalty_async" not in modules  # ... and nothing it would need for a fixture


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_the_documented_example_passes_under_pytest_asyncio(
    pytester: pytest.Pytester, mode: str
) -> None:
    pytester.makeini(STRICT.replace("asyncio_mode = strict", f"asyncio_mode = {mode}"))
    pytester.makeconftest(documented("# conftest.py"))
    pytester.makepyfile(test_loyalty=documented("# test_loyalty.py"))

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:anyio")

    result.assert_outcomes(passed=1)


@pytest.mark.parametrize("asyncio_plugin", ["pytest-asyncio beside it", "anyio alone"])
def test_the_documented_anyio_example_runs_the_fixtures_on_anyio(
    pytester: pytest.Pytester, asyncio_plugin: str
) -> None:
    alone = asyncio_plugin == "anyio alone"
    pytester.makeini(PLAIN if alone else STRICT)
    pytester.makepyfile(test_loyalty_anyio=documented("# test_loyalty_anyio.py"))
    disable = ["-p", "no:asyncio"] if alone else []

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *disable)

    result.assert_outcomes(passed=1)


def test_without_an_async_plugin_the_fixture_says_what_to_install(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(PLAIN)
    pytester.makepyfile(
        test_sync="""
        def test_wants_a_sandbox(convercus_sandbox):
            pass
        """
    )

    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "no:asyncio", "-p", "no:anyio"
    )

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*the convercus_sandbox fixture is async: install pytest-asyncio, or mark the test*"]
    )
