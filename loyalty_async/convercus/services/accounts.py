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
from loyalty_async.convercus.services.base import AccountRef, ConvercusService, RequestOptions


class AccountsService(ConvercusService, prefix="accounts"):
    """Accounts, their balances, levels and rating levels.

    An existing account is given by its technical id, or by one of its codes with ``id_type``.
    """

    async def create(self, **options: Unpack[RequestOptions]) -> str:
        """Create an anonymous account and return its id (read from ``Location``)."""

    async def get(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Account:  # fmt: skip
        """The account: id, program and status. Turns a code into the technical id."""

    async def get_details(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> AccountDetails:  # fmt: skip
        """The aggregated view: balance, level, identifiers, members and coupons in one call."""

    async def get_balance(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Balance:  # fmt: skip
        """Points available to spend and points locked."""

    async def get_balance_eur(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> BalanceEur:  # fmt: skip
        """The value of the account's points in euros (exact, as ``Decimal``)."""

    async def get_level(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Level:  # fmt: skip
        """The account's status level and its progress to the next level."""

    async def delete_anonymous(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Delete an account that has no membership (an anonymous account)."""

    async def merge(
        self, account: AccountRef, target_account_id: str, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Merge ``account`` into the account ``target_account_id`` (a technical id)."""

    async def get_rating_level(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RatingLevel:  # fmt: skip
        """The rating level assigned to the account."""

    async def update_rating_level(
        self, account: AccountRef, rating_level_id: str, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RatingLevel | None:  # fmt: skip
        """Assign the rating level ``rating_level_id`` (inferred body); the level, if sent back."""

    async def delete_rating_level(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Remove the account's rating level."""

    async def get_fraud_info(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> FraudInfo:  # fmt: skip
        """Whether the account is locked for fraud, and why."""

    async def create_fraud(
        self, account: AccountRef, *, reason: str | None = None,
        id_type: IdType | str | None = None, **options: Unpack[RequestOptions],
    ) -> FraudInfo | None:  # fmt: skip
        """Flag the account as fraud, which locks it (no more earning or burning)."""

    async def remove_fraud(
        self, account: AccountRef, *, id_type: IdType | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Remove the fraud flag, which unlocks the account."""
