"""A cached access token with single-flight refresh.

However many calls find the token missing or about to expire at the same moment, exactly
one of them fetches a new one; the rest wait for it, and are all released together when
it arrives. If that fetch fails, the callers that waited for it get the same error instead
of each trying again (a wrong password must not turn a burst of calls into a burst of
failed logins). Nothing is bound to an event loop at construction.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Awaitable, Callable
from functools import partial

import attrs
import orjson

from loyalty_async.auth.base import AuthContext, AuthStrategy, is_bootstrap
from loyalty_async.errors import DecodeError
from loyalty_async.transport.base import BOOTSTRAP, Request, Response
from loyalty_async.transport.headers import CheckedHeaders, header_problem


@attrs.frozen(repr=False)
class Token:
    """An access token and the moment (epoch seconds) it stops being valid, if known."""

    value: str
    expires_at: float | None = None
    token_type: str | None = None

    def __repr__(self) -> str:
        return f"Token(expires_at={self.expires_at!r}, token_type={self.token_type!r})"


def jwt_expiry(token: str) -> float | None:
    """Return the ``exp`` claim of a JWT (epoch seconds), or ``None`` if it cannot be read."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = orjson.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    if isinstance(exp, int | float) and not isinstance(exp, bool):
        return float(exp)
    return None


class TokenCache:
    """Holds one token; refreshes it ``refresh_margin`` seconds before it expires.

    A token that lives less than twice the margin is refreshed halfway through its life
    instead: otherwise it would count as stale from the start, and every call would fetch
    a new one. A token that has already expired by the local clock when it arrives (the
    clocks disagree) is used until the server refuses it, for the same reason.
    """

    def __init__(self, *, clock: Callable[[], float], refresh_margin: float) -> None:
        self._clock = clock
        self._margin = refresh_margin
        self._token: Token | None = None
        # The moment the cached token counts as stale (None: it never does).
        self._stale_at: float | None = None
        # While a fetch is under way: the futures of the callers waiting for it.
        self._waiters: list[asyncio.Future[Token | None]] | None = None
        #: How many tokens were fetched (each login, each token request counts one).
        self.fetches = 0

    def forget(self, token: Token) -> None:
        """Drop ``token`` (which was refused) if it is still the one cached."""
        if self._token is token:
            self._token = None

    def current(self) -> Token | None:
        """The cached token if it is still fresh, else ``None``."""
        token = self._token
        if token is None:
            return None
        if self._stale_at is not None and self._clock() >= self._stale_at:
            return None
        return token

    async def refresh(self, fetch: Callable[[], Awaitable[Token]]) -> Token:
        """Return a fresh token, calling ``fetch`` only if no other caller is doing so.

        The callers that find a fetch under way wait for it on futures of their own, all
        completed at once when it ends (no lock handed from one waiter to the next): they
        go on within one turn of the event loop, with its token or its error.
        """
        while True:
            token = self.current()
            if token is not None:
                return token
            waiters = self._waiters
            if waiters is None:
                return await self._fetch(fetch)
            waiter: asyncio.Future[Token | None] = asyncio.get_running_loop().create_future()
            waiters.append(waiter)
            token = await waiter
            if token is not None:
                return token
            # The caller that was fetching was cancelled: one of the waiters fetches now.

    async def _fetch(self, fetch: Callable[[], Awaitable[Token]]) -> Token:
        waiters: list[asyncio.Future[Token | None]] = []
        self._waiters = waiters
        try:
            token = await fetch()
        except BaseException as exc:
            self._waiters = None
            for waiter in waiters:
                if not waiter.done():
                    if isinstance(exc, Exception):
                        waiter.set_exception(exc)  # a refused login is everyone's answer
                    else:
                        waiter.set_result(None)  # cancelled: the waiters were not
            raise
        self._waiters = None
        self._keep(token)
        self.fetches += 1
        for waiter in waiters:
            if not waiter.done():  # a waiter cancelled meanwhile is skipped
                waiter.set_result(token)
        return token

    def _keep(self, token: Token) -> None:
        self._token = token
        self._stale_at = None
        if token.expires_at is not None:
            lifetime = token.expires_at - self._clock()
            if lifetime > 0:
                self._stale_at = token.expires_at - min(self._margin, lifetime / 2)

    def invalidate(self, value: str | None) -> None:
        """Drop the cached token if it is still the one with ``value`` (which was refused)."""
        if self._token is not None and (value is None or self._token.value == value):
            self._token = None


