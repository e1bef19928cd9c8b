"""Every operation of the Convercus API reference, declared once.

Generated from the project's operation checklist (one row per operation of the API
reference; rows that repeat another row are left out) and maintained here by hand since.
``confidence`` is ``C`` where a source confirms the path, otherwise ``H``/``M``/``L`` for
paths inferred from the API's naming rules: override those with
``ConvercusClient(routes={name: path})`` if a live server disagrees.
"""

from __future__ import annotations

from typing import Any

from loyalty_async.convercus.models.ai import (
    AiProgram,
    CleanupReport,
    ContentRequest,
    GenerationJob,
    ImageRequest,
    NewAiProgram,
    NewPrompt,
    NewPromptAssignment,
    NewPromptVersion,
    Prompt,
    PromptAssignment,
    PromptVersion,
    VersionCleanup,
)
from loyalty_async.convercus.models.catalog import (
    CatalogGroup,
    CatalogItem,
    CatalogSubgroup,
    NewCatalogGroup,
    NewCatalogItem,
    NewCatalogSubgroup,
)
from loyalty_async.convercus.models.coupons import (
    AccountCoupon,
    Activation,
    Assignment,
    BatchAssignment,
    Coupon,
    CouponAssignment,
    CouponBatch,
    CouponBatchError,
    CouponImage,
    CouponRedemption,
    CouponStatus,
    NewPromoCode,
    PromoCode,
    PromoCodeBatch,
    Redemption,
    RedemptionLimit,
)
from loyalty_async.convercus.models.earn_burn import (
    Booking,
    LevelBooking,
    NewBooking,
    Transaction,
    TransactionRequest,
)
from loyalty_async.convercus.models.mounting import (
    Bulk,
    Device,
    DeviceUpdate,
    Mounting,
    MountingImage,
    MountingImageUpdate,
    MountingPartner,
    MountingPartnerUpdate,
    MountingProfile,
    MountingProfileUpdate,
    MountingProgram,
    MountingProgramUpdate,
    MountingStore,
    MountingStoreUpdate,
    MountingUpdate,
    NewDevice,
    NewMounting,
    NewMountingImage,
    NewMountingPartner,
    NewMountingProfile,
    NewMountingProgram,
    NewMountingStore,
)
from loyalty_async.convercus.models.newsfeed import (
    AccountBatch,
    AudienceDefinition,
    AudienceValidation,
    FeedItem,
    NewPost,
    NewsfeedMessage,
    NewTargetAudience,
    Post,
    PostAssignment,
    PostAssignmentWindow,
    PostDeletionSchedule,
    PostSchedule,
    PostUpdate,
    TargetAudience,
    TargetAudienceUpdate,
)
from loyalty_async.convercus.models.partners import (
    InteractionPoint,
    InteractionPointDetails,
    InteractionPointUpdate,
    NewInteractionPoint,
    NewPartner,
    NewStore,
    Partner,
    ProgramUnit,
    Store,
)
from loyalty_async.convercus.models.platform import (
    ConnectorMessage,
    ConnectorReply,
    ConnectorSale,
    DeviceCount,
    KeycloakOrganization,
    PushNotification,
    PushTarget,
    SearchHit,
    SearchQuery,
    ServiceHealth,
    ServiceOperation,
)
from loyalty_async.convercus.models.profile import (
    Account,
    AccountDetails,
    Balance,
    BalanceEur,
    CustomPropertyValue,
    Event,
    FraudInfo,
    FraudReport,
    Identifier,
    IdentifierBatch,
    Level,
    Membership,
    MembershipUpdate,
    NewIdentifier,
    NewIdentifierBatch,
    NewMembership,
    NewUser,
    NotificationResend,
    PasswordChange,
    PasswordReset,
    RatingLevel,
    RatingLevelAssignment,
    Registration,
    User,
    UserUpdate,
)
from loyalty_async.convercus.models.program import (
    ApiOperation,
    BlacklistEntry,
    CustomPropertyDefinition,
    Endpoint,
    NewBlacklistEntry,
    NewCustomPropertyDefinition,
    NewEndpoint,
    NewResource,
    NewStatusLevelSet,
    NewTag,
    Resource,
    StatusLevelSet,
    Tag,
)
from loyalty_async.convercus.models.rating import RatingConfig, RatingLevelDefinition
from loyalty_async.convercus.models.webhooks import (
    ActionConfig,
    ActionConfigUpdate,
    AnalyticsIntegration,
    DomainType,
    NewActionConfig,
    NewAnalyticsIntegration,
    WebhookAction,
    WebhookEvent,
    WebhookHistory,
)
from loyalty_async.operations import Fill, Operation, OperationTable, Paging, Param, Result

LOCATION = Result.LOCATION
TEXT = Result.TEXT
FILE = Result.FILE
NONE = Result.NONE
#: Where a booking's id may sit in a create's answer that has no ``Location`` header.
BOOKING_IDS = ("bookingId", "levelBookingId", "id")
COUPON_IDS = ("couponId", "id")
#: A promo code create answers with the code itself.
PROMO_CODES = ("code", "promoCode")


def arg(name: str, fill: Fill = Fill.ID) -> Param:
    """A path parameter filled from the method argument ``name``."""
    return Param(fill, name)


UUID = Param(Fill.UUID)


def _(name: str, method: str, path: str, **options: Any) -> Operation:
    return Operation(name, method, path, **options)


