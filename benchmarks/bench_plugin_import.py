"""What loading the pytest plugin costs a project that never uses its fixtures.

Runs ``pytest`` on a one-test project in a fresh interpreter, with the plugin and with
``-p no:loyalty_async_sandbox``, interleaved for several rounds, and prints the median CPU
time of each and the modules loaded at the end::

    python benchmarks/bench_plugin_import.py --rounds 9
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RUN = (
    "import sys, pytest; pytest.main(['-q', '-p', 'no:cacheprovider', *sys.argv[1:]]); "
    "print('MODULES', len(sys.modules))"
)


def once(project: Path, *flags: str) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", RUN, *flags],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    modules = int(done.stdout.rsplit("MODULES", 1)[1])
    return cpu, modules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as directory:
        project = Path(directory)
        (project / "test_unrelated.py").write_text("def test_sums():\n    assert 1 + 1 == 2\n")
        (project / "pytest.ini").write_text("[pytest]\n")
        results: dict[str, list[tuple[float, int]]] = {"with the plugin": [], "without": []}
        for _ in range(rounds):
            results["with the plugin"].append(once(project))
            results["without"].append(once(project, "-p", "no:loyalty_async_sandbox"))
    for name, runs in results.items():
        cpu = statistics.median(run[0] for run in runs)
        print(f"{name:16} {cpu:7.0f} ms CPU (median of {rounds}), {runs[-1][1]} modules")


if __name__ == "__main__":
    main()
