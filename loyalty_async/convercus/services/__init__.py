"""One service class per Convercus API domain, each built on a shared session."""

from loyalty_async.convercus.services.account_coupons import AccountCouponsService
from loyalty_async.convercus.services.accounts import AccountsService
from loyalty_async.convercus.services.ai import AiService
from loyalty_async.convercus.services.auth import AuthService
from loyalty_async.convercus.services.base import ConvercusService
from loyalty_async.convercus.services.bookings import BookingsService
from loyalty_async.convercus.services.connectors import ConnectorsService
from loyalty_async.convercus.services.coupons import CouponsService
from loyalty_async.convercus.services.identifiers import IdentifiersService
from loyalty_async.convercus.services.interaction_points import InteractionPointsService
from loyalty_async.convercus.services.memberships import MembershipsService
from loyalty_async.convercus.services.mounting import MountingService
from loyalty_async.convercus.services.newsfeed import NewsfeedService
from loyalty_async.convercus.services.partners import PartnersService
from loyalty_async.convercus.services.product_catalog import ProductCatalogService
from loyalty_async.convercus.services.programs import ProgramsService
from loyalty_async.convercus.services.push_notifications import PushNotificationsService
from loyalty_async.convercus.services.rating import RatingService
from loyalty_async.convercus.services.reports import ReportsService
from loyalty_async.convercus.services.search import SearchService
from loyalty_async.convercus.services.status_level_sets import StatusLevelSetsService
from loyalty_async.convercus.services.stores import StoresService
from loyalty_async.convercus.services.tracking import TrackingService
from loyalty_async.convercus.services.transactions import TransactionsService
from loyalty_async.convercus.services.user_app import UserAppService
from loyalty_async.convercus.services.users import UsersService
from loyalty_async.convercus.services.webhooks import WebhooksService

__all__ = [
    "AccountCouponsService",
    "AccountsService",
    "AiService",
    "AuthService",
    "BookingsService",
    "ConnectorsService",
    "ConvercusService",
    "CouponsService",
    "IdentifiersService",
    "InteractionPointsService",
    "MembershipsService",
    "MountingService",
    "NewsfeedService",
    "PartnersService",
    "ProductCatalogService",
    "ProgramsService",
    "PushNotificationsService",
    "RatingService",
    "ReportsService",
    "SearchService",
    "StatusLevelSetsService",
    "StoresService",
    "TrackingService",
    "TransactionsService",
    "UserAppService",
    "UsersService",
    "WebhooksService",
]