# fmt: off
OPERATIONS = OperationTable.of(
    # Account / Core
    _("accounts.get", "GET", "/accounts/{accountId}", model=Account, id_type=True, title="Get the specific account"),
    _("accounts.create", "POST", "/accounts", result=LOCATION, title="Create a new account"),
    _("accounts.delete_anonymous", "DELETE", "/accounts/{accountId}", id_type=True, result=NONE, confidence='M', title="Delete anonymous account"),
    _("accounts.get_details", "GET", "/v3/accountdetails/{accountId}", model=AccountDetails, id_type=True, title="aggregated view of the specified account"),
    _("accounts.merge", "PUT", "/accounts/{accountId}/merge/{targetAccountId}", result=NONE, id_type=True, confidence='L', title="merge an account into an other account"),
    _("accounts.get_balance", "GET", "/accounts/{accountId}/balance", model=Balance, id_type=True, title="Get Balanceinformations for the account"),
    _("accounts.get_balance_eur", "GET", "/accounts/{accountId}/balance/EUR", model=BalanceEur, id_type=True, title="Get Balanceinformations for the account. Returned points are displa..."),
    _("accounts.get_level", "GET", "/accounts/{accountId}/level", model=Level, id_type=True, title="Get Statusinformations for the account"),
    _("accounts.get_rating_level", "GET", "/accounts/{accountId}/ratinglevel", model=RatingLevel, id_type=True, confidence='L', title="Get rating level for the account"),
    _("accounts.update_rating_level", "PUT", "/accounts/{accountId}/ratinglevel", model=RatingLevel, body=RatingLevelAssignment, id_type=True, confidence='L', title="Update rating level for the account"),
    _("accounts.delete_rating_level", "DELETE", "/accounts/{accountId}/ratinglevel", id_type=True, result=NONE, confidence='L', title="Delete rating level for the account"),
    _("accounts.get_fraud_info", "GET", "/accounts/{accountId}/fraud", model=FraudInfo, id_type=True, confidence='L', title="Get the fraudInfo for the account"),
    _("accounts.create_fraud", "POST", "/accounts/{accountId}/fraud", model=FraudInfo, body=FraudReport, id_type=True, confidence='L', title="Create the Fraud and lock account"),
    _("accounts.remove_fraud", "DELETE", "/accounts/{accountId}/fraud", id_type=True, result=NONE, confidence='L', title="Remove the Fraud and unlock account"),
    # Account / Identifiers
    _("identifiers.list_for_account", "GET", "/accounts/{accountId}/identifiers", model=list[Identifier], id_type=True, title="Get identifiers for the account"),
    _("identifiers.create", "POST", "/accounts/{accountId}/identifiers", body=NewIdentifier, result=LOCATION, created_id=("identifierId", "id"), title="Create a new Identifier"),
    _("identifiers.lock", "POST", "/accounts/{accountId}/identifiers/{identifierId}/lock", model=Identifier, id_type=True, confidence='M', title="Locks an Identifier"),
    _("identifiers.unlock", "POST", "/accounts/{accountId}/identifiers/{identifierId}/unlock", model=Identifier, id_type=True, confidence='M', title="Unlocks an Identifier"),
    # Account / Memberships
    _("memberships.get", "GET", "/accounts/{accountId}/memberships/{membershipId}", model=Membership, id_type=True, title="Get membership for the account"),
    _("memberships.create", "POST", "/accounts/{accountId}/memberships", body=NewMembership, result=LOCATION, title="Create a new Membership"),
    _("memberships.update", "PATCH", "/accounts/{accountId}/memberships/{membershipId}", model=Membership, body=MembershipUpdate, id_type=True, resend_safe=True, title="Update Membership"),
    _("memberships.remove", "DELETE", "/accounts/{accountId}/memberships/{membershipId}", id_type=True, result=NONE, confidence='H', title="remove Membership"),
    _("memberships.list", "GET", "/accounts/{accountId}/memberships", model=list[Membership], id_type=True, title="Get memberships for the account"),
    # The implementation manual shows the opt-in update as a bare-array PATCH on the membership
    # itself; the CSV's inferred ".../optins" sub-path is one routes= override away.
    _("memberships.update_optins", "PATCH", "/accounts/{accountId}/memberships/{membershipId}", model=Membership, id_type=True, resend_safe=True, title="update Membership Optins"),
    # Account / Bookings
    _("bookings.create", "POST", "/v2/accounts/{accountId}/bookings", body=NewBooking, id_type=True, result=LOCATION, created_id=BOOKING_IDS, confidence='M', title="Create a new Booking"),
    _("bookings.list", "GET", "/accounts/{accountId}/bookings", model=list[Booking], id_type=True, title="Get bookings for the account"),
    _("bookings.list_level_bookings", "GET", "/accounts/{accountId}/levelbookings", model=list[LevelBooking], id_type=True, confidence='M', title="Get levelBookings for the account"),
    _("bookings.create_level_booking", "POST", "/v2/accounts/{accountId}/levelbookings", body=NewBooking, id_type=True, result=LOCATION, created_id=BOOKING_IDS, confidence='M', title="Create a new LevelBooking"),
    _("bookings.create_level_booking_deprecated", "POST", "/accounts/{accountId}/levelbookings", body=NewBooking, id_type=True, result=LOCATION, created_id=BOOKING_IDS, deprecated=True, replaced_by="bookings.create_level_booking", confidence='M', title="Create a new LevelBooking"),
    _("bookings.create_deprecated", "POST", "/accounts/{accountId}/bookings", body=NewBooking, id_type=True, result=LOCATION, created_id=BOOKING_IDS, deprecated=True, replaced_by="bookings.create", confidence='H', title="Create a new Booking"),
    # Account / Coupons
    _("account_coupons.list_for_account", "GET", "/v2/accounts/{accountId}/accountcoupons", model=list[AccountCoupon], id_type=True, title="Get all account coupons for the specified user"),
    _("account_coupons.list_redemptions_for_account", "GET", "/accounts/{accountId}/couponredemptions", model=list[CouponRedemption], id_type=True, confidence='L', title="Get all coupon redemptions for account"),
    # Account / Transactions
    _("transactions.list_for_account", "GET", "/v2/accounts/{accountId}/transactions", model=Transaction, id_type=True, paged=True, title="Get transactions for the account"),
    _("transactions.create_for_account", "POST", "/accounts/{accountId}/transactions", model=Transaction, body=TransactionRequest, id_type=True, resend_safe=True, title="Create a new Transaction"),
    _("transactions.preview_for_account", "POST", "/accounts/{accountId}/transactions/preview", preview=True, model=Transaction, body=TransactionRequest, id_type=True, resend_safe=True, confidence='M', title="Create a preview of a Transaction"),
    _("transactions.incentivate", "PATCH", "/accounts/{accountId}/transactions/{transactionId}", model=Transaction, id_type=True, confidence='L', title="Incentivate an existing Transaction"),
    _("transactions.list_for_account_deprecated", "GET", "/accounts/{accountId}/transactions", model=list[Transaction], id_type=True, deprecated=True, confidence='H', title="Get transactions for the account"),
    # Coupon / Core
    _("coupons.get", "GET", "/coupons/{couponId}", model=Coupon, confidence='M', title="Get coupon by id"),
    _("coupons.create", "POST", "/v2/coupons", body=Coupon, result=LOCATION, created_id=COUPON_IDS, confidence='M', title="Create a new coupon"),
    _("coupons.update", "PUT", "/v2/coupons/{couponId}", model=Coupon, body=Coupon, confidence='M', title="Update existing coupon"),
    _("coupons.delete", "DELETE", "/v2/coupons/{couponId}", result=NONE, confidence='M', title="Deletes a coupon"),
    _("coupons.list", "GET", "/v2/coupons", model=Coupon, paged=True, confidence='M', title="Get all coupons for the specified query params"),
    _("coupons.update_status", "PATCH", "/coupons/{couponId}/status", model=Coupon, body=CouponStatus, confidence='L', title="Update existing coupon status"),
    _("coupons.verify_external_reference", "GET", "/coupons/externalreference/{externalReference}", confidence='L', title="Verifies external reference"),
    _("coupons.create_deprecated", "POST", "/coupons", body=Coupon, deprecated=True, replaced_by="coupons.create", result=LOCATION, created_id=COUPON_IDS, confidence='M', title="Create a new coupon"),
    _("coupons.delete_deprecated", "DELETE", "/coupons/{couponId}", result=NONE, deprecated=True, replaced_by="coupons.delete", confidence='M', title="Deletes a coupon"),
    _("coupons.list_deprecated", "GET", "/coupons", model=Coupon, paged=True, deprecated=True, replaced_by="coupons.list", confidence='M', title="Get all coupons for the specified query params"),
    _("coupons.update_deprecated", "PUT", "/coupons/{couponId}", model=Coupon, body=Coupon, deprecated=True, replaced_by="coupons.update", confidence='M', title="Update existing coupon"),
    # Coupon / Account Assignation
    _("coupons.assignments.list", "GET", "/coupons/{couponId}/accounts", model=list[CouponAssignment], confidence='M', title="Get accounts assigned to this coupon"),
    _("coupons.assignments.assign", "POST", "/coupons/{couponId}/accounts", model=CouponAssignment, body=Assignment, confidence='M', title="Assigns an account to this coupon"),
    _("coupons.assignments.unassign", "DELETE", "/coupons/{couponId}/accounts/{accountId}", params={"accountId": arg("account", Fill.UUID)}, result=NONE, confidence='M', title="Unassign account from coupon"),
    _("coupons.assignments.count", "GET", "/coupons/{couponId}/accounts/count", confidence='L', title="Get number of accounts assigned to a coupon"),
    _("coupons.assignments.get", "GET", "/coupons/{couponId}/accounts/{accountId}", model=CouponAssignment, params={"accountId": arg("account", Fill.UUID)}, confidence='M', title="Get details about account assignation for this coupon"),
    # Coupon / Account Assignation Batch
    _("coupons.batches.list", "GET", "/v2/coupons/{couponId}/batches", model=list[CouponBatch], confidence='L', title="Returns a list of batch assignation operations"),
    _("coupons.batches.assign_accounts", "POST", "/v2/coupons/{couponId}/batches", body=BatchAssignment, confidence='L', title="Assigns a list of accounts to a coupon"),
    _("coupons.batches.assign_accounts_2", "POST", "/v2/coupons/{couponId}/batches", body=BatchAssignment, replaced_by="coupons.batches.assign_accounts", confidence='L', title="Assigns a list of accounts to a coupon"),
    _("coupons.batches.abort", "POST", "/coupons/{couponId}/batches/{batchId}/abort", model=CouponBatch, confidence='L', title="Abort batch assignation"),
    _("coupons.batches.get", "GET", "/v2/coupons/{couponId}/batches/{batchId}", query=("error_limit",), model=CouponBatch, confidence='L', title="Get details of coupon batch assignation, allows limiting the number..."),
    _("coupons.batches.list_errors", "GET", "/coupons/{couponId}/batches/{batchId}/errors", model=CouponBatchError, paged=True, confidence='L', title="Paginate error messages within a batch"),
    _("coupons.count_accounts", "POST", "/coupons/accounts/count", resend_safe=True, confidence='L', title="Get amount of Accounts related to an array of Coupons"),
    _("coupons.batches.get_deprecated", "GET", "/coupons/{couponId}/batches/{batchId}", query=("error_limit",), model=CouponBatch, deprecated=True, replaced_by="coupons.batches.get", confidence='L', title="Get details of coupon batch assignation"),
    _("coupons.batches.assign_accounts_deprecated", "POST", "/coupons/{couponId}/batches", body=BatchAssignment, deprecated=True, replaced_by="coupons.batches.assign_accounts", confidence='L', title="Assigns a list of accounts to a coupon"),
    _("coupons.batches.list_deprecated", "GET", "/coupons/{couponId}/batches", model=list[CouponBatch], deprecated=True, replaced_by="coupons.batches.list", confidence='L', title="Returns a list of batch assignation operations"),
    _("coupons.batches.list_deprecated_2", "GET", "/coupons/{couponId}/batches", model=list[CouponBatch], deprecated=True, replaced_by="coupons.batches.list", confidence='L', title="Returns a list of batch assignation operations"),
    # Coupon / PromoCode
    _("coupons.promo_codes.list_generic", "GET", "/coupons/{couponId}/promocodes/generic", model=list[PromoCode], confidence='L', title="Get all generics codes created for promocodes"),
    _("coupons.promo_codes.create_generic", "POST", "/coupons/{couponId}/promocodes/generic", body=NewPromoCode, result=LOCATION, created_id=PROMO_CODES, confidence='L', title="Create a generic promo code"),
    _("coupons.promo_codes.delete_generic", "DELETE", "/coupons/{couponId}/promocodes/generic/{code}", result=NONE, confidence='L', title="Deletes a generic code of a coupon"),
    _("coupons.promo_codes.list_unique", "GET", "/coupons/{couponId}/promocodes/unique", model=list[PromoCode], confidence='L', title="Get all unique individual codes created for promocodes"),
    _("coupons.promo_codes.create_unique_batch", "POST", "/coupons/{couponId}/promocodes/unique/batch", model=list[PromoCode], body=PromoCodeBatch, confidence='L', title="Create an unique individual codes of promo codes"),
    _("coupons.promo_codes.create_unique", "POST", "/coupons/{couponId}/promocodes/unique", body=NewPromoCode, result=LOCATION, created_id=PROMO_CODES, confidence='L', title="Create an unique individual of promo codes"),
    _("coupons.promo_codes.delete_unique", "DELETE", "/coupons/{couponId}/promocodes/unique/{code}", result=NONE, confidence='L', title="Deletes a unique promo code of a coupon"),
    # Coupon / Account coupon & Promo code
    _("account_coupons.get", "GET", "/v3/accountcoupons/{accountCouponIdOrCode}", model=AccountCoupon, params={"accountCouponIdOrCode": arg("coupon")}, id_type=True, confidence='H', title="Get AccountCoupon/PromoCode details depending on the request"),
    _("account_coupons.redeem", "PATCH", "/v3/accountcoupons/{accountCouponIdOrCode}", model=CouponRedemption, body=Redemption, params={"accountCouponIdOrCode": arg("coupon")}, id_type=True, title="Redeem for the AccountCoupon or Promo-codes depending on id-type va..."),
    _("account_coupons.get_code", "GET", "/v2/accountcoupons/{accountCouponId}/code", result=TEXT, title="Get the couponcode for the specified AccountCoupon"),
    _("account_coupons.set_activation", "PATCH", "/v3/accountcoupons/{accountCouponId}/activation", model=AccountCoupon, body=Activation, confidence='L', title="activate or deactivate the AccountCoupon"),
    _("account_coupons.preview_redeem", "PATCH", "/v3/accountcoupons/{accountCouponIdOrCode}/preview", preview=True, model=CouponRedemption, body=Redemption, params={"accountCouponIdOrCode": arg("coupon")}, id_type=True, resend_safe=True, confidence='M', title="Previews the redeem for the AccountCoupon or Promo-codes depending..."),
    _("account_coupons.cancel_redemption", "DELETE", "/v3/accountcoupons/redemptions/{redemptionId}", result=NONE, confidence='L', title="Cancels a coupon redemption using the redemptionId"),
    _("account_coupons.redeem_v2", "PATCH", "/v2/accountcoupons/{accountCouponId}", model=CouponRedemption, body=Redemption, deprecated=True, title="redeem the AccountCoupon"),
    _("account_coupons.redeem_put_deprecated", "PUT", "/accountcoupons/{accountCouponId}", model=CouponRedemption, body=Redemption, idempotent=False, deprecated=True, replaced_by="account_coupons.redeem_v2", confidence='M', title="redeem the AccountCoupon"),
    _("account_coupons.get_code_deprecated", "GET", "/accountcoupons/{accountCouponId}/code", result=TEXT, deprecated=True, replaced_by="account_coupons.get_code", confidence='M', title="Get the couponcode for the specified AccountCoupon"),
    _("account_coupons.get_code_v1", "GET", "/v1/accountcoupons/{accountCouponId}/code", result=TEXT, deprecated=True, replaced_by="account_coupons.get_code", confidence='M', title="Get the couponcode for the specified AccountCoupon"),
    _("account_coupons.get_v2", "GET", "/v2/accountcoupons/{accountCouponId}", model=AccountCoupon, deprecated=True, title="Get the accountcoupon details"),
    _("account_coupons.preview_redeem_v2", "PATCH", "/v2/accountcoupons/{accountCouponId}/preview", preview=True, model=CouponRedemption, body=Redemption, resend_safe=True, deprecated=True, confidence='L', title="Previews the redeem for the AccountCoupon"),
    _("account_coupons.redeem_deprecated", "PATCH", "/accountcoupons/{accountCouponId}", model=CouponRedemption, body=Redemption, deprecated=True, replaced_by="account_coupons.redeem_v2", confidence='M', title="redeem the AccountCoupon"),
    _("account_coupons.preview_redeem_put_deprecated", "PUT", "/accountcoupons/{accountCouponId}/preview", preview=True, model=CouponRedemption, body=Redemption, resend_safe=True, deprecated=True, replaced_by="account_coupons.preview_redeem_v2", confidence='L', title="Previews the redeem for the AccountCoupon"),
    _("account_coupons.redeem_put_deprecated_2", "PUT", "/accountcoupons/{accountCouponId}", model=CouponRedemption, body=Redemption, idempotent=False, deprecated=True, replaced_by="account_coupons.redeem_v2", confidence='M', title="redeem the AccountCoupon"),
    # Coupon / Images
    _("coupons.images.upload", "POST", "/v2/coupons/{couponId}/images", model=CouponImage, confidence='M', title="Upload an image for the specified coupon"),
    _("coupons.images.delete", "DELETE", "/coupons/{couponId}/images/{imageId}", result=NONE, confidence='M', title="Deletes an specific image which is related to the specified coupon"),
    _("coupons.images.upload_deprecated", "POST", "/coupons/{couponId}/images", model=CouponImage, deprecated=True, replaced_by="coupons.images.upload", confidence='M', title="Upload an image for the specified coupon"),
    # Transaction / Core
    _("transactions.get", "GET", "/transactions/{transactionId}", model=Transaction, title="Get retail transaction"),
    _("transactions.preview", "POST", "/transactions/preview", preview=True, model=Transaction, body=TransactionRequest, resend_safe=True, confidence='M', title="Create a new Transaction preview"),
    _("transactions.book_revenue", "POST", "/transactions", model=Transaction, body=TransactionRequest, resend_safe=True, title="Book revenue transaction"),
    _("transactions.list", "GET", "/transactions", model=Transaction, paged=True, confidence='M', title="Get retail transactions"),
    # Program / Blacklists
    _("programs.blacklists.get", "GET", "/programs/{programId}/blacklists/{blacklistId}", model=BlacklistEntry, params={"blacklistId": UUID}, confidence='M', title="Get blacklisted item for a program"),
    _("programs.blacklists.create", "POST", "/programs/{programId}/blacklists", body=NewBlacklistEntry, result=LOCATION, confidence='M', title="Create a blacklisted item for a program"),
    _("programs.blacklists.update", "PUT", "/programs/{programId}/blacklists/{blacklistId}", model=BlacklistEntry, body=NewBlacklistEntry, params={"blacklistId": UUID}, confidence='M', title="Update a blacklisted item for a program"),
    _("programs.blacklists.delete", "DELETE", "/programs/{programId}/blacklists/{blacklistId}", result=NONE, params={"blacklistId": UUID}, confidence='M', title="Delete a blacklisted item for a program"),
    _("programs.blacklists.list", "GET", "/programs/{programId}/blacklists", model=list[BlacklistEntry], confidence='M', title="Get all blacklisted items for a program"),
    # Program / Custom Properties
    _("programs.custom_properties.get", "GET", "/programs/{programId}/customproperties/{customPropertyId}", model=CustomPropertyDefinition, params={"customPropertyId": UUID}, confidence='M', title="Get one custom property for a program"),
    _("programs.custom_properties.create", "POST", "/programs/{programId}/customproperties", body=NewCustomPropertyDefinition, result=LOCATION, confidence='M', title="Create a custom property for the specified program"),
    _("programs.custom_properties.update", "PUT", "/programs/{programId}/customproperties/{customPropertyId}", model=CustomPropertyDefinition, body=NewCustomPropertyDefinition, params={"customPropertyId": UUID}, confidence='M', title="Update a custom property for the specified program"),
    _("programs.custom_properties.list", "GET", "/programs/{programId}/customproperties", model=list[CustomPropertyDefinition], confidence='M', title="Get all custom properties for the specified program"),
    # Program / Endpoint
    _("programs.endpoints.get", "GET", "/programs/{programId}/endpoints/{endpointId}", model=Endpoint, params={"endpointId": UUID}, confidence='M', title="Get the endpoint for the specified id and the specified program"),
    _("programs.endpoints.create", "POST", "/v2/programs/{programId}/endpoints", body=NewEndpoint, result=LOCATION, confidence='L', title="Create an endpoint for the specified program"),
    _("programs.endpoints.update", "PUT", "/programs/{programId}/endpoints/{endpointId}", model=Endpoint, body=NewEndpoint, params={"endpointId": UUID}, confidence='M', title="Changes the endpoint with the given id"),
    _("programs.endpoints.delete", "DELETE", "/programs/{programId}/endpoints/{endpointId}", result=NONE, params={"endpointId": UUID}, confidence='M', title="Deletes the endpoint with the given id"),
    _("programs.endpoints.list", "GET", "/programs/{programId}/endpoints", model=list[Endpoint], query=("type",), confidence='M', title="Get all endpoints for the specified program. Can be filtered by type."),
    _("programs.endpoints.create_deprecated", "POST", "/programs/{programId}/endpoints", body=NewEndpoint, result=LOCATION, replaced_by="programs.endpoints.create", deprecated=True, confidence='L', title="Create an endpoint for the specified program"),
    _("programs.endpoints.update_deprecated", "PUT", "/programs/{programId}/endpoints/{endpointId}", model=Endpoint, body=NewEndpoint, params={"endpointId": UUID}, replaced_by="programs.endpoints.update", deprecated=True, confidence='M', title="Changes the endpoint with the given id"),
    # Program / Product Catalog / Partner & Stores
    _("product_catalog.groups.list_for_partner", "GET", "/programs/{programId}/partners/{partnerId}/groups", model=list[CatalogGroup], params={"partnerId": UUID}, confidence='L', title="Get all groups of the specified partner"),
    _("product_catalog.groups.create_for_partner", "POST", "/v2/programs/{programId}/partners/{partnerId}/groups", body=NewCatalogGroup, result=LOCATION, params={"partnerId": UUID}, confidence='L', title="Create a new group for a partner"),
    _("product_catalog.subgroups.get_for_partner", "GET", "/programs/{programId}/partners/{partnerId}/subgroups/{subgroupId}", model=CatalogSubgroup, params={"partnerId": UUID, "subgroupId": UUID}, confidence='L', title="Get the subgroup for the specified ID and program"),
    _("product_catalog.subgroups.create_for_partner", "POST", "/v2/programs/{programId}/partners/{partnerId}/groups/{groupId}/subgroups", body=NewCatalogSubgroup, result=LOCATION, params={"partnerId": UUID, "groupId": UUID}, confidence='L', title="Create subgroup for the specified partner and group"),
    _("product_catalog.subgroups.list_for_partner_group", "GET", "/programs/{programId}/partners/{partnerId}/groups/{groupId}/subgroups", model=list[CatalogSubgroup], params={"partnerId": UUID, "groupId": UUID}, confidence='L', title="Get all subgroups of the specified partner and group"),
    _("product_catalog.items.list_for_partner", "GET", "/programs/{programId}/partners/{partnerId}/items", model=list[CatalogItem], params={"partnerId": UUID}, confidence='L', title="Get all items of the specified partner"),
    _("product_catalog.items.create_for_partner", "POST", "/v2/programs/{programId}/partners/{partnerId}/groups/{groupId}/subgroups/{subgroupId}/items", body=NewCatalogItem, result=LOCATION, params={"partnerId": UUID, "groupId": UUID, "subgroupId": UUID}, confidence='L', title="Create item for the specified partner/group/subgroup"),
    _("product_catalog.items.list_for_partner_subgroup", "GET", "/programs/{programId}/partners/{partnerId}/groups/{groupId}/subgroups/{subgroupId}/items", model=list[CatalogItem], params={"partnerId": UUID, "groupId": UUID, "subgroupId": UUID}, confidence='L', title="Get all items of the specified partner/group/subgroup"),
    # Program / Product Catalog / Groups
    _("product_catalog.groups.get", "GET", "/programs/{programId}/groups/{groupId}", model=CatalogGroup, params={"groupId": UUID}, confidence='M', title="Get the group for the specified ID"),
    _("product_catalog.groups.create", "POST", "/v2/programs/{programId}/groups", body=NewCatalogGroup, result=LOCATION, confidence='M', title="Create a new group for program"),
    _("product_catalog.groups.update", "PUT", "/v2/programs/{programId}/groups/{groupId}", model=CatalogGroup, body=NewCatalogGroup, params={"groupId": UUID}, confidence='M', title="Changes the group with the specified ID"),
    _("product_catalog.groups.delete", "DELETE", "/programs/{programId}/groups/{groupId}", result=NONE, params={"groupId": UUID}, confidence='M', title="Deletes the group with the specified ID"),
    _("product_catalog.groups.list", "GET", "/v2/programs/{programId}/groups", model=list[CatalogGroup], confidence='M', title="Get program groups"),
    # Program / Product Catalog / Subgroups
    _("product_catalog.subgroups.list", "GET", "/v2/programs/{programId}/subgroups", model=list[CatalogSubgroup], confidence='M', title="Get program subgroups"),
    _("product_catalog.subgroups.create", "POST", "/v2/programs/{programId}/groups/{groupId}/subgroups", body=NewCatalogSubgroup, result=LOCATION, params={"groupId": UUID}, confidence='M', title="Create subgroup for the specified program and group"),
    _("product_catalog.subgroups.update", "PUT", "/v2/programs/{programId}/subgroups/{subgroupId}", model=CatalogSubgroup, body=NewCatalogSubgroup, params={"subgroupId": UUID}, confidence='M', title="Changes the subgroup with the specified ID"),
    _("product_catalog.subgroups.delete", "DELETE", "/programs/{programId}/subgroups/{subgroupId}", result=NONE, params={"subgroupId": UUID}, confidence='M', title="Deletes the subgroup with the specified ID"),
    _("product_catalog.subgroups.list_for_group", "GET", "/programs/{programId}/groups/{groupId}/subgroups", model=list[CatalogSubgroup], params={"groupId": UUID}, confidence='M', title="Get subgroups of the specified group"),
    # Program / Product Catalog / Items
    _("product_catalog.items.get", "GET", "/programs/{programId}/items/{itemId}", model=CatalogItem, params={"itemId": UUID}, confidence='M', title="Get the item for the specified ID"),
    _("product_catalog.items.create", "POST", "/v2/programs/{programId}/groups/{groupId}/subgroups/{subgroupId}/items", body=NewCatalogItem, result=LOCATION, params={"groupId": UUID, "subgroupId": UUID}, confidence='M', title="Create item for the specified program/group/subgroup"),
    _("product_catalog.items.update", "PUT", "/v2/programs/{programId}/items/{itemId}", model=CatalogItem, body=NewCatalogItem, params={"itemId": UUID}, confidence='M', title="Changes the item with specified ID"),
    _("product_catalog.items.delete", "DELETE", "/programs/{programId}/items/{itemId}", result=NONE, params={"itemId": UUID}, confidence='M', title="Deletes the item with specified ID"),
    _("product_catalog.items.list_for_subgroup", "GET", "/programs/{programId}/groups/{groupId}/subgroups/{subgroupId}/items", model=list[CatalogItem], params={"groupId": UUID, "subgroupId": UUID}, confidence='M', title="Get the items of the specified group and subgroup"),
    _("product_catalog.items.list", "GET", "/v2/programs/{programId}/items", model=list[CatalogItem], confidence='M', title="Get program items"),
    # Program / Product Catalog
    _("product_catalog.subgroups.update_deprecated", "PUT", "/programs/{programId}/subgroups/{subgroupId}", model=CatalogSubgroup, body=NewCatalogSubgroup, params={"subgroupId": UUID}, replaced_by="product_catalog.subgroups.update", deprecated=True, confidence='M', title="Changes the subgroup with the specified ID"),
    _("product_catalog.subgroups.list_deprecated", "GET", "/programs/{programId}/subgroups", model=list[CatalogSubgroup], replaced_by="product_catalog.subgroups.list", deprecated=True, confidence='M', title="Get program subgroups"),
    _("product_catalog.items.create_for_partner_deprecated", "POST", "/programs/{programId}/partners/{partnerId}/groups/{groupId}/subgroups/{subgroupId}/items", body=NewCatalogItem, result=LOCATION, params={"partnerId": UUID, "groupId": UUID, "subgroupId": UUID}, replaced_by="product_catalog.items.create_for_partner", deprecated=True, confidence='L', title="Create item for the specified partner/group/subgroup"),
    _("product_catalog.subgroups.create_for_partner_deprecated", "POST", "/programs/{programId}/partners/{partnerId}/groups/{groupId}/subgroups", body=NewCatalogSubgroup, result=LOCATION, params={"partnerId": UUID, "groupId": UUID}, replaced_by="product_catalog.subgroups.create_for_partner", deprecated=True, confidence='L', title="Create subgroup for the specified partner and group"),
    _("product_catalog.groups.create_for_partner_deprecated", "POST", "/programs/{programId}/partners/{partnerId}/groups", body=NewCatalogGroup, result=LOCATION, params={"partnerId": UUID}, replaced_by="product_catalog.groups.create_for_partner", deprecated=True, confidence='L', title="Create a new group for a partner"),
    _("product_catalog.items.update_deprecated", "PUT", "/programs/{programId}/items/{itemId}", model=CatalogItem, body=NewCatalogItem, params={"itemId": UUID}, replaced_by="product_catalog.items.update", deprecated=True, confidence='M', title="Changes the item with specified ID"),
    _("product_catalog.items.list_deprecated", "GET", "/programs/{programId}/items", model=list[CatalogItem], replaced_by="product_catalog.items.list", deprecated=True, confidence='M', title="Get program items"),
    _("product_catalog.items.create_deprecated", "POST", "/programs/{programId}/groups/{groupId}/subgroups/{subgroupId}/items", body=NewCatalogItem, result=LOCATION, params={"groupId": UUID, "subgroupId": UUID}, replaced_by="product_catalog.items.create", deprecated=True, confidence='M', title="Create item for the specified program/group/subgroup"),
    _("product_catalog.subgroups.create_deprecated", "POST", "/programs/{programId}/groups/{groupId}/subgroups", body=NewCatalogSubgroup, result=LOCATION, params={"groupId": UUID}, replaced_by="product_catalog.subgroups.create", deprecated=True, confidence='M', title="Create subgroup for the specified program and group"),
    _("product_catalog.groups.update_deprecated", "PUT", "/programs/{programId}/groups/{groupId}", model=CatalogGroup, body=NewCatalogGroup, params={"groupId": UUID}, replaced_by="product_catalog.groups.update", deprecated=True, confidence='M', title="Changes the group with the specified ID"),
    _("product_catalog.groups.create_deprecated", "POST", "/programs/{programId}/groups", body=NewCatalogGroup, result=LOCATION, replaced_by="product_catalog.groups.create", deprecated=True, confidence='M', title="Create a new group for program"),
    _("product_catalog.groups.list_deprecated", "GET", "/programs/{programId}/groups", model=list[CatalogGroup], replaced_by="product_catalog.groups.list", deprecated=True, confidence='M', title="Get program groups"),
    # Program / Interaction Points / Core
    _("interaction_points.get", "GET", "/programs/{programId}/interactionpoints/{interactionPointId}", model=InteractionPoint, confidence='M', title="Get the interaction points for the specified id"),
    _("interaction_points.create", "POST", "/v2/programs/{programId}/interactionpoints", body=NewInteractionPoint, result=LOCATION, confidence='M', title="Create a new Interaction Point for a program"),
    _("interaction_points.update", "PATCH", "/programs/{programId}/interactionpoints/{interactionPointId}", model=InteractionPoint, body=InteractionPointUpdate, resend_safe=True, confidence='M', title="Updates the interaction point with the given id"),
    _("interaction_points.delete", "DELETE", "/programs/{programId}/interactionpoints/{interactionPointId}", result=NONE, confidence='M', title="Deletes the interaction point with the given id"),
    _("interaction_points.list", "GET", "/programs/{programId}/interactionpoints", model=list[InteractionPoint], confidence='M', title="Get the interaction points for the specified program"),
    _("interaction_points.get_details", "GET", "/programs/{programId}/interactionpoints/{interactionPointId}/details", model=InteractionPointDetails, confidence='L', title="Get the interaction points details for the specified id. The detail..."),
    # Program / Interaction Points / Partners & Stores
    _("interaction_points.list_for_partner", "GET", "/programs/{programId}/partners/{partnerId}/interactionpoints", model=list[InteractionPoint], params={"partnerId": UUID}, confidence='M', title="Get the interaction points for the specified partner"),
    _("interaction_points.create_for_partner", "POST", "/programs/{programId}/partners/{partnerId}/interactionpoints", body=NewInteractionPoint, result=LOCATION, params={"partnerId": UUID}, confidence='M', title="Create a new Interaction Point for a partner"),
    _("interaction_points.get_for_partner", "GET", "/programs/{programId}/partners/{partnerId}/interactionpoints/{interactionPointId}", model=InteractionPoint, params={"partnerId": UUID}, confidence='M', title="Get the interaction points for the specified id"),
    _("interaction_points.list_for_store", "GET", "/programs/{programId}/partners/{partnerId}/stores/{storeId}/interactionpoints", model=list[InteractionPoint], params={"partnerId": UUID, "storeId": UUID}, confidence='M', title="Get the interaction points for the specified store"),
    _("interaction_points.create_for_store", "POST", "/programs/{programId}/partners/{partnerId}/stores/{storeId}/interactionpoints", body=NewInteractionPoint, result=LOCATION, params={"partnerId": UUID, "storeId": UUID}, confidence='M', title="Create a new Interaction Point for a store"),
    _("interaction_points.get_for_store", "GET", "/programs/{programId}/partners/{partnerId}/stores/{storeId}/interactionpoints/{interactionPointId}", model=InteractionPoint, params={"partnerId": UUID, "storeId": UUID}, confidence='M', title="Get the interaction points for the specified id"),
    # Program / Interaction Points
    _("interaction_points.create_deprecated", "POST", "/programs/{programId}/interactionpoints", body=NewInteractionPoint, result=LOCATION, replaced_by="interaction_points.create", deprecated=True, confidence='M', title="Create a new Interaction Point for a program"),
    _("interaction_points.create_for_partner_deprecated", "POST", "/programs/{programId}/partners/{partnerId}/interactionpoints", body=NewInteractionPoint, result=LOCATION, params={"partnerId": UUID}, replaced_by="interaction_points.create_for_partner", deprecated=True, confidence='M', title="Create a new Interaction Point for a partner"),
    _("interaction_points.create_unscoped_deprecated", "POST", "/interactionpoints", body=NewInteractionPoint, result=LOCATION, deprecated=True, confidence='L', title="Create a new interaction point"),
    # Program / Operations
    _("programs.list_operations", "GET", "/programs/{programId}/operations", model=list[ApiOperation], confidence='M', title="Get API operations for a program"),
    # Program / Partners
    _("partners.get", "GET", "/programs/{programId}/partners/{partnerId}", model=Partner, params={"partnerId": UUID}, confidence='M', title="Get the partner for the specified id and the specified program"),
    _("partners.create", "POST", "/programs/{programId}/partners", body=NewPartner, result=LOCATION, confidence='M', title="Create a new partner"),
    _("partners.update", "PUT", "/programs/{programId}/partners/{partnerId}", model=Partner, body=NewPartner, params={"partnerId": UUID}, confidence='M', title="Changes a partner for the specified program"),
    _("partners.deactivate", "DELETE", "/programs/{programId}/partners/{partnerId}", result=NONE, params={"partnerId": UUID}, confidence='M', title="Deactivates a partner for the specified program"),
    _("partners.list", "GET", "/programs/{programId}/partners", model=list[Partner], confidence='M', title="Get all partners for the specified program"),
    _("partners.list_affiliates", "GET", "/programs/{programId}/partners/{partnerId}/affiliates", model=list[Partner], params={"partnerId": UUID}, confidence='L', title="Get all affiliate partners for the specified partner"),
    _("partners.list_affiliate_program_units", "GET", "/programs/{programId}/partners/{partnerId}/programunits", model=list[ProgramUnit], params={"partnerId": UUID}, confidence='L', title="Get all affiliate programUnits for the specified partner"),
    _("partners.list_deprecated", "GET", "/programs/{programId}/partners", model=list[Partner], replaced_by="partners.list", deprecated=True, confidence='M', title="Get all partners for the specified program"),
    _("partners.update_deprecated", "PUT", "/programs/{programId}/partners/{partnerId}", model=Partner, body=NewPartner, params={"partnerId": UUID}, replaced_by="partners.update", deprecated=True, confidence='M', title="Changes a partner for the specified program"),
    _("partners.deactivate_deprecated", "DELETE", "/programs/{programId}/partners/{partnerId}", result=NONE, params={"partnerId": UUID}, replaced_by="partners.deactivate", deprecated=True, confidence='M', title="Deactivates a partner for the specified program"),
    _("partners.create_deprecated", "POST", "/programs/{programId}/partners", body=NewPartner, result=LOCATION, replaced_by="partners.create", deprecated=True, confidence='M', title="Create a new partner"),
    _("partners.list_deprecated_2", "GET", "/programs/{programId}/partners", model=list[Partner], replaced_by="partners.list", deprecated=True, confidence='M', title="Get all partners for the specified program"),
    # Program / Stores
    _("stores.get", "GET", "/programs/{programId}/partners/{partnerId}/stores/{storeId}", model=Store, params={"partnerId": UUID, "storeId": UUID}, confidence='M', title="Get the store for the specified id and the specified partner"),
    _("stores.create", "POST", "/programs/{programId}/partners/{partnerId}/stores", body=NewStore, result=LOCATION, params={"partnerId": UUID}, confidence='M', title="Create a new store"),
    _("stores.update", "PUT", "/programs/{programId}/partners/{partnerId}/stores/{storeId}", model=Store, body=NewStore, params={"partnerId": UUID, "storeId": UUID}, confidence='M', title="Changes a store for the specified program"),
    _("stores.deactivate", "DELETE", "/programs/{programId}/partners/{partnerId}/stores/{storeId}", result=NONE, params={"partnerId": UUID, "storeId": UUID}, confidence='M', title="Deactivates a store for the specified program"),
    _("stores.list_for_program", "GET", "/programs/{programId}/stores", model=list[Store], confidence='M', title="Get all stores for the specified program"),
    _("stores.list_for_program_2", "GET", "/programs/{programId}/stores", model=list[Store], replaced_by="stores.list_for_program", confidence='M', title="Get all stores for the specified program"),
    _("stores.create_deprecated", "POST", "/programs/{programId}/partners/{partnerId}/stores", body=NewStore, result=LOCATION, params={"partnerId": UUID}, replaced_by="stores.create", deprecated=True, confidence='M', title="Create a new store"),
    _("stores.update_deprecated", "PUT", "/programs/{programId}/partners/{partnerId}/stores/{storeId}", model=Store, body=NewStore, params={"partnerId": UUID, "storeId": UUID}, replaced_by="stores.update", deprecated=True, confidence='M', title="Changes a store for the specified program"),
    _("stores.list_for_partner_deprecated", "GET", "/programs/{programId}/partners/{partnerId}/stores", model=list[Store], params={"partnerId": UUID}, deprecated=True, confidence='M', title="Get all stores for the specified partner"),
    _("stores.list_for_program_paginated_deprecated", "GET", "/programs/{programId}/stores", model=Store, paged=True, deprecated=True, confidence='M', title="Get all stores for the specified program with pagination"),
    _("stores.list_for_partner_paginated_deprecated", "GET", "/programs/{programId}/partners/{partnerId}/stores", model=Store, params={"partnerId": UUID}, paged=True, deprecated=True, confidence='M', title="Get all stores for the specified partner with pagination"),
    _("stores.list_for_program_deprecated", "GET", "/programs/{programId}/stores", model=list[Store], replaced_by="stores.list_for_program", deprecated=True, confidence='M', title="Get all stores for the specified program"),
    # Program / Partner Blacklists
    _("partners.blacklists.list", "GET", "/programs/{programId}/partners/{partnerId}/blacklists", model=list[BlacklistEntry], params={"partnerId": UUID}, confidence='M', title="Get all blacklisted items for a partner"),
    _("partners.blacklists.create", "POST", "/programs/{programId}/partners/{partnerId}/blacklists", body=NewBlacklistEntry, result=LOCATION, params={"partnerId": UUID}, confidence='M', title="Create a blacklisted item for a partner"),
    _("partners.blacklists.get", "GET", "/programs/{programId}/partners/{partnerId}/blacklists/{blacklistId}", model=BlacklistEntry, params={"partnerId": UUID, "blacklistId": UUID}, confidence='M', title="Get blacklisted item for a partner"),
    _("partners.blacklists.update", "PUT", "/programs/{programId}/partners/{partnerId}/blacklists/{blacklistId}", model=BlacklistEntry, body=NewBlacklistEntry, params={"partnerId": UUID, "blacklistId": UUID}, confidence='M', title="Update a blacklisted item for a partner"),
    _("partners.blacklists.delete", "DELETE", "/programs/{programId}/partners/{partnerId}/blacklists/{blacklistId}", result=NONE, params={"partnerId": UUID, "blacklistId": UUID}, confidence='M', title="Delete a blacklisted item for a partner"),
    # Program / Rating / Config
    _("rating.get_program_config", "GET", "/programs/{programId}/ratingconfig", model=RatingConfig, confidence='L', title="Get rating config for program"),
    _("rating.get_partner_config", "GET", "/programs/{programId}/partners/{partnerId}/ratingconfig", model=RatingConfig, confidence='L', title="Get rating config for partner"),
    _("rating.put_partner_config", "PUT", "/programs/{programId}/partners/{partnerId}/ratingconfig", model=RatingConfig, body=RatingConfig, confidence='L', title="Create/update the rating config for a partner"),
    # Program / Rating / Levels
    _("rating.list_levels", "GET", "/programs/{programId}/ratinglevels", model=list[RatingLevelDefinition], confidence='L', title="Get rating levels for program"),
    _("rating.get_level", "GET", "/programs/{programId}/ratinglevels/{ratingLevelId}", model=RatingLevelDefinition, confidence='L', title="Get a rating level for program"),
    # Program / Status Level
    _("status_level_sets.get", "GET", "/programs/{programId}/statuslevelsets/{statusLevelSetId}", model=StatusLevelSet, params={"statusLevelSetId": UUID}, confidence='M', title="Get a specific status level set."),
    _("status_level_sets.update", "PUT", "/programs/{programId}/statuslevelsets/{statusLevelSetId}", model=StatusLevelSet, body=NewStatusLevelSet, params={"statusLevelSetId": UUID}, confidence='M', title="Update a specific status level set"),
    _("status_level_sets.delete", "DELETE", "/programs/{programId}/statuslevelsets/{statusLevelSetId}", result=NONE, params={"statusLevelSetId": UUID}, confidence='M', title="Delete a specific status level set"),
    _("status_level_sets.list", "GET", "/programs/{programId}/statuslevelsets", model=list[StatusLevelSet], query=("status",), confidence='M', title="Get all StatusLevelSets for the specified program. Can be filtered..."),
    _("status_level_sets.create", "POST", "/programs/{programId}/statuslevelsets", body=NewStatusLevelSet, result=LOCATION, confidence='M', title="Get all StatusLevelSets for the specified program. Can be filtered..."),
    # Program / Resources
    _("programs.resources.get", "GET", "/programs/{programId}/resources/{resourceId}", model=Resource, params={"resourceId": UUID}, confidence='L', title="Get a resource"),
    _("programs.resources.create", "POST", "/programs/{programId}/resources", body=NewResource, result=LOCATION, confidence='L', title="Create a resource"),
    _("programs.resources.delete", "DELETE", "/programs/{programId}/resources/{resourceId}", result=NONE, params={"resourceId": UUID}, confidence='L', title="Delete a resource"),
    # Program / Tag
    _("programs.tags.create", "POST", "/programs/{programId}/tags", body=NewTag, result=LOCATION, confidence='M', title="Create a tag for the specified program"),
    _("programs.tags.update", "PUT", "/programs/{programId}/tags/{tagId}", model=Tag, body=NewTag, params={"tagId": UUID}, confidence='M', title="Changes a tag for the specified program"),
    _("programs.tags.delete", "DELETE", "/programs/{programId}/tags/{tagId}", result=NONE, params={"tagId": UUID}, confidence='M', title="Delete the specified tag for the specified program"),
    _("programs.tags.list", "GET", "/programs/{programId}/tags", model=list[Tag], query=("domain",), confidence='M', title="Get all tags for the specified program. Can be filtered by domain"),
    _("programs.tags.get", "GET", "/programs/{programId}/tags/{tagId}", model=Tag, params={"tagId": UUID}, confidence='L', title="Get the custom property for the specified id and the specified program"),
    _("programs.tags.create_deprecated", "POST", "/programs/{programId}/tags", body=NewTag, result=LOCATION, replaced_by="programs.tags.create", deprecated=True, confidence='M', title="Create a tag for the specified program"),
    _("programs.tags.update_deprecated", "PUT", "/programs/{programId}/tags/{tagId}", model=Tag, body=NewTag, params={"tagId": UUID}, replaced_by="programs.tags.update", deprecated=True, confidence='M', title="Changes a tag for the specified program"),
    # Program / Events
    _("events.list_for_membership", "GET", "/accounts/{accountId}/memberships/{membershipId}/events", model=list[Event], id_type=True, confidence='L', title="Get all events for the specified membership"),
    # Connectors / Core
    _("connectors.ping", "GET", "/connectors/ping", result=NONE, title="/connectors/ping"),
    _("connectors.send", "POST", "/connectors/{connectorId}/{domainId}", model=ConnectorReply, body=ConnectorMessage, title="/connectors/{connectorId}/{domainId}"),
    _("connectors.send_sales", "POST", "/connectors/{connectorId}/{domainId}/api/v2/sales", model=ConnectorReply, body=ConnectorSale, title="/connectors/{connectorId}/{domainId}/api/v2/sales"),
    _("connectors.health", "GET", "/connectors/health", model=ServiceHealth, confidence='L', title="Health"),
    _("connectors.health_actuator", "GET", "/connectors/actuator/health", model=ServiceHealth, confidence='L', title=""),
    # Webhook / Actions / Core
    _("webhooks.actions.get", "GET", "/webhooks/action/{actionId}", model=WebhookAction, confidence='M', title="Retrieve a single Action"),
    _("webhooks.actions.list", "GET", "/webhooks/action", model=WebhookAction, paging_style=Paging.CRUD, confidence='M', title="Retrieve multiple Actions"),
    _("webhooks.actions.retry", "POST", "/webhooks/action/retry/{actionId}", model=WebhookAction, title="/webhooks/action/retry/{actionId}"),
    # Webhook / Actions / Config
    _("webhooks.action_configs.get", "GET", "/webhooks/action-config/{id}", model=ActionConfig, params={"id": arg("action_config_id", Fill.UUID)}, confidence='H', title="Retrieve a single ActionConfig"),
    _("webhooks.action_configs.create", "POST", "/webhooks/action-config", body=NewActionConfig, result=LOCATION, confidence='H', title="Create a single ActionConfig"),
    _("webhooks.action_configs.replace", "PUT", "/webhooks/action-config/{id}", model=ActionConfig, body=NewActionConfig, params={"id": arg("action_config_id", Fill.UUID)}, confidence='H', title="Replace a single ActionConfig"),
    _("webhooks.action_configs.update", "PATCH", "/webhooks/action-config/{id}", model=ActionConfig, body=ActionConfigUpdate, params={"id": arg("action_config_id", Fill.UUID)}, confidence='H', title="Update a single ActionConfig"),
    _("webhooks.action_configs.delete", "DELETE", "/webhooks/action-config/{id}", params={"id": arg("action_config_id", Fill.UUID)}, result=NONE, confidence='H', title="Delete a single ActionConfig"),
    _("webhooks.action_configs.list", "GET", "/webhooks/action-config", model=ActionConfig, paging_style=Paging.CRUD, confidence='H', title="Retrieve multiple ActionConfigs"),
    _("webhooks.action_configs.resume", "POST", "/webhooks/action-config/{id}/resume", model=ActionConfig, params={"id": arg("action_config_id", Fill.UUID)}, title="/webhooks/action-config/{id}/resume"),
    _("webhooks.action_configs.pause", "POST", "/webhooks/action-config/{id}/pause", model=ActionConfig, params={"id": arg("action_config_id", Fill.UUID)}, title="/webhooks/action-config/{id}/pause"),
    _("webhooks.action_configs.empty", "POST", "/webhooks/action-config/{id}/empty", model=ActionConfig, params={"id": arg("action_config_id", Fill.UUID)}, title="/webhooks/action-config/{id}/empty"),
    _("webhooks.action_configs.retry", "POST", "/webhooks/action-config/{id}/retry", model=ActionConfig, params={"id": arg("action_config_id", Fill.UUID)}, title="/webhooks/action-config/{id}/retry"),
    # Webhook / History
    _("webhooks.history.get", "GET", "/webhooks/history/{id}", model=WebhookHistory, params={"id": arg("history_id", Fill.UUID)}, confidence='M', title="Retrieve a single History"),
    _("webhooks.history.list", "GET", "/webhooks/history", model=WebhookHistory, paging_style=Paging.CRUD, confidence='M', title="Retrieve multiple Histories"),
    # Webhook / Events
    _("webhooks.events.get", "GET", "/webhooks/event/{id}", model=WebhookEvent, params={"id": arg("event_id", Fill.UUID)}, confidence='M', title="Retrieve a single Event"),
    _("webhooks.events.list", "GET", "/webhooks/event", model=WebhookEvent, paging_style=Paging.CRUD, confidence='M', title="Retrieve multiple Events"),
    # Webhook / Domain Type
    _("webhooks.list_domain_types", "GET", "/webhooks/domain-type", model=list[DomainType], title="/webhooks/domain-type"),
    # Webhook / Integration
    _("webhooks.integrations.create_convercus_analytics", "POST", "/webhooks/integration/convercus-analytics", body=NewAnalyticsIntegration, result=LOCATION, title="/webhooks/integration/convercus-analytics"),
    _("webhooks.integrations.update_convercus_analytics", "PUT", "/webhooks/integration/convercus-analytics/{alias}", model=AnalyticsIntegration, body=NewAnalyticsIntegration, title="/webhooks/integration/convercus-analytics/{alias}"),
    # The reference spells this route "concercus": kept as documented; routes= corrects it.
    _("webhooks.integrations.delete_convercus_analytics", "DELETE", "/webhooks/integration/concercus-analytics/{alias}", result=NONE, title="/webhooks/integration/concercus-analytics/{alias}"),
    # Webhook / Operations
    _("webhooks.list_operations", "GET", "/webhooks/operations", model=list[ServiceOperation], title="/webhooks/operations"),
    # Newsfeed / Core
    _("newsfeed.list", "GET", "/newsfeed-service/v2/newsfeeds", model=FeedItem, query=("account_id",), paged=True, title="Get Newsfeed"),
    _("newsfeed.get_item", "GET", "/newsfeed-service/v3/newsfeeds/{newsFeedItemId}", model=FeedItem, query=("account_id",), title="Get Newsfeed Item"),
    _("newsfeed.create_message", "POST", "/newsfeed-service/v1/newsfeed-messages", body=NewsfeedMessage, result=LOCATION, title="Create Newsfeed Message"),
    _("newsfeed.list_deprecated", "GET", "/newsfeed-service/newsfeeds", model=FeedItem, query=("account_id",), paged=True, replaced_by="newsfeed.list", deprecated=True, title="/newsfeed-service/newsfeeds"),
    _("newsfeed.get_item_v2", "GET", "/newsfeed-service/v2/newsfeeds/{newsFeedItemId}", model=FeedItem, query=("account_id",), replaced_by="newsfeed.get_item", deprecated=True, title="/newsfeed-service/v2/newsfeeds/{newsFeedItemId}"),
    # Newsfeed / Post
    _("newsfeed.posts.get", "GET", "/newsfeed-service/posts/{postId}", model=Post, title="Get post"),
    _("newsfeed.posts.create", "POST", "/newsfeed-service/v2/posts", body=NewPost, result=LOCATION, title="Create post"),
    _("newsfeed.posts.update", "PATCH", "/newsfeed-service/v2/posts/{postId}", model=Post, body=PostUpdate, title="Update post"),
    _("newsfeed.posts.delete", "DELETE", "/newsfeed-service/posts/{postId}", result=NONE, title="Delete post"),
    _("newsfeed.posts.list", "GET", "/newsfeed-service/posts", model=Post, query=("status",), paged=True, title="List posts"),
    _("newsfeed.posts.schedule", "POST", "/newsfeed-service/posts/{postId}/schedule", model=Post, body=PostSchedule, title="Schedule post"),
    _("newsfeed.posts.schedule_deletion", "PATCH", "/newsfeed-service/posts/{postId}/schedule/delete", model=Post, body=PostDeletionSchedule, title="Schedule post deletion"),
    _("newsfeed.posts.publish", "POST", "/newsfeed-service/posts/{postId}/publish", model=Post, title="Publish post"),
    _("newsfeed.posts.clone", "POST", "/newsfeed-service/posts/{postId}/clone", result=LOCATION, title="Clone post"),
    _("newsfeed.posts.update_deprecated", "PATCH", "/newsfeed-service/posts/{postId}", model=Post, body=PostUpdate, replaced_by="newsfeed.posts.update", deprecated=True, title="/newsfeed-service/posts/{postId}"),
    _("newsfeed.posts.create_deprecated", "POST", "/newsfeed-service/posts", body=NewPost, result=LOCATION, replaced_by="newsfeed.posts.create", deprecated=True, title="/newsfeed-service/posts"),
    # Newsfeed / Post Assignment
    _("newsfeed.posts.assign_account", "POST", "/newsfeed-service/v2/posts/{postId}/accounts/{accountId}", body=PostAssignmentWindow, result=NONE, confidence='H', title="Assign account"),
    _("newsfeed.posts.update_assignment", "PUT", "/newsfeed-service/v2/posts/{postId}/accounts/{accountId}", model=PostAssignment, body=PostAssignmentWindow, confidence='H', title="Update assignment"),
    _("newsfeed.posts.unassign_account", "DELETE", "/newsfeed-service/v2/posts/{postId}/accounts/{accountId}", result=NONE, title="Unassign account"),
    _("newsfeed.posts.assign_accounts_batch", "POST", "/newsfeed-service/v2/posts/{postId}/accounts/batch", model=list[PostAssignment], body=AccountBatch, title="Assign accounts (batch)"),
    _("newsfeed.posts.unassign_accounts_batch", "DELETE", "/newsfeed-service/v2/posts/{postId}/accounts/batch", body=AccountBatch, result=NONE, title="Unassign accounts (batch)"),
    _("newsfeed.posts.assign_accounts_batch_deprecated", "PUT", "/newsfeed-service/posts/{postId}/accounts/batch", model=list[PostAssignment], body=AccountBatch, replaced_by="newsfeed.posts.assign_accounts_batch", deprecated=True, title="/newsfeed-service/posts/{postId}/accounts/batch"),
    _("newsfeed.posts.unassign_accounts_batch_deprecated", "DELETE", "/newsfeed-service/posts/{postId}/accounts/batch", body=AccountBatch, replaced_by="newsfeed.posts.unassign_accounts_batch", result=NONE, deprecated=True, title="/newsfeed-service/posts/{postId}/accounts/batch"),
    _("newsfeed.posts.assign_account_deprecated", "PUT", "/newsfeed-service/posts/{postId}/accounts/{accountId}", model=PostAssignment, body=PostAssignmentWindow, replaced_by="newsfeed.posts.update_assignment", deprecated=True, title="/newsfeed-service/posts/{postId}/accounts/{accountId}"),
    _("newsfeed.posts.unassign_account_deprecated", "DELETE", "/newsfeed-service/posts/{postId}/accounts/{accountId}", replaced_by="newsfeed.posts.unassign_account", result=NONE, deprecated=True, title="/newsfeed-service/posts/{postId}/accounts/{accountId}"),
    # Newsfeed / Target Audience
    _("newsfeed.audiences.list", "GET", "/newsfeed-service/target-audiences", model=TargetAudience, paged=True, title="List audiences"),
    _("newsfeed.audiences.create", "POST", "/newsfeed-service/target-audiences", body=NewTargetAudience, result=LOCATION, title="Create audience"),
    _("newsfeed.audiences.get", "GET", "/newsfeed-service/target-audiences/{targetAudienceId}", model=TargetAudience, title="Get audience"),
    _("newsfeed.audiences.update", "PATCH", "/newsfeed-service/target-audiences/{targetAudienceId}", model=TargetAudience, body=TargetAudienceUpdate, title="Update audience"),
    _("newsfeed.audiences.delete", "DELETE", "/newsfeed-service/target-audiences/{targetAudienceId}", result=NONE, title="Delete audience"),
    _("newsfeed.audiences.list_accounts", "POST", "/newsfeed-service/target-audiences/accounts", model=list[Account], body=AudienceDefinition, resend_safe=True, confidence='L', title="Audience accounts"),
    _("newsfeed.audiences.validate", "POST", "/newsfeed-service/target-audiences/validate", model=AudienceValidation, body=AudienceDefinition, resend_safe=True, confidence='L', title="Validate audience"),
    # Newsfeed / Health
    _("newsfeed.health", "GET", "/newsfeed-service/health", model=ServiceHealth, title="Health check"),
    # User / Core
    _("users.get", "GET", "/users/{userId}", model=User, title="Get the user for the specified id"),
    _("users.create", "POST", "/users", body=NewUser, result=LOCATION, title="Create a new user"),
    _("users.replace", "PUT", "/users/{userId}", model=User, body=NewUser, title="update user"),
    _("users.update", "PATCH", "/users/{userId}", model=User, body=UserUpdate, resend_safe=True, title="update user"),
    _("users.delete", "DELETE", "/users/{userId}", result=NONE, title="delete user"),
    _("users.request_password_reset", "POST", "/users/passwordreset", result=NONE, body=PasswordReset, confidence='L', title="creates a request for resetting a users password"),
    _("users.update_password", "PATCH", "/users/{userId}/password", result=NONE, body=PasswordChange, confidence='M', title="update user password"),
    _("users.get_registration", "GET", "/users/{userId}/registration", model=Registration, confidence='L', title="Get the the registration data for the user with the specified id"),
    _("users.delete_registration", "DELETE", "/users/{userId}/registration", result=NONE, confidence='L', title="Delete the registration data of the user with the specified id"),
    _("users.resend_notification", "POST", "/users/{userId}/notifications/resend", result=NONE, body=NotificationResend, confidence='L', title="creates a request for resending a notification"),
    _("users.add_custom_property", "POST", "/users/{userId}/customproperties", result=NONE, body=CustomPropertyValue, confidence='L', title="Add a new custom property for the user"),
    _("users.update_custom_property", "PUT", "/users/{userId}/customproperties/{name}", result=NONE, body=CustomPropertyValue, confidence='L', title="Update custom property for the user"),
    _("users.delete_custom_property", "DELETE", "/users/{userId}/customproperties/{name}", result=NONE, confidence='L', title="Delete custom property for the user"),
    _("users.create_deprecated", "POST", "/users", body=NewUser, result=LOCATION, deprecated=True, replaced_by="users.create", title="Create a new user"),
    _("users.update_deprecated", "PATCH", "/users/{userId}", model=User, body=UserUpdate, resend_safe=True, deprecated=True, replaced_by="users.update", title="update user"),
    _("users.replace_deprecated", "PUT", "/users/{userId}", model=User, body=NewUser, deprecated=True, replaced_by="users.replace", title="update user"),
    _("users.get_registration_deprecated", "GET", "/users/{userId}/registration", model=Registration, deprecated=True, replaced_by="users.get_registration", confidence='L', title="Get the the registration data for the user with the specified id"),
    # User / Identifier
    _("identifiers.get", "GET", "/identifiers/{identifierId}", model=Identifier, confidence='M', title="return the specific Identifier"),
    _("identifiers.terminate", "DELETE", "/identifiers/{identifierId}", result=NONE, confidence='M', title="Terminates an Identifier"),
    # User / Identifier Batch
    _("identifier_batches.list", "GET", "/identifierbatches", model=list[IdentifierBatch], confidence='M', title="list all identifierbatches"),
    _("identifier_batches.create", "POST", "/v2/identifierbatches", model=IdentifierBatch, body=NewIdentifierBatch, confidence='M', title="Performs a new Identifierbatch"),
    _("identifier_batches.get", "GET", "/identifierbatches/{batchId}", model=IdentifierBatch, confidence='M', title="return the specific IdentifierBatch"),
    _("identifier_batches.list_identifiers", "GET", "/identifierbatches/{batchId}/identifiers", model=Identifier, paged=True, confidence='M', title="return all identifiers that belongs to the specific batchId"),
    _("identifier_batches.create_deprecated", "POST", "/identifierbatches", deprecated=True, replaced_by="identifier_batches.create", confidence='M', title="Performs a new Identifierbatch"),
    # User / Authentication
    _("auth.login", "POST", "/auth/login", resend_safe=True, result=TEXT, title="Performs a login with username and password"),
    _("auth.logout", "DELETE", "/auth/logout", result=NONE, confidence='M', title="Performs a logout of the currently logged in user"),
    # User / Events
    _("events.list_for_user", "GET", "/users/{userId}/events", model=list[Event], confidence='M', title="Get all events for the specified user"),
    # Push Notification / Notification
    _("push_notifications.list", "GET", "/push-notification-service/notifications", model=PushNotification, paged=True, confidence='L', title="List notifications"),
    _("push_notifications.count_devices", "GET", "/push-notification-service/devices/count", model=DeviceCount, confidence='L', title="Device count"),
    _("push_notifications.get", "GET", "/push-notification-service/notifications/{id}", model=PushNotification, params={"id": arg("notification_id", Fill.UUID)}, confidence='L', title="Get notification"),
    _("push_notifications.list_targets", "GET", "/push-notification-service/targets", model=PushTarget, paged=True, confidence='L', title="List targets"),
    # Push Notification / Targets
    _("push_notifications.get_target", "GET", "/push-notification-service/targets/{id}", model=PushTarget, params={"id": arg("target_id", Fill.UUID)}, confidence='L', title="Get target"),
    # Push Notification / Health
    _("push_notifications.health", "GET", "/push-notification-service/health", model=ServiceHealth, confidence='L', title="Health check"),
    _("push_notifications.health_liveness", "GET", "/push-notification-service/health/liveness", model=ServiceHealth, confidence='L', title=""),
    _("push_notifications.health_readiness", "GET", "/push-notification-service/health/readiness", model=ServiceHealth, confidence='L', title=""),
    # Reports / Account Booking
    _("reports.account_booking.export", "GET", "/reports/v3/account-booking/export", result=FILE, title="/reports/v3/account-booking/export"),
    _("reports.account_booking.list", "GET", "/reports/v3/account-booking", paged=True, confidence='M', title="Returns a list of accounts bookings"),
    # Reports / Account
    _("reports.account.export", "GET", "/reports/v3/account/export", result=FILE, title="/reports/v3/account/export"),
    _("reports.account.list", "GET", "/reports/v3/account", paged=True, confidence='M', title="Returns a list of accounts"),
    # Reports / Account Coupon
    _("reports.account_coupon.export", "GET", "/reports/v3/account-coupon/export", result=FILE, title="/reports/v3/account-coupon/export"),
    _("reports.account_coupon.list", "GET", "/reports/v3/account-coupon", paged=True, confidence='M', title="Returns a list of accounts coupons"),
    # Reports / Account Coupon Activations
    _("reports.account_coupon_activations.export", "GET", "/reports/v3/account-coupon-activations/export", result=FILE, title="/reports/v3/account-coupon-activations/export"),
    _("reports.account_coupon_activations.list", "GET", "/reports/v3/account-coupon-activations", paged=True, confidence='M', title="Returns a list of coupon activations"),
    # Reports / Account Level Booking
    _("reports.account_level_booking.export", "GET", "/reports/v3/account-level-booking/export", result=FILE, title="/reports/v3/account-level-booking/export"),
    _("reports.account_level_booking.list", "GET", "/reports/v3/account-level-booking", paged=True, confidence='M', title="Returns a list of accounts level bookings"),
    # Reports / Account Snapshot
    _("reports.account_snapshot.export", "GET", "/reports/v3/account-snapshot/export", result=FILE, title="/reports/v3/account-snapshot/export"),
    _("reports.account_snapshot.list", "GET", "/reports/v3/account-snapshot", paged=True, confidence='M', title="Returns a list of accounts snapshots"),
    # Reports / Account Status Level
    _("reports.account_status_level.export", "GET", "/reports/v3/account-status-level/export", result=FILE, title="/reports/v3/account-status-level/export"),
    _("reports.account_status_level.list", "GET", "/reports/v3/account-status-level", paged=True, confidence='M', title="Returns a list of accounts status levels"),
    # Reports / Account User
    _("reports.account_user.export", "GET", "/reports/v3/account-user/export", result=FILE, title="/reports/v3/account-user/export"),
    _("reports.account_user.list", "GET", "/reports/v3/account-user", paged=True, confidence='M', title="Returns a list of accounts with users"),
    # Reports / Account Identifier
    _("reports.account_identifier.export", "GET", "/reports/v3/account-identifier/export", result=FILE, title="/reports/v3/account-identifier/export"),
    _("reports.account_identifier.list", "GET", "/reports/v3/account-identifier", paged=True, confidence='M', title="Returns a list of accounts identifiers"),
    # Reports / Account Balance
    _("reports.account_balance.export", "GET", "/reports/v3/account-balance/export", result=FILE, title="/reports/v3/account-balance/export"),
    _("reports.account_balance.list", "GET", "/reports/v3/account-balance", paged=True, confidence='M', title="Returns a list of accounts with users"),
    # Reports / Coupon
    _("reports.coupon.export", "GET", "/reports/v3/coupon/export", result=FILE, title="/reports/v3/coupon/export"),
    _("reports.coupon.list", "GET", "/reports/v3/coupon", paged=True, confidence='M', title="Returns a list of coupons"),
    # Reports / Coupon Redemption
    _("reports.coupon_redemption.export", "GET", "/reports/v3/coupon-redemption/export", result=FILE, title="/reports/v3/coupon-redemption/export"),
    _("reports.coupon_redemption.list", "GET", "/reports/v3/coupon-redemption", paged=True, confidence='M', title="Returns a list of coupon redemptions"),
    # Reports / Membership
    _("reports.membership.export", "GET", "/reports/v3/membership/export", result=FILE, title="/reports/v3/membership/export"),
    _("reports.membership.list", "GET", "/reports/v3/membership", paged=True, confidence='M', title="Returns a list of memberships"),
    # Reports / Partner
    _("reports.partner.export", "GET", "/reports/v3/partner/export", result=FILE, title="/reports/v3/partner/export"),
    _("reports.partner.list", "GET", "/reports/v3/partner", paged=True, confidence='M', title="Returns a list of partners"),
    # Reports / Store
    _("reports.store.export", "GET", "/reports/v3/store/export", result=FILE, title="/reports/v3/store/export"),
    _("reports.store.list", "GET", "/reports/v3/store", paged=True, confidence='M', title="Returns a list of stores"),
    # Reports / Transaction
    _("reports.transaction.export", "GET", "/reports/v3/transaction/export", result=FILE, title="/reports/v3/transaction/export"),
    _("reports.transaction.list", "GET", "/reports/v3/transaction", paged=True, confidence='M', title="Returns a list of transactions"),
    # Reports / User
    _("reports.user.export", "GET", "/reports/v3/user/export", result=FILE, title="/reports/v3/user/export"),
    _("reports.user.list", "GET", "/reports/v3/user", paged=True, confidence='M', title="Returns a list of users"),
    # Reports / Push Token
    _("reports.push_tokens.export", "GET", "/reports/v3/push-tokens/export", result=FILE, title="/reports/v3/push-tokens/export"),
    _("reports.push_tokens.list", "GET", "/reports/v3/push-tokens", paged=True, confidence='M', title="Returns a list of push tokens"),
    # Reports / InteractionPoint
    _("reports.interaction_points.export", "GET", "/reports/v3/interaction-points/export", result=FILE, title="/reports/v3/interaction-points/export"),
    _("reports.interaction_points.list", "GET", "/reports/v3/interaction-points", paged=True, confidence='M', title="Returns a list of interaction points"),
    # Reports / Segment
    _("reports.segment.list", "GET", "/reports/v3/segment", paged=True, confidence='L', title="Returns a list of segments"),
    # Reports / Score
    _("reports.score.list", "GET", "/reports/v3/score", paged=True, confidence='L', title="Returns a list of accounts"),
    # User App Service / Keycloak
    _("user_app.list_keycloak_user_organizations", "GET", "/user-app-service/keycloak/admin/realms/{keycloakRealm}/users/{userId}/organizations", model=list[KeycloakOrganization], title="/user-app-service/keycloak/admin/realms/{keycloakRealm}/users/{user..."),
    # Search Service
    _("search.search", "POST", "/search", model=list[SearchHit], body=SearchQuery, resend_safe=True, confidence='L', title="Search"),
    _("search.perform_search", "POST", "/v2/search", model=list[SearchHit], body=SearchQuery, resend_safe=True, confidence='L', title="Performs a new search"),
    # Newsfeed Service / Newsfeed
    _("newsfeed.health_actuator", "GET", "/newsfeed-service/actuator/health", model=ServiceHealth, confidence='L', title=""),
    # Push Notification service / Operations
    _("push_notifications.list_operations", "GET", "/push-notification-service/operations", model=list[ServiceOperation], confidence='L', title="List operations"),
    # Convercus reports / NewsPost
    _("reports.news_post.export", "GET", "/reports/v3/news-post/export", result=FILE, title="/reports/v3/news-post/export"),
    _("reports.news_post.list", "GET", "/reports/v3/news-post", paged=True, confidence='M', title="Returns a list of posts"),
    # AI Service / newsfeed
    _("ai.newsfeed.generate_content", "POST", "/ai-service/newsfeed/generate-content", model=GenerationJob, body=ContentRequest, confidence='L', title="Generate Content (Async)"),
    _("ai.newsfeed.generate_image", "POST", "/ai-service/newsfeed/generate-image", model=GenerationJob, body=ImageRequest, confidence='L', title="Generate Image (Async)"),
    # AI Service / Health
    _("ai.health", "GET", "/ai-service/health", model=ServiceHealth, confidence='L', title="Health check"),
    # AI Service / Prompts
    _("ai.prompts.create", "POST", "/ai-service/prompts", body=NewPrompt, result=LOCATION, confidence='L', title="Create a new prompt (brand new prompt only)"),
    _("ai.prompts.list", "GET", "/ai-service/prompts", model=list[Prompt], confidence='L', title="Get all prompts with optional filtering"),
    _("ai.prompts.get", "GET", "/ai-service/prompts/{promptId}", model=Prompt, confidence='L', title="Get a specific prompt by ID"),
    _("ai.prompts.update", "PUT", "/ai-service/prompts/{promptId}", model=Prompt, body=NewPrompt, confidence='L', title="Update an existing prompt"),
    _("ai.prompts.delete", "DELETE", "/ai-service/prompts/{promptId}", result=NONE, confidence='L', title="Soft delete a prompt"),
    _("ai.prompts.create_version", "POST", "/ai-service/prompts/{promptId}/versions", body=NewPromptVersion, result=LOCATION, confidence='L', title="Create a new version of an existing prompt"),
    _("ai.prompts.activate_version", "POST", "/ai-service/prompts/{promptId}/versions/{version}/activate", model=PromptVersion, params={"version": Param(Fill.NUMBER)}, confidence='L', title="Activate a specific version of a prompt"),
    _("ai.prompts.cleanup_versions", "POST", "/ai-service/prompts/cleanup", model=CleanupReport, body=VersionCleanup, confidence='L', title="Cleanup old prompt versions (utility endpoint)"),
    # AI Service / Programs
    _("ai.programs.create", "POST", "/ai-service/programs", body=NewAiProgram, result=LOCATION, confidence='L', title="Create a new program"),
    _("ai.programs.list", "GET", "/ai-service/programs", model=list[AiProgram], confidence='L', title="Get all programs with optional filtering"),
    _("ai.programs.get", "GET", "/ai-service/programs/{programId}", model=AiProgram, confidence='L', title="Get a specific program by ID"),
    _("ai.programs.update", "PUT", "/ai-service/programs/{programId}", model=AiProgram, body=NewAiProgram, confidence='L', title="Update an existing program"),
    _("ai.programs.delete", "DELETE", "/ai-service/programs/{programId}", result=NONE, confidence='L', title="Delete a program"),
    _("ai.programs.assign_prompt", "POST", "/ai-service/programs/{programId}/prompt-assignments", body=NewPromptAssignment, result=LOCATION, confidence='L', title="Assign a prompt to a program for specific service/useCase"),
    _("ai.programs.resolve_prompt", "GET", "/ai-service/programs/{programId}/prompts/resolve", model=Prompt, query=("service", "use_case"), confidence='L', title="Resolve a prompt for specific context"),
    _("ai.programs.get_prompt_assignment", "GET", "/ai-service/programs/{programId}/prompt-assignments", model=PromptAssignment, query=("service", "use_case"), confidence='L', title="Get prompt assignment details for a context"),
    # AI Service / newsfeed
    _("ai.newsfeed.get_job_status", "GET", "/ai-service/newsfeed/jobs/{jobId}", model=GenerationJob, confidence='L', title="Get Job Status"),
    # Device Mounting
    _("mounting.images.upload", "POST", "/mounting-service/images/upload", model=MountingImage, title="/mounting-service/images/upload"),
    _("mounting.images.upload_bulk", "POST", "/mounting-service/images/upload/bulk", model=list[MountingImage], confidence='L', title=""),
    # Device Mounting / Health
    _("mounting.health", "GET", "/mounting-service/health", model=ServiceHealth, title="/mounting-service/health"),
    # Device Mounting / Devices
    _("mounting.devices.list", "GET", "/mounting-service/devices", model=Device, paging_style=Paging.CRUD, confidence='M', title="Retrieve multiple Devices"),
    _("mounting.devices.create", "POST", "/mounting-service/devices", body=NewDevice, result=LOCATION, confidence='M', title="Create a single Device"),
    _("mounting.devices.update", "PATCH", "/mounting-service/devices/{id}", model=Device, body=DeviceUpdate, params={"id": arg("device_id", Fill.UUID)}, confidence='M', title="Update a single Device"),
    _("mounting.devices.replace", "PUT", "/mounting-service/devices/{id}", model=Device, body=NewDevice, params={"id": arg("device_id", Fill.UUID)}, confidence='M', title="Replace a single Device"),
    _("mounting.devices.delete", "DELETE", "/mounting-service/devices/{id}", params={"id": arg("device_id", Fill.UUID)}, result=NONE, confidence='M', title="Delete a single Device"),
    _("mounting.devices.get", "GET", "/mounting-service/devices/{id}", model=Device, params={"id": arg("device_id", Fill.UUID)}, confidence='M', title="Retrieve a single Device"),
    _("mounting.devices.create_many", "POST", "/mounting-service/devices/bulk", model=list[Device], body=Bulk, confidence='L', title="Create multiple Devices"),
    # Device Mounting / Mountings
    _("mounting.mountings.list", "GET", "/mounting-service/mountings", model=Mounting, paging_style=Paging.CRUD, confidence='M', title="Retrieve multiple Mountings"),
    _("mounting.mountings.create", "POST", "/mounting-service/mountings", body=NewMounting, result=LOCATION, confidence='M', title="Create a single Mounting"),
    _("mounting.mountings.update", "PATCH", "/mounting-service/mountings/{id}", model=Mounting, body=MountingUpdate, params={"id": arg("mounting_id", Fill.UUID)}, confidence='M', title="Update a single Mounting"),
    _("mounting.mountings.replace", "PUT", "/mounting-service/mountings/{id}", model=Mounting, body=NewMounting, params={"id": arg("mounting_id", Fill.UUID)}, confidence='M', title="Replace a single Mounting"),
    _("mounting.mountings.get", "GET", "/mounting-service/mountings/{id}", model=Mounting, params={"id": arg("mounting_id", Fill.UUID)}, confidence='M', title="Retrieve a single Mounting"),
    _("mounting.mountings.delete", "DELETE", "/mounting-service/mountings/{id}", params={"id": arg("mounting_id", Fill.UUID)}, result=NONE, confidence='M', title="Delete a single Mounting"),
    _("mounting.mountings.create_many", "POST", "/mounting-service/mountings/bulk", model=list[Mounting], body=Bulk, confidence='L', title="Create multiple Mountings"),
    # Device Mounting / Profiles
    _("mounting.profiles.update", "PATCH", "/mounting-service/profiles/{id}", model=MountingProfile, body=MountingProfileUpdate, params={"id": arg("profile_id", Fill.UUID)}, confidence='M', title="Update a single Profile"),
    _("mounting.profiles.replace", "PUT", "/mounting-service/profiles/{id}", model=MountingProfile, body=NewMountingProfile, params={"id": arg("profile_id", Fill.UUID)}, confidence='M', title="Replace a single Profile"),
    _("mounting.profiles.get", "GET", "/mounting-service/profiles/{id}", model=MountingProfile, params={"id": arg("profile_id", Fill.UUID)}, confidence='M', title="Retrieve a single Profile"),
    _("mounting.profiles.delete", "DELETE", "/mounting-service/profiles/{id}", params={"id": arg("profile_id", Fill.UUID)}, result=NONE, confidence='M', title="Delete a single Profile"),
    _("mounting.profiles.list", "GET", "/mounting-service/profiles", model=MountingProfile, paging_style=Paging.CRUD, confidence='M', title="Retrieve multiple Profiles"),
    _("mounting.profiles.create", "POST", "/mounting-service/profiles", body=NewMountingProfile, result=LOCATION, confidence='M', title="Create a single Profile"),
    _("mounting.profiles.create_many", "POST", "/mounting-service/profiles/bulk", model=list[MountingProfile], body=Bulk, confidence='L', title="Create multiple Profiles"),
    # Device Mounting / Partners
    _("mounting.partners.list", "GET", "/mounting-service/partners", model=MountingPartner, paging_style=Paging.CRUD, confidence='M', title="Retrieve multiple Partners"),
    _("mounting.partners.create", "POST", "/mounting-service/partners", body=NewMountingPartner, result=LOCATION, confidence='M', title="Create a single Partner"),
    _("mounting.partners.update", "PATCH", "/mounting-service/partners/{id}", model=MountingPartner, body=MountingPartnerUpdate, params={"id": arg("partner_id", Fill.UUID)}, confidence='M', title="Update a single Partner"),
    _("mounting.partners.replace", "PUT", "/mounting-service/partners/{id}", model=MountingPartner, body=NewMountingPartner, params={"id": arg("partner_id", Fill.UUID)}, confidence='M', title="Replace a single Partner"),
    _("mounting.partners.get", "GET", "/mounting-service/partners/{id}", model=MountingPartner, params={"id": arg("partner_id", Fill.UUID)}, confidence='M', title="Retrieve a single Partner"),
    _("mounting.partners.delete", "DELETE", "/mounting-service/partners/{id}", params={"id": arg("partner_id", Fill.UUID)}, result=NONE, confidence='M', title="Delete a single Partner"),
    _("mounting.partners.create_many", "POST", "/mounting-service/partners/bulk", model=list[MountingPartner], body=Bulk, confidence='L', title="Create multiple Partners"),
    # Device Mounting / Programs
    _("mounting.programs.list", "GET", "/mounting-service/programs", model=MountingProgram, paging_style=Paging.CRUD, confidence='M', title="Retrieve multiple Programs"),
    _("mounting.programs.create", "POST", "/mounting-service/programs", body=NewMountingProgram, result=LOCATION, confidence='M', title="Create a single Program"),
    _("mounting.programs.update", "PATCH", "/mounting-service/programs/{id}", model=MountingProgram, body=MountingProgramUpdate, params={"id": arg("program_id", Fill.UUID)}, confidence='M', title="Update a single Program"),
    _("mounting.programs.replace", "PUT", "/mounting-service/programs/{id}", model=MountingProgram, body=NewMountingProgram, params={"id": arg("program_id", Fill.UUID)}, confidence='M', title="Replace a single Program"),
    _("mounting.programs.get", "GET", "/mounting-service/programs/{id}", model=MountingProgram, params={"id": arg("program_id", Fill.UUID)}, confidence='M', title="Retrieve a single Program"),
    _("mounting.programs.delete", "DELETE", "/mounting-service/programs/{id}", params={"id": arg("program_id", Fill.UUID)}, result=NONE, confidence='M', title="Delete a single Program"),
    _("mounting.programs.create_many", "POST", "/mounting-service/programs/bulk", model=list[MountingProgram], body=Bulk, confidence='L', title="Create multiple Programs"),
    # Device Mounting / Stores
    _("mounting.stores.list", "GET", "/mounting-service/stores", model=MountingStore, paging_style=Paging.CRUD, confidence='M', title="Retrieve multiple Stores"),
    _("mounting.stores.create", "POST", "/mounting-service/stores", body=NewMountingStore, result=LOCATION, confidence='M', title="Create a single Store"),
    _("mounting.stores.update", "PATCH", "/mounting-service/stores/{id}", model=MountingStore, body=MountingStoreUpdate, params={"id": arg("store_id", Fill.UUID)}, confidence='M', title="Update a single Store"),
    _("mounting.stores.replace", "PUT", "/mounting-service/stores/{id}", model=MountingStore, body=NewMountingStore, params={"id": arg("store_id", Fill.UUID)}, confidence='M', title="Replace a single Store"),
    _("mounting.stores.get", "GET", "/mounting-service/stores/{id}", model=MountingStore, params={"id": arg("store_id", Fill.UUID)}, confidence='M', title="Retrieve a single Store"),
    _("mounting.stores.delete", "DELETE", "/mounting-service/stores/{id}", params={"id": arg("store_id", Fill.UUID)}, result=NONE, confidence='M', title="Delete a single Store"),
    _("mounting.stores.create_many", "POST", "/mounting-service/stores/bulk", model=list[MountingStore], body=Bulk, confidence='L', title="Create multiple Stores"),
    # Device Mounting / Images
    _("mounting.images.list", "GET", "/mounting-service/images", model=MountingImage, paging_style=Paging.CRUD, confidence='M', title="Retrieve multiple Images"),
    _("mounting.images.create", "POST", "/mounting-service/images", body=NewMountingImage, result=LOCATION, confidence='M', title="Create a single Image"),
    _("mounting.images.get", "GET", "/mounting-service/images/{id}", model=MountingImage, params={"id": arg("image_id", Fill.UUID)}, confidence='M', title="Retrieve a single Image"),
    _("mounting.images.update", "PATCH", "/mounting-service/images/{id}", model=MountingImage, body=MountingImageUpdate, params={"id": arg("image_id", Fill.UUID)}, confidence='M', title="Update a single Image"),
    _("mounting.images.replace", "PUT", "/mounting-service/images/{id}", model=MountingImage, body=NewMountingImage, params={"id": arg("image_id", Fill.UUID)}, confidence='M', title="Replace a single Image"),
    _("mounting.images.delete", "DELETE", "/mounting-service/images/{id}", params={"id": arg("image_id", Fill.UUID)}, result=NONE, confidence='M', title="Delete a single Image"),
    _("mounting.images.create_many", "POST", "/mounting-service/images/bulk", model=list[MountingImage], body=Bulk, confidence='L', title="Create multiple Images"),
    # Convercus API / Account Assignation Batch
    _("coupons.batches.update_redemption_limit", "PATCH", "/coupons/{couponId}/batches/{batchId}", model=CouponBatch, body=RedemptionLimit, confidence='L', title="Update accounts redemption limit"),
    # Convercus API / Account Assignation
    _("coupons.assignments.update_redemption_limit", "PATCH", "/coupons/{couponId}/accounts/{accountId}", model=CouponAssignment, body=RedemptionLimit, params={"accountId": arg("account", Fill.UUID)}, confidence='L', title="Update account redemption limit"),
    # Tracking service / Health
    _("tracking.health", "GET", "/tracking-service/health", model=ServiceHealth, title="/tracking-service/health"),
    # Technical ids are UUIDs wherever they appear (an account by code needs id_type).
    fills={
        "accountId": Fill.UUID,
        "targetAccountId": Fill.UUID,
        "userId": Fill.UUID,
        "membershipId": Fill.UUID,
        "identifierId": Fill.UUID,
        "newsFeedItemId": Fill.UUID,
        "actionId": Fill.UUID,
        "promptId": Fill.UUID,
        "jobId": Fill.UUID,
        "postId": Fill.UUID,
        "targetAudienceId": Fill.UUID,
    },
)
# fmt: on
