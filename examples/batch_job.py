"""A batch job: book the points of a campaign for every member listed in a CSV file.

The file has the columns ``card``, ``points`` and ``reference`` (unique per row). The
bulk runner books them with bounded concurrency and a rate limit, and keeps a journal:
run the same command again after a crash or Ctrl+C and it goes on where it stopped,
never booking a row twice. A row whose answer was lost is reported as unknown, to be
checked (``client.bookings.reconcile``) before it is sent again. Run it against the
sandbox::

    loyalty-async sandbox --port 8080 &
    export CONVERCUS_BASE_URL=http://127.0.0.1:8080 CONVERCUS_ORG=SANDBOX
    export CONVERCUS_USERNAME=sandbox CONVERCUS_PASSWORD=sandbox
    export CONVERCUS_INTERACTION_ID=campaign
    python examples/batch_job.py campaign.csv --concurrency 16 --rate 50

Exit status: 0 when every row is booked, 1 when some failed or are unknown.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from loyalty_async import ConvercusClient
from loyalty_async.bulk import BulkRunner, Status
from loyalty_async.convercus import BookingType, IdType


def rows(path: Path) -> Iterator[dict[str, str]]:
    """The campaign's rows, read one at a time (the file is never loaded whole)."""
    with path.open(newline="", encoding="utf-8") as file:
        yield from csv.DictReader(file)


async def campaign(path: Path, concurrency: int, rate: float | None) -> int:
    """Book every row of ``path``; the exit status."""
    async with ConvercusClient.from_env() as client:

        async def book(row: dict[str, str]) -> str:
            return await client.bookings.create(
                row["card"],
                id_type=IdType.CARDCODE,
                booking_type=BookingType.EARNBOOKING,
                points=int(row["points"]),
                reference_id=row["reference"],
                reason=f"campaign {path.stem}",
            )

        runner = BulkRunner(
            book,
            rows(path),
            key=lambda row: row["reference"],
            concurrency=concurrency,
            rate=rate,
            journal=path.with_suffix(".journal"),
        )
        async with runner:
            async for result in runner:
                if result.status in (Status.FAILED, Status.UNKNOWN):
                    print(f"{result.key}: {result.status.value}: {result.error_message}")
        summary = runner.summary
    print(summary)
    return 0 if summary.failed == summary.unknown == 0 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="columns card, points, reference")
    parser.add_argument("--concurrency", type=int, default=16, help="bookings in flight")
    parser.add_argument("--rate", type=float, default=None, help="bookings started per second")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(campaign(arguments.csv, arguments.concurrency, arguments.rate)))
