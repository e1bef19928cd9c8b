"""A token that has already expired by the local clock when it arrives (skewed clocks)."""

from __future__ import annotations

import asyncio

from loyalty_async import ConvercusAuth
from tests.core.helpers import PASSWORD, Clock, make_jwt, mock_session
from tests.core.test_auth_convercus import FakeConvercus


def convercus_auth(clock: Clock) -> ConvercusAuth:
    # The default margin (300 s) is longer than the tokens below live.
    return ConvercusAuth("ORG", "api-user", PASSWORD, clock=clock)


async def test_a_token_already_expired_by_the_local_clock_is_used_until_refused() -> None:
    clock = Clock()
    # The server's clock is an hour behind: by ours, its token expired before it arrived.
    stale = make_jwt(exp=clock.now - 3600, n=1)
    fake = FakeConvercus(stale)
    async with mock_session(fake, auth=convercus_auth(clock)) as (session, _):
        responses = await asyncio.gather(*(session.request("GET", "/a") for _ in range(50)))
    assert [r.status for r in responses] == [200] * 50
    assert fake.logins == 1
