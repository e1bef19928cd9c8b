"""Login tokens: JWT-shaped (``header.payload.signature``), signed with HMAC-SHA256.

Clients read the ``exp`` claim as they would a real Convercus token; the sandbox checks
the signature, the expiry and the organisation of every token it is shown.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable
from typing import Any

from loyalty_async.sandbox.db import Database
from loyalty_async.sandbox.problems import Problem, SandboxCode

_HEADER = {"alg": "HS256", "typ": "JWT"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenSigner:
    """Issues and checks tokens for one organisation with one secret.

    Logged-out tokens are kept in the database until they expire, so a sandbox restarted
    on its file refuses them as before.
    """

    def __init__(
        self, secret: bytes, *, org: str, clock: Callable[[], float], db: Database
    ) -> None:
        self._secret = secret
        self.org = org
        self._clock = clock
        self._db = db

    def _sign(self, signing_input: str) -> str:
        digest = hmac.new(self._secret, signing_input.encode("ascii"), hashlib.sha256)
        return _b64(digest.digest())

    def issue(self, username: str, ttl: float) -> str:
        """A new token for ``username`` that expires ``ttl`` seconds from now."""
        now = self._clock()
        claims = {
            "sub": username,
            "org": self.org,
            "iat": int(now),
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
        }
        header = _b64(json.dumps(_HEADER, separators=(",", ":")).encode())
        payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{header}.{payload}"
        return f"{signing_input}.{self._sign(signing_input)}"

    def verify(self, token: str) -> dict[str, Any]:
        """The claims of a valid token; a ``401`` :class:`Problem` for any other."""
        parts = token.split(".")
        if len(parts) != 3:
            raise _refused(SandboxCode.TOKEN_INVALID, "the token is not a signed JWT")
        signing_input = f"{parts[0]}.{parts[1]}"
        if not hmac.compare_digest(self._sign(signing_input), parts[2]):
            raise _refused(SandboxCode.TOKEN_INVALID, "the token signature does not verify")
        try:
            claims = json.loads(_unb64(parts[1]))
        except (binascii.Error, ValueError):
            raise _refused(SandboxCode.TOKEN_INVALID, "the token payload cannot be read") from None
        if not isinstance(claims, dict) or claims.get("org") != self.org:
            raise _refused(SandboxCode.TOKEN_INVALID, "the token belongs to another organisation")
        jti = claims.get("jti")
        if isinstance(jti, str) and self._db.one(
            "SELECT 1 FROM revoked_tokens WHERE jti = ?", (jti,)
        ):
            raise _refused(SandboxCode.TOKEN_INVALID, "the token was logged out")
        exp = claims.get("exp")
        if not isinstance(exp, int | float) or self._clock() >= exp:
            raise _refused(SandboxCode.TOKEN_EXPIRED, "the token has expired; log in again")
        return claims

    def revoke(self, claims: dict[str, Any]) -> None:
        """Refuse this token from now on (logout)."""
        jti, exp = claims.get("jti"), claims.get("exp")
        if not isinstance(jti, str) or not isinstance(exp, int | float):
            return
        with self._db.write():
            # Expired tokens are refused anyway: their revocations can go.
            self._db.conn.execute("DELETE FROM revoked_tokens WHERE expires < ?", (self._clock(),))
            self._db.conn.execute(
                "INSERT OR IGNORE INTO revoked_tokens (jti, expires) VALUES (?, ?)", (jti, exp)
            )


def _refused(code: SandboxCode, message: str) -> Problem:
    return Problem(401, code, message)
