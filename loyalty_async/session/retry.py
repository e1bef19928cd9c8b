"""When to send a request again, and how long to wait first.

This module holds the policy (how many tries, how long to wait); the decision itself, for
every failure, is :func:`loyalty_async.session.decide.decide`. In short:

* the request provably never left (connection refused, connect timeout): retry, any method;
* 429, 500, 502, 503, 504, a read timeout or a dropped connection: retry only idempotent
  methods (GET, HEAD, PUT, DELETE, OPTIONS) and writes the operation declares safe to resend
  (a transaction with its unique ``externalId``);
* 429 on any other write too, with ``resend_writes_on_429`` (the server did nothing);
* any other 4xx: never (the single auth replay is handled by the auth strategy).
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Callable, Iterable

import attrs
import backoff

#: Methods that may be sent twice with the same effect as once.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0 or math.isnan(value):
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


def _at_least_one(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be at least 1, got {value}")


def _statuses(statuses: Iterable[int]) -> frozenset[int]:
    # A typed converter: with a bare ``frozenset`` type checkers refuse ``statuses={429}``.
    return frozenset(statuses)


@attrs.frozen
class RetryPolicy:
    """How a session retries: a client-wide default, replaceable per call.

    ``max_attempts`` counts the first try (1 disables retries). Waits grow exponentially
    from ``base_delay`` up to ``max_delay`` with full jitter, unless the server sent
    ``Retry-After``: that wait is honoured when it is at most ``retry_after_cap`` seconds,
    and beyond the cap the call fails at once with the server's error instead of waiting.

    ``resend_writes_on_429`` trusts the server's word that a 429 did nothing: any write
    answered 429 is sent again (after ``Retry-After``), not only idempotent and resend-safe
    ones. Turn it on for platforms that refuse before processing (Convercus, Mews).
    """

    max_attempts: int = attrs.field(default=4, validator=_at_least_one)
    base_delay: float = attrs.field(default=0.2, validator=_positive)
    max_delay: float = attrs.field(default=5.0, validator=_positive)
    retry_after_cap: float = attrs.field(default=30.0, validator=_positive)
    statuses: frozenset[int] = attrs.field(
        default=frozenset({429, 500, 502, 503, 504}), converter=_statuses
    )
    resend_writes_on_429: bool = False

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(max_attempts=1)

    def backoff_delay(
        self, retry_number: int, jitter: Callable[[float], float] = backoff.full_jitter
    ) -> float:
        """The wait before retry number ``retry_number`` (1 for the first retry).

        Exponential from ``base_delay``, capped at ``max_delay``, then spread by ``jitter``
        (backoff's full jitter: uniform between zero and the capped value).
        """
        # The exponent is bounded so that a policy with thousands of attempts cannot overflow.
        exponent = min(max(retry_number - 1, 0), 64)
        ceiling = min(self.max_delay, self.base_delay * float(2**exponent))
        return float(jitter(ceiling))

    def delay(
        self,
        retry_number: int,
        retry_after: float | None,
        jitter: Callable[[float], float] = backoff.full_jitter,
    ) -> float | None:
        """The wait before retry ``retry_number``, or ``None`` when the hint exceeds the cap."""
        if retry_after is not None:
            return retry_after if retry_after <= self.retry_after_cap else None
        return self.backoff_delay(retry_number, jitter)


def parse_retry_after(value: str | None, clock: Callable[[], float]) -> float | None:
    """Read a ``Retry-After`` header: delay-seconds or an HTTP-date; ``None`` if absent or bad."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:
            return None
        return max(0.0, moment.timestamp() - clock())
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)
