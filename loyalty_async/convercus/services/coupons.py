"""Coupon definitions and what hangs off them: assignations, batches, promo codes, images.

Every path is inferred (``ConvercusClient(routes=...)`` corrects one).
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from typing_extensions import Unpack

from loyalty_async.codec import MultipartFile, encode_multipart
from loyalty_async.convercus.models.coupons import (
    Assignment,
    BatchAssignment,
    Coupon,
    CouponAssignment,
    CouponBatch,
    CouponBatchError,
    CouponImage,
    PromoCode,
)
from loyalty_async.convercus.services.base import (
    DEFAULT_PAGE_SIZE,
    ConvercusService,
    RequestOptions,
    sends,
    twin,
)
from loyalty_async.convercus.validation import check_image_type
from loyalty_async.errors import NotFoundError, OutcomeUnknownError, ValidationError
from loyalty_async.operations.checks import check_id
from loyalty_async.operations.service import SubService
from loyalty_async.paging import Pager
from loyalty_async.recipes import exactly_once


class CouponAssignmentsService(ConvercusService, prefix="coupons.assignments"):
    """One account's assignation to a coupon (the account then holds an account coupon).

    One that may have landed is never resent: ask :meth:`reconcile` whether it happened.
    """

    async def list(
        self, coupon_id: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[CouponAssignment]:
        """The accounts assigned to a coupon (``GET /coupons/{couponId}/accounts``)."""

    @sends("coupons.assignments.assign")
    async def assign(
        self, coupon_id: str, account: str, *, valid_from: dt.datetime | None = None,
        valid_to: dt.datetime | None = None, **options: Unpack[RequestOptions],
    ) -> CouponAssignment:  # fmt: skip
        """Assign an account (technical id) to a coupon; the assignation (built if not sent)."""
        coupon = check_id(coupon_id, "coupon_id")
        request = Assignment(account_id=account, valid_from=valid_from, valid_to=valid_to)
        body = self._converter.unstructure(request)
        with exactly_once.stamped():
            response = await self._send(
                "coupons.assignments.assign",
                path={"couponId": coupon},
                json=body,
                context={"coupon_id": coupon, "account": request.account_id, **body},
                options=options,
            )
        assignment = self._optional(response, CouponAssignment)
        if assignment is None:
            assignment = CouponAssignment(account_id=request.account_id, coupon_id=coupon)
            if response.headers.get("Location"):
                assignment.account_coupon_id = self._location_id(response)
        return assignment

    async def unassign(
        self, coupon_id: str, account: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Remove an account from a coupon (``DELETE /coupons/{couponId}/accounts/{accountId}``)."""

    @sends("coupons.assignments.count")
    async def count(self, coupon_id: str, **options: Unpack[RequestOptions]) -> int:
        """How many accounts a coupon is assigned to."""
        response = await self._send(
            "coupons.assignments.count",
            path={"couponId": check_id(coupon_id, "coupon_id")},
            options=options,
        )
        return self._count(response)

    async def get(
        self, coupon_id: str, account: str, **options: Unpack[RequestOptions]
    ) -> CouponAssignment:
        """An account's assignation to a coupon; ``NotFoundError`` if it has none."""

    async def update_redemption_limit(
        self, coupon_id: str, account: str, max_redeem_count: int, **options: Unpack[RequestOptions]
    ) -> CouponAssignment | None:
        """Set how often this account may redeem the coupon (body ``{"maxRedeemCount"}``)."""

    async def find(self, coupon_id: str, account: str) -> CouponAssignment | None:
        """The account's assignation to the coupon, or ``None`` if it has none."""
        return await exactly_once.find_assignment(self, coupon_id, account)

    async def reconcile(
        self, error: OutcomeUnknownError, *, settle: float | None = None
    ) -> CouponAssignment | None:
        """The assignation if the unknown assignation ``error`` happened (``None``: assign again).

        An account that held the coupon before the call also returns its assignation.
        Waits out the settle window first (:mod:`loyalty_async.recipes.exactly_once`).
        """
        return await exactly_once.reconcile_assignment(self, error, settle=settle)


