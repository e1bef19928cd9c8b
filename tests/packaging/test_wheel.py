"""The wheel as the package index and pip see it, built with the project's own backend."""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import re
import zipfile
from collections.abc import Iterator
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest
from hatchling.build import build_wheel

import loyalty_async
from tests.docs.markdown import ROOT

# The client class of each platform, and how the package summary names the platform.
PLATFORMS = {
    "ConvercusClient": "Convercus",
    "MewsClient": "Mews loyalty",
    "AccengageClient": "Accengage push",
    "LoyaltyPassClient": "Loyalty Pass",
}
_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    out = tmp_path_factory.mktemp("wheel")
    with contextlib.chdir(ROOT):
        name = build_wheel(str(out))
    with zipfile.ZipFile(out / name) as built:
        yield built


def metadata(wheel: zipfile.ZipFile) -> Message:
    (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    return Parser().parsestr(wheel.read(name).decode())


def test_the_wheel_carries_the_mit_license(wheel: zipfile.ZipFile) -> None:
    meta = metadata(wheel)
    assert meta["License-Expression"] == "MIT"
    assert meta["License-File"] == "LICENSE"
    (license_file,) = [n for n in wheel.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
    text = wheel.read(license_file).decode()
    assert text.startswith("MIT License\n")
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_every_link_of_the_published_readme_leads_somewhere(wheel: zipfile.ZipFile) -> None:
    published = metadata(wheel).get_payload()
    assert isinstance(published, str)
    assert published.startswith("# loyalty-async\n")
    links = _LINK.findall(published)
    assert links
    base = "https://github.com/loyalty-async/loyalty-async/blob/main/"
    for link in links:
        assert link.startswith(("https://", "#")), link
        if link.startswith(base):  # a page of the repository: it must exist there
            target = link.removeprefix(base).split("#")[0]
            assert (ROOT / target).is_file(), link
    # The README itself keeps relative links, which work in the repository.
    assert "](docs/sandbox.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_summary_names_every_platform_with_a_client_and_no_other(
    wheel: zipfile.ZipFile,
) -> None:
    clients: set[str] = set()
    for module in pkgutil.iter_modules(loyalty_async.__path__):
        if module.ispkg:
            package = importlib.import_module(f"loyalty_async.{module.name}")
            clients.update(
                name for name in getattr(package, "__all__", ()) if name.endswith("Client")
            )
    # A new platform's client: add it here and to the summary in pyproject.toml.
    assert clients == set(PLATFORMS)
    summary = metadata(wheel)["Summary"]
    for platform in PLATFORMS.values():
        assert platform in summary


def test_the_pytest_plugin_ships_as_its_own_module(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert "loyalty_async_pytest.py" in names
    assert "loyalty_async/py.typed" in names
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "[pytest11]\nloyalty_async_sandbox = loyalty_async_pytest\n" in text
    assert not any(name.startswith(("tests/", "docs/", "benchmarks/")) for name in names)


def test_the_packaging_files_exist() -> None:
    for name in ("LICENSE", "README.md", "CHANGELOG.md", "CONTRIBUTING.md"):
        assert Path(ROOT, name).is_file(), name
