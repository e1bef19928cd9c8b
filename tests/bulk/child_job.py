"""A bulk job in its own process, for the tests that kill it or press Ctrl-C.

Usage: ``python -m tests.bulk.child_job JOURNAL HANG_FROM``. Items below ``HANG_FROM``
succeed at once; the others never answer. It prints ``hanging`` once three of them are in
flight, and on Ctrl-C prints the summary and exits with 130.
"""

from __future__ import annotations

import asyncio
import sys

from loyalty_async.bulk import BulkRunner


async def main(journal: str, hang_from: int, runners: list[BulkRunner[int, int]]) -> None:
    hanging = 0

    async def op(item: int) -> int:
        nonlocal hanging
        if item >= hang_from:
            hanging += 1
            if hanging == 3:
                print("hanging", flush=True)
            await asyncio.Event().wait()
        return item

    runner = BulkRunner(op, range(50), journal=journal, concurrency=3, grace=0.2)
    runners.append(runner)
    async for result in runner:
        print("done", result.key, flush=True)


if __name__ == "__main__":
    runners: list[BulkRunner[int, int]] = []
    try:
        asyncio.run(main(sys.argv[1], int(sys.argv[2]), runners))
    except KeyboardInterrupt:
        print("interrupted:", runners[0].summary, flush=True)
        sys.exit(130)
