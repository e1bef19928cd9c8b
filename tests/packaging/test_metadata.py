"""The package metadata: what pip and the package index are told about the project."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
PREFIX = "Programming Language :: Python :: "


def python_classifiers() -> list[str]:
    return [c.removeprefix(PREFIX) for c in PROJECT["classifiers"] if re.match(PREFIX + r"3\.", c)]


def test_python_311_is_the_floor_and_313_is_listed() -> None:
    # 3.10 reached its end of life in October 2026; asyncio.run on it does not turn the first
    # Ctrl-C into a cancellation, which the batch commands' grace period relies on.
    assert PROJECT["requires-python"] == ">=3.11"
    assert python_classifiers() == ["3.11", "3.12", "3.13"]


def test_the_type_checker_targets_the_floor() -> None:
    # ruff reads its target from requires-python; mypy is told, so that code only a newer
    # Python accepts fails the type check on every interpreter.
    assert "target-version" not in PYPROJECT["tool"]["ruff"]
    assert PYPROJECT["tool"]["mypy"]["python_version"] == "3.11"
