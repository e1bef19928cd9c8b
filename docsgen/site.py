"""Pages made from files outside ``docs/``: the home page (the README), the changelog."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = "https://github.com/loyalty-async/loyalty-async/blob/main/"
_LINK = re.compile(r"\]\((?!https?://|#|mailto:)([^)\s]+)\)")


def _site_link(match: re.Match[str]) -> str:
    target = match.group(1)
    if target.startswith("docs/"):  # a page of the site
        return f"]({target.removeprefix('docs/')})"
    if target in ("CHANGELOG.md", "CONTRIBUTING.md"):
        return f"]({target.lower()})"
    return f"]({REPOSITORY}{target})"  # a file of the repository


def pages() -> Iterator[tuple[str, str]]:
    """``(path in the site, Markdown)``: the home page, the changelog, contributing."""
    yield "index.md", _LINK.sub(_site_link, (ROOT / "README.md").read_text(encoding="utf-8"))
    for name in ("CHANGELOG.md", "CONTRIBUTING.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        yield name.lower(), _LINK.sub(_site_link, text)
