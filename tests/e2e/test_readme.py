"""The README's sandbox example runs as written, over real loopback HTTP."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parents[2] / "README.md"


def _sandbox_example() -> str:
    section = README.read_text(encoding="utf-8").split("## Try it without credentials", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "the sandbox section has no python block"
    return match.group(1)


async def test_the_readme_sandbox_example_opens_an_account_with_an_empty_balance() -> None:
    body = textwrap.indent(_sandbox_example(), "    ")
    source = f"async def example():\n{body}    return account_id, balance\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, str(README), "exec"), namespace)

    account_id, balance = await namespace["example"]()

    assert re.fullmatch(r"[0-9a-f-]{36}", account_id)
    assert (balance.points, balance.locked_points) == (0, 0)
