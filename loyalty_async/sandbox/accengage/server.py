"""Serving the Accengage stand-in on a loopback port, in-process."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from loyalty_async.sandbox.accengage.http import build_app
from loyalty_async.sandbox.accengage.state import (
    TOKEN_LIFETIME,
    AccengageCredentials,
    AccengageState,
)
from loyalty_async.sandbox.faults import Faults
from loyalty_async.sandbox.standin import AppStandIn, FaultSource
from loyalty_async.sandbox.stats import SandboxStats

if TYPE_CHECKING:
    from loyalty_async.accengage.client import AccengageClient


class AccengageSandbox(AppStandIn):
    """An offline stand-in of the Accengage REST API v1, served over HTTP on loopback.

    ::

        async with AccengageSandbox() as sandbox:
            sandbox.seed_devices(3)
            async with sandbox.client() as client:
                rows = await client.devices.export().collect()

    It checks every signature (``400 API_ERR_SIGNATURE``) and token (``401 API_ERR_TOKEN``
    once expired), pages lists with ``Link`` headers and a ``links`` field, answers the
    devices export as ``;``-separated CSV pages, and keeps campaigns, messages, schedules,
    devices, static lists, geofences, beacons, geogroups, in-apps, alarms and inboxes in
    memory. Accengage publishes no sandbox of its own; this one follows the reference.

    :param credentials: the user, API key and apps it accepts.
    :param token_ttl: seconds an access token lives (24 h, as Accengage).
    :param page_size: items per page of JSON lists (100, as Accengage).
    :param devices_page_rows: rows per page of the devices export (10,000, as Accengage).
    :param queue_delay: seconds before a static-list change shows (changes are queued).
    :param max_clock_skew: how far ``Accengage-Time`` may be from the stand-in's clock.
    :param links: where the next page is named: ``"both"``, ``"header"`` or ``"body"``.
    :param faults: fault settings, or their command-line string (see ``Faults``).
    :param clock: wall clock in epoch seconds (tests move it to expire tokens).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        credentials: AccengageCredentials | None = None,
        token_ttl: float = TOKEN_LIFETIME,
        page_size: int = 100,
        devices_page_rows: int = 10_000,
        queue_delay: float = 0.0,
        max_clock_skew: float = 600.0,
        links: str = "both",
        faults: Faults | str | None = None,
        clock: Callable[[], float] = time.time,
        allow_remote: bool = False,
    ) -> None:
        self._listen_on(host, port, allow_remote=allow_remote)
        self.credentials = credentials or AccengageCredentials()
        self.state = AccengageState(
            credentials=self.credentials,
            token_ttl=token_ttl,
            page_size=page_size,
            devices_page_rows=devices_page_rows,
            queue_delay=queue_delay,
            max_clock_skew=max_clock_skew,
            links=links,
            faults=Faults.of(faults),
            clock=clock,
        )

    def _fault_source(self) -> FaultSource:
        return self.state

    def _build_app(self) -> web.Application:
        return build_app(self.state)

    @property
    def stats(self) -> SandboxStats:
        """What the stand-in saw (``logins`` counts access tokens issued)."""
        return self.state.stats

    def seed_devices(self, count: int, partner_id: str | None = None) -> list[str]:
        """Add ``count`` devices (UDID, token, customerId, firstOpen, lastOpen…); their UDIDs."""
        return self.state.seed_devices(count, partner_id)

    def expire_tokens(self) -> None:
        """Expire every token issued so far: the next call with one answers 401."""
        self.state.expire_tokens()

    def client(self, **overrides: Any) -> AccengageClient:
        """An :class:`~loyalty_async.accengage.AccengageClient` on this stand-in (close it)."""
        from loyalty_async.accengage.client import AccengageClient

        settings: dict[str, Any] = {"base_url": self.url, **self.credentials.client_kwargs()}
        settings.update(overrides)
        return AccengageClient(**settings)
