"""The pytest plugin, used from a test suite the way an SDK user would."""

from __future__ import annotations

import pytest

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
    assert plugin.__name__ == "loyalty_async.sandbox.pytest_plugin"
