"""Measurement 4: the token expires in the middle of a run with 1,000 calls in flight.

Goal: exactly one login for it, counted by the sandbox (``stats.logins``). Three ways:

* ``server-clock``: in-process sandbox; while 1,000 balance reads wait in the sandbox
  (a 3 s ``latency`` fault), its clock jumps 25 h ahead, so every one of them meets an expired
  token: 1,000 x 401, one login, 1,000 replays.
* ``token-ttl``: sandbox in its own process with ``token_ttl=4``; 1,000 reads are sent
  two seconds before the token expires and held 3 s by ``latency``: they reach the
  token check after it expired (real time, the sandbox's own clock).
* ``refresh-ahead``: sandbox in its own process with ``token_ttl=4``; the client keeps its
  default 300 s refresh margin, which the SDK caps at half the token's life; 1,000 reads
  start after that point, before expiry: the first refreshes, the others wait for it.

    python benchmarks/bench_token_expiry.py [--calls 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from batch_common import SandboxProcess, client_kwargs, write_result

from loyalty_async import AiohttpTransport, ConvercusClient, LoyaltyError
from loyalty_async.sandbox import Sandbox


class MovableClock:
    """Wall time plus an offset the benchmark moves."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


async def until(condition: Callable[[], bool], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the calls did not all reach the sandbox")
        await asyncio.sleep(0.005)


async def read_all(client: ConvercusClient, account_id: str, calls: int) -> dict[str, int]:
    results = await asyncio.gather(
        *(client.accounts.get_balance(account_id) for _ in range(calls)), return_exceptions=True
    )
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures and not all(isinstance(f, LoyaltyError) for f in failures):
        raise failures[0]
    return {"succeeded": calls - len(failures), "failed": len(failures)}


async def server_clock(calls: int) -> dict[str, Any]:
    clock = MovableClock()
    async with Sandbox(clock=clock, faults="latency=3") as sandbox:
        account_id = sandbox.seed.member("token@example.com").account_id
        stats = sandbox.stats
        transport = AiohttpTransport(pool_size=calls + 10)
        async with sandbox.client(transport=transport) as client:
            await client.auth.login()
            logins_before = stats.logins
            reads = asyncio.ensure_future(read_all(client, account_id, calls))
            # Every call is in the sandbox, held by the latency fault: expire the token now.
            await until(lambda: stats.operations["accounts.get_balance"] >= calls)
            held = stats.operations["accounts.get_balance"]
            clock.offset += 25 * 3600
            outcome = await reads
        return {
            "calls": calls,
            "in_flight_at_expiry": held,
            "logins_during_run": stats.logins - logins_before,
            "refused_expired_401": stats.auth_failures["TOKEN_EXPIRED"],
            "replays": stats.operations["accounts.get_balance"] - calls,
            **outcome,
        }


def seeded_db(folder: Path) -> tuple[Path, str]:
    db = folder / "sandbox.sqlite"

    async def seed() -> str:
        async with Sandbox(db=str(db)) as sandbox:
            return sandbox.seed.member("token@example.com").account_id

    return db, asyncio.run(seed())


async def timed_reads(
    url: str, account_id: str, calls: int, *, fire_after: float, margin: float | None
) -> dict[str, Any]:
    options: dict[str, Any] = {} if margin is None else {"token_refresh_margin": margin}
    transport = AiohttpTransport(pool_size=calls + 10)
    async with ConvercusClient(transport=transport, **client_kwargs(url), **options) as client:
        logged_in = time.monotonic()
        await client.auth.login()
        await asyncio.sleep(max(0.0, fire_after - (time.monotonic() - logged_in)))
        fired = time.monotonic() - logged_in
        outcome = await read_all(client, account_id, calls)
        done = time.monotonic() - logged_in
    return {"fired_after_login_s": round(fired, 2), "done_after_login_s": round(done, 2), **outcome}


def in_own_process(
    calls: int, faults: str, *, fire_after: float, margin: float | None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-token-") as folder:
        db, account_id = seeded_db(Path(folder))
        with SandboxProcess(db, faults) as sandbox:
            outcome = asyncio.run(
                timed_reads(sandbox.url, account_id, calls, fire_after=fire_after, margin=margin)
            )
    stats = sandbox.stats
    return {
        "calls": calls,
        "faults": faults,
        "client_refresh_margin_s": 300.0 if margin is None else margin,
        **outcome,
        "logins_during_run": stats["logins"] - 1,  # the explicit login before the reads
        "refused_expired_401": stats["auth_failures"].get("TOKEN_EXPIRED", 0),
        "balance_requests": stats["operations"].get("accounts.get_balance", 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--json", help="where to write the result (benchmarks/results/)")
    args = parser.parse_args()

    scenarios = {
        "server-clock": asyncio.run(server_clock(args.calls)),
        # The token lives 4 s; the reads go at 2 s and are held 3 s: they meet it expired.
        "token-ttl": in_own_process(
            args.calls, "token_ttl=4,latency=3", fire_after=2.0, margin=0.0
        ),
        # The token lives 4 s; half of it is the refresh point; the reads go at 2.4 s.
        "refresh-ahead": in_own_process(
            args.calls, "token_ttl=4,latency=0.2", fire_after=2.4, margin=None
        ),
    }
    met = all(
        s["logins_during_run"] == 1 and s["succeeded"] == args.calls for s in scenarios.values()
    )
    result = {
        "command": f"python benchmarks/bench_token_expiry.py --calls {args.calls}",
        "scenarios": scenarios,
        "goal_met": met,
    }
    path = write_result("bench_token_expiry", result, args.json)
    for name, s in scenarios.items():
        print(
            f"{name:14} {s['calls']} calls: logins during the run {s['logins_during_run']}, "
            f"401 TOKEN_EXPIRED {s['refused_expired_401']}, succeeded {s['succeeded']}, "
            f"failed {s['failed']}"
        )
    print(f"goal (exactly one login, every call succeeds): {'met' if met else 'MISSED'}")
    print(f"result: {path}")


if __name__ == "__main__":
    main()
