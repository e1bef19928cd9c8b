"""The Mews Connector API's loyalty operations: programs, memberships and tiers.

Start with :class:`MewsClient`::

    async with MewsClient.from_env() as client:
        async for program in client.loyalty_programs.get_all():
            print(program.name)
"""

from loyalty_async.mews.client import DEMO_CLIENT_TOKENS, ENVIRONMENTS, MewsClient
from loyalty_async.mews.enums import (
    ActivityState,
    LoyaltyMembershipState,
    LoyaltyProgramSubscription,
    LoyaltyProgramType,
)
from loyalty_async.mews.errors import BusinessRuleError, RequestTooHeavyError, RequestTooLargeError
from loyalty_async.mews.models import (
    LoyaltyMembership,
    LoyaltyMembershipUpdate,
    LoyaltyProgram,
    LoyaltyProgramUpdate,
    LoyaltyTier,
    LoyaltyTierUpdate,
    NewLoyaltyMembership,
    NewLoyaltyProgram,
    NewLoyaltyTier,
    TimeInterval,
    split_interval,
)
from loyalty_async.mews.operations import OPERATIONS
from loyalty_async.mews.paging import IntervalCursor
from loyalty_async.mews.ratelimit import SlidingWindowLimiter
from loyalty_async.mews.services import (
    LoyaltyMembershipsService,
    LoyaltyProgramsService,
    LoyaltyTiersService,
)
from loyalty_async.modeling import CLEAR, UNSET

__all__ = [
    "CLEAR",
    "DEMO_CLIENT_TOKENS",
    "ENVIRONMENTS",
    "OPERATIONS",
    "UNSET",
    "ActivityState",
    "BusinessRuleError",
    "IntervalCursor",
    "LoyaltyMembership",
    "LoyaltyMembershipState",
    "LoyaltyMembershipUpdate",
    "LoyaltyMembershipsService",
    "LoyaltyProgram",
    "LoyaltyProgramSubscription",
    "LoyaltyProgramType",
    "LoyaltyProgramUpdate",
    "LoyaltyProgramsService",
    "LoyaltyTier",
    "LoyaltyTierUpdate",
    "LoyaltyTiersService",
    "MewsClient",
    "NewLoyaltyMembership",
    "NewLoyaltyProgram",
    "NewLoyaltyTier",
    "RequestTooHeavyError",
    "RequestTooLargeError",
    "SlidingWindowLimiter",
    "TimeInterval",
    "split_interval",
]
