"""Login and logout as callable operations."""

from __future__ import annotations

from functools import partial

from loyalty_async.auth.convercus import ConvercusAuth
from loyalty_async.convercus.services.base import ConvercusService, sends
from loyalty_async.errors import ConfigurationError


class AuthService(ConvercusService):
    """Log in and out explicitly (the session also logs in by itself when it needs to)."""

    def _strategy(self) -> ConvercusAuth:
        auth = self._session.auth
        if not isinstance(auth, ConvercusAuth):
            raise ConfigurationError(
                "explicit login and logout need the Convercus login (org, username, "
                f"password); this session uses {type(auth).__name__}"
            )
        return auth

    @sends("auth.login")
    async def login(self) -> str:
        """Log in now, make the new token the session's, and return it (a secret: never log it)."""
        auth = self._strategy()
        # Drop the cached token first, so the cache fetches a new one; concurrent callers
        # that need a token meanwhile wait for this very login instead of starting another.
        auth.tokens.invalidate(None)
        token = await auth.tokens.refresh(partial(auth.login, self._session))
        return token.value

    @sends("auth.logout")
    async def logout(self) -> None:
        """Log the current token out and forget it (even if refused); none: nothing is sent."""
        auth = self._strategy()
        token = auth.tokens.current()
        if token is None:
            return
        try:
            await auth.logout(self._session, path=self._operations["auth.logout"].path)
        finally:
            auth.tokens.invalidate(token.value)
