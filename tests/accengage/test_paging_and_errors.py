"""Link paging followed as given and signed again; error entries; deletes are not idempotent."""

from __future__ import annotations

import pytest

from loyalty_async.accengage import (
    AccengageBadRequestError,
    AccengageClient,
    AccengageNotFoundError,
    AccengageServerError,
    AlreadyDeletedError,
    ErrorLabel,
)
from loyalty_async.errors import (
    BadRequestError,
    NotFoundError,
    OutcomeUnknownError,
    PaginationError,
    ServerError,
)
from loyalty_async.session.retry import RetryPolicy
from tests.accengage.conftest import PARTNER, Answer, Seen, Wire, assert_signed, make_client

CAMPAIGNS = f"/v1/me/apps/{PARTNER}/campaigns"


def items(*ids: int) -> list[dict[str, int]]:
    return [{"id": n} for n in ids]


async def test_next_pages_are_followed_as_given_and_signed_again(
    wire: Wire, client: AccengageClient
) -> None:
    # The next URL carries its own query, escapes included: it must arrive byte for byte.
    second = wire.url() + f"{CAMPAIGNS}?page=2&title=%C3%A9t%C3%A9%25&cursor=a%2Fb"
    third = f"{CAMPAIGNS}?page=3&title=%C3%A9t%C3%A9%25&cursor=a%2Fb"  # a relative link

    def answer(seen: Seen) -> Answer:
        page = dict(seen.query).get("page")
        if page == "1":
            return Answer(200, json={"campaigns": items(1, 2)},
                          headers={"Link": f'<{wire.url(CAMPAIGNS)}?page=1>; rel="first", '
                                           f'<{second}>; rel="next"'})  # fmt: skip
        if page == "2":
            return Answer(200, json={"campaigns": items(3, 4)},
                          headers={"Link": f'<{third}>; rel="next"; title="page, 3"'})  # fmt: skip
        return Answer(200, json={"campaigns": items(5)}, headers={"Link": '<x>; rel="prev"'})

    wire.on("GET", CAMPAIGNS, answer)
    found = await client.campaigns.list().collect()
    assert [c["id"] for c in found] == [1, 2, 3, 4, 5]
    assert [seen.raw_path for seen in wire.calls] == [
        f"{CAMPAIGNS}?page=1",
        f"{CAMPAIGNS}?page=2&title=%C3%A9t%C3%A9%25&cursor=a%2Fb",
        third,
    ]
    for seen in wire.calls:
        assert_signed(seen)
    assert wire.token_requests == 1


async def test_the_links_body_field_is_the_fallback(wire: Wire, client: AccengageClient) -> None:
    def answer(seen: Seen) -> Answer:
        if dict(seen.query)["page"] == "1":
            return Answer(200, json={"links": {"first": "?page=1", "next": f"{CAMPAIGNS}?page=2"},
                                     "campaigns": items(1)})  # fmt: skip
        return Answer(
            200, json={"link": [{"rel": "first", "href": "?page=1"}], "campaigns": items(2)}
        )

    wire.on("GET", CAMPAIGNS, answer)
    assert [c["id"] for c in await client.campaigns.list().collect()] == [1, 2]
    assert [seen.raw_path for seen in wire.calls] == [f"{CAMPAIGNS}?page=1", f"{CAMPAIGNS}?page=2"]


async def test_an_empty_page_ends_the_walk_even_with_a_next_link(
    wire: Wire, client: AccengageClient
) -> None:
    wire.on(
        "GET", CAMPAIGNS, Answer(200, json=[], headers={"Link": f"<{CAMPAIGNS}?page=9>; rel=next"})
    )
    assert await client.campaigns.list(start_page=8).collect() == []
    assert len(wire.calls) == 1


async def test_a_next_link_to_another_host_gets_no_credentials(
    wire: Wire, client: AccengageClient
) -> None:
    elsewhere = wire.url(f"{CAMPAIGNS}?page=2").replace("127.0.0.1", "localhost")

    def answer(seen: Seen) -> Answer:
        if dict(seen.query)["page"] == "1":
            return Answer(200, json=items(1), headers={"Link": f"<{elsewhere}>; rel=next"})
        return Answer(200, json=items(2))

    wire.on("GET", CAMPAIGNS, answer)
    with pytest.raises(PaginationError) as stopped:
        await client.campaigns.list().collect()
    # Unsigned, the other host refuses it: nothing of this client's went there.
    assert isinstance(stopped.value.__cause__, AccengageBadRequestError)
    followed = wire.calls[1]
    assert "Authorization" not in followed.headers
    assert "Accengage-Signature" not in followed.headers


async def test_a_failed_page_says_where_to_resume(wire: Wire) -> None:
    second = wire.url(f"{CAMPAIGNS}?page=2")
    wire.on(
        "GET",
        CAMPAIGNS,
        Answer(200, json=items(1, 2), headers={"Link": f"<{second}>; rel=next"}),
        Answer(503, json={"errors": [{"label": "API_ERR_SERVICE", "message": "down"}]}),
        Answer(200, json=items(3)),
    )
    async with make_client(wire, retry=RetryPolicy.disabled()) as client:
        pager = client.campaigns.list()
        seen: list[int] = []
        with pytest.raises(PaginationError) as stopped:
            async for campaign in pager:
                seen.append(campaign["id"])
        assert seen == [1, 2]
        assert stopped.value.resume == second
        assert isinstance(stopped.value.__cause__, AccengageServerError)
        rest = await client.campaigns.list(start_page=stopped.value.resume).collect()
    assert [c["id"] for c in rest] == [3]
    assert wire.calls[-1].raw_path == f"{CAMPAIGNS}?page=2"


