"""Mews Connector API: static tokens travel inside every JSON body."""

from __future__ import annotations

from typing import Any

import orjson

from loyalty_async._version import __version__
from loyalty_async.auth.base import AuthContext, AuthStrategy
from loyalty_async.errors import ConfigurationError
from loyalty_async.transport.base import Request, Response


class MewsAuth(AuthStrategy):
    """Merges ``ClientToken``, ``AccessToken`` and ``Client`` into every JSON body.

    Mews has no login or refresh: a 401 means the tokens are wrong, expired or disabled,
    and is permanent (raised as :class:`~loyalty_async.errors.AuthenticationError`,
    never replayed). ``LanguageCode`` and ``CultureCode`` are sent together or not at all.
    """

    def __init__(
        self,
        client_token: str,
        access_token: str,
        *,
        client: str = f"loyalty-async {__version__}",
        language_code: str | None = None,
        culture_code: str | None = None,
    ) -> None:
        if not client_token or not access_token:
            raise ConfigurationError("Mews needs both a client token and an access token")
        if (language_code is None) != (culture_code is None):
            raise ConfigurationError("give language_code and culture_code together, or neither")
        self._fields: dict[str, Any] = {
            "ClientToken": client_token,
            "AccessToken": access_token,
            "Client": client,
        }
        if language_code is not None:
            self._fields["LanguageCode"] = language_code
            self._fields["CultureCode"] = culture_code

    def __repr__(self) -> str:
        return f"MewsAuth(client={self._fields['Client']!r})"

    async def prepare(self, request: Request, context: AuthContext) -> None:
        """Add the tokens to the JSON payload (creating one if the call has none)."""
        payload = request.json
        if payload is None and isinstance(request.content, bytes | bytearray):
            # A body the caller encoded itself: merge into it rather than replace it.
            try:
                payload = orjson.loads(request.content) if request.content else None
            except orjson.JSONDecodeError:
                raise ConfigurationError("Mews requests carry a JSON object body") from None
            request.content = None
        elif payload is None and request.content is not None:
            raise ConfigurationError("Mews requests carry a JSON object body, not a stream")
        if payload is None:
            request.json = dict(self._fields)
        elif isinstance(payload, dict):
            request.json = {**payload, **self._fields}
        else:
            raise ConfigurationError("Mews requests carry a JSON object body")

    def is_rejection(self, response: Response) -> bool:
        """A 401 is Mews's refusal of the tokens."""
        return response.status == 401
