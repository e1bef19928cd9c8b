"""Coupon definitions and what hangs off them: assignations, batches, promo codes, images.

Every path here is inferred from the API's naming rules (confidence M or L): check them
against your environment and correct any with ``ConvercusClient(routes=...)``.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from loyalty_async.codec import MultipartFile, encode_multipart
from loyalty_async.convercus.models.coupons import (
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
    check_filters,
    sends,
    structure,
    twin,
    unstructure,
)
from loyalty_async.convercus.validation import (
    check_aware,
    check_count,
    check_optional_text,
    check_positive_int,
    check_text,
    check_uuid,
)
from loyalty_async.errors import NotFoundError, OutcomeUnknownError, ValidationError
from loyalty_async.paging import Pager

S = TypeVar("S", bound=ConvercusService)

#: Image types accepted by :meth:`CouponImagesService.upload`.
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"})


class CouponsService(ConvercusService):
    """Coupon definitions: read, create, update, delete, list, status, external references.

    Sub-services: :attr:`assignments` (one account), :attr:`batches` (many accounts),
    :attr:`promo_codes` and :attr:`images`.
    """

    # ------------------------------------------------------------------ sub-services

    @property
    def assignments(self) -> CouponAssignmentsService:
        """Assign single accounts to a coupon and manage their redemption limits."""
        return self._child(CouponAssignmentsService)

    @property
    def batches(self) -> CouponBatchesService:
        """Assign many accounts at once, follow and abort such batches."""
        return self._child(CouponBatchesService)

    @property
    def promo_codes(self) -> CouponPromoCodesService:
        """Generic and unique promo codes of a coupon."""
        return self._child(CouponPromoCodesService)

    @property
    def images(self) -> CouponImagesService:
        """Upload and delete a coupon's images."""
        return self._child(CouponImagesService)

    # ------------------------------------------------------------------ definitions

    @sends("coupons.get")
    async def get(self, coupon_id: str) -> Coupon:
        """A coupon definition by id (``GET /coupons/{couponId}``)."""
        response = await self._send("coupons.get", path=_coupon(coupon_id))
        return self._structure(response, Coupon)

    @sends("coupons.create")
    async def create(self, coupon: Coupon) -> str:
        """Create a coupon definition (``POST /v2/coupons``); returns the new coupon id.

        Not resent after an ambiguous failure; look for its ``external_reference`` with
        :meth:`list` before creating it again.
        """
        response = await self._send(
            "coupons.create",
            json=_coupon_body(coupon),
            context={"external_reference": coupon.external_reference},
        )
        return self._created_id(response, "couponId", "id")

    create_deprecated = twin(create, "coupons.create_deprecated")

    @sends("coupons.update")
    async def update(self, coupon_id: str, coupon: Coupon) -> Coupon | None:
        """Replace a coupon definition (``PUT /v2/coupons/{couponId}``).

        Returns the stored definition if the server sends it back.
        """
        response = await self._send(
            "coupons.update", path=_coupon(coupon_id), json=_coupon_body(coupon)
        )
        return self._optional(response, Coupon)

    update_deprecated = twin(update, "coupons.update_deprecated")

    @sends("coupons.delete")
    async def delete(self, coupon_id: str) -> None:
        """Delete a coupon definition (``DELETE /v2/coupons/{couponId}``)."""
        await self._send("coupons.delete", path=_coupon(coupon_id))

    delete_deprecated = twin(delete, "coupons.delete_deprecated")

    @sends("coupons.list")
    def list(
        self,
        *,
        filters: Mapping[str, Any] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0,
    ) -> Pager[Coupon]:
        """Walk the coupon definitions matching ``filters`` (query parameters, passed as is)."""
        return self._pager(
            "coupons.list", Coupon, page_size=page_size, start_page=start_page,
            params=check_filters(filters),
        )  # fmt: skip

    list_deprecated = twin(list, "coupons.list_deprecated")

    @sends("coupons.update_status")
    async def update_status(self, coupon_id: str, status: str) -> Coupon | None:
        """Set a coupon's status (``PATCH /coupons/{couponId}/status``, body ``{"status"}``)."""
        response = await self._send(
            "coupons.update_status",
            path=_coupon(coupon_id),
            json={"status": check_text(status, "status")},
            context={"coupon_id": coupon_id, "status": status},
        )
        return self._optional(response, Coupon)

    @sends("coupons.verify_external_reference")
    async def verify_external_reference(self, external_reference: str) -> bool:
        """Ask the server about an external reference; returns its verdict.

        The answer's shape is not documented: a JSON boolean is returned as it is, any
        other success counts as ``True``, and ``404`` as ``False``; other errors raise.
        """
        ref = check_text(external_reference, "external_reference")
        try:
            response = await self._send(
                "coupons.verify_external_reference", path={"externalReference": ref}
            )
        except NotFoundError:
            return False
        data = self._json(response)
        return data if isinstance(data, bool) else True

    @sends("coupons.count_accounts")
    async def count_accounts(self, coupon_ids: Sequence[str]) -> int:
        """How many accounts the given coupons are assigned to."""
        ids = _id_list(coupon_ids, "coupon_ids")
        response = await self._send("coupons.count_accounts", json=ids)
        return self._count(response)


