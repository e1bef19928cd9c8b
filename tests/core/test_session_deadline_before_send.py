"""A deadline spent before a request leaves (a slow hook) is no unknown outcome."""

from __future__ import annotations

import asyncio

import pytest

from loyalty_async import (
    DeadlineExceeded,
    MockTransport,
    OutcomeUnknownError,
    Request,
    Response,
    Session,
)


async def test_a_write_held_by_a_hook_past_the_deadline_was_never_sent() -> None:
    sent: list[Request] = []

    def created(request: Request) -> Response:
        sent.append(request)
        return Response(201, headers={"Location": "https://shop.test/things/1"})

    async def waits_for_a_slot(request: Request) -> None:
        await asyncio.sleep(0.2)  # e.g. a rate limiter with a long queue

    async with Session(
        "https://shop.test", transport=MockTransport(created), on_request=[waits_for_a_slot]
    ) as session:
        with pytest.raises(DeadlineExceeded) as caught:
            await session.request("POST", "/things", json={"name": "x"}, deadline=0.05)

    assert not isinstance(caught.value, OutcomeUnknownError)
    assert "ran out before attempt 1" in str(caught.value)
    assert sent == []


async def test_a_write_cut_off_while_sending_is_still_an_unknown_outcome() -> None:
    async def never_answers(request: Request) -> Response:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async with Session("https://shop.test", transport=MockTransport(never_answers)) as session:
        with pytest.raises(OutcomeUnknownError) as caught:
            await session.request("POST", "/things", json={"name": "x"}, deadline=0.05)

    assert isinstance(caught.value.__cause__, DeadlineExceeded)
