"""Transactions: earn on a receipt, pay with points, and retail transactions."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from loyalty_async.convercus.enums import IdType, TransactionType
from loyalty_async.convercus.errors import TransactionRejectedError
from loyalty_async.convercus.models.earn_burn import (
    LineItem,
    LineItemType,
    LinkedTransaction,
    TenderItem,
    Transaction,
    TransactionRequest,
)
from loyalty_async.convercus.services.base import (
    DEFAULT_PAGE_SIZE,
    ConvercusService,
    check_filters,
    mint_id,
    sends,
)
from loyalty_async.convercus.validation import (
    check_amount,
    check_aware,
    check_currency,
    check_enum,
    check_optional_text,
    check_text,
)
from loyalty_async.errors import OutcomeUnknownError, ValidationError
from loyalty_async.paging import Pager
from loyalty_async.transport.base import Response

#: The writes that carry an ``externalId`` and may therefore be sent again as they are.
_RESENDABLE = frozenset({"transactions.create_for_account", "transactions.book_revenue"})


class TransactionsService(ConvercusService):
    """Create, preview, list and read transactions, exactly once under faults.

    Every transaction carries a unique ``externalId`` (yours, or one minted once per call),
    so the session resends it after a 5xx, a timeout or a dropped connection and the server
    books it once. If every attempt fails, the call raises
    :class:`~loyalty_async.errors.OutcomeUnknownError` with ``resend_safe`` true: pass it to
    :meth:`resend`, or look the receipt up with :meth:`find_by_external_id`.
    """

    _refusals = TransactionRejectedError

    # ------------------------------------------------------------------ account transactions

    @sends("transactions.list_for_account")
    def list_for_account(
        self,
        account: str,
        *,
        id_type: IdType | str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0,
    ) -> Pager[Transaction]:
        """Walk an account's transactions, page by page (``GET /v2/accounts/{id}/transactions``)."""
        ref, header = self._account(account, id_type)
        return self._pager(
            "transactions.list_for_account",
            Transaction,
            page_size=page_size,
            start_page=start_page,
            path={"accountId": ref},
            id_type=header,
        )

    @sends("transactions.list_for_account_deprecated")
    async def list_for_account_deprecated(
        self, account: str, *, id_type: IdType | str | None = None
    ) -> list[Transaction]:
        """An account's transactions from the deprecated unversioned path (one bare array)."""
        ref, header = self._account(account, id_type)
        response = await self._send(
            "transactions.list_for_account_deprecated",
            path={"accountId": ref},
            id_type=header,
        )
        return self._structure_list(response, Transaction)

    @sends("transactions.create_for_account")
    async def create_for_account(
        self,
        account: str,
        transaction: TransactionRequest,
        *,
        id_type: IdType | str | None = None,
    ) -> Transaction:
        """Book a receipt on an account: earn (``EARNTRANSACTION``) or burn (``PAYWITHPOINTS``).

        Returns the booked transaction with the points it earned or took. A receipt whose
        ``external_id`` the program already has is not booked again: the server answers
        with the existing transaction. Raises :class:`TransactionRejectedError` (e.g.
        ``INSUFFICIENT_POINTS``) when refused.
        """
        ref, header = self._account(account, id_type)
        body = transaction_body(transaction, mint=True)
        response = await self._send(
            "transactions.create_for_account",
            path={"accountId": ref},
            id_type=header,
            json=body,
            context=_context(body, account=ref, id_type=header),
        )
        return self._booked(response, body)

    @sends("transactions.preview_for_account")
    async def preview_for_account(
        self,
        account: str,
        transaction: TransactionRequest,
        *,
        id_type: IdType | str | None = None,
    ) -> Transaction:
        """Compute what a receipt would earn or take on an account, booking nothing."""
        ref, header = self._account(account, id_type)
        response = await self._send(
            "transactions.preview_for_account",
            path={"accountId": ref},
            id_type=header,
            json=transaction_body(transaction, mint=False),
        )
        return self._structure(response, Transaction)

    @sends("transactions.incentivate")
    async def incentivate(
        self, account: str, transaction_id: str, *, id_type: IdType | str | None = None
    ) -> Transaction | None:
        """Credit an existing (e.g. anonymous) transaction to an account.

        Not resent after an ambiguous failure; reconcile with :meth:`get` (is the
        transaction's ``account_id`` set?). Returns the transaction if the server sends it.
        """
        ref, header = self._account(account, id_type)
        tid = check_text(transaction_id, "transaction_id")
        response = await self._send(
            "transactions.incentivate",
            path={"accountId": ref, "transactionId": tid},
            id_type=header,
            context={"account": ref, "id_type": header, "transaction_id": tid},
        )
        return self._optional(response, Transaction)

    # ------------------------------------------------------------------ retail transactions

    @sends("transactions.get")
    async def get(self, transaction_id: str) -> Transaction:
        """A transaction by its technical id (``GET /transactions/{transactionId}``)."""
        response = await self._send(
            "transactions.get", path={"transactionId": check_text(transaction_id, "transaction_id")}
        )
        return self._structure(response, Transaction)

    @sends("transactions.list")
    def list(
        self,
        *,
        filters: Mapping[str, Any] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0,
    ) -> Pager[Transaction]:
        """Walk retail transactions; ``filters`` are passed as query parameters as they are.

        The filter names are not documented; ``page``/``size`` are set by the pager.
        """
        return self._pager(
            "transactions.list",
            Transaction,
            page_size=page_size,
            start_page=start_page,
            params=check_filters(filters),
        )

    @sends("transactions.book_revenue")
    async def book_revenue(self, transaction: TransactionRequest) -> Transaction:
        """Book a revenue transaction without an account (``POST /transactions``).

        Same body and the same exactly-once rules as :meth:`create_for_account`; the
        receipt can be credited to an account later with :meth:`incentivate`.
        """
        body = transaction_body(transaction, mint=True)
        response = await self._send(
            "transactions.book_revenue", json=body, context=_context(body, account=None)
        )
        return self._booked(response, body)

    @sends("transactions.preview")
    async def preview(self, transaction: TransactionRequest) -> Transaction:
        """Compute a revenue transaction without booking it (``POST /transactions/preview``)."""
        response = await self._send(
            "transactions.preview", json=transaction_body(transaction, mint=False)
        )
        return self._structure(response, Transaction)

    # ------------------------------------------------------------------ reconciliation

    async def find_by_external_id(
        self,
        account: str,
        external_id: str,
        *,
        id_type: IdType | str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Transaction | None:
        """The account's transaction with this receipt id, or ``None`` if it was never booked.

        Walks the account's transactions until it finds the receipt.
        """
        wanted = check_text(external_id, "external_id")
        async for transaction in self.list_for_account(
            account, id_type=id_type, page_size=page_size
        ):
            if transaction.external_id == wanted:
                return transaction
        return None

    async def resend(self, error: OutcomeUnknownError) -> Transaction:
        """Send a transaction whose outcome is unknown once more, byte for byte.

        Only for :meth:`create_for_account` and :meth:`book_revenue`: the request carries
        the same ``externalId``, so the server books it if the first call never landed and
        answers with the existing transaction if it did. Either way you get the one
        transaction.
        """
        request = error.request
        body = request.decoded_json() if request is not None else None
        if error.operation not in _RESENDABLE or request is None or not isinstance(body, dict):
            raise ValidationError(
                f"only a transaction create or revenue booking can be resent, not "
                f"{error.operation!r}",
                field="error",
            )
        response = await self._send(
            error.operation,
            path=request.extensions.get("path_params"),
            id_type=request.headers.get("id-type"),
            json=body,
            context=error.context,
        )
        return self._booked(response, body)

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
    """Validate a receipt and build its JSON body (camelCase, amounts as exact numbers).

    ``mint`` gives a receipt without ``external_id`` a fresh one; a preview books nothing
    and needs none. Refused before any request: an unknown type, a float or non-finite
    amount, a bad currency, a naive time, and an ``amount`` that differs from the sum of
    the line items' ``extended_amount``.
    """
    if not isinstance(transaction, TransactionRequest):
        raise ValidationError(
            f"transaction must be a TransactionRequest, got {type(transaction).__name__}",
            field="transaction",
        )
    kind = check_enum(transaction.transaction_type, TransactionType, "transaction_type")
    amount = check_amount(transaction.amount, "amount")
    body: dict[str, Any] = {
        "transactionType": kind.value,
        "amount": amount,
        "currencyCode": check_currency(transaction.currency_code, "currency_code"),
    }
    external_id = check_optional_text(transaction.external_id, "external_id")
    if external_id is None and mint:
        external_id = mint_id()
    if external_id is not None:
        body["externalId"] = external_id
    when = transaction.transaction_time
    if when is None:
        when = dt.datetime.now(dt.timezone.utc) if mint else None
    if when is not None:
        body["transactionTime"] = check_aware(when, "transaction_time").isoformat()
    if transaction.value_time is not None:
        body["valueTime"] = check_aware(transaction.value_time, "value_time").isoformat()
    reason = check_optional_text(transaction.reason, "reason")
    if reason is not None:
        body["reason"] = reason
    if transaction.line_items:
        body["lineItems"] = _line_items(transaction.line_items, amount)
    if transaction.tender_items:
        body["tenderItems"] = [
            _tender_item(item, f"tender_items[{i}]")
            for i, item in enumerate(transaction.tender_items)
        ]
    if transaction.linked_transaction is not None:
        body["linkedTransaction"] = _linked(transaction.linked_transaction)
    body.update(_receipt_image(transaction))
    return body


def _line_items(items: Sequence[LineItem], amount: Decimal) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    total = Decimal(0)
    for i, item in enumerate(items):
        where = f"line_items[{i}]"
        if not isinstance(item, LineItem):
            raise ValidationError(f"{where} must be a LineItem", field=where)
        if item.extended_amount is None:
            raise ValidationError(f"{where}.extended_amount is required", field=where)
        extended = check_amount(item.extended_amount, f"{where}.extended_amount")
        total += extended
        line: dict[str, Any] = {}
        if item.item_id is not None:
            line["itemId"] = check_text(item.item_id, f"{where}.item_id")
        if item.description is not None:
            line["description"] = item.description
        if item.quantity is not None:
            line["quantity"] = check_amount(item.quantity, f"{where}.quantity")
        if item.unit_price is not None:
            line["unitPrice"] = check_amount(item.unit_price, f"{where}.unit_price")
        line["extendedAmount"] = extended
        if item.type is not None:
            line["type"] = check_enum(item.type, LineItemType, f"{where}.type").value
        lines.append(line)
    if total != amount:
        raise ValidationError(
            f"amount {amount} differs from the sum of the line items' extended_amount "
            f"({total}); the receipt total must equal its lines",
            field="amount",
        )
    return lines


def _tender_item(item: TenderItem, where: str) -> dict[str, Any]:
    if not isinstance(item, TenderItem):
        raise ValidationError(f"{where} must be a TenderItem", field=where)
    tender: dict[str, Any] = {"type": check_text(item.type, f"{where}.type")}
    if item.amount is None:
        raise ValidationError(f"{where}.amount is required", field=where)
    tender["amount"] = check_amount(item.amount, f"{where}.amount")
    return tender


def _linked(linked: LinkedTransaction) -> dict[str, str]:
    if not isinstance(linked, LinkedTransaction):
        raise ValidationError(
            "linked_transaction must be a LinkedTransaction", field="linked_transaction"
        )
    if (linked.external_id is None) == (linked.transaction_id is None):
        raise ValidationError(
            "linked_transaction needs exactly one of external_id and transaction_id",
            field="linked_transaction",
        )
    if linked.external_id is not None:
        return {"externalId": check_text(linked.external_id, "linked_transaction.external_id")}
    return {"transactionId": check_text(linked.transaction_id, "linked_transaction.transaction_id")}


def _receipt_image(transaction: TransactionRequest) -> dict[str, str]:
    image, url = transaction.receipt_image, transaction.receipt_image_url
    if image is not None and url is not None:
        raise ValidationError(
            "give receipt_image or receipt_image_url, not both", field="receipt_image"
        )
    if image is not None:
        if not isinstance(image, bytes | bytearray) or not image:
            raise ValidationError("receipt_image must be non-empty bytes", field="receipt_image")
        return {"receiptImageData": base64.b64encode(image).decode("ascii")}
    if url is not None:
        return {"receiptImageUrl": check_text(url, "receipt_image_url")}
    return {}


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
