"""The Python examples of the README and of ``docs/``, read from the Markdown as written.

The convention every page follows (also in ``CONTRIBUTING.md``):

* every fenced ```` ```python ```` block runs in the test suite, in page order, in one
  namespace per page (top-level ``await``, ``async with`` and ``async for`` allowed), against
  the sandbox or a stand-in the page starts itself;
* a block right after a ``<!-- illustrative -->`` line (a reason may follow the word) is not
  run, for example because it needs real credentials; it is still type-checked;
* ``<!-- hidden`` ... ``-->`` holds code the reader does not see: it runs and is type-checked
  at its place in the page, to set up what the text assumes (a sandbox, a ``client``, an
  account) or to close what the page opened;
* every block, hidden and illustrative ones included, passes ``mypy --strict`` as part of its
  page.
"""

from __future__ import annotations

import enum
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[2]

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<info>[^\s`]*)")
_ILLUSTRATIVE = re.compile(r"^\s*<!--\s*illustrative\b.*-->\s*$")
_HIDDEN_START = re.compile(r"^\s*<!--\s*hidden\s*$")
_PYTHON = {"python", "py", "python3"}


class Kind(enum.Enum):
    """What the suite does with a block."""

    RUN = "run"
    ILLUSTRATIVE = "illustrative"
    HIDDEN = "hidden"


@attrs.frozen
class Block:
    """One Python block: where it starts in its page (1-based line of its first code line)."""

    page: Path
    line: int
    code: str
    kind: Kind

    @property
    def runs(self) -> bool:
        return self.kind is not Kind.ILLUSTRATIVE

    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def pages() -> list[Path]:
    """The README and every page of ``docs/``, sorted."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def blocks(page: Path) -> list[Block]:
    """The Python blocks of ``page`` (fenced and hidden), in page order."""
    return list(_blocks(page, page.read_text(encoding="utf-8").splitlines()))


def _blocks(page: Path, lines: list[str]) -> Iterator[Block]:
    index = 0
    previous = ""  # the last non-blank line before the current one
    while index < len(lines):
        line = lines[index]
        if _HIDDEN_START.match(line):
            end = _closing(lines, index, "-->", page, "hidden code")
            code = textwrap.dedent("\n".join(lines[index + 1 : end]))
            yield Block(page, index + 2, code + "\n", Kind.HIDDEN)
            index, previous = end + 1, lines[end]
            continue
        fence = _FENCE.match(line)
        if fence:
            end = _closing(lines, index, fence["fence"], page, "code block")
            if fence["info"].lower() in _PYTHON:
                code = textwrap.dedent("\n".join(lines[index + 1 : end]))
                kind = Kind.ILLUSTRATIVE if _ILLUSTRATIVE.match(previous) else Kind.RUN
                yield Block(page, index + 2, code + "\n", kind)
            index, previous = end + 1, lines[end]
            continue
        if line.strip():
            previous = line
        index += 1


def _closing(lines: list[str], start: int, marker: str, page: Path, what: str) -> int:
    """The index of the first line after ``start`` that opens with ``marker``."""
    for end in range(start + 1, len(lines)):
        if lines[end].strip().startswith(marker):
            return end
    raise AssertionError(f"{page.relative_to(ROOT)}:{start + 1}: {what} is never closed")


def module_name(page: Path) -> str:
    """A Python module name for ``page`` (``docs_sandbox`` for ``docs/sandbox.md``)."""
    return "_".join(page.relative_to(ROOT).with_suffix("").parts).replace("-", "_").lower()


def placed(block: Block) -> str:
    """The block's code on the same line numbers as in its page, for tracebacks."""
    return "\n" * (block.line - 1) + block.code


def typed_module(page: Path, found: list[Block]) -> str:
    """Every block of a page in one ``async def``, each line where it is in the page.

    ``async with`` and ``async for`` are only valid inside an ``async def`` for mypy, and one
    function per page type-checks the blocks together, as a reader runs them.
    """
    lines = ["async def _page() -> None:"]
    for block in found:
        code = block.code.splitlines()
        lines.extend([""] * (block.line - 1 - len(lines)))
        # An inline ``# mypy:`` setting only counts at the start of a line.
        lines.extend(
            text if not text.strip() or text.startswith("# mypy:") else f"    {text}"
            for text in code
        )
    return "\n".join(lines) + "\n"
