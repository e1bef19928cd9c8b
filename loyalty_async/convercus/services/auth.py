"""Login and logout as callable operations."""

from __future__ import annotations

from functools import partial

from loyalty_async.auth.convercus import ConvercusAuth
from loyalty_async.convercus.services.base import ConvercusService, sends
from loyalty_async.errors import ConfigurationError


class AuthService(ConvercusService):
    """Log in and out explicitly (the session also logs in by itself when it needs to).

    Both work on the token the session uses: after :meth:`login` every call reuses the
    new token; after :meth:`logout` the next call logs in again.
    """

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
        """Log in now (``POST /auth/login``), make the new token current, and return it.

        Useful to fail fast on bad credentials at start-up, or to start a fresh 24-hour
        token before a long batch. The token is a secret: do not log it.
        """
        auth = self._strategy()
        # Drop the cached token first, so the cache fetches a new one; concurrent callers
        # that need a token meanwhile wait for this very login instead of starting another.
        auth.tokens.invalidate(None)
        token = await auth.tokens.refresh(partial(auth.login, self._session))
        return token.value

    @sends("auth.logout")
    async def logout(self) -> None:
        """Log the current token out (``DELETE /auth/logout``) and forget it.

        Without a current token nothing is sent. The token is forgotten even if the
        server refuses the logout, so the next call logs in afresh.
        """
        auth = self._strategy()
        token = auth.tokens.current()
        if token is None:
            return
        try:
            await auth.logout(self._session, path=self._operations["auth.logout"].path)
        finally:
            auth.tokens.invalidate(token.value)