class CouponBatchesService(ConvercusService, prefix="coupons.batches"):
    """Assign many accounts to a coupon in one batch, then follow or abort the batch."""

    async def list(
        self, coupon_id: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[CouponBatch]:
        """A coupon's batch assignations (``GET /v2/coupons/{couponId}/batches``)."""

    list_deprecated = twin(list, "coupons.batches.list_deprecated")
    list_deprecated_2 = twin(list, "coupons.batches.list_deprecated_2")

    @sends("coupons.batches.assign_accounts")
    async def assign_accounts(
        self, coupon_id: str, accounts: Sequence[str], *, valid_from: dt.datetime | None = None,
        valid_to: dt.datetime | None = None, **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Start assigning accounts to a coupon; return the batch id (never resent)."""
        coupon = check_id(coupon_id, "coupon_id")
        request = BatchAssignment(account_ids=accounts, valid_from=valid_from, valid_to=valid_to)
        response = await self._send(
            "coupons.batches.assign_accounts",
            path={"couponId": coupon},
            json=self._converter.unstructure(request),
            context={"coupon_id": coupon, "accounts": len(request.account_ids)},
            options=options,
        )
        return self._created_id(response, "batchId", "id")

    assign_accounts_2 = twin(assign_accounts, "coupons.batches.assign_accounts_2")
    assign_accounts_deprecated = twin(assign_accounts, "coupons.batches.assign_accounts_deprecated")

    async def abort(
        self, coupon_id: str, batch_id: str, **options: Unpack[RequestOptions]
    ) -> CouponBatch | None:
        """Stop a running batch (``POST …/batches/{batchId}/abort``)."""

    async def get(
        self, coupon_id: str, batch_id: str, *, error_limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> CouponBatch:  # fmt: skip
        """A batch's progress with at most ``error_limit`` of its errors (``?errorLimit=``)."""

    get_deprecated = twin(get, "coupons.batches.get_deprecated")

    def list_errors(
        self, coupon_id: str, batch_id: str, *, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[CouponBatchError]:  # fmt: skip
        """Walk every error of a batch, page by page (``…/batches/{batchId}/errors``)."""

    async def update_redemption_limit(
        self, coupon_id: str, batch_id: str, max_redeem_count: int,
        **options: Unpack[RequestOptions],
    ) -> CouponBatch | None:  # fmt: skip
        """Set the redemption limit of every account of a batch (body ``{"maxRedeemCount"}``)."""


class CouponPromoCodesService(ConvercusService, prefix="coupons.promo_codes"):
    """Promo codes of a coupon: generic (shared by everybody) and unique (one per use)."""

    async def list_generic(
        self, coupon_id: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[PromoCode]:
        """The generic codes of a coupon."""

    async def create_generic(
        self, coupon_id: str, code: str | None = None, *, max_redeem_count: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:  # fmt: skip
        """Create a generic code (``None``: the server makes one up); returns the code."""

    async def delete_generic(
        self, coupon_id: str, code: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Delete a generic code of a coupon."""

    async def list_unique(
        self, coupon_id: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[PromoCode]:
        """The unique codes of a coupon."""

    async def create_unique(
        self, coupon_id: str, code: str | None = None, **options: Unpack[RequestOptions]
    ) -> str:
        """Create one unique code (``None``: the server makes one up); returns the code."""

    async def create_unique_batch(
        self, coupon_id: str, count: int, **options: Unpack[RequestOptions]
    ) -> builtins.list[PromoCode]:
        """Create ``count`` unique codes at once; return them (strings or objects in the answer)."""

    async def delete_unique(
        self, coupon_id: str, code: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Delete a unique code of a coupon."""


class CouponImagesService(ConvercusService, prefix="coupons.images"):
    """A coupon's images: upload as ``multipart/form-data``, delete by id."""

    @sends("coupons.images.upload")
    async def upload(
        self, coupon_id: str, image: bytes, *, filename: str, content_type: str = "image/png",
        **options: Unpack[RequestOptions],
    ) -> CouponImage:  # fmt: skip
        """Upload an image (form field ``file``); the image described, or one with the new id."""
        coupon = check_id(coupon_id, "coupon_id")
        if not isinstance(image, bytes | bytearray) or not image:
            raise ValidationError("image must be non-empty bytes", field="image")
        check_image_type(content_type)
        part = MultipartFile("file", check_id(filename, "filename"), bytes(image), content_type)
        content, multipart_type = encode_multipart(files=[part])
        response = await self._send(
            "coupons.images.upload",
            path={"couponId": coupon},
            content=content,
            headers={"Content-Type": multipart_type},
            context={"coupon_id": coupon, "filename": filename},
            options=options,
        )
        described = self._optional(response, CouponImage)
        return described if described is not None else CouponImage(id=self._location_id(response))

    upload_deprecated = twin(upload, "coupons.images.upload_deprecated")

    async def delete(
        self, coupon_id: str, image_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Delete one of a coupon's images."""


class CouponsService(ConvercusService, prefix="coupons"):
    """Coupon definitions: read, create, update, delete, list, status, external references."""

    assignments = SubService(CouponAssignmentsService)
    """Assign single accounts to a coupon and manage their redemption limits."""
    batches = SubService(CouponBatchesService)
    """Assign many accounts at once, follow and abort such batches."""
    promo_codes = SubService(CouponPromoCodesService)
    """Generic and unique promo codes of a coupon."""
    images = SubService(CouponImagesService)
    """Upload and delete a coupon's images."""

    async def get(self, coupon_id: str, **options: Unpack[RequestOptions]) -> Coupon:
        """A coupon definition by id (``GET /coupons/{couponId}``)."""

    async def create(self, coupon: Coupon, **options: Unpack[RequestOptions]) -> str:
        """Create a coupon definition; return its id (never resent: look with :meth:`list`)."""

    create_deprecated = twin(create, "coupons.create_deprecated")

    async def update(
        self, coupon_id: str, coupon: Coupon, **options: Unpack[RequestOptions]
    ) -> Coupon | None:
        """Replace a coupon definition (``PUT``); the stored one, if sent back."""

    update_deprecated = twin(update, "coupons.update_deprecated")

    async def delete(self, coupon_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a coupon definition (``DELETE /v2/coupons/{couponId}``)."""

    delete_deprecated = twin(delete, "coupons.delete_deprecated")

    def list(
        self, *, filters: Mapping[str, Any] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0, **options: Unpack[RequestOptions],
    ) -> Pager[Coupon]:  # fmt: skip
        """Walk the coupon definitions matching ``filters`` (query parameters, passed as is)."""

    list_deprecated = twin(list, "coupons.list_deprecated")

    async def update_status(
        self, coupon_id: str, status: str, **options: Unpack[RequestOptions]
    ) -> Coupon | None:
        """Set a coupon's status (``PATCH /coupons/{couponId}/status``, body ``{"status"}``)."""

    @sends("coupons.verify_external_reference")
    async def verify_external_reference(
        self, external_reference: str, **options: Unpack[RequestOptions]
    ) -> bool:
        """The server's verdict on an external reference (``404``: ``False``)."""
        ref = check_id(external_reference, "external_reference")
        try:
            response = await self._send(
                "coupons.verify_external_reference",
                path={"externalReference": ref},
                options=options,
            )
        except NotFoundError:
            return False
        data = self._json(response)
        return data if isinstance(data, bool) else True

    @sends("coupons.count_accounts")
    async def count_accounts(
        self, coupon_ids: Sequence[str], **options: Unpack[RequestOptions]
    ) -> int:
        """How many accounts the given coupons are assigned to."""
        ids = _id_list(coupon_ids, "coupon_ids")
        response = await self._send("coupons.count_accounts", json=ids, options=options)
        return self._count(response)


# ---------------------------------------------------------------------- helpers


def _id_list(values: Any, field: str) -> builtins.list[str]:
    if isinstance(values, str) or not isinstance(values, Sequence) or not values:
        raise ValidationError(f"{field} must be a non-empty list of ids", field=field)
    ids = [check_id(value, f"{field}[{i}]") for i, value in enumerate(values)]
    if len(set(ids)) != len(ids):
        raise ValidationError(f"{field} lists the same id twice", field=field)
    return ids
