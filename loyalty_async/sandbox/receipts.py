"""Receipts as the API takes them, and the earn rule that prices them in points."""

from __future__ import annotations

import math
from decimal import Decimal

import attrs

from loyalty_async.convercus.enums import TransactionType
from loyalty_async.convercus.validation import CURRENCY_CODES
from loyalty_async.sandbox import values
from loyalty_async.sandbox.problems import invalid

EARN_TRANSACTION = TransactionType.EARNTRANSACTION.value
PAY_WITH_POINTS = TransactionType.PAYWITHPOINTS.value

#: Transaction types as sent → as booked. The Braze integration spells the burn
#: ``PAYWITHPOINTSTRANSACTION`` (not a declared member); it is read as ``PAYWITHPOINTS``.
TRANSACTION_TYPES = {
    **{kind.value: kind.value for kind in TransactionType},
    f"{PAY_WITH_POINTS}TRANSACTION": PAY_WITH_POINTS,
}


def _positive_decimal(
    instance: object, attribute: attrs.Attribute[Decimal], value: Decimal
) -> None:
    if not value.is_finite() or value <= 0:
        raise ValueError(f"{attribute.name} must be a number > 0, got {value}")


@attrs.frozen
class EarnRule:
    """How receipts turn into points.

    An ``EARNTRANSACTION`` earns ``amount * points_per_unit`` points, rounded down. A
    ``PAYWITHPOINTS`` of ``amount`` costs ``amount / point_value`` points, rounded up (the
    member never pays less than the amount is worth). ``point_value`` also prices the
    balance in ``GET …/balance/EUR``.
    """

    points_per_unit: Decimal = attrs.field(
        default=Decimal(1), converter=Decimal, validator=_positive_decimal
    )
    point_value: Decimal = attrs.field(
        default=Decimal("0.01"), converter=Decimal, validator=_positive_decimal
    )
    currency: str = "EUR"

    def earned(self, amount: Decimal) -> int:
        """Points earned on a receipt of ``amount``."""
        return math.floor(amount * self.points_per_unit)

    def cost(self, amount: Decimal) -> int:
        """Points a payment of ``amount`` takes."""
        return math.ceil(amount / self.point_value)


@attrs.frozen
class Receipt:
    """A receipt read from a transaction body (line and tender items checked, not kept)."""

    transaction_type: str
    amount: Decimal
    currency_code: str
    external_id: str | None
    transaction_time: str | None
    value_time: str | None
    reason: str | None


def read_receipt(body: values.Body, rule: EarnRule) -> Receipt:
    """Read and check a transaction body; the currency defaults to the rule's."""
    kind = values.need_text(body, "transactionType")
    if kind not in TRANSACTION_TYPES:
        values.member(kind, TransactionType, "transactionType")  # raises
    total = values.amount(body, "amount", required=True)
    assert total is not None  # required=True raised otherwise
    currency = values.text(body, "currencyCode") or rule.currency
    if currency not in CURRENCY_CODES:
        raise invalid(f"currencyCode must be an ISO 4217 code, got {currency!r}", "currencyCode")
    external_id = values.text(body, "externalId")
    if external_id is not None and not external_id.strip():
        raise invalid("externalId must not be blank", "externalId")
    _check_items(body, total)
    link = body.get("linkedTransaction")
    if link is not None:
        values.as_object(link, "linkedTransaction")
    return Receipt(
        transaction_type=TRANSACTION_TYPES[kind],
        amount=total,
        currency_code=currency,
        external_id=external_id,
        transaction_time=values.timestamp(body, "transactionTime"),
        value_time=values.timestamp(body, "valueTime"),
        reason=values.text(body, "reason"),
    )


def _check_items(body: values.Body, total: Decimal) -> None:
    """Line and tender items must be well formed; line items must add up to ``amount``."""
    for field in ("lineItems", "tenderItems"):
        items = body.get(field)
        if items is not None and not isinstance(items, list):
            raise invalid(f"{field} must be an array", field)
    lines = body.get("lineItems") or []
    extended: list[Decimal] = []
    for index, item in enumerate(lines):
        entry = values.as_object(item, f"lineItems[{index}]")
        if entry.get("extendedAmount") is not None:
            extended.append(
                values.signed_amount(entry["extendedAmount"], f"lineItems[{index}].extendedAmount")
            )
    if lines and len(extended) == len(lines) and sum(extended, Decimal(0)) != total:
        raise invalid(
            f"amount {total} must equal the sum of lineItems[].extendedAmount "
            f"({sum(extended, Decimal(0))})",
            "amount",
            "lineItems",
        )
    for index, item in enumerate(body.get("tenderItems") or []):
        entry = values.as_object(item, f"tenderItems[{index}]")
        if entry.get("amount") is not None:
            values.signed_amount(entry["amount"], f"tenderItems[{index}].amount")
