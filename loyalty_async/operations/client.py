"""What every platform client shares.

Its session's lifecycle, the raw escape hatch, and reading its settings from the
environment.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from typing import Any, Self

from loyalty_async.errors import ConfigurationError
from loyalty_async.session.session import Session
from loyalty_async.transport.base import Response


class PlatformClient:
    """A platform's client over one :class:`~loyalty_async.Session`.

    Close it, or use it with ``async with``; :meth:`request` sends what no typed method
    covers.
    """

    session: Session

    async def aclose(self) -> None:
        """Close the client and its connections. Safe to call twice."""
        await self.session.aclose()

    async def __aenter__(self) -> Self:
        await self.session.__aenter__()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def request(self, method: str, path: str, **kwargs: Any) -> Response:
        """Send any request through the client's session (auth, headers, retries apply).

        Takes the keyword arguments of :meth:`loyalty_async.Session.request`; errors are
        the session's general classes.
        """
        return await self.session.request(method, path, **kwargs)


def settings_from_env(
    environ: Mapping[str, str] | None, variables: Mapping[str, str]
) -> dict[str, Any]:
    """The keyword arguments the environment gives (``os.environ`` if ``environ`` is None).

    ``variables`` maps each variable to its keyword; empty variables are skipped.
    """
    env = os.environ if environ is None else environ
    return {key: env[variable] for variable, key in variables.items() if env.get(variable)}


def require_settings(
    settings: Mapping[str, Any], variables: Mapping[str, str], needed: Collection[str]
) -> None:
    """Refuse ``settings`` that lack any ``needed`` keyword, naming its variable."""
    missing = [
        variable for variable, key in variables.items() if key in needed and not settings.get(key)
    ]
    if missing:
        raise ConfigurationError(f"set {', '.join(missing)} (or pass them as arguments)")


def one_location(settings: dict[str, Any], overrides: Mapping[str, Any]) -> None:
    """Keep one place saying where the API is, in ``settings`` read from the environment.

    An ``environment`` or ``base_url`` argument replaces both location variables, and a
    base URL variable wins over an environment variable.
    """
    if "environment" in overrides or "base_url" in overrides:
        settings.pop("environment", None)
        settings.pop("base_url", None)
    elif "base_url" in settings:
        settings.pop("environment", None)


def resolve_base_url(
    environment: str | None, base_url: str | None, environments: Mapping[str, str]
) -> str:
    """The base URL from exactly one of a named environment and a URL."""
    if environment is not None and base_url is not None:
        raise ConfigurationError("give environment or base_url, not both")
    if base_url is not None:
        return base_url
    names = " or ".join(repr(name) for name in environments)
    if environment is None:
        raise ConfigurationError(f"give environment ({names}) or base_url")
    try:
        return environments[environment]
    except KeyError:
        raise ConfigurationError(f"environment must be {names}, not {environment!r}") from None
