"""A small stateful Convercus for fault tests: it keeps records and can fail on purpose.

It follows the wire contract (CONTRACT.md): transactions are de-duplicated by
``externalId`` (a repeat answers 200 with the existing one), bookings and redemptions are
not. ``fail(method, path, kind, times=n)`` makes the next ``n`` matching requests fail:

* ``refuse``  — the connection is refused; nothing reaches the server (``ConnectError``)
* ``503``     — the server answers 503 and does nothing
* ``429``     — the server answers 429 with ``Retry-After: 0`` and does nothing
* ``drop``    — the server commits, then the connection drops (``ConnectionDropped``)
* ``timeout`` — the server commits, then the answer is lost (``ReadTimeout``)
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

from loyalty_async import (
    ConnectError,
    ConnectionDropped,
    ConvercusClient,
    ReadTimeout,
    Request,
    Response,
    RetryPolicy,
)
from loyalty_async.transport.mock import Handler
from tests.convercus.conftest import BASE_URL, TOKEN
from tests.convercus.wire_asserts import make_client

FAULTS = ("refuse", "503", "429", "drop", "timeout")


def fake_client(handler: Handler, **options: Any) -> ConvercusClient:
    """A client on ``handler`` that retries without waiting (``options`` override)."""
    return make_client(handler, **{"retry": RetryPolicy(base_delay=0, max_delay=0), **options})


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


class FakeConvercus:
    """In-memory accounts, transactions, bookings, account coupons and assignations."""

    def __init__(self) -> None:
        self.transactions: list[dict[str, Any]] = []
        self.bookings: dict[str, list[dict[str, Any]]] = {}
        self.account_coupons: dict[str, dict[str, Any]] = {}
        self.redemptions: list[dict[str, Any]] = []
        self.assignments: list[dict[str, Any]] = []
        #: Business requests that reached the server (a refused connection never does).
        self.reached: list[Request] = []
        self._faults: list[list[Any]] = []

    # ------------------------------------------------------------------ set-up

    def add_account_coupon(self, account_id: str, *, max_redeem_count: int = 1) -> str:
        coupon_id = str(uuid.uuid4())
        self.account_coupons[coupon_id] = {
            "accountCouponId": coupon_id,
            "accountId": account_id,
            "couponId": "c-10",
            "redeemCount": 0,
            "maxRedeemCount": max_redeem_count,
        }
        return coupon_id

    def fail(self, method: str, path: str, kind: str, *, times: int = 1) -> None:
        """Make the next ``times`` requests to ``method path`` (a regex) fail with ``kind``."""
        assert kind in FAULTS, kind
        self._faults.append([method, re.compile(path + "$"), kind, times])

    def clear_faults(self) -> None:
        self._faults.clear()

    # ------------------------------------------------------------------ transport handler

    def __call__(self, request: Request) -> Response:
        path = urlsplit(request.url).path
        if path == "/auth/login":
            return Response(200, text=TOKEN)
        kind = self._fault_for(request.method, path)
        if kind == "refuse":
            raise ConnectError("connection refused")
        self.reached.append(request)
        if kind == "503":
            return Response(503, json={"code": "INTERNAL_SERVER_ERROR", "message": "try later"})
        if kind == "429":
            return Response(429, headers={"Retry-After": "0"}, json={"code": "TOO_MANY_REQUESTS"})
        response = self._handle(request, path)
        if kind == "drop":
            raise ConnectionDropped("connection reset after the request was processed")
        if kind == "timeout":
            raise ReadTimeout("the response did not arrive in time")
        return response

    def _fault_for(self, method: str, path: str) -> str | None:
        for fault in self._faults:
            if fault[0] == method and fault[1].match(path) and fault[3] > 0:
                fault[3] -= 1
                return str(fault[2])
        return None

    # ------------------------------------------------------------------ the API

    def _handle(self, request: Request, path: str) -> Response:
        method, parts = request.method, path.strip("/").split("/")
        body = request.decoded_json()
        if method == "POST" and parts[0] == "accounts" and parts[2:] == ["transactions"]:
            return self._transaction(body, parts[1])
        if method == "POST" and parts == ["transactions"]:
            return self._transaction(body, None)
        if method == "GET" and parts[:2] == ["v2", "accounts"] and parts[3:] == ["transactions"]:
            params = dict(request.params)
            page, size = int(params["page"]), int(params["size"])
            mine = [t for t in self.transactions if t["accountId"] == parts[2]]
            return Response(200, json=mine[page * size : (page + 1) * size])
        if method == "POST" and parts[:2] == ["v2", "accounts"] and parts[3:] == ["bookings"]:
            booking_id = str(uuid.uuid4())
            self.bookings.setdefault(parts[2], []).append(
                {**body, "bookingId": booking_id, "bookingTime": _now()}
            )
            location = f"{BASE_URL}/accounts/{parts[2]}/bookings/{booking_id}"
            return Response(201, headers={"Location": location})
        if method == "GET" and parts[0] == "accounts" and parts[2:] == ["bookings"]:
            return Response(200, json=self.bookings.get(parts[1], []))
        if parts[:2] == ["v3", "accountcoupons"] and len(parts) == 3:
            return self._account_coupon(method, parts[2], body)
        if method == "GET" and parts[0] == "accounts" and parts[2:] == ["couponredemptions"]:
            return Response(200, json=[r for r in self.redemptions if r["accountId"] == parts[1]])
        if parts[0] == "coupons" and parts[2:3] == ["accounts"]:
            return self._assignation(method, parts[1], parts[3] if len(parts) > 3 else None, body)
        return Response(404, json={"code": "NOT_FOUND", "message": f"no route {method} {path}"})

    def _transaction(self, body: dict[str, Any], account_id: str | None) -> Response:
        for existing in self.transactions:
            if existing["externalId"] == body["externalId"]:
                return Response(200, json=existing)
        record = {
            "transactionId": str(uuid.uuid4()),
            "externalId": body["externalId"],
            "accountId": account_id,
            "transactionType": body["transactionType"],
            "amount": body["amount"],
            "currencyCode": body["currencyCode"],
            "points": int(body["amount"]),
            "transactionTime": body["transactionTime"],
        }
        self.transactions.append(record)
        location = f"{BASE_URL}/transactions/{record['transactionId']}"
        return Response(201, headers={"Location": location}, json=record)

    def _account_coupon(self, method: str, coupon_id: str, body: Any) -> Response:
        coupon = self.account_coupons.get(coupon_id)
        if coupon is None:
            return Response(404, json={"code": "COUPON_NOT_FOUND", "message": coupon_id})
        if method == "GET":
            return Response(200, json=coupon)
        if coupon["redeemCount"] >= coupon["maxRedeemCount"]:
            return Response(
                400,
                json={
                    "code": "CONDITION_NOT_FULFILLED",
                    "message": "the coupon cannot be redeemed",
                    "detail": ["NO_MORE_REDEEM_BY_ACCOUNT"],
                },
            )
        coupon["redeemCount"] += 1
        redemption = {
            "redemptionId": str(uuid.uuid4()),
            "accountCouponId": coupon_id,
            "accountId": coupon["accountId"],
            "redeemedAt": _now(),
            "redeemCount": coupon["redeemCount"],
        }
        self.redemptions.append(redemption)
        return Response(200, json=redemption)

    def _assignation(
        self, method: str, coupon_id: str, account_id: str | None, body: Any
    ) -> Response:
        if method == "POST" and account_id is None:
            assignment = {
                "couponId": coupon_id,
                "accountId": body["accountId"],
                "accountCouponId": str(uuid.uuid4()),
            }
            self.assignments.append(assignment)
            location = f"{BASE_URL}/accountcoupons/{assignment['accountCouponId']}"
            return Response(201, headers={"Location": location})
        if method == "GET" and account_id is not None:
            for assignment in self.assignments:
                if (assignment["couponId"], assignment["accountId"]) == (coupon_id, account_id):
                    return Response(200, json=assignment)
        return Response(404, json={"code": "NOT_FOUND", "message": "not assigned"})
