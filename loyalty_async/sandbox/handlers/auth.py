"""``POST /auth/login`` and ``DELETE /auth/logout``."""

from __future__ import annotations

import hmac

from aiohttp import web

from loyalty_async.sandbox import values
from loyalty_async.sandbox.http import Call, Routes, no_content
from loyalty_async.sandbox.problems import Problem, SandboxCode

routes = Routes()


@routes.handles("auth.login")
async def _login(call: Call) -> web.StreamResponse:
    body = await call.fields()
    given = [values.need_text(body, field) for field in ("org", "userName", "password")]
    expected = call.core.credentials
    wanted = (expected.org, expected.username, expected.password)
    matches = [
        hmac.compare_digest(a.encode(), b.encode()) for a, b in zip(given, wanted, strict=True)
    ]
    if not all(matches):
        raise Problem(401, SandboxCode.BAD_CREDENTIALS, "wrong org, user name or password")
    call.core.stats.logins += 1
    token = call.core.tokens.issue(expected.username, call.core.token_ttl)
    return web.Response(text=token, content_type="text/plain")


@routes.handles("auth.logout")
async def _logout(call: Call) -> web.StreamResponse:
    call.core.tokens.revoke(call.claims)
    return no_content()
