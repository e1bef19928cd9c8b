"""Serving the Loyalty Pass stand-in on a loopback port, in-process."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aiohttp import web

from loyalty_async.sandbox.faults import Faults
from loyalty_async.sandbox.loyaltypass.http import build_app
from loyalty_async.sandbox.loyaltypass.state import LoyaltyPassCredentials, LoyaltyPassState
from loyalty_async.sandbox.standin import AppStandIn, FaultSource
from loyalty_async.sandbox.stats import SandboxStats

if TYPE_CHECKING:
    from loyalty_async.loyaltypass.client import LoyaltyPassClient


class LoyaltyPassSandbox(AppStandIn):
    """An offline stand-in for a Loyalty Pass programme, served over HTTP on loopback.

    ::

        async with LoyaltyPassSandbox() as sandbox:
            sandbox.add_member("M-1", points=500)
            async with sandbox.client() as client:
                posted = await client.earn.earn(member_id="M-1", reference="R-1",
                                                amount=Decimal("25.00"))

    Loyalty Pass publishes no paths or payloads, so the stand-in serves the SDK's
    placeholder routes (or the ``routes`` you give, the same as the client's) with the
    SDK's field names. It issues OAuth2 client-credentials tokens with ``expires_in``,
    refuses calls without a valid bearer token (401), and keeps a points ledger: an earn
    posts points, a reversal takes back exactly what its earn posted (once), a voucher
    redemption is refused beyond the balance (422 ``INSUFFICIENT_POINTS``).

    :param credentials: the OAuth2 client it accepts and its token path.
    :param points_per_unit: points per unit of currency spent (floored).
    :param token_ttl: seconds a token lives.
    :param token_body: the token request accepted: ``"form"``, ``"json"`` or ``"any"``.
    :param routes: route overrides, as given to the client.
    :param page_size: lines per page of the history and the gifts (``Link`` headers).
    :param faults: fault settings, or their command-line string.
    :param clock: wall clock in epoch seconds (tests move it to expire tokens).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        credentials: LoyaltyPassCredentials | None = None,
        points_per_unit: Decimal = Decimal(1),
        token_ttl: float = 3600.0,
        token_body: str = "any",
        client_id_field: str = "client_id",
        client_secret_field: str = "client_secret",
        routes: Mapping[str, str] | None = None,
        page_size: int = 50,
        faults: Faults | str | None = None,
        clock: Callable[[], float] = time.time,
        allow_remote: bool = False,
    ) -> None:
        self._listen_on(host, port, allow_remote=allow_remote)
        self.credentials = credentials or LoyaltyPassCredentials()
        self.routes = dict(routes or {})
        self.state = LoyaltyPassState(
            credentials=self.credentials,
            points_per_unit=points_per_unit,
            token_ttl=token_ttl,
            token_body=token_body,
            client_id_field=client_id_field,
            client_secret_field=client_secret_field,
            page_size=page_size,
            faults=Faults.of(faults),
            clock=clock,
        )

    def _fault_source(self) -> FaultSource:
        return self.state

    def _build_app(self) -> web.Application:
        return build_app(self.state, self.routes)

    @property
    def token_url(self) -> str:
        """The token endpoint's URL."""
        return self.url + self.credentials.token_path

    @property
    def stats(self) -> SandboxStats:
        """What the stand-in saw (``logins`` counts tokens issued)."""
        return self.state.stats

    def add_member(self, member_id: str, points: int = 0) -> None:
        """Open a member, with an opening balance if given."""
        self.state.add_member(member_id, points)

    def balance(self, member_id: str) -> int:
        """A member's points."""
        return self.state.balance(member_id)

    def expire_tokens(self) -> None:
        """Expire every token issued so far: the next call with one answers 401."""
        self.state.expire_tokens()

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :class:`~loyalty_async.loyaltypass.LoyaltyPassClient`."""
        return {
            "base_url": self.url,
            "token_url": self.token_url,
            "client_id": self.credentials.client_id,
            "client_secret": self.credentials.client_secret,
            "routes": self.routes or None,
        }

    def client(self, **overrides: Any) -> LoyaltyPassClient:
        """A client on this stand-in, with its credentials and routes (close it)."""
        from loyalty_async.loyaltypass.client import LoyaltyPassClient

        return LoyaltyPassClient(**{**self.client_kwargs(), **overrides})
