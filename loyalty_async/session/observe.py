"""Watching a call's stages from outside: tracing, metrics, audits.

An :class:`Observer` added to ``Session.observers`` is told of every call: it opens a
:class:`CallTrace`, which hears of each attempt (after credentials and hooks, as it goes to
the transport), its answer or its failure, each wait before a retry and each replay with
fresh credentials, and the call's end. A call that an observer watches always takes the
session's full path, so no stage is skipped. :mod:`loyalty_async.tracing` is the
OpenTelemetry observer.

Observers see requests and responses as the session holds them: what they record must go
through the same redaction as the logs (``Request.describe()`` masks path parameters).
"""

from __future__ import annotations

from typing import Protocol

from loyalty_async.errors import LoyaltyError
from loyalty_async.transport.base import Request, Response


class CallTrace(Protocol):
    """What one observer records of one call, stage by stage."""

    def attempt(self, request: Request, resend: int) -> None:
        """An attempt goes to the transport (``resend``: 0 for the first, then 1, 2 ...)."""

    def answered(self, request: Request, response: Response) -> None:
        """The attempt got an answer (any status; a status of 400 or more fails the attempt)."""

    def failed(self, request: Request, error: LoyaltyError) -> None:
        """The attempt ended without an answer (no connection, a timeout, a dropped line)."""

    def waiting(self, delay: float, error: LoyaltyError) -> None:
        """The call waits ``delay`` seconds after ``error`` before its next attempt."""

    def replaying(self, status: int) -> None:
        """The credentials were refused with ``status``; the call goes again with new ones."""

    def end(self, error: BaseException | None) -> None:
        """The call is over: a response came (``error`` is ``None``), or ``error`` ends it."""


class Observer(Protocol):
    """Opens a :class:`CallTrace` for each call of the session it is added to."""

    def start_call(self, name: str, request: Request) -> CallTrace:
        """A call named ``name`` (its operation, or method and path) starts with ``request``."""
        ...
