"""The Loyalty Pass client: OAuth2 client credentials and the 13 published APIs."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any, Literal, TypeVar

import attrs

from loyalty_async.auth.base import AuthStrategy
from loyalty_async.auth.oauth2 import OAuth2ClientCredentials
from loyalty_async.errors import ConfigurationError
from loyalty_async.loyaltypass.operations import OPERATIONS, apply_routes
from loyalty_async.loyaltypass.services import (
    BurnService,
    CatalogService,
    EarnService,
    LoyaltyPassService,
    MembersService,
    ProgramService,
    SegmentsService,
    renamed,
)
from loyalty_async.operations import OperationTable, Result
from loyalty_async.operations.client import PlatformClient, require_settings, settings_from_env
from loyalty_async.session.retry import RetryPolicy
from loyalty_async.session.session import Session
from loyalty_async.transport.base import RequestHook, ResponseHook, Timeout, Transport

S = TypeVar("S", bound=LoyaltyPassService)

#: Environment variable → keyword argument, read by :meth:`LoyaltyPassClient.from_env`.
ENVIRONMENT_VARIABLES = {
    "LOYALTYPASS_BASE_URL": "base_url",
    "LOYALTYPASS_TOKEN_URL": "token_url",
    "LOYALTYPASS_CLIENT_ID": "client_id",
    "LOYALTYPASS_CLIENT_SECRET": "client_secret",
}


class LoyaltyPassClient(PlatformClient):
    """An async client for the Loyalty Pass APIs (earn and burn, segments, catalogue).

    Loyalty Pass does not publish its host, paths or payloads: ``base_url`` and
    ``token_url`` are yours to give, and every route is a placeholder until you replace
    it with ``routes=`` from the API reference Loyalty Pass gives its clients (see
    ``docs/loyaltypass.md``)::

        async with LoyaltyPassClient(
            base_url="https://api.example-loyaltypass.test",
            token_url="https://api.example-loyaltypass.test/oauth/token",
            client_id="shop-1", client_secret="…",
            routes={"earn.earn": "POST /rest/earn"},
        ) as client:
            posted = await client.earn.earn(member_id="M-1", reference="R-1", amount=Decimal("25"))

    Tokens come from the OAuth2 client-credentials grant (a form or JSON request whose
    field names are settings), are refreshed ahead of ``expires_in`` once for all
    concurrent callers, and a 401 fetches a new one and replays the call once.

    :param base_url: where the Loyalty Pass API of your programme lives.
    :param token_url: the token endpoint ("Generate access API"), absolute or relative.
    :param client_id: your client id.
    :param client_secret: your client secret.
    :param routes: operation name → ``"METHOD /path"`` or ``"/path"`` (see
        :mod:`loyalty_async.loyaltypass.operations`).
    :param field_names: SDK wire name → the API's name (``{"memberId": "cardNumber"}``),
        applied to request and answer bodies and to query parameters.
    :param token_body: ``"form"`` (``application/x-www-form-urlencoded``) or ``"json"``.
    :param client_id_field: the token request's field for the client id.
    :param client_secret_field: the token request's field for the secret.
    :param grant_type: the ``grant_type`` sent (``None``: none).
    :param scope: the ``scope`` sent, if any.
    :param token_extra: more fields for the token request.
    :param access_token_field: the token answer's field holding the token.
    :param expires_in_field: the token answer's field holding its lifetime in seconds.
    :param token_lifetime: the lifetime assumed when the answer gives none.
    :param token_refresh_margin: refresh this many seconds before the token expires.
    :param auth: a strategy of your own instead of the client credentials above.
    :param transport: how requests travel (an :class:`~loyalty_async.AiohttpTransport` by default).
    :param retry: the default retry policy (earn, reversal, redemption and event rewards
        are never resent after an ambiguous failure, whatever it says).
    :param timeout: per-attempt time limits.
    :param deadline: seconds a whole call may take, retries included.
    :param headers: extra headers for every call.
    :param on_request: hooks called with every request before it is sent.
    :param on_response: hooks called with every response.
    :param clock: wall clock in epoch seconds (token expiry).
    """

    def __init__(
        self,
        *,
        base_url: str,
        token_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        routes: Mapping[str, str] | None = None,
        field_names: Mapping[str, str] | None = None,
        token_body: Literal["form", "json"] = "form",
        client_id_field: str = "client_id",
        client_secret_field: str = "client_secret",
        grant_type: str | None = "client_credentials",
        scope: str | None = None,
        token_extra: Mapping[str, str] | None = None,
        access_token_field: str = "access_token",
        expires_in_field: str = "expires_in",
        token_lifetime: float = 3600.0,
        token_refresh_margin: float = 60.0,
        auth: AuthStrategy | None = None,
        transport: Transport | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout | None = None,
        deadline: float | None = None,
        headers: Mapping[str, str] | None = None,
        on_request: Sequence[RequestHook] = (),
        on_response: Sequence[ResponseHook] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.operations: OperationTable = apply_routes(OPERATIONS, routes)
        self.confirmed_routes = frozenset(routes or ())
        if field_names is not None and (
            not isinstance(field_names, Mapping)
            or not all(
                isinstance(k, str) and isinstance(v, str) and k and v
                for k, v in field_names.items()
            )
        ):
            raise ConfigurationError("field_names must map SDK field names to the API's names")
        if auth is None:
            if not (token_url and client_id and client_secret):
                given = {
                    "token_url": token_url,
                    "client_id": client_id,
                    "client_secret": client_secret,
                }
                missing = ", ".join(name for name, value in given.items() if not value)
                raise ConfigurationError(f"missing Loyalty Pass credentials: {missing}")
            auth = OAuth2ClientCredentials(
                token_url,
                client_id,
                client_secret,
                scope=scope,
                body_format=token_body,
                id_field=client_id_field,
                secret_field=client_secret_field,
                grant_type=grant_type,
                extra_fields=token_extra,
                token_field=access_token_field,
                expires_field=expires_in_field,
                default_lifetime=token_lifetime,
                refresh_margin=token_refresh_margin,
                clock=clock,
            )
        self.auth = auth
        self.session = Session(
            base_url,
            transport=transport,
            auth=auth,
            headers=headers,
            retry=retry,
            timeout=timeout,
            deadline=deadline,
            on_request=on_request,
            on_response=on_response,
            clock=clock,
        )
        self.field_names = dict(field_names or {})

    def __repr__(self) -> str:
        return f"LoyaltyPassClient({self.session.base_url!r})"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> LoyaltyPassClient:
        """Build a client from ``LOYALTYPASS_*`` variables; keyword arguments win over them.

        Reads ``LOYALTYPASS_BASE_URL``, ``LOYALTYPASS_TOKEN_URL``, ``LOYALTYPASS_CLIENT_ID``
        and ``LOYALTYPASS_CLIENT_SECRET``. Routes and field names are code, not settings:
        pass them as arguments.
        """
        settings = settings_from_env(environ, ENVIRONMENT_VARIABLES)
        settings.update(overrides)
        needed = ["base_url"] if "auth" in settings else list(ENVIRONMENT_VARIABLES.values())
        require_settings(settings, ENVIRONMENT_VARIABLES, needed)
        return cls(**settings)

    def unconfirmed_routes(self) -> list[str]:
        """The operations still on their placeholder route (not given in ``routes=``)."""
        return [op.name for op in self.operations if op.name not in self.confirmed_routes]

    # ------------------------------------------------------------------ services

    def _service(self, cls: type[S]) -> S:
        return cls(self.session, operations=self.operations, field_names=self.field_names)

    @cached_property
    def segments(self) -> SegmentsService:
        """Segments: promotions and members."""
        return self._service(SegmentsService)

    @cached_property
    def earn(self) -> EarnService:
        """Basket evaluation, earn, reversal, event rewards."""
        return self._service(EarnService)

    @cached_property
    def burn(self) -> BurnService:
        """Voucher redemption."""
        return self._service(BurnService)

    @cached_property
    def program(self) -> ProgramService:
        """Programme details (languages)."""
        return self._service(ProgramService)

    @cached_property
    def members(self) -> MembersService:
        """Identification cookie and transaction history."""
        return self._service(MembersService)

    @cached_property
    def catalog(self) -> CatalogService:
        """Reward categories and gifts."""
        return self._service(CatalogService)

    # ------------------------------------------------------------------ escape hatches

    async def call(
        self,
        name: str,
        *,
        values: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """Call any operation by name and return its decoded answer (``None`` when empty).

        ``values`` fill the placeholders of a route given with ``routes=``; ``json`` goes
        out as given (field names mapped); the answer's keys are mapped back.
        """
        operation = self.operations[name]
        service = self._service(LoyaltyPassService)
        call = service._call(name, query=params, values=values)
        if json is not None:
            call = attrs.evolve(call, json=renamed(json, self.field_names))
        response = await service._exchange(call)
        if operation.result is Result.NONE:
            return None
        if operation.result is Result.TEXT:
            return response.text
        return service._decode(response)
