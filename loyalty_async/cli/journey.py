"""What the demo journeys share: the record of their steps, its table, and the timed run."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import attrs
from rich.console import Console
from rich.table import Table

from loyalty_async.cli.base import EXIT_OK


@attrs.define
class Steps:
    """Where a journey ran and what each of its steps did."""

    url: str
    steps: list[tuple[str, str]] = attrs.Factory(list)

    def step(self, what: str, result: str) -> None:
        """Record one step of the journey."""
        self.steps.append((what, result))

    def table(self, title: str) -> Table:
        """The steps as a numbered table."""
        table = Table(title=title, title_justify="left")
        table.add_column("#", justify="right", style="dim")
        table.add_column("Step", style="cyan")
        table.add_column("Result")
        for number, (what, result) in enumerate(self.steps, 1):
            table.add_row(str(number), what, result)
        return table


J = TypeVar("J", bound=Steps)


def run_journey(
    journey: Callable[[], Coroutine[Any, Any, J]],
    render: Callable[[J, Console, float], None],
    run: Callable[[Coroutine[Any, Any, J]], J] = asyncio.run,
) -> int:
    """Run ``journey`` with ``run``, print it with ``render`` and its seconds; exit 0."""
    console = Console(file=sys.stdout, highlight=False)
    started = time.perf_counter()
    seen = run(journey())
    render(seen, console, time.perf_counter() - started)
    return EXIT_OK
