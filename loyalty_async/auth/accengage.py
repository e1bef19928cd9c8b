"""Accengage: every request signed with SHA-1 over the exact bytes sent; a 24 h token."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

import orjson

from loyalty_async.auth.base import (
    REFUSAL_STATUSES,
    AuthContext,
    refused,
)
from loyalty_async.auth.token import Token, TokenAuth
from loyalty_async.errors import APIError, AuthenticationError, ConfigurationError
from loyalty_async.transport.base import Request, Response

#: The error label of a refused access token (with 401: expired; with 400: invalid).
TOKEN_LABEL = "API_ERR_TOKEN"


def error_labels(content: bytes) -> list[str]:
    """The ``label`` of each entry of an Accengage error body ``{"errors": [...]}``."""
    try:
        body = orjson.loads(content) if content else None
    except orjson.JSONDecodeError:
        return []
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return []
    return [str(e["label"]) for e in errors if isinstance(e, dict) and e.get("label")]


def accengage_signature(body: bytes, api_key: str, timestamp: str) -> str:
    """Lowercase hex SHA-1 of ``body + api_key + timestamp`` (an empty body for GET)."""
    return hashlib.sha1(body + api_key.encode() + timestamp.encode()).hexdigest()


class AccengageAuth(TokenAuth):
    """Signs every request and adds the access token to every call but the token request.

    ``Accengage-Time`` is the current epoch second and ``Accengage-Signature`` the SHA-1 of
    the body bytes sent (none for GET), the API key and that time. The token comes from
    ``POST /v1/access_token`` with ``{"email": ...}`` and is sent as
    ``Authorization: <token_type> <access_token>``; a ``401 API_ERR_TOKEN`` (expired) or a
    ``400 API_ERR_TOKEN`` (invalid) fetches a new one and replays the call once. A
    streamed body cannot be signed (its bytes are not known in advance) and is refused.
    """

    def __init__(
        self,
        api_key: str,
        email: str,
        *,
        token_path: str = "/v1/access_token",
        token_lifetime: float = 24 * 3600.0,
        refresh_margin: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not api_key or not email:
            raise ConfigurationError("Accengage needs an API key and the dashboard user's e-mail")
        self._api_key = api_key
        self.email = email
        self.token_path = token_path
        self.token_lifetime = token_lifetime
        super().__init__(clock=clock, refresh_margin=refresh_margin)

    def __repr__(self) -> str:
        return "AccengageAuth(email=<masked>)"

    async def fetch_token(self, context: AuthContext) -> Token:
        """Request a new access token."""
        try:
            response = await context.send_bootstrap(
                "POST", self.token_path, json={"email": self.email}
            )
        except APIError as exc:
            if exc.status in REFUSAL_STATUSES:  # 404: the e-mail is unknown
                raise refused(exc, "Accengage refused the access token request") from exc
            raise
        try:
            body = orjson.loads(response.content)
            token = Token(
                str(body["access_token"]),
                self._clock() + self.token_lifetime,
                token_type=str(body.get("token_type") or "Bearer"),
            )
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise AuthenticationError(
                "the Accengage token response has no access_token", status=response.status
            ) from exc
        return token

    def authorization(self, token: Token) -> str:
        """``<token_type> <access_token>`` as the token response gave them."""
        return f"{token.token_type} {token.value}"

    def sign(self, request: Request) -> None:
        """Add ``Accengage-Time`` and ``Accengage-Signature`` over the final body bytes."""
        content = request.content
        if content is not None and not isinstance(content, bytes | bytearray):
            raise ConfigurationError(
                "Accengage signs the exact body bytes: send the body as bytes, not a stream"
            )
        body = bytes(content) if content else b""
        timestamp = str(int(self._clock()))
        request.headers["Accengage-Time"] = timestamp
        request.headers["Accengage-Signature"] = accengage_signature(body, self._api_key, timestamp)

    def is_rejection(self, response: Response) -> bool:
        """``401 API_ERR_TOKEN`` (expired) or ``400 API_ERR_TOKEN`` (invalid)."""
        if response.status not in (400, 401):
            return False
        return TOKEN_LABEL in error_labels(response.content)
