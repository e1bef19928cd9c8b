"""Typed errors of the Convercus earn-and-burn domains.

A refused coupon redemption or transaction is still the :class:`~loyalty_async.APIError`
subclass of its HTTP status, so ``except BadRequestError`` keeps working. Each concrete
class below inherits from a *family* (:class:`CouponRedemptionError`,
:class:`TransactionRejectedError`) and from the status class::

    CouponRedemptionError(APIError)           code: CouponErrorCode, details: conditions
    ├── CouponBadRequestError                 + BadRequestError (400)
    ├── CouponNotFoundError                   + NotFoundError (404)
    ├── CouponConflictError                   + ConflictError (409)
    └── CouponUnprocessableError              + UnprocessableEntityError (422)
    TransactionRejectedError(APIError)        code: TransactionErrorCode
    ├── TransactionBadRequestError            + BadRequestError (400)
    ├── TransactionNotFoundError              + NotFoundError (404)
    ├── TransactionConflictError              + ConflictError (409)
    └── TransactionUnprocessableError         + UnprocessableEntityError (422)

Another 4xx status (410, say) raises the family class itself. Codes are open enums: a code
the server adds later is kept (``code.is_known()`` is false), never dropped. Credentials,
rate limits (429) and server failures (5xx) keep their general classes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from loyalty_async.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
)
from loyalty_async.modeling import OpenEnum


class CouponErrorCode(OpenEnum):
    """Why an account coupon or promo code operation was refused (the error ``code``)."""

    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    #: A redemption condition failed; ``details`` say which (:class:`CouponConditionCode`).
    CONDITION_NOT_FULFILLED = "CONDITION_NOT_FULFILLED"
    CONDITION_NOT_DEFINED = "CONDITION_NOT_DEFINED"
    #: The account is not ``ACTIVE``.
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"
    COUPON_NOT_FOUND = "COUPON_NOT_FOUND"
    PROMOCODE_NOT_FOUND = "PROMOCODE_NOT_FOUND"
    COUPON_NOT_PROMOCODE = "COUPON_NOT_PROMOCODE"
    COUPON_NOT_ACTIVATABLE = "COUPON_NOT_ACTIVATABLE"
    #: A preview was asked for a coupon whose usage is not ``REWARD``.
    COUPON_PREVIEW_NOT_AVAILABLE = "COUPON_PREVIEW_NOT_AVAILABLE"
    COUPON_NOT_ASSIGNED_ACCOUNT = "COUPON_NOT_ASSIGNED_ACCOUNT"
    COUPON_NOT_MANUAL_REDEEMABLE = "COUPON_NOT_MANUAL_REDEEMABLE"
    COUPON_NOT_ACTIVATED = "COUPON_NOT_ACTIVATED"
    COUPON_REDEMPTION_IN_PROGRESS = "COUPON_REDEMPTION_IN_PROGRESS"


class CouponConditionCode(OpenEnum):
    """A failed redemption condition, listed in ``details`` of ``CONDITION_NOT_FULFILLED``.

    The API reference's list goes on past the codes declared here; others are kept as
    open-enum values.
    """

    NOT_YET_REDEEMABLE = "NOT_YET_REDEEMABLE"
    NO_LONGER_REDEEMABLE = "NO_LONGER_REDEEMABLE"
    NO_MORE_REDEEM_BY_PROGRAM = "NO_MORE_REDEEM_BY_PROGRAM"
    NO_MORE_REDEEM_BY_ACCOUNT = "NO_MORE_REDEEM_BY_ACCOUNT"
    NO_MORE_REDEEM_BY_PROMOCODE = "NO_MORE_REDEEM_BY_PROMOCODE"
    WRONG_INTERACTION_POINT = "WRONG_INTERACTION_POINT"


class TransactionErrorCode(OpenEnum):
    """Why a transaction or booking was refused (the error ``code``)."""

    #: A burn (``PAYWITHPOINTS`` or ``BURNBOOKING``) asked for more points than the balance.
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"
    #: The account is not ``ACTIVE``.
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"


def _open_code(enum_type: type[OpenEnum], code: str | None) -> Any:
    return None if code is None else enum_type(code)


class CouponRedemptionError(APIError):
    """An account coupon or promo code operation was refused.

    Raised by every method of ``client.account_coupons`` that addresses one coupon (details,
    redeem, preview, activation, cancel). ``code`` is a :class:`CouponErrorCode`;
    ``details`` holds :class:`CouponConditionCode` values for the detail codes (entries
    that are not strings stay as they came).
    """

    code: CouponErrorCode | None

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.code = _open_code(CouponErrorCode, self.code)
        self.details = [CouponConditionCode(d) if isinstance(d, str) else d for d in self.details]

    @property
    def conditions(self) -> list[CouponConditionCode]:
        """The failed conditions named in ``details``."""
        return [d for d in self.details if isinstance(d, CouponConditionCode)]


class CouponBadRequestError(CouponRedemptionError, BadRequestError):
    """HTTP 400 on an account coupon: a failed condition, a locked account and the like."""


class CouponNotFoundError(CouponRedemptionError, NotFoundError):
    """HTTP 404 on an account coupon: ``COUPON_NOT_FOUND`` or ``PROMOCODE_NOT_FOUND``."""


class CouponConflictError(CouponRedemptionError, ConflictError):
    """HTTP 409 on an account coupon (for example a redemption already in progress)."""


class CouponUnprocessableError(CouponRedemptionError, UnprocessableEntityError):
    """HTTP 422 on an account coupon."""


class TransactionRejectedError(APIError):
    """A transaction or points booking was refused; ``code`` is a :class:`TransactionErrorCode`.

    A refusal is definitive: nothing was booked, and the same request will be refused
    again (do not resend it unchanged).
    """

    code: TransactionErrorCode | None

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.code = _open_code(TransactionErrorCode, self.code)


class TransactionBadRequestError(TransactionRejectedError, BadRequestError):
    """HTTP 400 on a transaction or booking: insufficient points, locked account, bad body."""


class TransactionNotFoundError(TransactionRejectedError, NotFoundError):
    """HTTP 404 on a transaction or booking: unknown account or transaction."""


class TransactionConflictError(TransactionRejectedError, ConflictError):
    """HTTP 409 on a transaction or booking."""


class TransactionUnprocessableError(TransactionRejectedError, UnprocessableEntityError):
    """HTTP 422 on a transaction or booking."""


_FAMILIES: dict[type[APIError], dict[int, type[APIError]]] = {
    CouponRedemptionError: {
        400: CouponBadRequestError,
        404: CouponNotFoundError,
        409: CouponConflictError,
        422: CouponUnprocessableError,
    },
    TransactionRejectedError: {
        400: TransactionBadRequestError,
        404: TransactionNotFoundError,
        409: TransactionConflictError,
        422: TransactionUnprocessableError,
    },
}

#: General classes that keep their meaning whatever the domain.
_KEPT = (AuthenticationError, PermissionDeniedError, RateLimitError, ServerError)


def specialize(error: APIError, family: type[APIError]) -> APIError:
    """Return ``error`` as the class of ``family`` for its status (or ``error`` unchanged).

    Only business refusals (4xx other than 401, 403 and 429) change class; everything the
    original carried (status, message, details, body, headers, request) is kept.
    """
    if isinstance(error, (family, *_KEPT)) or not 400 <= error.status < 500:
        return error
    cls = _FAMILIES[family].get(error.status, family)
    return error.recast(cls)


@contextmanager
def refusals_as(family: type[APIError]) -> Iterator[None]:
    """Re-raise a business refusal inside the block as the ``family`` class for its status."""
    try:
        yield
    except APIError as exc:
        typed = specialize(exc, family)
        if typed is exc:
            raise
        raise typed from exc
