"""Accounts: the central object points are collected on."""

from __future__ import annotations

from typing_extensions import Unpack

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
from loyalty_async.convercus.services.base import (
    AccountRef,
    ConvercusService,
    RequestOptions,
    operation,
)


class AccountsService(ConvercusService):
    """Accounts, their balances, levels and rating levels.

    An existing account is given by its technical id, or by one of its codes with ``id_type``.
    """

    @operation("accounts.create")
    async def create(self, **options: Unpack[RequestOptions]) -> str:
        """Create an anonymous account and return its id (read from ``Location``)."""

    @operation("accounts.get")
    async def get(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Account:  # fmt: skip
        """The account: id, program and status. Turns a code into the technical id."""

    @operation("accounts.get_details")
    async def get_details(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> AccountDetails:  # fmt: skip
        """The aggregated view: balance, level, identifiers, members and coupons in one call."""

    @operation("accounts.get_balance")
    async def get_balance(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Balance:  # fmt: skip
        """Points available to spend and points locked."""

    @operation("accounts.get_balance_eur")
    async def get_balance_eur(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BalanceEur:  # fmt: skip
        """The value of the account's points in euros (exact, as ``Decimal``)."""

    @operation("accounts.get_level")
    async def get_level(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Level:  # fmt: skip
        """The account's status level and its progress to the next level."""

    @operation("accounts.delete_anonymous")
    async def delete_anonymous(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete an account that has no membership (an anonymous account)."""

    @operation("accounts.merge")
    async def merge(
        self, account: AccountRef, target_account_id: str, *,
        id_type: IdType | str | None = None, **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Merge ``account`` into the account ``target_account_id`` (a technical id)."""

    @operation("accounts.get_rating_level")
    async def get_rating_level(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RatingLevel:  # fmt: skip
        """The rating level assigned to the account."""

    @operation("accounts.update_rating_level")
    async def update_rating_level(
        self, account: AccountRef, rating_level_id: str, *,
        id_type: IdType | str | None = None, **options: Unpack[RequestOptions],
    ) -> RatingLevel | None:  # fmt: skip
        """Assign the rating level ``rating_level_id`` (inferred body); the level, if sent back."""

    @operation("accounts.delete_rating_level")
    async def delete_rating_level(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Remove the account's rating level."""

    @operation("accounts.get_fraud_info")
    async def get_fraud_info(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> FraudInfo:  # fmt: skip
        """Whether the account is locked for fraud, and why."""

    @operation("accounts.create_fraud")
    async def create_fraud(
        self, account: AccountRef, *, reason: str | None = None,
        id_type: IdType | str | None = None, **options: Unpack[RequestOptions],
    ) -> FraudInfo | None:  # fmt: skip
        """Flag the account as fraud, which locks it (no more earning or burning)."""

    @operation("accounts.remove_fraud")
    async def remove_fraud(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Remove the fraud flag, which unlocks the account."""
