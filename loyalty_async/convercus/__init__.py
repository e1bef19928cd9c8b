"""Convercus: the client, its services, the operation table, models and enums."""

from loyalty_async.convercus.client import ENVIRONMENTS, ConvercusClient
from loyalty_async.convercus.enums import (
    AccountStatus,
    BookingType,
    CouponIdType,
    CouponUsageType,
    GenderCode,
    IdentifierStatus,
    IdentifierType,
    IdType,
    MemberRole,
    TransactionType,
)
from loyalty_async.convercus.models import (
    AccountCoupon,
    CouponImage,
    CustomProperty,
    PointsOfRedemption,
)
from loyalty_async.convercus.operation import Operation, OperationTable, Result
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.convercus.services import (
    AccountCouponsService,
    AccountsService,
    AuthService,
    BookingsService,
    ConvercusService,
    CouponsService,
    IdentifiersService,
    MembershipsService,
    ReportsService,
    TransactionsService,
    UsersService,
)
from loyalty_async.convercus.services.reports import Download, ExportRows, Report

__all__ = [
    "ENVIRONMENTS",
    "OPERATIONS",
    "AccountCoupon",
    "AccountCouponsService",
    "AccountStatus",
    "AccountsService",
    "AuthService",
    "BookingType",
    "BookingsService",
    "ConvercusClient",
    "ConvercusService",
    "CouponIdType",
    "CouponImage",
    "CouponUsageType",
    "CouponsService",
    "CustomProperty",
    "Download",
    "ExportRows",
    "GenderCode",
    "IdType",
    "IdentifierStatus",
    "IdentifierType",
    "IdentifiersService",
    "MemberRole",
    "MembershipsService",
    "Operation",
    "OperationTable",
    "PointsOfRedemption",
    "Report",
    "ReportsService",
    "Result",
    "TransactionType",
    "TransactionsService",
    "UsersService",
]
