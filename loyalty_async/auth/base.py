"""The contract between a session and an authentication strategy.

Per attempt the session calls, in order: ``try_prepare`` (credentials at hand: add them
now), else ``prepare`` (add headers, query parameters, body fields, fetching a token if
needed), then ``sign`` (over the exact bytes that will be sent). After the response arrives
it asks ``is_rejection``; on a rejection it calls ``on_rejection`` once per call, and
replays the request if that returns true. A second rejection raises
:class:`~loyalty_async.errors.AuthenticationError`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Protocol

from loyalty_async.errors import APIError, AuthenticationError
from loyalty_async.transport.base import BOOTSTRAP, Request, Response
from loyalty_async.transport.headers import CheckedHeaders

__all__ = [
    "BOOTSTRAP",
    "REFUSAL_STATUSES",
    "AuthContext",
    "AuthStrategy",
    "is_bootstrap",
    "refused",
]


def is_bootstrap(request: Request) -> bool:
    """Whether ``request`` is a strategy's own token request, which carries no token."""
    return bool(request.extensions.get(BOOTSTRAP))


class AuthContext(Protocol):
    """What a strategy may use of its session: sending its own token requests."""

    async def send_bootstrap(
        self,
        method: str,
        path_or_url: str,
        *,
        json: Any = None,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        secret_fields: Collection[str] = (),
    ) -> Response:
        """Send a request through the session without a token (it is still signed).

        ``secret_fields`` names body fields holding credentials, kept out of the logs.
        """
        ...


class AuthStrategy:
    """Base class of authentication strategies; each hook defaults to doing nothing."""

    def try_prepare(self, request: Request) -> bool:
        """Add credentials to ``request`` without waiting, if the strategy can.

        Return ``False`` (the default) when :meth:`prepare` must run instead: a token to
        fetch, or a strategy that only has ``prepare``. Called on every attempt, before
        :meth:`prepare`; a strategy with a cached token answers here without a coroutine.
        """
        return False

    def current_headers(self) -> CheckedHeaders | None:
        """The headers that carry the credentials at hand, if they are all this adds.

        A strategy whose credentials are a header set that stays the same across calls (a
        cached token) returns it here, as the same object for as long as the credentials
        last: a session merges it into its requests' headers once, not per call. ``None``
        (the default): :meth:`try_prepare` and :meth:`prepare` add them per attempt.
        :meth:`sign` still runs on every attempt.
        """
        return None

    async def prepare(self, request: Request, context: AuthContext) -> None:
        """Add credentials to ``request``: headers, query, or fields of ``request.json``.

        The call's JSON body is already encoded in ``request.content``; a strategy that
        adds body fields decodes it and sets ``request.json``, which the session encodes.
        """

    def sign(self, request: Request) -> None:
        """Sign ``request`` now that ``request.content`` holds the final bytes."""

    def is_rejection(self, response: Response) -> bool:
        """Whether ``response`` (always an error status, 400 or above) refuses the credentials."""
        return False

    async def on_rejection(self, request: Request, response: Response) -> bool:
        """Forget the refused credentials; return true to replay the request once."""
        return False


def refused(exc: APIError, message: str) -> AuthenticationError:
    """Turn a token endpoint's refusal into an :class:`AuthenticationError` saying ``message``.

    The server's status, code, details and request id are kept; the request that carried
    the credentials is shown as method and URL only.
    """
    error = exc.recast(AuthenticationError, message)
    error.__cause__ = exc
    return error


#: Statuses with which a token endpoint says "these credentials are wrong".
REFUSAL_STATUSES = frozenset({400, 401, 403, 404})
