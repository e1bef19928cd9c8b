"""The errors the sandbox answers with, in the Convercus shape ``{code, message, detail}``."""

from __future__ import annotations

from collections.abc import Sequence


class Problem(Exception):
    """A refusal the sandbox sends back as an HTTP error with a Convercus error body."""

    def __init__(self, status: int, code: str, message: str, detail: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = list(detail)

    def body(self) -> dict[str, object]:
        """The JSON error body."""
        return {"code": self.code, "message": self.message, "detail": self.detail}


def invalid(message: str, *fields: str) -> Problem:
    """A ``400 VALIDATION_ERROR`` naming the offending fields in ``detail``."""
    return Problem(400, "VALIDATION_ERROR", message, fields)


def not_found(code: str, message: str) -> Problem:
    """A ``404`` with a specific code (``ACCOUNT_NOT_FOUND``, ``USER_NOT_FOUND``, ...)."""
    return Problem(404, code, message)


def conflict(code: str, message: str) -> Problem:
    """A ``409`` for a uniqueness or state conflict."""
    return Problem(409, code, message)
