"""Mews pacing: throughput under the sliding-window limit, paced and unpaced.

The Mews stand-in enforces 200 requests per ``AccessToken`` per window, the window scaled
from 30 s down to ``--window`` seconds. The same burst of calls (half ``add`` of one
membership, half one ``getAll`` page, all started at once) runs through one client:

* ``paced``: the client's default pacing (180 per window): no 429 expected;
* ``unpaced``: ``rate_limiter=None``: the stand-in answers 429 with ``Retry-After`` and
  every call is resent until it succeeds.

It reports wall time, the rate achieved against the limit, 429s answered, attempts per
call and whether every write landed once.

    python benchmarks/bench_mews_pacing.py [--calls 2000] [--window 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid
from typing import Any

from loyalty_async import RetryPolicy
from loyalty_async.mews import NewLoyaltyMembership, NewLoyaltyProgram
from loyalty_async.sandbox.mews import MewsSandbox


async def run(calls: int, window: float, paced: bool) -> dict[str, Any]:
    async with MewsSandbox(rate_limit=(200, window)) as sandbox:
        overrides: dict[str, Any] = {"retry": RetryPolicy(max_attempts=100, retry_after_cap=60)}
        if not paced:
            overrides["rate_limiter"] = None
        async with sandbox.client(**overrides) as client:
            [program] = await client.loyalty_programs.add(
                [NewLoyaltyProgram("Club", "CLUB", "Hotel", "Free")]
            )
            before = sandbox.stats.requests

            async def enrol(n: int) -> None:
                member = NewLoyaltyMembership(
                    uuid.uuid4(), program.id, True, membership_number=f"M{n:06d}"
                )
                await client.loyalty_memberships.add([member])

            async def read(n: int) -> None:
                async for _ in client.loyalty_memberships.get_all(page_size=1).pages():
                    return

            started = time.perf_counter()
            await asyncio.gather(*((enrol if n % 2 else read)(n) for n in range(calls)))
            seconds = time.perf_counter() - started
            stored = await client.loyalty_memberships.get_all(page_size=1000).collect()
        numbers = [m.membership_number for m in stored]
        requests = sandbox.stats.requests - before
        return {
            "mode": "paced" if paced else "unpaced",
            "calls": calls,
            "limit": f"200 per {window:g} s",
            "seconds": round(seconds, 2),
            "calls_per_window": round(calls / seconds * window, 1),
            "answered_429": sandbox.stats.statuses[429],
            "attempts_per_call": round(requests / calls, 2),
            "writes_landed_once": len(numbers) == len(set(numbers)) == calls // 2,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--window", type=float, default=1.0)
    args = parser.parse_args()
    for paced in (True, False):
        print(json.dumps(asyncio.run(run(args.calls, args.window, paced))))


if __name__ == "__main__":
    main()
