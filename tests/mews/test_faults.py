"""Failures: reads are resent, writes whose outcome is unknown never are; Mews's statuses."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from loyalty_async import (
    ConflictError,
    OutcomeUnknownError,
    PermissionDeniedError,
    Response,
    RetryPolicy,
    ServerError,
)
from loyalty_async.mews import (
    BusinessRuleError,
    LoyaltyMembershipUpdate,
    MewsClient,
    NewLoyaltyMembership,
    NewLoyaltyProgram,
    RequestTooHeavyError,
    RequestTooLargeError,
)
from loyalty_async.sandbox.mews import MewsSandbox
from tests.mews.conftest import MewsWire

FAST = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)
PROGRAM = "3ed9e2f3-4bba-4df6-8d41-ab1b009b6425"


async def program_of(sandbox: MewsSandbox) -> str:
    async with sandbox.client() as client:
        [program] = await client.loyalty_programs.add(
            [NewLoyaltyProgram("Club", "CLUB", "Hotel", "Free")]
        )
    return program.id


@pytest.mark.parametrize("fault", ["5xx=1", "drop_after=1"])
async def test_an_add_whose_outcome_is_unknown_is_never_resent(fault: str) -> None:
    async with MewsSandbox() as sandbox:
        program = await program_of(sandbox)
        sandbox.faults = fault
        before = sandbox.stats.requests
        async with sandbox.client(retry=FAST) as client:
            with pytest.raises(OutcomeUnknownError) as unknown:
                await client.loyalty_memberships.add(
                    [NewLoyaltyMembership(uuid.uuid4(), program, True, membership_number="M-1")]
                )
        assert sandbox.stats.requests - before == 1  # sent once, never again
        written = [m for m in sandbox.state.memberships if m.active]
    error = unknown.value
    assert error.operation == "loyalty_memberships.add"
    assert not error.resend_safe and error.attempts == 1
    assert "do not resend it before checking whether it took effect" in str(error)
    assert [m.fields["MembershipNumber"] for m in written] == (["M-1"] if "drop" in fault else [])


@pytest.mark.parametrize("operation", ["update", "delete"])
async def test_updates_and_deletes_are_not_resent_after_a_5xx(operation: str) -> None:
    async with MewsSandbox() as sandbox:
        program = await program_of(sandbox)
        sandbox.faults = "5xx=1"
        async with sandbox.client(retry=FAST) as client:
            memberships = client.loyalty_memberships
            with pytest.raises(OutcomeUnknownError):
                if operation == "update":
                    await memberships.update([LoyaltyMembershipUpdate(program, points=1)])
                else:
                    await memberships.delete([program])
        assert sandbox.stats.operations[f"loyalty_memberships.{operation}"] == 1


async def test_get_all_is_resent_after_a_server_error_or_a_dropped_connection() -> None:
    async with MewsSandbox() as sandbox:
        program = await program_of(sandbox)
        attempts: list[Any] = []
        # The first attempt meets a 5xx, the second a connection dropped unanswered.
        faults = iter(["5xx=1", "drop_before=1", ""])

        def fault_each_attempt(request: Any) -> None:
            attempts.append(request)
            sandbox.faults = next(faults)

        async with sandbox.client(retry=FAST, on_request=[fault_each_attempt]) as client:
            found = await client.loyalty_programs.get_all().collect()
    assert [p.id for p in found] == [program]
    assert len(attempts) == 3
    assert attempts[0].content == attempts[2].content  # the same page asked again
    assert sandbox.stats.faults == {"5xx": 1, "drop_before": 1}


@pytest.mark.parametrize(
    ("status", "error_class", "retried"),
    [
        (403, BusinessRuleError, False),
        (408, RequestTooHeavyError, False),
        (409, ConflictError, False),
        (413, RequestTooLargeError, False),
        (503, ServerError, True),
    ],
)
async def test_mews_statuses_map_onto_the_error_hierarchy(
    wire: MewsWire, status: int, error_class: type[Exception], retried: bool
) -> None:
    from tests.mews.conftest import client_on

    body = {"Message": f"Refused with {status}.", "RequestId": "body-id", "Details": "trace"}
    wire.on("loyaltyPrograms/getAll", Response(status, json=body, headers={"Request-Id": "hdr-1"}))
    async with client_on(wire, retry=FAST) as client:
        with pytest.raises(Exception) as caught:
            await client.loyalty_programs.get_all().collect()
    error = caught.value.__cause__  # a page's error arrives as its PaginationError's cause
    assert type(error) is error_class
    assert (error.message, error.request_id, error.details) == (  # type: ignore[attr-defined]
        f"Refused with {status}.",
        "hdr-1",  # the header wins over the body
        ["trace"],
    )
    assert len(wire.calls) == (4 if retried else 1)
    if status == 403:
        assert isinstance(error, PermissionDeniedError)


async def test_a_write_refused_by_a_rule_is_a_business_error(wire: MewsWire) -> None:
    from tests.mews.conftest import client_on

    message = "The loyalty program still has active memberships."
    wire.on("loyaltyPrograms/delete", Response(403, json={"Message": message}))
    async with client_on(wire) as client:
        with pytest.raises(BusinessRuleError, match=message) as refused:
            await client.loyalty_programs.delete([PROGRAM])
    assert refused.value.request_id is None  # nothing invented when Mews sends none
    assert isinstance(refused.value.__cause__, PermissionDeniedError)


async def test_the_request_id_of_the_body_is_kept_without_the_header(wire: MewsWire) -> None:
    from tests.mews.conftest import client_on

    wire.on(
        "loyaltyTiers/add", Response(400, json={"Message": "Invalid Name.", "RequestId": "b-7"})
    )
    async with client_on(wire) as client:
        with pytest.raises(Exception) as caught:
            await client.call("loyalty_tiers.add", {"LoyaltyTiers": []})
    assert getattr(caught.value, "request_id", None) == "b-7"


def test_client_types() -> None:
    assert issubclass(BusinessRuleError, PermissionDeniedError)
    assert MewsClient.__doc__
