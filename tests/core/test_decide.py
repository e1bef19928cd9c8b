"""The retry decision as a table: every rule of the session, without any network.

Each row is a call (what it is), where it stands (its attempt) and how its last attempt
failed; the expected decision is a retry after a given wait, a replay of refused
credentials, or giving up with a given error class.
"""

from __future__ import annotations

import attrs
import pytest

from loyalty_async import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ConnectError,
    ConnectionDropped,
    ConnectTimeout,
    DeadlineExceeded,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ReadTimeout,
    RetryPolicy,
    ServerError,
    SessionClosedError,
)
from loyalty_async.errors import LoyaltyError
from loyalty_async.session.decide import (
    Attempt,
    CallSpec,
    GiveUp,
    Outcome,
    Replay,
    Retry,
    decide,
)
from loyalty_async.session.error_parsing import build_api_error
from loyalty_async.transport.base import Request, Response

POLICY = RetryPolicy(max_attempts=4, base_delay=0.5, max_delay=4.0, retry_after_cap=30.0)
TRUSTS_429 = attrs.evolve(POLICY, resend_writes_on_429=True)

GET = CallSpec("accounts.get", POLICY, idempotent=True, resend_safe=True)
POST = CallSpec("bookings.create", POLICY, idempotent=False, resend_safe=False)
SAFE_POST = CallSpec("transactions.create", POLICY, idempotent=False, resend_safe=True)
POST_429 = attrs.evolve(POST, policy=TRUSTS_429)
STREAMED = CallSpec("files.upload", POLICY, idempotent=False, resend_safe=False, replayable=False)
REQUEST = Request("POST", "https://api.test/x")


def status(code: int, retry_after: str | None = None) -> Outcome:
    """An answered attempt: ``landed`` for a 5xx, as the exchange stage reports it."""
    headers = {"Retry-After": retry_after} if retry_after is not None else None
    response = Response(code, headers=headers, json={"code": str(code)})
    return Outcome(build_api_error(response, REQUEST), code >= 500, request=REQUEST)


def no_answer(error: LoyaltyError) -> Outcome:
    landed = getattr(error, "may_have_reached_server", False)
    return Outcome(error, landed, request=REQUEST)


def rejected() -> Outcome:
    error = build_api_error(Response(401), REQUEST, error_class=AuthenticationError)
    return Outcome(error, rejected=True, request=REQUEST)


FIRST = Attempt(1)
AFTER_AMBIGUITY = Attempt(2, ambiguous=True)
LAST = Attempt(4)


def full(ceiling: float) -> float:
    """A jitter that takes the whole wait (so the expected delay is exact)."""
    return ceiling


