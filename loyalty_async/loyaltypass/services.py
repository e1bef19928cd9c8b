"""The Loyalty Pass services: the 12 published business APIs, one typed method each.

Each method is bound to its row of :data:`~loyalty_async.loyaltypass.operations.OPERATIONS`
with :func:`~loyalty_async.operations.binder.sends` (so a method that does not fit its
row fails at import), and sends through :meth:`LoyaltyPassService._exchange`, which does
what a client's own settings decide and a compiled body cannot: it fills the
placeholders a ``routes=`` route may use from the call's values, and maps field names
(``field_names=``) both ways. Answers are decoded with exact decimals and read into
lenient models that keep unknown fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

import attrs
from typing_extensions import Unpack

from loyalty_async import codec
from loyalty_async.errors import DecodeError, ValidationError
from loyalty_async.loyaltypass.models import (
    Basket,
    Category,
    EarnRequest,
    Gift,
    Language,
    Lenient,
    MemberRequest,
    PointsPosted,
    PointsPreview,
    PromotionMapping,
    PromotionProducts,
    ReversalRequest,
    RewardEventRequest,
    SegmentMember,
    Transaction,
    Voucher,
    VoucherRequest,
    converter,
)
from loyalty_async.loyaltypass.operations import OPERATIONS
from loyalty_async.modeling import to_camel
from loyalty_async.operations import OperationTable
from loyalty_async.operations.binder import sends
from loyalty_async.operations.checks import check_id
from loyalty_async.operations.service import RequestOptions, Service
from loyalty_async.paging import Page, Pager, link_json_page
from loyalty_async.session.call import Call
from loyalty_async.session.session import Session
from loyalty_async.transport.base import Response

T = TypeVar("T")

#: What an "outcome unknown" error names, to look the write up before sending it again.
_CONTEXT = ("member_id", "reference", "amount", "points", "event", "gift_id")


def renamed(data: Any, names: Mapping[str, str]) -> Any:
    """``data`` with every object key found in ``names`` renamed, at any depth."""
    if not names:
        return data
    if isinstance(data, Mapping):
        return {names.get(key, key): renamed(value, names) for key, value in data.items()}
    if isinstance(data, list):
        return [renamed(item, names) for item in data]
    return data


class LoyaltyPassService(Service):
    """Base of the Loyalty Pass services: routes, field names, lenient reading."""

    _table: ClassVar[OperationTable | None] = OPERATIONS
    _converter = converter

    def __init__(
        self,
        session: Session,
        *,
        operations: OperationTable | None = None,
        field_names: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(session, operations=operations)
        self._outgoing = dict(field_names or {})
        self._incoming = {theirs: ours for ours, theirs in self._outgoing.items()}

    def _call(
        self,
        name: str,
        *,
        body: Lenient | None = None,
        query: Mapping[str, Any] | None = None,
        values: Mapping[str, Any] | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> Call:
        """The call of ``name``: its route's placeholders filled, field names mapped."""
        operation = self._operation(name)
        given = dict(values or {})
        if body is not None:
            given.update({f.name: getattr(body, f.name) for f in attrs.fields(type(body))})
        path: dict[str, str] | None = None
        if operation.parameters:
            path = {}
            for parameter in operation.parameters:
                value = given.get(parameter)
                if value is None:
                    raise ValidationError(
                        f"the route of {name} ({operation.path}) needs {parameter}",
                        field=parameter,
                    )
                path[parameter] = check_id(str(value), parameter)
        json = None
        if body is not None:
            json = renamed(self._converter.unstructure(body), self._outgoing)
        if query is not None:
            query = {self._outgoing.get(key, key): value for key, value in query.items()}
        writes = operation.idempotent is False
        return Call(
            operation,
            path=path,
            query=query,
            json=json,
            options=self._call_options(options) if options else self._options,
            context={k: str(given[k]) for k in _CONTEXT if given.get(k) is not None}
            if writes
            else None,
        )

    async def _exchange(self, call: Call) -> Response:
        response = await self._session.send(call)
        if self._capture is not None:
            self._capture.append(response)
        return response

    async def _send_body(
        self, name: str, body: Lenient | None, options: Mapping[str, Any]
    ) -> Response:
        return await self._exchange(self._call(name, body=body, options=options))

    def _decode(self, response: Response) -> Any:
        """The JSON answer with exact decimals, its keys mapped back to the SDK's names."""
        data = response.content
        if not data or data.isspace():
            return None
        try:
            decoded = codec.loads_exact(data)
        except ValueError as exc:
            raise DecodeError(
                f"expected a JSON body from HTTP {response.status}, got {len(data)} bytes "
                "that are not JSON",
                response=response,
            ) from exc
        return renamed(decoded, self._incoming)

    def _read(self, data: Any, model: type[T], response: Response) -> T:
        if not isinstance(data, Mapping):
            raise DecodeError(
                f"expected a JSON object for {model.__name__}, got {type(data).__name__}",
                response=response,
            )
        try:
            return self._converter.structure(data, model)
        except Exception as exc:  # cattrs raises several kinds; all mean "unexpected shape"
            raise DecodeError(f"the answer does not fit {model.__name__}: {exc}") from exc

    def _one(self, response: Response, model: type[T]) -> T:
        """An object answer read into ``model`` (an empty answer reads as an empty object)."""
        data = self._decode(response)
        return self._read({} if data is None else data, model, response)

    def _many(self, response: Response, model: type[T]) -> list[T]:
        """A list answer (a bare array, or the one array of an object) read into ``model``."""
        page = link_json_page(response, self._decode(response))
        return [self._read(item, model, response) for item in page.items]

    def _walk(
        self, name: str, model: type[T], query: Mapping[str, Any] | None,
        values: Mapping[str, Any] | None, options: Mapping[str, Any],
    ) -> Pager[T]:  # fmt: skip
        """One page, or every page a ``Link`` header (or ``links`` field) names."""
        first = self._call(name, query=query, values=values, options=options)

        async def fetch(url: str | None) -> Page[T]:
            call = first if url is None else attrs.evolve(
                first, operation=attrs.evolve(first.operation, path=url), path=None, query=None
            )  # fmt: skip
            response = await self._exchange(call)
            page = link_json_page(response, self._decode(response))
            return Page([self._read(item, model, response) for item in page.items], page.next)

        return Pager(fetch)


