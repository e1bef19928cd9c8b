"""OAuth2 client credentials (Loyalty Pass and other platforms that use it)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from typing import Literal

import orjson

from loyalty_async.auth.base import (
    REFUSAL_STATUSES,
    AuthContext,
    refused,
)
from loyalty_async.auth.token import Token, TokenAuth
from loyalty_async.errors import APIError, AuthenticationError, ConfigurationError
from loyalty_async.transport.base import Response


class OAuth2ClientCredentials(TokenAuth):
    """Fetches a token with the client-credentials grant and sends it as a bearer token.

    The token URL, the body format (``"form"`` or ``"json"``) and the field names are
    settings, because platforms differ. ``expires_in`` from the token response decides when
    the token is refreshed (``refresh_margin`` seconds early); without it,
    ``default_lifetime`` applies. Concurrent callers share one token request. A 401 fetches
    a new token and replays the call once.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str | None = None,
        body_format: Literal["form", "json"] = "form",
        id_field: str = "client_id",
        secret_field: str = "client_secret",
        grant_type: str | None = "client_credentials",
        extra_fields: Mapping[str, str] | None = None,
        token_field: str = "access_token",
        expires_field: str = "expires_in",
        scheme: str = "Bearer",
        default_lifetime: float = 3600.0,
        refresh_margin: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not token_url or not client_id or not client_secret:
            raise ConfigurationError("OAuth2 needs a token URL, a client id and a client secret")
        if body_format not in ("form", "json"):
            raise ConfigurationError("body_format must be 'form' or 'json'")
        self.token_url = token_url
        self.client_id = client_id
        self._secret = client_secret
        self.scope = scope
        self.body_format = body_format
        self.id_field = id_field
        self.secret_field = secret_field
        self.grant_type = grant_type
        self.extra_fields = dict(extra_fields or {})
        self.token_field = token_field
        self.expires_field = expires_field
        self.scheme = scheme
        self.default_lifetime = default_lifetime
        super().__init__(clock=clock, refresh_margin=refresh_margin)

    def __repr__(self) -> str:
        return f"OAuth2ClientCredentials({self.token_url!r}, client_id={self.client_id!r})"

    async def fetch_token(self, context: AuthContext) -> Token:
        """Request a new token from the token URL."""
        fields: dict[str, str] = {self.id_field: self.client_id, self.secret_field: self._secret}
        if self.grant_type is not None:
            fields["grant_type"] = self.grant_type
        if self.scope is not None:
            fields["scope"] = self.scope
        fields.update(self.extra_fields)
        try:
            if self.body_format == "form":
                response = await context.send_bootstrap("POST", self.token_url, form=fields)
            else:
                response = await context.send_bootstrap(
                    "POST", self.token_url, json=fields, secret_fields=(self.secret_field,)
                )
        except APIError as exc:
            if exc.status in REFUSAL_STATUSES:
                raise refused(
                    exc, f"the token endpoint refused the credentials of {self.client_id!r}"
                ) from exc
            raise
        try:
            body = orjson.loads(response.content)
            value = body[self.token_field]
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise AuthenticationError(
                f"the token response has no {self.token_field!r}", status=response.status
            ) from exc
        if not isinstance(value, str) or not value:
            raise AuthenticationError(
                "the token response carried an empty token", status=response.status
            )
        return Token(
            value,
            self._clock() + self._lifetime(body.get(self.expires_field)),
            token_type=body.get("token_type"),
        )

    def _lifetime(self, value: object) -> float:
        """Seconds the token lives: ``expires_in`` as a number or numeric string, or the default."""
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                return self.default_lifetime
        if not isinstance(value, int | float) or isinstance(value, bool):
            return self.default_lifetime
        if not math.isfinite(value) or value <= 0:
            return self.default_lifetime
        return float(value)

    def authorization(self, token: Token) -> str:
        """``<scheme> <token>`` (``Bearer <token>`` by default)."""
        return f"{self.scheme} {token.value}"

    def is_rejection(self, response: Response) -> bool:
        """A 401 means the token was refused."""
        return response.status == 401
