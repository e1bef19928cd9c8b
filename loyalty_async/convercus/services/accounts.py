"""Accounts: the central object points are collected on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from loyalty_async.convercus.enums import IdType
from loyalty_async.convercus.models.profile import (
    Account,
    AccountDetails,
    Balance,
    BalanceEur,
    FraudInfo,
    Level,
    RatingLevel,
)
from loyalty_async.convercus.services.base import AccountRef, ConvercusService, structure
from loyalty_async.convercus.validation import check_text, check_uuid
from loyalty_async.errors import DecodeError
from loyalty_async.transport.base import Response


class AccountsService(ConvercusService):
    """Create, read, merge, lock and delete accounts; balances, levels and rating levels.

    Every method that reads or changes an existing account takes the account as its first
    argument: its technical id (a UUID), or one of its codes with ``id_type``
    (``IdType.CARDCODE``, ``APPCODE`` or ``EXTERNALCODE``).
    """

    async def create(self) -> str:
        """Create an anonymous account and return its id (read from ``Location``)."""
        response = await self._send("accounts.create")
        return self._location_id(response)

    async def get(self, account: AccountRef, *, id_type: IdType | str | None = None) -> Account:
        """The account: id, program and status. Turns a code into the technical id."""
        ref, header = self._account(account, id_type)
        response = await self._send("accounts.get", path={"accountId": ref}, id_type=header)
        return self._structure(response, Account)

    async def get_details(
        self, account: AccountRef, *, id_type: IdType | str | None = None
    ) -> AccountDetails:
        """The aggregated view: balance, level, identifiers, members and coupons in one call."""
        ref, header = self._account(account, id_type)
        response = await self._send("accounts.get_details", path={"accountId": ref}, id_type=header)
        return self._structure(response, AccountDetails)

    async def get_balance(
        self, account: AccountRef, *, id_type: IdType | str | None = None
    ) -> Balance:
        """Points available to spend and points locked."""
        ref, header = self._account(account, id_type)
        response = await self._send("accounts.get_balance", path={"accountId": ref}, id_type=header)
        return self._structure(response, Balance)

    async def get_balance_eur(
        self, account: AccountRef, *, id_type: IdType | str | None = None
    ) -> BalanceEur:
        """The value of the account's points in euros (exact, as ``Decimal``)."""
        ref, header = self._account(account, id_type)
        response = await self._send(
            "accounts.get_balance_eur", path={"accountId": ref}, id_type=header
        )
        return structure(_balance_eur_fields(self._json(response), response), BalanceEur, response)

    async def get_level(self, account: AccountRef, *, id_type: IdType | str | None = None) -> Level:
        """The account's status level and its progress to the next level."""
        ref, header = self._account(account, id_type)
        response = await self._send("accounts.get_level", path={"accountId": ref}, id_type=header)
        return self._structure(response, Level)

    async def delete_anonymous(
        self, account: AccountRef, *, id_type: IdType | str | None = None
    ) -> None:
        """Delete an account that has no membership (an anonymous account)."""
        ref, header = self._account(account, id_type)
        await self._send("accounts.delete_anonymous", path={"accountId": ref}, id_type=header)

    async def merge(
        self,
        account: AccountRef,
        target_account_id: str,
        *,
        id_type: IdType | str | None = None,
    ) -> None:
        """Merge ``account`` into the account ``target_account_id`` (a technical id)."""
        ref, header = self._account(account, id_type)
        target = check_uuid(target_account_id, "target_account_id")
        await self._send(
            "accounts.merge",
            path={"accountId": ref, "targetAccountId": target},
            id_type=header,
            context={"account": ref, "target_account_id": target},
        )

    async def get_rating_level(
        self, account: AccountRef, *, id_type: IdType | str | None = None
    ) -> RatingLevel:
        """The rating level assigned to the account."""
        ref, header = self._account(account, id_type)
        response = await self._send(
            "accounts.get_rating_level", path={"accountId": ref}, id_type=header
        )
        return self._structure(response, RatingLevel)

    async def update_rating_level(
        self,
        account: AccountRef,
        rating_level_id: str,
        *,
        id_type: IdType | str | None = None,
    ) -> RatingLevel | None:
        """Assign the rating level ``rating_level_id``; the stored level, if the server sends it.

        Sends ``{"ratingLevelId": ...}`` (the body is inferred, not documented).
        """
        ref, header = self._account(account, id_type)
        level_id = check_text(rating_level_id, "rating_level_id")
        response = await self._send(
            "accounts.update_rating_level",
            path={"accountId": ref},
            id_type=header,
            json={"ratingLevelId": level_id},
        )
        return self._optional(response, RatingLevel)

    async def delete_rating_level(
        self, account: AccountRef, *, id_type: IdType | str | None = None
    ) -> None:
        """Remove the account's rating level."""
        ref, header = self._account(account, id_type)
        await self._send("accounts.delete_rating_level", path={"accountId": ref}, id_type=header)

    async def get_fraud_info(
        self, account: AccountRef, *, id_type: IdType | str | None = None
    ) -> FraudInfo:
        """Whether the account is locked for fraud, and why."""
        ref, header = self._account(account, id_type)
        response = await self._send(
            "accounts.get_fraud_info", path={"accountId": ref}, id_type=header
        )
        return self._structure(response, FraudInfo)

    async def create_fraud(
        self,
        account: AccountRef,
        *,
        reason: str | None = None,
        id_type: IdType | str | None = None,
    ) -> FraudInfo | None:
        """Flag the account as fraud, which locks it (it stops earning and burning).

        Sends ``{"reason": ...}`` when a reason is given, else ``{}`` (the body is
        inferred). Returns the fraud info if the server sends it back.
        """
        ref, header = self._account(account, id_type)
        body: dict[str, Any] = {}
        if reason is not None:
            body["reason"] = check_text(reason, "reason")
        response = await self._send(
            "accounts.create_fraud",
            path={"accountId": ref},
            id_type=header,
            json=body,
            context={"account": ref},
        )
        return self._optional(response, FraudInfo)

    async def remove_fraud(
        self, account: AccountRef, *, id_type: IdType | str | None = None
    ) -> None:
        """Remove the fraud flag, which unlocks the account."""
        ref, header = self._account(account, id_type)
        await self._send("accounts.remove_fraud", path={"accountId": ref}, id_type=header)


def _balance_eur_fields(data: Any, response: Response) -> dict[str, Any]:
    """Read the EUR balance from an ``amount`` object, the balance shape, or a bare number."""
    if isinstance(data, int | float) and not isinstance(data, bool):
        return {"amount": data}
    if not isinstance(data, Mapping):
        raise DecodeError(
            f"expected the EUR balance as a JSON object, got {data!r}", response=response
        )
    amount = data.get("amount", data.get("points"))
    locked = data.get("lockedAmount", data.get("lockedPoints"))
    fields: dict[str, Any] = {"amount": amount}
    if locked is not None:
        fields["lockedAmount"] = locked
    currency = data.get("currency") or data.get("currencyCode")
    if currency:
        fields["currency"] = currency
    return fields
