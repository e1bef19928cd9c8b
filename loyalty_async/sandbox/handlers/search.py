"""Search: find accounts by a code, an e-mail address or a name (a member who forgot the card).

The sources say only that search looks through domain objects and answers an array; the
sandbox reads the term from ``query`` (or ``searchTerm``, ``q``, ``text``) and answers the
live accounts whose identifier code, or whose members' e-mail address or names, contain
it (letter case ignored), as ``GET /accounts/{id}`` shows them.
"""

from __future__ import annotations

from aiohttp import web

from loyalty_async.sandbox import values
from loyalty_async.sandbox.http import Call, Routes, json_response
from loyalty_async.sandbox.members import account_json
from loyalty_async.sandbox.problems import invalid

routes = Routes()

_TERMS = ("query", "searchTerm", "q", "text")
#: Most accounts one search answers.
MAX_RESULTS = 100


@routes.handles("search.search", "search.perform_search")
async def _search(call: Call) -> web.StreamResponse:
    body = await call.fields()
    term = next((values.text(body, field) for field in _TERMS if body.get(field)), None)
    if term is None or not term.strip():
        raise invalid(f"give the search term in {_TERMS[0]}", _TERMS[0])
    pattern = f"%{term.strip().lower()}%"
    rows = call.core.db.conn.execute(
        "SELECT DISTINCT a.* FROM accounts a "
        "LEFT JOIN identifiers i ON i.account_id = a.id "
        "LEFT JOIN memberships m ON m.account_id = a.id AND m.terminated IS NULL "
        "LEFT JOIN users u ON u.id = m.user_id "
        "WHERE a.deleted_at IS NULL AND (LOWER(i.code) LIKE ? OR LOWER(u.email_address) LIKE ? "
        "OR LOWER(u.given_name) LIKE ? OR LOWER(u.family_name) LIKE ?) "
        "ORDER BY a.seq LIMIT ?",
        (pattern, pattern, pattern, pattern, MAX_RESULTS),
    )
    return json_response([account_json(row) for row in rows])
