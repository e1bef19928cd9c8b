"""The errors the sandbox answers with, in the Convercus shape ``{code, message, detail}``.

Codes the SDK knows (coupon and transaction refusals, redemption conditions) come from the
SDK's enums in :mod:`loyalty_async.convercus.errors`; the codes the sources leave open are
the sandbox's own choices, declared once in :class:`SandboxCode`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence


class SandboxCode(str, enum.Enum):
    """Error codes where the Convercus sources are silent (see docs/sandbox.md)."""

    VALIDATION_ERROR = "VALIDATION_ERROR"
    MALFORMED_REQUEST = "MALFORMED_REQUEST"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
    TOKEN_MISSING = "TOKEN_MISSING"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    TOKEN_INVALID = "TOKEN_INVALID"
    BAD_CREDENTIALS = "BAD_CREDENTIALS"
    INTERACTION_ID_MISSING = "INTERACTION_ID_MISSING"
    INVALID_ID_TYPE = "INVALID_ID_TYPE"
    NOT_FOUND = "NOT_FOUND"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    BAD_GATEWAY = "BAD_GATEWAY"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    GATEWAY_TIMEOUT = "GATEWAY_TIMEOUT"
    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND"
    ACCOUNT_NOT_ANONYMOUS = "ACCOUNT_NOT_ANONYMOUS"
    ACCOUNT_ALREADY_LOCKED = "ACCOUNT_ALREADY_LOCKED"
    FRAUD_NOT_FOUND = "FRAUD_NOT_FOUND"
    IDENTIFIER_NOT_FOUND = "IDENTIFIER_NOT_FOUND"
    IDENTIFIER_ALREADY_EXISTS = "IDENTIFIER_ALREADY_EXISTS"
    USER_NOT_FOUND = "USER_NOT_FOUND"
    MEMBERSHIP_NOT_FOUND = "MEMBERSHIP_NOT_FOUND"
    MEMBERSHIP_ALREADY_EXISTS = "MEMBERSHIP_ALREADY_EXISTS"
    MEMBERSHIP_TERMINATED = "MEMBERSHIP_TERMINATED"
    FIRST_MEMBERSHIP_MUST_BE_OWNER = "FIRST_MEMBERSHIP_MUST_BE_OWNER"
    OWNER_ALREADY_EXISTS = "OWNER_ALREADY_EXISTS"
    OWNER_REQUIRED = "OWNER_REQUIRED"
    TRANSACTION_NOT_FOUND = "TRANSACTION_NOT_FOUND"
    TRANSACTION_HAS_ACCOUNT = "TRANSACTION_HAS_ACCOUNT"
    PROMOCODE_ALREADY_EXISTS = "PROMOCODE_ALREADY_EXISTS"
    COUPON_ALREADY_ASSIGNED = "COUPON_ALREADY_ASSIGNED"
    ASSIGNMENT_NOT_FOUND = "ASSIGNMENT_NOT_FOUND"
    REDEMPTION_NOT_FOUND = "REDEMPTION_NOT_FOUND"
    CUSTOM_PROPERTY_NOT_FOUND = "CUSTOM_PROPERTY_NOT_FOUND"
    CUSTOM_PROPERTY_ALREADY_EXISTS = "CUSTOM_PROPERTY_ALREADY_EXISTS"
    RESOURCE_NOT_FOUND = "RESOURCE_NOT_FOUND"
    RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS"


class Problem(Exception):
    """A refusal the sandbox sends back as an HTTP error with a Convercus error body.

    ``code`` is a member of :class:`SandboxCode` or of one of the SDK's code enums;
    ``detail`` lists the failing fields or conditions (members are written as their value).
    """

    def __init__(
        self,
        status: int,
        code: enum.Enum,
        message: str,
        detail: Sequence[str | enum.Enum] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code: str = code.value
        self.message = message
        self.detail = [d.value if isinstance(d, enum.Enum) else d for d in detail]

    def body(self) -> dict[str, object]:
        """The JSON error body."""
        return {"code": self.code, "message": self.message, "detail": self.detail}


def invalid(message: str, *fields: str) -> Problem:
    """A ``400 VALIDATION_ERROR`` naming the offending fields in ``detail``."""
    return Problem(400, SandboxCode.VALIDATION_ERROR, message, fields)


def malformed(message: str, *fields: str) -> Problem:
    """A ``400 MALFORMED_REQUEST``: the body is not JSON the sandbox can read."""
    return Problem(400, SandboxCode.MALFORMED_REQUEST, message, fields)


def not_found(code: enum.Enum, message: str) -> Problem:
    """A ``404`` with a specific code (``ACCOUNT_NOT_FOUND``, ``USER_NOT_FOUND``, ...)."""
    return Problem(404, code, message)


def conflict(code: enum.Enum, message: str) -> Problem:
    """A ``409`` for a uniqueness or state conflict."""
    return Problem(409, code, message)
