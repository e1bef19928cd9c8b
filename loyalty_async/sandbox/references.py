"""What a path parameter names, checked before a generic resource is touched.

``{accountId}`` is always a Convercus account (read as the ``id-type`` header says, and
stored by its technical id); the ids of users, coupons, transactions and memberships in
the core API name the sandbox's own records; an id under a kind the sandbox keeps
generically (``partners/{partnerId}``) must name a record within the scope so far. Any
other parameter (``{programId}``, a keycloak realm) is a free key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loyalty_async.sandbox.core import SandboxCore
    from loyalty_async.sandbox.http import Call

ACCOUNT_ID = "accountId"


class References:
    """Resolves path parameters against the sandbox's records."""

    def __init__(self, core: SandboxCore) -> None:
        self._core = core
        members, users, coupons, ledger = core.members, core.users, core.coupons, core.ledger
        # The core API's own collections, by the path literal before their id.
        self._built_in: dict[str, Callable[[str, Mapping[str, str]], object]] = {
            "core:users": lambda raw, scope: users.get(raw),
            "core:coupons": lambda raw, scope: coupons.coupon(raw),
            "core:accountcoupons": lambda raw, scope: coupons.account_coupon(raw, None),
            "core:transactions": lambda raw, scope: ledger.transaction(raw),
            "core:memberships": lambda raw, scope: members.membership(
                scope.get(ACCOUNT_ID, ""), raw
            ),
        }

    def resolve(
        self,
        call: Call,
        param: str,
        parent_kind: str | None,
        raw: str,
        scope: Mapping[str, str],
    ) -> str:
        """The value ``param`` stands for (an account's technical id), or a ``404``."""
        core = self._core
        if param == ACCOUNT_ID or parent_kind == "core:accounts":
            id_type = call.id_type if param == ACCOUNT_ID else None
            return str(core.members.resolve(raw, id_type)["id"])
        if parent_kind is None:
            return raw
        check = self._built_in.get(parent_kind)
        if check is not None:
            check(raw, scope)
        elif core.catalog.creatable(parent_kind):
            core.resources.get(parent_kind, raw, scope)
        return raw