class CouponAssignmentsService(ConvercusService):
    """One account's assignation to a coupon (the account then holds an account coupon).

    An assignation has no de-duplication key: one that may have reached the server is
    never sent again and raises :class:`~loyalty_async.errors.OutcomeUnknownError`; ask
    :meth:`reconcile` (or :meth:`find`) whether the account got the coupon.
    """

    @sends("coupons.assignments.list")
    async def list(self, coupon_id: str) -> builtins.list[CouponAssignment]:
        """The accounts assigned to a coupon (``GET /coupons/{couponId}/accounts``)."""
        response = await self._send("coupons.assignments.list", path=_coupon(coupon_id))
        return self._structure_list(response, CouponAssignment)

    @sends("coupons.assignments.assign")
    async def assign(
        self,
        coupon_id: str,
        account: str,
        *,
        valid_from: dt.datetime | None = None,
        valid_to: dt.datetime | None = None,
    ) -> CouponAssignment:
        """Assign an account (technical id) to a coupon (``POST /coupons/{couponId}/accounts``).

        Returns the assignation the server sends back, or one built from the ``Location``
        id (the account coupon) when the body is empty.
        """
        path = _coupon(coupon_id)
        account_id = check_uuid(account, "account")
        body: dict[str, Any] = {"accountId": account_id}
        body.update(_validity(valid_from, valid_to))
        response = await self._send(
            "coupons.assignments.assign",
            path=path,
            json=body,
            context={"coupon_id": path["couponId"], "account": account_id, **body},
        )
        assignment = self._optional(response, CouponAssignment)
        if assignment is None:
            assignment = CouponAssignment(account_id=account_id, coupon_id=path["couponId"])
            if response.headers.get("Location"):
                assignment.account_coupon_id = self._location_id(response)
        return assignment

    @sends("coupons.assignments.unassign")
    async def unassign(self, coupon_id: str, account: str) -> None:
        """Remove an account from a coupon (``DELETE /coupons/{couponId}/accounts/{accountId}``)."""
        await self._send("coupons.assignments.unassign", path=_coupon_account(coupon_id, account))

    @sends("coupons.assignments.count")
    async def count(self, coupon_id: str) -> int:
        """How many accounts a coupon is assigned to."""
        response = await self._send("coupons.assignments.count", path=_coupon(coupon_id))
        return self._count(response)

    @sends("coupons.assignments.get")
    async def get(self, coupon_id: str, account: str) -> CouponAssignment:
        """An account's assignation to a coupon; ``NotFoundError`` if it has none."""
        response = await self._send(
            "coupons.assignments.get", path=_coupon_account(coupon_id, account)
        )
        return self._structure(response, CouponAssignment)

    @sends("coupons.assignments.update_redemption_limit")
    async def update_redemption_limit(
        self, coupon_id: str, account: str, max_redeem_count: int
    ) -> CouponAssignment | None:
        """Set how often this account may redeem the coupon (body ``{"maxRedeemCount"}``)."""
        path = _coupon_account(coupon_id, account)
        limit = check_positive_int(max_redeem_count, "max_redeem_count")
        response = await self._send(
            "coupons.assignments.update_redemption_limit",
            path=path,
            json={"maxRedeemCount": limit},
            context={"coupon_id": path["couponId"], "account": path["accountId"], "limit": limit},
        )
        return self._optional(response, CouponAssignment)

    async def find(self, coupon_id: str, account: str) -> CouponAssignment | None:
        """The account's assignation to the coupon, or ``None`` if it has none."""
        try:
            return await self.get(coupon_id, account)
        except NotFoundError:
            return None

    async def reconcile(self, error: OutcomeUnknownError) -> CouponAssignment | None:
        """Tell whether an assignation whose outcome is unknown happened.

        Takes the error :meth:`assign` raised; returns the assignation if the account now
        holds the coupon (``None``: it does not, and may be assigned again). An account
        that held the coupon before the call also returns its assignation.
        """
        if error.operation != "coupons.assignments.assign":
            raise ValidationError(
                f"only a coupon assignation can be reconciled here, not {error.operation!r}",
                field="error",
            )
        return await self.find(error.context["coupon_id"], error.context["account"])