CASES: list[tuple[str, CallSpec, Attempt, Outcome, object]] = [
    # Never left: any method, again.
    ("refused, GET", GET, FIRST, no_answer(ConnectError("refused")), Retry(0.5)),
    ("refused, POST", POST, FIRST, no_answer(ConnectError("refused")), Retry(0.5)),
    ("connect timeout, POST", POST, FIRST, no_answer(ConnectTimeout("slow")), Retry(0.5)),
    # May have arrived: idempotent and resend-safe only.
    ("read timeout, GET", GET, FIRST, no_answer(ReadTimeout("late")), Retry(0.5)),
    ("dropped, resend-safe POST", SAFE_POST, FIRST, no_answer(ConnectionDropped("x")), Retry(0.5)),
    ("read timeout, POST", POST, FIRST, no_answer(ReadTimeout("late")), OutcomeUnknownError),
    ("dropped, POST", POST, FIRST, no_answer(ConnectionDropped("x")), OutcomeUnknownError),
    # Retryable statuses.
    ("503, GET", GET, FIRST, status(503), Retry(0.5)),
    ("503, resend-safe POST", SAFE_POST, FIRST, status(503), Retry(0.5)),
    ("503, POST", POST, FIRST, status(503), OutcomeUnknownError),
    ("500, POST", POST, FIRST, status(500), OutcomeUnknownError),
    ("429, GET", GET, FIRST, status(429), Retry(0.5)),
    ("429, POST", POST, FIRST, status(429), RateLimitError),
    ("429, POST, trusted", POST_429, FIRST, status(429, "3"), Retry(3.0)),
    ("503, POST, 429 trusted", POST_429, FIRST, status(503), OutcomeUnknownError),
    # Backoff and Retry-After.
    ("backoff grows", GET, Attempt(3), status(503), Retry(2.0)),
    ("backoff capped", GET, Attempt(3), status(502), Retry(2.0)),
    ("Retry-After honoured", GET, FIRST, status(503, "7"), Retry(7.0)),
    ("Retry-After past the cap", GET, FIRST, status(429, "120"), RateLimitError),
    ("no try past max_attempts", GET, LAST, status(503), ServerError),
    ("no wait past the deadline", GET, Attempt(1, remaining=0.2), status(503), ServerError),
    ("a wait within the deadline", GET, Attempt(1, remaining=0.6), status(503), Retry(0.5)),
    # Other refusals: never again.
    ("400, GET", GET, FIRST, status(400), BadRequestError),
    ("404, GET", GET, FIRST, status(404), NotFoundError),
    ("409 first, resend-safe POST", SAFE_POST, FIRST, status(409), ConflictError),
    # Once a write may have landed, nothing else settles it.
    ("409 after ambiguity", SAFE_POST, AFTER_AMBIGUITY, status(409), OutcomeUnknownError),
    ("400 after ambiguity", SAFE_POST, AFTER_AMBIGUITY, status(400), OutcomeUnknownError),
    (
        "429 at the last try",
        SAFE_POST,
        Attempt(4, ambiguous=True),
        status(429),
        OutcomeUnknownError,
    ),
    (
        "closed after ambiguity",
        SAFE_POST,
        AFTER_AMBIGUITY,
        Outcome(SessionClosedError("closed")),
        OutcomeUnknownError,
    ),
    ("GET never unknown", GET, AFTER_AMBIGUITY, status(503), Retry(1.0)),
    ("GET at the end", GET, Attempt(4, ambiguous=True), status(503), ServerError),
    # Credentials refused: replayed once.
    ("401, first", POST, FIRST, rejected(), Replay()),
    ("401, replayed", POST, Attempt(1, replayed=True), rejected(), AuthenticationError),
    (
        "401 after ambiguity",
        SAFE_POST,
        Attempt(2, ambiguous=True, replayed=True),
        rejected(),
        OutcomeUnknownError,
    ),
    # Deadlines.
    (
        "deadline before sending",
        POST,
        FIRST,
        Outcome(DeadlineExceeded("before attempt 1"), request=REQUEST),
        DeadlineExceeded,
    ),
    (
        "deadline while sending",
        POST,
        FIRST,
        Outcome(DeadlineExceeded("during attempt 1"), True, request=REQUEST),
        OutcomeUnknownError,
    ),
    (
        "deadline while sending, GET",
        GET,
        FIRST,
        Outcome(DeadlineExceeded("during attempt 1"), True, request=REQUEST),
        DeadlineExceeded,
    ),
    # A streamed body goes once; a failure before sending is not retried.
    ("streamed body, refused", STREAMED, FIRST, no_answer(ConnectError("refused")), ConnectError),
    (
        "login failed before sending",
        GET,
        FIRST,
        Outcome(ServerError("login down", status=503), unsent=True),
        ServerError,
    ),
]


@pytest.mark.parametrize(
    ("spec", "attempt", "outcome", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_decide(spec: CallSpec, attempt: Attempt, outcome: Outcome, expected: object) -> None:
    decision = decide(spec, attempt, outcome, jitter=full)
    if isinstance(expected, Retry | Replay):
        assert decision == expected
        return
    assert isinstance(decision, GiveUp)
    assert type(decision.error) is expected
    if expected is OutcomeUnknownError:
        unknown = decision.error
        assert isinstance(unknown, OutcomeUnknownError)
        assert unknown.__cause__ is outcome.error
        assert unknown.resend_safe is spec.resend_safe
        assert unknown.attempts == attempt.number
    else:
        assert decision.error is outcome.error


def test_an_unknown_outcome_keeps_what_a_resend_needs() -> None:
    from loyalty_async.operations import Operation
    from loyalty_async.session import Call

    call = Call(Operation("transactions.create", "POST", "/t"), json={"externalId": "r-1"})
    spec = attrs.evolve(
        SAFE_POST,
        operation="transactions.create",
        context={"external_id": "r-1"},
        call=call,
        body=b'{"externalId":"r-1"}',
        call_headers={"interaction-id": "till-7"},
    )
    decision = decide(spec, AFTER_AMBIGUITY, status(409), jitter=full)
    assert isinstance(decision, GiveUp)
    error = decision.error
    assert isinstance(error, OutcomeUnknownError)
    assert (error.operation, error.context, error.body) == (
        "transactions.create",
        {"external_id": "r-1"},
        b'{"externalId":"r-1"}',
    )
    assert error.call_headers == {"interaction-id": "till-7"}
    assert "transactions.create: the outcome is unknown after 2 attempt(s)" in str(error)
    assert "resending the same request is safe" in str(error)


def test_the_default_jitter_stays_within_the_backoff() -> None:
    waits = {decide(GET, Attempt(2), status(503)) for _ in range(200)}
    assert all(isinstance(w, Retry) and 0.0 <= w.delay <= 1.0 for w in waits)
    assert len(waits) > 1  # jittered, not fixed