class TokenAuth(AuthStrategy):
    """Base of strategies that fetch a token, share it across calls and send it on each.

    A subclass says how to fetch a token (:meth:`fetch_token`) and how it goes in the
    ``Authorization`` header (:meth:`authorization`); this class caches it, refreshes it
    once for all concurrent callers, and forgets it when the server refuses it so that the
    session's single replay fetches a new one.
    """

    def __init__(self, *, clock: Callable[[], float], refresh_margin: float) -> None:
        self._clock = clock
        self.tokens = TokenCache(clock=clock, refresh_margin=refresh_margin)
        # The last token sent, its Authorization value and the header set carrying it
        # (made once per token; a refusal is matched to the token it refused by the value).
        self._header: tuple[Token | None, str, CheckedHeaders | None] = (None, "", None)

    async def fetch_token(self, context: AuthContext) -> Token:
        """Fetch a new token from the platform (not cached: see :meth:`token`)."""
        raise NotImplementedError

    def authorization(self, token: Token) -> str:
        """The ``Authorization`` header value that carries ``token``."""
        raise NotImplementedError

    async def token(self, context: AuthContext) -> Token:
        """Return the cached token, fetching one (once, for all waiting callers) if needed."""
        token = self.tokens.current()
        if token is None:
            token = await self.tokens.refresh(partial(self._fetch, context))
        return token

    async def _fetch(self, context: AuthContext) -> Token:
        token = await self.fetch_token(context)
        if header_problem("Authorization", self.authorization(token)) is not None:
            # A token with a line break would smuggle headers into every call.
            raise DecodeError("the token received contains characters a header cannot carry")
        return token

    def try_prepare(self, request: Request) -> bool:
        """Put the cached token in ``Authorization`` if it is fresh; ``False`` if not."""
        if request.extensions.get(BOOTSTRAP):
            return True  # the strategy's own token requests go without (is_bootstrap)
        token = self.tokens.current()
        if token is None:
            return False
        self._authorize(request, token)
        return True

    async def prepare(self, request: Request, context: AuthContext) -> None:
        """Put the token in ``Authorization``, fetching one first if needed."""
        if is_bootstrap(request):
            return
        token = self.tokens.current() or await self.token(context)
        self._authorize(request, token)

    def current_headers(self) -> CheckedHeaders | None:
        """``Authorization`` with the cached token while it is fresh; ``None`` if not."""
        token = self.tokens.current()
        if token is None:
            return None
        header = self._header  # _header_of()'s cache, looked at inline: this runs per call
        if header[0] is not token:
            header = self._header_of(token)
        return header[2]

    def _authorize(self, request: Request, token: Token) -> None:
        request.headers["Authorization"] = self._header_of(token)[1]

    def _header_of(self, token: Token) -> tuple[Token | None, str, CheckedHeaders | None]:
        """The header value and set of ``token``, made once per token."""
        header = self._header
        if header[0] is not token:
            value = self.authorization(token)
            header = self._header = (token, value, CheckedHeaders({"Authorization": value}))
        return header

    async def on_rejection(self, request: Request, response: Response) -> bool:
        """Forget the refused token and replay the call once with a new one.

        A token that replaced the refused one meanwhile (another call refreshed it) is
        kept: the request's ``Authorization`` value says which token it carried.
        """
        token, value, _ = self._header
        if token is not None and request.headers.get("Authorization") == value:
            self.tokens.forget(token)
        return True
