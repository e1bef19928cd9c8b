"""Convercus enumerations. All are open: a value the server adds later is kept, not refused.

When one is used as *input*, the services accept only the declared members (see
:mod:`loyalty_async.convercus.validation`).
"""

from __future__ import annotations

from loyalty_async.modeling import OpenEnum


class IdType(OpenEnum):
    """What the ``{accountId}`` of a path is: the technical id or one of its identifier codes."""

    ID = "ID"
    APPCODE = "APPCODE"
    CARDCODE = "CARDCODE"
    EXTERNALCODE = "EXTERNALCODE"


class IdentifierType(OpenEnum):
    """The kind of an identifier attached to an account."""

    APPCODE = "APPCODE"
    CARDCODE = "CARDCODE"
    EXTERNALCODE = "EXTERNALCODE"


class IdentifierStatus(OpenEnum):
    """The state of an identifier."""

    ACTIVE = "ACTIVE"
    LOCKED = "LOCKED"
    TERMINATED = "TERMINATED"


class AccountStatus(OpenEnum):
    """The state of an account; only ``ACTIVE`` accounts may earn and burn."""

    ACTIVE = "ACTIVE"
    LOCKED = "LOCKED"
    INACTIVE = "INACTIVE"


class MemberRole(OpenEnum):
    """How a user relates to an account; the first membership must be the ``OWNER``."""

    OWNER = "OWNER"
    COOWNER = "COOWNER"
    COLLECTOR = "COLLECTOR"


class GenderCode(OpenEnum):
    """A user's gender as Convercus records it."""

    MALE = "MALE"
    FEMALE = "FEMALE"
    DIVERSE = "DIVERSE"


class TransactionType(OpenEnum):
    """Earn on a receipt, or pay with points."""

    EARNTRANSACTION = "EARNTRANSACTION"
    PAYWITHPOINTS = "PAYWITHPOINTS"


class BookingType(OpenEnum):
    """A direct points booking: credit or debit."""

    EARNBOOKING = "EARNBOOKING"
    BURNBOOKING = "BURNBOOKING"


class CouponUsageType(OpenEnum):
    """Whether a coupon is an incentive (given) or a reward (bought with points)."""

    INCENTIVE = "INCENTIVE"
    REWARD = "REWARD"


class CouponIdType(OpenEnum):
    """What the ``{accountCouponIdOrCode}`` of an account-coupon path is.

    The API reference says the ``id-type`` header chooses between an account coupon id and
    a promo code but does not list its values; ``ID`` and ``PROMOCODE`` are the best reading.
    """

    ID = "ID"
    PROMOCODE = "PROMOCODE"


# ---------------------------------------------------------------------- program administration
# The API reference names these values nowhere: each list below is inferred from what the
# sources say around them (see docs/convercus-administration.md). Read values outside the
# list are kept; as input only the listed members are accepted.


class UnitStatus(OpenEnum):
    """Whether a partner, store or interaction point is in use (``DELETE`` deactivates)."""

    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


class UnitType(OpenEnum):
    """The level of a business unit: the program itself, a partner, or one of its stores.

    Coupons name their points of redemption by it (``unitType: PROGRAM``); an interaction
    point belongs to one business unit.
    """

    PROGRAM = "PROGRAM"
    PARTNER = "PARTNER"
    STORE = "STORE"


class InteractionPointType(OpenEnum):
    """What an interaction point is: a till, a web shop or an app."""

    POS = "POS"
    WEBSHOP = "WEBSHOP"
    APP = "APP"


class CustomPropertyDomain(OpenEnum):
    """What a program's custom property is attached to."""

    USER = "USER"
    ACCOUNT = "ACCOUNT"
    COUPON = "COUPON"
    STORE = "STORE"


class StatusLevelSetStatus(OpenEnum):
    """Whether a status level set is the one the program applies."""

    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


# ---------------------------------------------------------------------- engagement
# FeedItemType is documented (a public integration guide lists the feed's item types); the
# others are inferred from the operations around them (see docs/convercus-engagement.md).


class FeedItemType(OpenEnum):
    """What an item of a member's newsfeed shows: a post, a receipt, or a checkout."""

    POST = "POST"
    EARN_TRANSACTION = "EARN_TRANSACTION"
    BURN_TRANSACTION = "BURN_TRANSACTION"
    CHECKOUT = "CHECKOUT"


class PostStatus(OpenEnum):
    """Where a newsfeed post stands: a draft, scheduled, published, or due for deletion."""

    DRAFT = "DRAFT"
    SCHEDULED = "SCHEDULED"
    PUBLISHED = "PUBLISHED"
    DELETION_SCHEDULED = "DELETION_SCHEDULED"


class JobStatus(OpenEnum):
    """Where an AI generation job stands."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


class WebhookMethod(OpenEnum):
    """The HTTP method a webhook action config calls its URL with."""

    POST = "POST"
    PUT = "PUT"
    PATCH = "PATCH"