class SegmentsService(LoyaltyPassService):
    """Segments: link one to a promotion, add members to it or take them out."""

    @sends("segments.map_promotion")
    async def map_promotion(
        self, segment_id: str, promotion_id: str, *, member_id: str | None = None,
        extra: dict[str, Any] | None = None, **options: Unpack[RequestOptions],
    ) -> PromotionProducts:  # fmt: skip
        """Link the segment to the promotion; the promotional products (for the member).

        Promotion Segment Mapping API. The fields are assumed (``segmentId``,
        ``promotionId``, ``memberId``); ``extra`` adds fields as they are.
        """
        body = PromotionMapping(
            segment_id=segment_id, promotion_id=promotion_id, member_id=member_id,
            extra=extra or {},
        )  # fmt: skip
        response = await self._exchange(
            self._call("segments.map_promotion", body=body, options=options)
        )
        return self._one(response, PromotionProducts)

    @sends("segments.add_member")
    async def add_member(
        self, segment_id: str, member_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Add the member to the segment (Segment Member Mapping API)."""
        body = SegmentMember(segment_id=segment_id, member_id=member_id)
        await self._send_body("segments.add_member", body, options)

    @sends("segments.remove_member")
    async def remove_member(
        self, segment_id: str, member_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Take the member out of the segment (Segment Member Mapping API)."""
        body = SegmentMember(segment_id=segment_id, member_id=member_id)
        await self._send_body("segments.remove_member", body, options)


class EarnService(LoyaltyPassService):
    """Earning points: preview a basket, post a transaction, reverse it, reward an event.

    ``earn``, ``reverse`` and ``reward_event`` move points, and nothing says the API
    de-duplicates them: after an ambiguous failure (sent, no answer) they are never sent
    again by the SDK. The call ends in :class:`~loyalty_async.errors.OutcomeUnknownError`
    carrying the member, the reference and the amount: check the member's
    :meth:`~MembersService.transactions` for the reference before sending it again.
    """

    @sends("earn.evaluate_basket")
    async def evaluate_basket(
        self, basket: Basket, **options: Unpack[RequestOptions]
    ) -> PointsPreview:
        """The points the basket would earn, in real time; nothing is posted."""
        if not isinstance(basket, Basket):
            raise ValidationError("basket must be a Basket", field="basket")
        response = await self._exchange(
            self._call("earn.evaluate_basket", body=basket, options=options)
        )
        return self._one(response, PointsPreview)

    @sends("earn.earn")
    async def earn(self, request: EarnRequest, **options: Unpack[RequestOptions]) -> PointsPosted:
        """Compute and post the points of a transaction (Earn API).

        Keep the answer (or at least your ``reference``): :meth:`reverse` is keyed by it.
        The answer's ``reference`` is the server's if it sends one, else yours.
        """
        if not isinstance(request, EarnRequest):
            raise ValidationError("request must be an EarnRequest", field="request")
        response = await self._send_body("earn.earn", request, options)
        posted = self._one(response, PointsPosted)
        if posted.reference is None:
            posted.reference = request.reference
        return posted

    @sends("earn.reverse")
    async def reverse(
        self, earned: PointsPosted | str, *, reason: str | None = None,
        extra: dict[str, Any] | None = None, **options: Unpack[RequestOptions],
    ) -> PointsPosted:  # fmt: skip
        """Reverse an earn by posting the negative transaction (Earn Reversal API).

        ``earned`` is what :meth:`earn` answered, or its reference.
        """
        if isinstance(earned, PointsPosted):
            reference = earned.reference
            if reference is None:
                raise ValidationError("the earn has no reference to reverse", field="earned")
        else:
            reference = earned
        body = ReversalRequest(reference=reference, reason=reason, extra=extra or {})
        response = await self._send_body("earn.reverse", body, options)
        return self._one(response, PointsPosted)

    @sends("earn.reward_event")
    async def reward_event(
        self, request: RewardEventRequest, **options: Unpack[RequestOptions]
    ) -> PointsPosted:
        """Bonus points for something the member did (Event Rewarding API)."""
        if not isinstance(request, RewardEventRequest):
            raise ValidationError("request must be a RewardEventRequest", field="request")
        response = await self._exchange(
            self._call("earn.reward_event", body=request, options=options)
        )
        return self._one(response, PointsPosted)


class BurnService(LoyaltyPassService):
    """Spending points."""

    @sends("burn.redeem_voucher")
    async def redeem_voucher(
        self, request: VoucherRequest, **options: Unpack[RequestOptions]
    ) -> Voucher:
        """Convert points into a gift voucher for the web shop (Redeem Points Voucher API).

        Never resent after an ambiguous failure (see :class:`EarnService`); a redemption
        beyond the balance is refused by the platform.
        """
        if not isinstance(request, VoucherRequest):
            raise ValidationError("request must be a VoucherRequest", field="request")
        response = await self._exchange(
            self._call("burn.redeem_voucher", body=request, options=options)
        )
        return self._one(response, Voucher)


class ProgramService(LoyaltyPassService):
    """What the programme is configured with."""

    @sends("program.languages")
    async def languages(self, **options: Unpack[RequestOptions]) -> list[Language]:
        """The languages the programme is configured in (Languages API)."""
        response = await self._exchange(self._call("program.languages", options=options))
        return self._many(response, Language)


class MembersService(LoyaltyPassService):
    """A member's identity hand-off and points history."""

    @sends("members.identification_cookie")
    async def identification_cookie(self, member_id: str, **options: Unpack[RequestOptions]) -> str:
        """The cookie value that carries the member's identity (Identification user API).

        Read from a JSON ``cookie`` (or ``value``) field, a JSON string, the ``Set-Cookie``
        header, or the text body, in that order; returned as it came.
        """
        body = MemberRequest(member_id=member_id)
        response = await self._exchange(
            self._call("members.identification_cookie", body=body, options=options)
        )
        data: Any = None
        try:
            data = self._decode(response)
        except DecodeError:
            data = None
        if isinstance(data, Mapping):
            for key in ("cookie", "value", to_camel("identification_cookie")):
                if isinstance(data.get(key), str) and data[key]:
                    return str(data[key])
        if isinstance(data, str) and data:
            return data
        header = response.headers.get("Set-Cookie")
        if header:
            return header
        text = response.text.strip()
        if text and data is None:
            return text
        raise DecodeError("the answer carries no cookie", response=response)

    @sends("members.transactions")
    def transactions(self, member_id: str, **options: Unpack[RequestOptions]) -> Pager[Transaction]:
        """The member's points history, with the reward orders' statuses.

        Transaction History API. Every page a ``Link`` header names is followed.
        """
        member = check_id(member_id, "member_id")
        return self._walk(
            "members.transactions", Transaction, {"memberId": member}, {"member_id": member},
            options,
        )  # fmt: skip


class CatalogService(LoyaltyPassService):
    """The reward catalogue."""

    @sends("catalog.categories")
    async def categories(self, **options: Unpack[RequestOptions]) -> list[Category]:
        """Every active reward category (Get Client Category API)."""
        response = await self._exchange(self._call("catalog.categories", options=options))
        return self._many(response, Category)

    @sends("catalog.gifts")
    def gifts(self, **options: Unpack[RequestOptions]) -> Pager[Gift]:
        """The client's validated rewards with all their attributes (JSON gifts API)."""
        return self._walk("catalog.gifts", Gift, None, None, options)
