"""Account coupons: the coupons a member holds, promo codes, and their redemptions."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from typing_extensions import Unpack

from loyalty_async.convercus.enums import CouponIdType, IdType
from loyalty_async.convercus.errors import CouponRedemptionError
from loyalty_async.convercus.models.coupons import AccountCoupon, CouponRedemption, Redemption
from loyalty_async.convercus.services.base import (
    AccountRef,
    ConvercusService,
    RequestOptions,
    sends,
    twin,
)
from loyalty_async.convercus.validation import check_enum
from loyalty_async.errors import DecodeError, OutcomeUnknownError, ValidationError
from loyalty_async.operations.checks import check_id
from loyalty_async.recipes import exactly_once
from loyalty_async.transport.base import Response


class AccountCouponsService(ConvercusService, prefix="account_coupons"):
    """Account coupons and promo codes: list, read, redeem, preview, activate, cancel.

    ``id_type=CouponIdType.PROMOCODE`` addresses a promo code (``account`` then required).
    Refusals raise ``CouponRedemptionError`` with a ``CouponErrorCode``. A redemption that
    may have landed is never resent: ask :meth:`reconcile_redemption` whether it happened.
    """

    _refusals = CouponRedemptionError

    async def list_for_account(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[AccountCoupon]:  # fmt: skip
        """The coupons assigned to an account (``GET /v2/accounts/{id}/accountcoupons``)."""

    async def list_redemptions_for_account(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[CouponRedemption]:  # fmt: skip
        """Every coupon redemption of an account (``GET /accounts/{id}/couponredemptions``)."""

    @sends("account_coupons.get")
    async def get(
        self, coupon: str, *, id_type: CouponIdType | str = CouponIdType.ID,
        **options: Unpack[RequestOptions],
    ) -> AccountCoupon:  # fmt: skip
        """An account coupon by id, or the coupon behind a promo code (``PROMOCODE``)."""
        ref, kind = _coupon_ref(coupon, id_type)
        response = await self._send(
            "account_coupons.get", path={"accountCouponIdOrCode": ref}, headers={"id-type": kind},
            options=options,
        )  # fmt: skip
        return self._structure(response, AccountCoupon)

    @sends("account_coupons.redeem")
    async def redeem(
        self, coupon: str, *, id_type: CouponIdType | str = CouponIdType.ID,
        account: str | None = None, transaction_external_id: str | None = None,
        amount: Decimal | None = None, **options: Unpack[RequestOptions],
    ) -> CouponRedemption:  # fmt: skip
        """Redeem an account coupon or a promo code (``account`` required for a promo code).

        ``transaction_external_id`` (the receipt) also makes :meth:`reconcile_redemption` exact.
        """
        ref, kind = _coupon_ref(coupon, id_type)
        body = self._redemption(kind, account, transaction_external_id, amount)
        with exactly_once.stamped():
            response = await self._send(
                "account_coupons.redeem",
                path={"accountCouponIdOrCode": ref},
                headers={"id-type": kind},
                json=body,
                context=_redeem_context("account_coupons.redeem", ref, kind, body),
                options=options,
            )
        return self._structure(response, CouponRedemption)

    @sends("account_coupons.preview_redeem")
    async def preview_redeem(
        self, coupon: str, *, id_type: CouponIdType | str = CouponIdType.ID,
        account: str | None = None, transaction_external_id: str | None = None,
        amount: Decimal | None = None, **options: Unpack[RequestOptions],
    ) -> CouponRedemption:  # fmt: skip
        """What :meth:`redeem` would do, changing nothing (``REWARD`` coupons only)."""
        ref, kind = _coupon_ref(coupon, id_type)
        response = await self._send(
            "account_coupons.preview_redeem",
            path={"accountCouponIdOrCode": ref},
            headers={"id-type": kind},
            json=self._redemption(kind, account, transaction_external_id, amount),
            options=options,
        )
        return self._structure(response, CouponRedemption)

    @sends("account_coupons.get_code")
    async def get_code(self, account_coupon_id: str, **options: Unpack[RequestOptions]) -> str:
        """The code to show or scan for an account coupon."""
        ref = check_id(account_coupon_id, "account_coupon_id")
        response = await self._send(
            "account_coupons.get_code", path={"accountCouponId": ref}, options=options
        )
        return self._read_code(response)

    async def set_activation(
        self, account_coupon_id: str, active: bool, **options: Unpack[RequestOptions]
    ) -> AccountCoupon | None:
        """Activate or deactivate an account coupon; never resent (:meth:`get` tells its state)."""

    async def cancel_redemption(
        self, redemption_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Cancel a redemption (a ``CouponNotFoundError`` after a resend: the first did it)."""

    async def get_v2(
        self, account_coupon_id: str, **options: Unpack[RequestOptions]
    ) -> AccountCoupon:
        """An account coupon from the deprecated ``GET /v2/accountcoupons/{id}``."""

    get_code_deprecated = twin(get_code, "account_coupons.get_code_deprecated")
    get_code_v1 = twin(get_code, "account_coupons.get_code_v1")

    @sends("account_coupons.redeem_v2")
    async def redeem_v2(
        self, account_coupon_id: str, *, account: str | None = None,
        transaction_external_id: str | None = None, amount: Decimal | None = None,
        **options: Unpack[RequestOptions],
    ) -> CouponRedemption:  # fmt: skip
        """:meth:`redeem` by account coupon id on the deprecated ``/v2`` route (never resent)."""
        name = self._operation("account_coupons.redeem_v2").name
        ref = check_id(account_coupon_id, "account_coupon_id")
        kind = CouponIdType.ID.value
        body = self._redemption(kind, account, transaction_external_id, amount)
        context = _redeem_context(name, ref, kind, body)
        with exactly_once.stamped():
            response = await self._send(
                name, path={"accountCouponId": ref}, json=body, context=context, options=options
            )
        return self._structure(response, CouponRedemption)

    redeem_deprecated = twin(redeem_v2, "account_coupons.redeem_deprecated")
    redeem_put_deprecated = twin(redeem_v2, "account_coupons.redeem_put_deprecated")
    redeem_put_deprecated_2 = twin(redeem_v2, "account_coupons.redeem_put_deprecated_2")

    @sends("account_coupons.preview_redeem_v2")
    async def preview_redeem_v2(
        self, account_coupon_id: str, *, account: str | None = None,
        transaction_external_id: str | None = None, amount: Decimal | None = None,
        **options: Unpack[RequestOptions],
    ) -> CouponRedemption:  # fmt: skip
        """A redemption preview on the deprecated ``PATCH /v2/accountcoupons/{id}/preview``."""
        response = await self._send(
            "account_coupons.preview_redeem_v2",
            path={"accountCouponId": check_id(account_coupon_id, "account_coupon_id")},
            json=self._redemption(CouponIdType.ID.value, account, transaction_external_id, amount),
            options=options,
        )
        return self._structure(response, CouponRedemption)

    preview_redeem_put_deprecated = twin(
        preview_redeem_v2, "account_coupons.preview_redeem_put_deprecated"
    )

    def _redemption(
        self, kind: str, account: Any, transaction_external_id: Any, amount: Any
    ) -> dict[str, Any]:
        """The body of a redemption (or its preview): a promo code needs the account."""
        if account is None and kind == CouponIdType.PROMOCODE.value:
            raise ValidationError(
                "redeeming a promo code needs the account (its technical id)", field="account"
            )
        redemption = Redemption(
            account_id=account, transaction_external_id=transaction_external_id, amount=amount
        )
        body: dict[str, Any] = self._converter.unstructure(redemption)
        return body

    async def find_redemptions(
        self, account: str, *, account_coupon_id: str | None = None,
        transaction_external_id: str | None = None, redeemed_since: dt.datetime | None = None,
        id_type: IdType | str | None = None,
    ) -> builtins.list[CouponRedemption]:  # fmt: skip
        """The account's redemptions matching every criterion given (a missing value matches)."""
        return await exactly_once.find_redemptions(
            self, account, account_coupon_id=account_coupon_id, id_type=id_type,
            transaction_external_id=transaction_external_id, redeemed_since=redeemed_since,
        )  # fmt: skip

    async def reconcile_redemption(
        self, error: OutcomeUnknownError, *,
        clock_skew: dt.timedelta = exactly_once.DEFAULT_CLOCK_SKEW, settle: float | None = None,
    ) -> builtins.list[CouponRedemption]:  # fmt: skip
        """The redemptions matching the unknown redemption ``error`` (``[]``: redeem again).

        Waits out the settle window first (:mod:`loyalty_async.recipes.exactly_once`).
        """
        return await exactly_once.reconcile_redemption(
            self, error, clock_skew=clock_skew, settle=settle
        )

    def _read_code(self, response: Response) -> str:
        """A code: a plain-text body, a JSON string, or an object's ``code``/``couponCode``."""
        if "json" not in response.headers.get("Content-Type", "").lower():
            text = response.text.strip()
            if text and not text.startswith(("{", '"')):
                return text
        data = self._json(response)
        if isinstance(data, Mapping):
            data = data.get("code") or data.get("couponCode") or data.get("displayCode")
        if isinstance(data, str) and data:
            return data
        raise DecodeError(f"HTTP {response.status} sent no coupon code", response=response)


def _coupon_ref(coupon: Any, id_type: CouponIdType | str) -> tuple[str, str]:
    kind = check_enum(id_type, CouponIdType, "id_type")
    field = "promo_code" if kind is CouponIdType.PROMOCODE else "account_coupon_id"
    return check_id(coupon, field), kind.value


def _redeem_context(name: str, ref: str, kind: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """What identifies a redemption when its outcome is unknown."""
    return {
        "operation": name,
        "coupon": ref,
        "id_type": kind,
        "account": body.get("accountId"),
        "transaction_external_id": body.get("transactionExternalId"),
        "amount": body.get("amount"),
        "started_at": dt.datetime.now(dt.UTC),
    }