# ---------------------------------------------------------------------- errors


async def test_every_error_entry_is_kept(wire: Wire, client: AccengageClient) -> None:
    wire.on("POST", CAMPAIGNS, Answer(400, json={"errors": [
        {"label": "API_ERR_VALIDATION", "message": "name is required"},
        {"label": "API_ERR_VALIDATION", "message": "startDate is not a date"},
        {"label": "API_ERR_BRAND_NEW", "message": "something new"},
    ]}))  # fmt: skip
    with pytest.raises(AccengageBadRequestError) as refused:
        await client.campaigns.create({"name": ""})
    error = refused.value
    assert isinstance(error, BadRequestError)
    assert error.status == 400
    assert error.label == "API_ERR_VALIDATION"
    assert [entry.message for entry in error.errors] == [
        "name is required", "startDate is not a date", "something new",
    ]  # fmt: skip
    assert error.labels[2] == "API_ERR_BRAND_NEW" and not error.labels[2].is_known()
    assert "name is required" in str(error) and "startDate is not a date" in str(error)


async def test_a_message_send_conflict_carries_its_label(
    wire: Wire, client: AccengageClient
) -> None:
    wire.on("POST", f"/v1/me/apps/{PARTNER}/messages/9/send", Answer(400, json={
        "errors": [{"label": "API_ERR_MESSAGE_SENT", "message": "already sent"}]}))  # fmt: skip
    with pytest.raises(AccengageBadRequestError) as refused:
        await client.messages.send(9)
    assert refused.value.label is ErrorLabel.MESSAGE_SENT
    assert len(wire.calls) == 1


async def test_a_delete_after_an_ambiguous_attempt_reports_the_404(
    wire: Wire, client: AccengageClient
) -> None:
    path = f"{CAMPAIGNS}/91"
    wire.on("DELETE", path, lambda seen: None, Answer(404, json={
        "errors": [{"label": "API_ERR_NOT_FOUND", "message": "no campaign 91"}]}))  # fmt: skip
    with pytest.raises(AlreadyDeletedError) as gone:
        await client.campaigns.delete(91)
    assert isinstance(gone.value, NotFoundError)
    assert isinstance(gone.value.__cause__, OutcomeUnknownError)
    assert "ambiguous" in str(gone.value)
    assert [seen.method for seen in wire.calls] == ["DELETE", "DELETE"]
    for seen in wire.calls:
        assert_signed(seen)


async def test_a_delete_after_an_ambiguous_attempt_that_succeeds_is_done(
    wire: Wire, client: AccengageClient
) -> None:
    body_path = f"/v1/me/apps/{PARTNER}/lists/7"
    wire.on("DELETE", body_path, lambda seen: None, Answer(200))
    await client.lists.remove_users(7, [{"UDID": "A"}])
    assert len(wire.calls) == 2
    assert wire.calls[0].body == wire.calls[1].body == b'{"users":[{"UDID":"A"}]}'


async def test_a_plain_404_on_delete_is_not_dressed_up(wire: Wire, client: AccengageClient) -> None:
    wire.on("DELETE", f"{CAMPAIGNS}/5", Answer(404, json={
        "errors": [{"label": "API_ERR_NOT_FOUND", "message": "no campaign 5"}]}))  # fmt: skip
    with pytest.raises(AccengageNotFoundError) as missing:
        await client.campaigns.delete(5)
    assert not isinstance(missing.value, AlreadyDeletedError)
    assert len(wire.calls) == 1


async def test_a_delete_that_fails_twice_stays_unknown(wire: Wire, client: AccengageClient) -> None:
    wire.on("DELETE", f"{CAMPAIGNS}/5", lambda seen: None)
    with pytest.raises(OutcomeUnknownError):
        await client.campaigns.delete(5)
    assert len(wire.calls) == 2


async def test_an_instant_send_is_never_resent_after_an_ambiguous_attempt(
    wire: Wire, client: AccengageClient
) -> None:
    wire.on("POST", f"/v1/me/apps/{PARTNER}/send", lambda seen: None)
    with pytest.raises(OutcomeUnknownError) as unknown:
        await client.instant.send({"parentMessageId": 1, "targets": [{"token": "T"}]})
    assert unknown.value.resend_safe is False
    assert len(wire.calls) == 1


async def test_reads_are_retried_after_a_server_error(wire: Wire, client: AccengageClient) -> None:
    wire.on("GET", f"{CAMPAIGNS}/5", Answer(503, json={"errors": [{"label": "API_ERR_DB"}]}),
            Answer(200, json={"id": 5}))  # fmt: skip
    assert await client.campaigns.get(5) == {"id": 5}
    assert len(wire.calls) == 2
    wire.on("GET", f"{CAMPAIGNS}/6", Answer(500, json={"errors": [{"label": "API_ERR_DB"}]}))
    with pytest.raises(AccengageServerError) as failed:
        await client.campaigns.get(6)
    assert isinstance(failed.value, ServerError)
    assert failed.value.label is ErrorLabel.DB