class CouponBatchesService(ConvercusService):
    """Assign many accounts to a coupon in one batch, then follow or abort the batch."""

    @sends("coupons.batches.list")
    async def list(self, coupon_id: str) -> builtins.list[CouponBatch]:
        """A coupon's batch assignations (``GET /v2/coupons/{couponId}/batches``)."""
        response = await self._send("coupons.batches.list", path=_coupon(coupon_id))
        return self._structure_list(response, CouponBatch)

    list_deprecated = twin(list, "coupons.batches.list_deprecated")
    list_deprecated_2 = twin(list, "coupons.batches.list_deprecated_2")

    @sends("coupons.batches.assign_accounts")
    async def assign_accounts(
        self,
        coupon_id: str,
        accounts: Sequence[str],
        *,
        valid_from: dt.datetime | None = None,
        valid_to: dt.datetime | None = None,
    ) -> str:
        """Start assigning accounts (technical ids) to a coupon; returns the batch id.

        Body ``{"accountIds", "validFrom"?, "validTo"?}``. Not resent after an ambiguous
        failure: look at :meth:`list` before starting the batch again.
        """
        path = _coupon(coupon_id)
        body: dict[str, Any] = {"accountIds": _id_list(accounts, "accounts", uuids=True)}
        body.update(_validity(valid_from, valid_to))
        response = await self._send(
            "coupons.batches.assign_accounts",
            path=path,
            json=body,
            context={"coupon_id": path["couponId"], "accounts": len(body["accountIds"])},
        )
        return self._created_id(response, "batchId", "id")

    assign_accounts_2 = twin(assign_accounts, "coupons.batches.assign_accounts_2")
    assign_accounts_deprecated = twin(assign_accounts, "coupons.batches.assign_accounts_deprecated")

    @sends("coupons.batches.abort")
    async def abort(self, coupon_id: str, batch_id: str) -> CouponBatch | None:
        """Stop a running batch (``POST …/batches/{batchId}/abort``)."""
        response = await self._send(
            "coupons.batches.abort",
            path=_coupon_batch(coupon_id, batch_id),
            context={"coupon_id": coupon_id, "batch_id": batch_id},
        )
        return self._optional(response, CouponBatch)

    @sends("coupons.batches.get")
    async def get(
        self, coupon_id: str, batch_id: str, *, error_limit: int | None = None
    ) -> CouponBatch:
        """A batch's progress with at most ``error_limit`` of its errors (``?errorLimit=``)."""
        params = None
        if error_limit is not None:
            params = {"errorLimit": check_count(error_limit, "error_limit")}
        response = await self._send(
            "coupons.batches.get", path=_coupon_batch(coupon_id, batch_id), params=params
        )
        return self._structure(response, CouponBatch)

    get_deprecated = twin(get, "coupons.batches.get_deprecated")

    @sends("coupons.batches.list_errors")
    def list_errors(
        self,
        coupon_id: str,
        batch_id: str,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        start_page: int = 0,
    ) -> Pager[CouponBatchError]:
        """Walk every error of a batch, page by page (``…/batches/{batchId}/errors``)."""
        return self._pager(
            "coupons.batches.list_errors", CouponBatchError, page_size=page_size,
            start_page=start_page, path=_coupon_batch(coupon_id, batch_id),
        )  # fmt: skip

    @sends("coupons.batches.update_redemption_limit")
    async def update_redemption_limit(
        self, coupon_id: str, batch_id: str, max_redeem_count: int
    ) -> CouponBatch | None:
        """Set the redemption limit of every account of a batch (body ``{"maxRedeemCount"}``)."""
        limit = check_positive_int(max_redeem_count, "max_redeem_count")
        response = await self._send(
            "coupons.batches.update_redemption_limit",
            path=_coupon_batch(coupon_id, batch_id),
            json={"maxRedeemCount": limit},
            context={"coupon_id": coupon_id, "batch_id": batch_id, "limit": limit},
        )
        return self._optional(response, CouponBatch)


