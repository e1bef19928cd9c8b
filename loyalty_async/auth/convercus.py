"""Convercus: log in with organisation, user name and password; send the JWT on each call."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Literal

import orjson

from loyalty_async.auth.base import AuthContext, refused
from loyalty_async.auth.token import Token, TokenAuth, jwt_expiry
from loyalty_async.errors import APIError, AuthenticationError, ConfigurationError
from loyalty_async.transport.base import Response

logger = logging.getLogger("loyalty_async")

_TOKEN_FIELDS = ("token", "jwt", "accessToken", "access_token")


def parse_login_token(response: Response) -> str:
    """Read the JWT from a login response: plain text (quotes and spaces stripped), or JSON."""
    text = response.text.strip()
    if text.startswith("{"):
        try:
            body = orjson.loads(text)
        except orjson.JSONDecodeError:
            body = None
        if isinstance(body, dict):
            for field in _TOKEN_FIELDS:
                value = body.get(field)
                if isinstance(value, str) and value.strip():
                    return value.strip()
        raise AuthenticationError(
            "the login response is JSON without a token field", status=response.status
        )
    token = text.strip("\"'").strip()
    if not token:
        raise AuthenticationError("the login response carried no token", status=response.status)
    return token


class ConvercusAuth(TokenAuth):
    """Logs in to Convercus (``POST /auth/login``) and sends the token on every call.

    The token is sent as ``Authorization: <jwt>`` (``auth_scheme="raw"``, as every
    Convercus example does) or ``Authorization: Bearer <jwt>`` (``"bearer"``). It is
    refreshed ``refresh_margin`` seconds before the JWT's ``exp``; when ``exp`` cannot be
    read, ``token_lifetime`` seconds after login (Convercus tokens live 24 h). A 401 or
    403 makes it log in again and replay the call once. However many calls need a token
    at once, one login happens.
    """

    def __init__(
        self,
        org: str,
        username: str,
        password: str,
        *,
        auth_scheme: Literal["raw", "bearer"] = "raw",
        refresh_margin: float = 300.0,
        token_lifetime: float = 24 * 3600.0,
        login_path: str = "/auth/login",
        device_id: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        given = {"org": org, "username": username, "password": password}
        missing = [name for name, value in given.items() if not value]
        if missing:
            raise ConfigurationError(f"Convercus login needs {', '.join(missing)}")
        if auth_scheme not in ("raw", "bearer"):
            raise ConfigurationError(f"auth_scheme must be 'raw' or 'bearer', not {auth_scheme!r}")
        self.org = org
        self.username = username
        self._password = password
        self.auth_scheme = auth_scheme
        self.token_lifetime = token_lifetime
        self.login_path = login_path
        self.device_id = device_id
        super().__init__(clock=clock, refresh_margin=refresh_margin)

    def __repr__(self) -> str:
        return f"ConvercusAuth(org={self.org!r}, username={self.username!r})"

    async def login(self, context: AuthContext) -> Token:
        """Log in now and return the new token (it is not cached: see :meth:`token`)."""
        body = {"org": self.org, "userName": self.username, "password": self._password}
        if self.device_id is not None:
            body["deviceId"] = self.device_id
        try:
            response = await context.send_bootstrap("POST", self.login_path, json=body)
        except APIError as exc:
            if exc.status in (400, 401, 403):
                raise refused(
                    exc, f"Convercus login refused for org {self.org!r}, user {self.username!r}"
                ) from exc
            raise
        value = parse_login_token(response)
        expires_at = jwt_expiry(value)
        if expires_at is None:
            expires_at = self._clock() + self.token_lifetime
        logger.info("logged in to Convercus as %s/%s", self.org, self.username)
        return Token(value, expires_at)

    async def fetch_token(self, context: AuthContext) -> Token:
        """Log in: the token of a Convercus session is the login's answer."""
        return await self.login(context)

    async def logout(self, context: AuthContext, path: str = "/auth/logout") -> None:
        """Log the current token out (``DELETE /auth/logout``) and forget it."""
        token = self.tokens.current()
        if token is None:
            return
        await context.send_bootstrap(
            "DELETE", path, headers={"Authorization": self.authorization(token)}
        )
        self.tokens.invalidate(token.value)

    def authorization(self, token: Token) -> str:
        """The raw JWT, or ``Bearer <jwt>`` with ``auth_scheme="bearer"``."""
        return token.value if self.auth_scheme == "raw" else f"Bearer {token.value}"

    def is_rejection(self, response: Response) -> bool:
        """401 and 403 both mean the token was missing, expired or refused."""
        return response.status in (401, 403)
