"""``rich`` is the command line's extra: the library never imports it, the command asks for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

EVERY_LIBRARY_MODULE = """
import importlib, pkgutil, sys
import loyalty_async
names = [
    info.name
    for info in pkgutil.walk_packages(loyalty_async.__path__, "loyalty_async.")
    # The command groups are the command line (they need the extra); __main__ runs it.
    if not info.name.startswith("loyalty_async.cli.") and info.name != "loyalty_async.__main__"
]
for name in names:
    importlib.import_module(name)
    if "rich" in sys.modules:
        raise SystemExit(f"importing {name} imported rich")
print(len(names))
"""

WITHOUT_RICH = """
import sys
sys.modules["rich"] = None  # what an installation without the extra looks like to import
{run}
"""


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_no_library_module_imports_rich() -> None:
    done = python(EVERY_LIBRARY_MODULE)
    assert done.returncode == 0, done.stderr + done.stdout
    imported = int(done.stdout)
    assert imported > 50  # the walk did see the library, recipes and bulk included


def test_the_enrolment_recipe_imports_without_the_command_line() -> None:
    done = python(
        "import sys\n"
        "from loyalty_async.recipes.enrol import MemberImport\n"
        "from loyalty_async.recipes.member_file import MemberFile\n"
        "assert not any(name.startswith('loyalty_async.cli') for name in sys.modules)\n"
        "assert 'rich' not in sys.modules\n"
    )
    assert done.returncode == 0, done.stderr


def test_the_command_without_the_extra_says_in_one_line_how_to_install_it() -> None:
    for run in (
        "from loyalty_async.cli import main\nraise SystemExit(main(['demo']))",
        "import runpy\nrunpy.run_module('loyalty_async', run_name='__main__')",
    ):
        done = python(WITHOUT_RICH.format(run=run))
        assert done.returncode == 1
        assert done.stdout == ""
        assert done.stderr == (
            'loyalty-async: the command line needs the "cli" extra, which brings rich: '
            'pip install "loyalty-async[cli]"\n'
        )