class CouponPromoCodesService(ConvercusService):
    """Promo codes of a coupon: generic (shared by everybody) and unique (one per use)."""

    @sends("coupons.promo_codes.list_generic")
    async def list_generic(self, coupon_id: str) -> builtins.list[PromoCode]:
        """The generic codes of a coupon."""
        return await self._list("coupons.promo_codes.list_generic", coupon_id)

    @sends("coupons.promo_codes.create_generic")
    async def create_generic(
        self, coupon_id: str, code: str | None = None, *, max_redeem_count: int | None = None
    ) -> str:
        """Create a generic code (``None``: the server makes one up); returns the code."""
        return await self._create(
            "coupons.promo_codes.create_generic", coupon_id, code, max_redeem_count
        )

    @sends("coupons.promo_codes.delete_generic")
    async def delete_generic(self, coupon_id: str, code: str) -> None:
        """Delete a generic code of a coupon."""
        await self._send("coupons.promo_codes.delete_generic", path=_coupon_code(coupon_id, code))

    @sends("coupons.promo_codes.list_unique")
    async def list_unique(self, coupon_id: str) -> builtins.list[PromoCode]:
        """The unique codes of a coupon."""
        return await self._list("coupons.promo_codes.list_unique", coupon_id)

    @sends("coupons.promo_codes.create_unique")
    async def create_unique(self, coupon_id: str, code: str | None = None) -> str:
        """Create one unique code (``None``: the server makes one up); returns the code."""
        return await self._create("coupons.promo_codes.create_unique", coupon_id, code, None)

    @sends("coupons.promo_codes.create_unique_batch")
    async def create_unique_batch(self, coupon_id: str, count: int) -> builtins.list[PromoCode]:
        """Create ``count`` unique codes at once (body ``{"count"}``); returns them.

        The answer may list codes as strings or objects; both become :class:`PromoCode`.
        """
        path = _coupon(coupon_id)
        number = check_positive_int(count, "count")
        response = await self._send(
            "coupons.promo_codes.create_unique_batch",
            path=path,
            json={"count": number},
            context={"coupon_id": path["couponId"], "count": number},
        )
        items = self._json(response) or []
        if not isinstance(items, builtins.list):
            return self._structure_list(response, PromoCode)  # raises DecodeError
        return [
            PromoCode(code=item) if isinstance(item, str) else structure(item, PromoCode, response)
            for item in items
        ]

    @sends("coupons.promo_codes.delete_unique")
    async def delete_unique(self, coupon_id: str, code: str) -> None:
        """Delete a unique code of a coupon."""
        await self._send("coupons.promo_codes.delete_unique", path=_coupon_code(coupon_id, code))

    async def _list(self, name: str, coupon_id: str) -> builtins.list[PromoCode]:
        response = await self._send(name, path=_coupon(coupon_id))
        return self._structure_list(response, PromoCode)

    async def _create(
        self, name: str, coupon_id: str, code: str | None, max_redeem_count: int | None
    ) -> str:
        path = _coupon(coupon_id)
        body: dict[str, Any] = {}
        wanted = check_optional_text(code, "code")
        if wanted is not None:
            body["code"] = wanted
        if max_redeem_count is not None:
            body["maxRedeemCount"] = check_positive_int(max_redeem_count, "max_redeem_count")
        response = await self._send(
            name, path=path, json=body, context={"coupon_id": path["couponId"], "code": wanted}
        )
        return self._created_id(response, "code", "promoCode")


