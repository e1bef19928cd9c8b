"""The one retry decision: after a failed attempt, send again after ``d`` seconds, or give up.

:func:`decide` is pure: it reads what the call is (:class:`CallSpec`), where it stands
(:class:`Attempt`) and what just happened (:class:`Outcome`), and returns :class:`Retry`,
:class:`Replay` or :class:`GiveUp`. It holds every rule of the session:

* a request that provably never left (refused connection, connect timeout) is sent again,
  whatever its method;
* a 429, 5xx, read timeout or dropped connection is sent again only for idempotent
  methods and writes declared resend-safe (a de-duplication key), and a 429 on any write
  when the policy trusts that a 429 did nothing (``resend_writes_on_429``);
* a body given as a stream is never sent twice, and an attempt that failed before its
  request left (a login that failed after its own retries) is not made again;
* waits follow the policy's backoff, or the server's ``Retry-After`` up to its cap; no
  wait is started that would outlast the call's deadline, nor a try past ``max_attempts``;
* credentials refused (401 and the like) are replayed once with fresh ones;
* once any attempt of a write may have reached the server, whatever ends the call is an
  :class:`~loyalty_async.errors.OutcomeUnknownError` (a 409 or any refusal on a later
  attempt answers that attempt only), never for idempotent calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import backoff

from loyalty_async.errors import (
    APIError,
    DeadlineExceeded,
    LoyaltyError,
    OutcomeUnknownError,
    TransportError,
)
from loyalty_async.session.retry import RetryPolicy

if TYPE_CHECKING:
    from loyalty_async.session.call import Call
    from loyalty_async.transport.base import Request, Response

#: Spreads a backoff wait (``backoff.full_jitter`` by default: uniform in ``[0, wait]``).
Jitter = Callable[[float], float]


@attrs.frozen
class CallSpec:
    """What a call is, for deciding its retries: resolved once, when its first attempt failed.

    ``idempotent`` and ``resend_safe`` are the call's (an operation's declaration, or the
    HTTP method's); ``replayable`` is false when the body was a stream, consumed by the
    first attempt. ``name`` is how messages call it (the operation, or method and path).
    ``call``, ``body`` and ``call_headers`` are kept on an unknown outcome for a resend.
    """

    name: str
    policy: RetryPolicy
    idempotent: bool
    resend_safe: bool
    replayable: bool = True
    operation: str | None = None
    context: Mapping[str, Any] | None = None
    call: Call | None = None
    body: bytes | None = None
    call_headers: Mapping[str, str] | None = None


@attrs.frozen
class Attempt:
    """Where a call stands after an attempt.

    ``number`` counts the attempts made (the failed one included); ``ambiguous`` says
    whether an earlier attempt may have reached the server; ``replayed`` whether refused
    credentials were already replayed; ``remaining`` the seconds left of the deadline
    (``None``: no deadline).
    """

    number: int
    ambiguous: bool = False
    replayed: bool = False
    remaining: float | None = None


@attrs.frozen
class Outcome:
    """How one attempt failed: the error, and whether the server may have acted on it.

    ``landed`` is true when this attempt may have reached the server and done its work
    (no answer, a dropped connection, a deadline during the send, a 5xx). ``rejected`` is
    true when the server refused the credentials. ``unsent`` is true when the attempt
    failed before its request left (a login that failed for good, a hook that raised): not
    the server's answer to it, and not retried. ``request`` is the attempt's request,
    ``response`` the error response when there was one.
    """

    error: LoyaltyError
    landed: bool = False
    rejected: bool = False
    request: Request | None = None
    response: Response | None = None
    unsent: bool = False


@attrs.frozen
class Retry:
    """Send the call again after ``delay`` seconds."""

    delay: float


@attrs.frozen
class Replay:
    """Send the call again at once with fresh credentials (the same attempt)."""


@attrs.frozen
class GiveUp:
    """End the call with ``error``."""

    error: LoyaltyError


Decision = Retry | Replay | GiveUp


def decide(
    spec: CallSpec,
    attempt: Attempt,
    outcome: Outcome,
    jitter: Jitter = backoff.full_jitter,
) -> Decision:
    """What to do after ``attempt`` of ``spec`` ended with ``outcome``."""
    error = outcome.error
    if outcome.rejected and not attempt.replayed:
        return Replay()
    if _may_resend(spec, outcome):
        policy = spec.policy
        if attempt.number < policy.max_attempts:
            retry_after = error.retry_after if isinstance(error, APIError) else None
            delay = policy.delay(attempt.number, retry_after, jitter)
            remaining = attempt.remaining
            if delay is not None and (remaining is None or delay < remaining):
                return Retry(delay)
    return GiveUp(_final_error(spec, attempt, outcome))


def _may_resend(spec: CallSpec, outcome: Outcome) -> bool:
    """Whether this failure allows sending the call again (attempts and waits aside)."""
    if not spec.replayable or outcome.unsent:
        return False
    error = outcome.error
    if isinstance(error, APIError):
        if error.status not in spec.policy.statuses:
            return False
        # A 429 did nothing: with the policy's word for it, any write may go again.
        return spec.resend_safe or (error.status == 429 and spec.policy.resend_writes_on_429)
    if isinstance(error, DeadlineExceeded) or not isinstance(error, TransportError):
        return False
    # Never left: safe for any method. May have arrived: only if sending twice is harmless.
    return not error.may_have_reached_server or spec.resend_safe


def _final_error(spec: CallSpec, attempt: Attempt, outcome: Outcome) -> LoyaltyError:
    """The error a call ends with: a write that may have landed becomes outcome-unknown."""
    error = outcome.error
    if isinstance(error, OutcomeUnknownError):
        return error
    # Once any attempt may have reached the server, no later answer settles the call: a
    # refusal answers the last attempt only (a 409 may be with the earlier attempt itself,
    # a 401 says nothing of it), and a failure says nothing at all.
    if spec.idempotent or not (attempt.ambiguous or outcome.landed):
        return error
    return outcome_unknown(spec, attempt.number, outcome)


def outcome_unknown(spec: CallSpec, attempts: int, outcome: Outcome) -> OutcomeUnknownError:
    """The :class:`OutcomeUnknownError` that ends ``spec`` after ``outcome``."""
    error = outcome.error
    advice = (
        "it carries a de-duplication key, so resending the same request is safe"
        if spec.resend_safe
        else "do not resend it before checking whether it took effect"
    )
    unknown = OutcomeUnknownError(
        f"{spec.name}: the outcome is unknown after {attempts} attempt(s) "
        f"({type(error).__name__}: {error}); {advice}",
        request=outcome.request,
        operation=spec.operation,
        context=spec.context,
        attempts=attempts,
        resend_safe=spec.resend_safe,
        call=spec.call,
        body=spec.body,
        call_headers=spec.call_headers,
    )
    unknown.__cause__ = error
    return unknown
