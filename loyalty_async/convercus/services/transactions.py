"""Transactions: earn on a receipt, pay with points, and retail transactions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from loyalty_async import codec
from loyalty_async.convercus.enums import IdType, TransactionType
from loyalty_async.convercus.errors import TransactionRejectedError, refusals_as
from loyalty_async.convercus.models.earn_burn import Transaction, TransactionRequest
from loyalty_async.convercus.services.base import (
    DEFAULT_PAGE_SIZE,
    AccountRef,
    ConvercusService,
    RequestOptions,
    sends,
)
from loyalty_async.errors import OutcomeUnknownError, ValidationError
from loyalty_async.paging import Pager
from loyalty_async.recipes import exactly_once
from loyalty_async.transport.base import Response

#: The writes that carry an ``externalId`` and may therefore be sent again as they are.
_RESENDABLE = frozenset({"transactions.create_for_account", "transactions.book_revenue"})


class TransactionsService(ConvercusService, prefix="transactions"):
    """Transactions, exactly once under faults.

    Every transaction carries a unique ``externalId`` (yours, or one minted per call), so
    it is resent after a fault and booked once. If every attempt fails, the
    ``OutcomeUnknownError`` goes to :meth:`resend` (or :meth:`find_by_external_id`).
    """

    _refusals = TransactionRejectedError

    def list_for_account(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE, start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[Transaction]:  # fmt: skip
        """Walk an account's transactions, page by page (``GET /v2/accounts/{id}/transactions``)."""

    async def list_for_account_deprecated(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> list[Transaction]:  # fmt: skip
        """An account's transactions from the deprecated unversioned path (one bare array)."""

    @sends("transactions.create_for_account")
    async def create_for_account(
        self, account: AccountRef, transaction: TransactionRequest, *,
        id_type: IdType | str | None = None, **options: Unpack[RequestOptions],
    ) -> Transaction:  # fmt: skip
        """Book a receipt: earn (``EARNTRANSACTION``) or burn (``PAYWITHPOINTS``); return it.

        A known ``external_id`` is not booked again (the existing transaction comes back).
        Refusals raise ``TransactionRejectedError`` (e.g. ``INSUFFICIENT_POINTS``).
        """
        ref, headers = self._account_ref(account, id_type)
        body = transaction_body(transaction, mint=True)
        kind = headers["id-type"] if headers else None
        response = await self._send(
            "transactions.create_for_account",
            path={"accountId": ref},
            headers=headers,
            json=body,
            context=_context(body, account=ref, id_type=kind),
            options=options,
        )
        return self._booked(response, body)

    async def preview_for_account(
        self, account: AccountRef, transaction: TransactionRequest, *,
        id_type: IdType | str | None = None, **options: Unpack[RequestOptions],
    ) -> Transaction:  # fmt: skip
        """Compute what a receipt would earn or take on an account, booking nothing."""

    async def incentivate(
        self, account: AccountRef, transaction_id: str, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Transaction | None:  # fmt: skip
        """Credit an existing (e.g. anonymous) transaction to an account.

        Never resent: after an unknown outcome, :meth:`get` tells (is ``account_id`` set?).
        """

    async def get(self, transaction_id: str, **options: Unpack[RequestOptions]) -> Transaction:
        """A transaction by its technical id (``GET /transactions/{transactionId}``)."""

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[Transaction]:  # fmt: skip
        """Walk retail transactions; ``filters`` (undocumented names) go to the query as given."""

    @sends("transactions.book_revenue")
    async def book_revenue(
        self, transaction: TransactionRequest, **options: Unpack[RequestOptions]
    ) -> Transaction:
        """Book a revenue transaction without an account (credit it later with :meth:`incentivate`).

        Same body and exactly-once rules as :meth:`create_for_account`.
        """
        body = transaction_body(transaction, mint=True)
        response = await self._send(
            "transactions.book_revenue",
            json=body,
            context=_context(body, account=None),
            options=options,
        )
        return self._booked(response, body)

    async def preview(
        self, transaction: TransactionRequest, **options: Unpack[RequestOptions]
    ) -> Transaction:
        """Compute a revenue transaction without booking it."""

    async def find_by_external_id(
        self, account: AccountRef, external_id: str, *, id_type: IdType | str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Transaction | None:  # fmt: skip
        """The account's transaction with this receipt id, or ``None`` if it was never booked."""
        return await exactly_once.find_transaction(
            self, account, external_id, id_type=id_type, page_size=page_size
        )

    async def resend(self, error: OutcomeUnknownError) -> Transaction:
        """Send a transaction whose outcome is unknown once more, byte for byte; return it.

        For :meth:`create_for_account` and :meth:`book_revenue`: the same ``externalId``
        makes the server book it at most once, so you get the one transaction either way.
        """
        if not isinstance(error, OutcomeUnknownError) or error.operation not in _RESENDABLE:
            raise ValidationError(
                f"only a transaction create or revenue booking can be resent, not "
                f"{getattr(error, 'operation', error)!r}",
                field="error",
            )
        try:
            call = error.resend_call()
        except ValueError as exc:
            raise ValidationError(
                f"this transaction cannot be resent: {exc}", field="error"
            ) from None
        # The very bytes first sent go out again (amounts keep every digit; the per-call
        # headers, such as another interaction-id, are kept too).
        sent = codec.loads_exact(error.body) if error.body else {}
        with refusals_as(TransactionRejectedError):
            response = await self._session.send(call)
        if self._capture is not None:
            self._capture.append(response)
        return self._booked(response, sent)

    def _booked(self, response: Response, body: Mapping[str, Any]) -> Transaction:
        """The booked transaction; from ``Location`` and the request when the body is empty."""
        booked = self._optional(response, Transaction)
        if booked is not None:
            return booked
        return Transaction(
            transaction_id=self._location_id(response),
            external_id=body.get("externalId"),
            transaction_type=TransactionType(body["transactionType"]),
            amount=body["amount"],
            currency_code=body["currencyCode"],
        )


def transaction_body(transaction: TransactionRequest, *, mint: bool) -> dict[str, Any]:
    """Validate a receipt and make its JSON body (see :meth:`TransactionRequest.checked`)."""
    if not isinstance(transaction, TransactionRequest):
        raise ValidationError(
            f"transaction must be a TransactionRequest, got {type(transaction).__name__}",
            field="transaction",
        )
    body: dict[str, Any] = ConvercusService._converter.unstructure(transaction.checked(mint=mint))
    return body


def _context(
    body: Mapping[str, Any], *, account: str | None, id_type: str | None = None
) -> dict[str, Any]:
    """What identifies a transaction write when its outcome is unknown."""
    return {
        "account": account,
        "id_type": id_type,
        "external_id": body.get("externalId"),
        "transaction_type": body["transactionType"],
        "amount": body["amount"],
        "currency_code": body["currencyCode"],
    }