class CouponImagesService(ConvercusService):
    """A coupon's images: upload as ``multipart/form-data``, delete by id."""

    @sends("coupons.images.upload")
    async def upload(
        self,
        coupon_id: str,
        image: bytes,
        *,
        filename: str,
        content_type: str = "image/png",
    ) -> CouponImage:
        """Upload an image (``POST /v2/coupons/{couponId}/images``, form field ``file``).

        The body is ``multipart/form-data``. Returns the image the server describes, or
        one with the ``Location`` id.
        """
        path = _coupon(coupon_id)
        if not isinstance(image, bytes | bytearray) or not image:
            raise ValidationError("image must be non-empty bytes", field="image")
        if content_type not in IMAGE_TYPES:
            raise ValidationError(
                f"content_type must be one of {', '.join(sorted(IMAGE_TYPES))}, "
                f"got {content_type!r}",
                field="content_type",
            )
        part = MultipartFile("file", check_text(filename, "filename"), bytes(image), content_type)
        content, multipart_type = encode_multipart(files=[part])
        response = await self._send(
            "coupons.images.upload",
            path=path,
            content=content,
            headers={"Content-Type": multipart_type},
            context={"coupon_id": path["couponId"], "filename": filename},
        )
        described = self._optional(response, CouponImage)
        return described if described is not None else CouponImage(id=self._location_id(response))

    upload_deprecated = twin(upload, "coupons.images.upload_deprecated")

    @sends("coupons.images.delete")
    async def delete(self, coupon_id: str, image_id: str) -> None:
        """Delete one of a coupon's images."""
        path = _coupon(coupon_id)
        path["imageId"] = check_text(image_id, "image_id")
        await self._send("coupons.images.delete", path=path)


# ---------------------------------------------------------------------- helpers


def _coupon(coupon_id: Any) -> dict[str, str]:
    return {"couponId": check_text(coupon_id, "coupon_id")}


def _coupon_account(coupon_id: Any, account: Any) -> dict[str, str]:
    return {**_coupon(coupon_id), "accountId": check_uuid(account, "account")}


def _coupon_batch(coupon_id: Any, batch_id: Any) -> dict[str, str]:
    return {**_coupon(coupon_id), "batchId": check_text(batch_id, "batch_id")}


def _coupon_code(coupon_id: Any, code: Any) -> dict[str, str]:
    return {**_coupon(coupon_id), "code": check_text(code, "code")}


def _validity(valid_from: Any, valid_to: Any) -> dict[str, str]:
    validity: dict[str, str] = {}
    start = None if valid_from is None else check_aware(valid_from, "valid_from")
    end = None if valid_to is None else check_aware(valid_to, "valid_to")
    if start is not None and end is not None and end <= start:
        raise ValidationError("valid_to must be later than valid_from", field="valid_to")
    if start is not None:
        validity["validFrom"] = start.isoformat()
    if end is not None:
        validity["validTo"] = end.isoformat()
    return validity


def _id_list(values: Any, field: str, *, uuids: bool = False) -> builtins.list[str]:
    if isinstance(values, str) or not isinstance(values, Sequence) or not values:
        raise ValidationError(f"{field} must be a non-empty list of ids", field=field)
    check = check_uuid if uuids else check_text
    ids = [check(value, f"{field}[{i}]") for i, value in enumerate(values)]
    if len(set(ids)) != len(ids):
        raise ValidationError(f"{field} lists the same id twice", field=field)
    return ids


def _coupon_body(coupon: Any) -> dict[str, Any]:
    if not isinstance(coupon, Coupon):
        raise ValidationError(
            f"coupon must be a Coupon, got {type(coupon).__name__}", field="coupon"
        )
    body: dict[str, Any] = unstructure(coupon)
    return body
