"""The enumerations of the Mews loyalty operations.

All are open: a value Mews adds later is kept when read (``value.is_known()`` is false), and
may be sent as a plain string before the SDK declares it.
"""

from __future__ import annotations

from loyalty_async.modeling import OpenEnum


class LoyaltyProgramType(OpenEnum):
    """What kind of program a loyalty program is."""

    HOTEL = "Hotel"
    EXTERNAL_PARTNER = "ExternalPartner"
    SOFT_BRAND = "SoftBrand"
    #: Added by Mews in September 2025.
    UNKNOWN = "Unknown"


class LoyaltyProgramSubscription(OpenEnum):
    """Whether members pay to join a loyalty program."""

    FREE = "Free"
    PAID = "Paid"


class LoyaltyMembershipState(OpenEnum):
    """Where a membership stands in its enrolment."""

    NEW = "New"
    PENDING = "Pending"
    ENROLLED = "Enrolled"
    CANCELED = "Canceled"
    DECLINED = "Declined"


class ActivityState(OpenEnum):
    """Whether a record is live or deleted (the ``ActivityStates`` filter of ``getAll``)."""

    ACTIVE = "Active"
    DELETED = "Deleted"
