"""The service layer's own cost per call: checks, the Call, and reading the result.

``client.accounts.get_balance("V1W2X3Y4Z5", id_type=IdType.CARDCODE)`` is called with the
session's ``send`` answering a canned ``Response`` at once, so what is timed is everything
a typed method does above the session: checking the arguments, building the path values,
the ``id-type`` header and the ``Call``, and structuring the body into ``Balance``. A
second case times the same call with per-call options (``deadline=``, ``extra_headers=``).

Rounds are interleaved with an empty coroutine call (the floor of an ``await``); medians
of several rounds are reported in microseconds per call. It uses the public API only, so
the same script runs against an older checkout for a before/after comparison::

    python benchmarks/bench_services.py            # about 10 s
    python benchmarks/bench_services.py --quick
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from loyalty_async import ConvercusClient, MockTransport, Response
from loyalty_async.convercus import IdType

CARD = "V1W2X3Y4Z5"


def _client() -> ConvercusClient:
    return ConvercusClient(
        base_url="https://convercus.test",
        org="ORG",
        username="u",
        password="p",
        interaction_id="till-1",
        transport=MockTransport(lambda request: Response(200, json={})),
    )


async def _round(call: Callable[[], Awaitable[Any]], calls: int) -> float:
    gc.collect()
    started = time.perf_counter()
    for _ in range(calls):
        await call()
    return (time.perf_counter() - started) / calls * 1e6


async def main(rounds: int, calls: int) -> None:
    """Time the typed call with a canned answer, interleaved with an empty await."""
    client = _client()
    # One answer, read in memory: its body can be decoded again on every call.
    answer = Response(
        200,
        content=b'{"points": 530, "lockedPoints": 0}',
        headers={"Content-Type": "application/json"},
    )

    async def send(call: Any) -> Response:
        return answer

    client.session.send = send  # type: ignore[method-assign]
    accounts = client.accounts
    # Per-call options exist from the binder on; an older checkout times the plain call.
    has_options = "options" in accounts.get_balance.__code__.co_varnames

    async def empty() -> None:
        return None

    cases: dict[str, Callable[[], Awaitable[Any]]] = {
        "await (floor)": empty,
        "get_balance": lambda: accounts.get_balance(CARD, id_type=IdType.CARDCODE),
    }
    if has_options:
        cases["get_balance + options"] = lambda: accounts.get_balance(
            CARD, id_type=IdType.CARDCODE, deadline=5.0, extra_headers={"X-Trace": "t"}
        )
    results: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, call in cases.items():
            results[name].append(await _round(call, calls))
    floor = statistics.median(results["await (floor)"])
    print(f"{'case':<24} {'median µs/call':>15} {'above floor':>12}")
    for name, values in results.items():
        median = statistics.median(values)
        print(f"{name:<24} {median:>15.2f} {median - floor:>12.2f}")
    await client.aclose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds of 2,000 calls")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--calls", type=int, default=20_000)
    options = parser.parse_args()
    if options.quick:
        options.rounds, options.calls = 3, 2_000
    asyncio.run(main(options.rounds, options.calls))
