"""Every Mews loyalty operation of the Connector API, declared once.

Each is a ``POST`` of a JSON body to ``/api/connector/v1/{resource}/{action}`` (paths are
case-sensitive, no trailing slash); the tokens travel in the body. A row names its
request model (the body), the model its answer is read into, and the key the answer's
list sits under (``LoyaltyPrograms``, ...). ``getAll`` pages by cursor and is the only
operation resent after a failure that may have reached Mews; every operation is resent
after a 429, which Mews answers before doing anything. The typed methods of
:mod:`loyalty_async.mews.services`, the stand-in's routes and the ``mews`` commands are
derived from these rows.
"""

from __future__ import annotations

from typing import Any

from loyalty_async.mews.models import LoyaltyMembership, LoyaltyProgram, LoyaltyTier
from loyalty_async.mews.requests import (
    AddLoyaltyMemberships,
    AddLoyaltyPrograms,
    AddLoyaltyTiers,
    DeleteLoyaltyMemberships,
    DeleteLoyaltyPrograms,
    DeleteLoyaltyTiers,
    GetLoyaltyMemberships,
    GetLoyaltyPrograms,
    GetLoyaltyTiers,
    UpdateLoyaltyMemberships,
    UpdateLoyaltyPrograms,
    UpdateLoyaltyTiers,
)
from loyalty_async.operations import Operation, OperationTable
from loyalty_async.operations.operation import Paging, Result, snake

#: Where every Connector API path starts.
PREFIX = "/api/connector/v1"

_VERBS = {"getAll": "Get all", "add": "Add", "update": "Update", "delete": "Delete"}


def _(resource: str, action: str, body: type[Any], model: Any) -> Operation:
    """``POST {PREFIX}/resource/action``, named ``resource_snake.action_snake``.

    ``model`` is what the answer's list under ``Resource`` is read into (``None``: the
    answer is ``{}``); ``getAll`` yields it item by item, page by page.
    """
    read = action == "getAll"
    return Operation(
        f"{snake(resource)}.{snake(action)}",
        "POST",
        f"{PREFIX}/{resource}/{action}",
        resend_safe=read,
        # A read changes nothing: after a failure it is resent, and never "outcome unknown".
        idempotent=True if read else None,
        body=body,
        model=model,
        result=Result.NONE if model is None else Result.JSON,
        envelope=None if model is None else resource[:1].upper() + resource[1:],
        paging_style=Paging.CURSOR if read else None,
        title=f"{_VERBS[action]} {snake(resource).replace('_', ' ')}",
    )


OPERATIONS = OperationTable.of(
    _("loyaltyPrograms", "getAll", GetLoyaltyPrograms, LoyaltyProgram),
    _("loyaltyPrograms", "add", AddLoyaltyPrograms, list[LoyaltyProgram]),
    _("loyaltyPrograms", "update", UpdateLoyaltyPrograms, list[LoyaltyProgram]),
    _("loyaltyPrograms", "delete", DeleteLoyaltyPrograms, None),
    _("loyaltyMemberships", "getAll", GetLoyaltyMemberships, LoyaltyMembership),
    _("loyaltyMemberships", "add", AddLoyaltyMemberships, list[LoyaltyMembership]),
    _("loyaltyMemberships", "update", UpdateLoyaltyMemberships, list[LoyaltyMembership]),
    _("loyaltyMemberships", "delete", DeleteLoyaltyMemberships, None),
    _("loyaltyTiers", "getAll", GetLoyaltyTiers, LoyaltyTier),
    _("loyaltyTiers", "add", AddLoyaltyTiers, list[LoyaltyTier]),
    _("loyaltyTiers", "update", UpdateLoyaltyTiers, list[LoyaltyTier]),
    _("loyaltyTiers", "delete", DeleteLoyaltyTiers, None),
)
