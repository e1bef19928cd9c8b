"""The Convercus client: one session, one service object per API domain."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any, Literal, Self, TypeVar

from typing_extensions import Unpack

from loyalty_async.auth.base import AuthStrategy
from loyalty_async.auth.convercus import ConvercusAuth
from loyalty_async.convercus.enums import IdType
from loyalty_async.convercus.operations import OPERATIONS
from loyalty_async.convercus.services import (
    AccountCouponsService,
    AccountsService,
    AiService,
    AuthService,
    BookingsService,
    ConnectorsService,
    CouponsService,
    IdentifiersService,
    InteractionPointsService,
    MembershipsService,
    MountingService,
    NewsfeedService,
    PartnersService,
    ProductCatalogService,
    ProgramsService,
    PushNotificationsService,
    RatingService,
    ReportsService,
    SearchService,
    StatusLevelSetsService,
    StoresService,
    TrackingService,
    TransactionsService,
    UserAppService,
    UsersService,
    WebhooksService,
)
from loyalty_async.convercus.services.base import ConvercusService
from loyalty_async.convercus.validation import check_enum
from loyalty_async.errors import ConfigurationError, ValidationError
from loyalty_async.operations import Operation, OperationTable, Result
from loyalty_async.operations.client import (
    PlatformClient,
    one_location,
    require_settings,
    resolve_base_url,
    settings_from_env,
)
from loyalty_async.operations.raw import with_raw_response
from loyalty_async.operations.readers import location_id
from loyalty_async.operations.service import RequestOptions, overlaid_options
from loyalty_async.recipes.exactly_once import DEFAULT_SETTLE
from loyalty_async.session.call import NO_OPTIONS, CallOptions
from loyalty_async.session.retry import RetryPolicy
from loyalty_async.session.session import Session
from loyalty_async.transport.base import (
    RequestHook,
    Response,
    ResponseHook,
    Timeout,
    Transport,
    positive_seconds,
)

#: Base URLs of the Convercus environments.
ENVIRONMENTS = {
    "staging": "https://staging.convercus.io",
    "production": "https://api.convercus.io",
}

Environment = Literal["staging", "production"]

#: Environment variable → keyword argument, read by :meth:`ConvercusClient.from_env`.
ENVIRONMENT_VARIABLES = {
    "CONVERCUS_ENVIRONMENT": "environment",
    "CONVERCUS_BASE_URL": "base_url",
    "CONVERCUS_ORG": "org",
    "CONVERCUS_USERNAME": "username",
    "CONVERCUS_PASSWORD": "password",
    "CONVERCUS_INTERACTION_ID": "interaction_id",
    "CONVERCUS_AUTH_SCHEME": "auth_scheme",
    "CONVERCUS_PROGRAM_ID": "program_id",
}
#: What a client needs unless it is given its own ``auth``.
_CREDENTIALS = ("org", "username", "password", "interaction_id")
S = TypeVar("S", bound=ConvercusService)

_JSON = {"Content-Type": "application/json"}


class ConvercusClient(PlatformClient):
    """An async client for the whole Convercus API.

    ::

        async with ConvercusClient(environment="staging", org="ORG", username="api-user",
                                   password="secret", interaction_id="webshop-1") as client:
            balance = await client.accounts.get_balance("V1W2X3Y4Z5", id_type=IdType.CARDCODE)

    Give ``environment`` (``"staging"`` or ``"production"``) or ``base_url``. The client
    logs in by itself when a call first needs a token, sends ``interaction-id`` on every
    call, and retries only what is safe to retry. ``routes`` replaces the path of any
    operation by name (most paths beyond the implementation manual are inferred).
    Close it with ``async with`` or :meth:`aclose`.

    :param environment: ``"staging"`` or ``"production"``.
    :param base_url: another base URL (a sandbox, a proxy); excludes ``environment``.
    :param org: the organisation code Convercus gave you.
    :param username: the API user's name.
    :param password: the API user's password.
    :param interaction_id: the interaction point (till, web shop) the calls speak for.
    :param auth_scheme: ``"raw"`` sends ``Authorization: <jwt>``, ``"bearer"`` adds ``Bearer``.
    :param transport: how requests travel (an :class:`~loyalty_async.AiohttpTransport` by default).
    :param routes: path overrides, operation name → path template.
    :param retry: the default retry policy.
    :param timeout: per-attempt time limits.
    :param deadline: seconds a whole call may take, retries included.
    :param headers: extra headers for every call (``Content-Type: application/json`` is
        sent on every call unless you set another).
    :param on_request: hooks called with every request before it is sent (tracing).
    :param on_response: hooks called with every response.
    :param token_refresh_margin: log in again this many seconds before the token expires.
    :param token_lifetime: assumed token lifetime when its expiry cannot be read.
    :param auth: a strategy of your own instead of the login with ``org``/``username``/``password``.
    :param clock: wall clock in epoch seconds (tests control token expiry with it).
    :param program_id: the default program of the program-scoped operations (those with
        ``{programId}`` in their path); a call may pass its own ``program_id=``.
    :param reconcile_settle: seconds a reconcile helper lets pass after a write gave up
        before it looks (the server may still be working on the last attempt).
    """

    def __init__(
        self,
        *,
        environment: Environment | None = None,
        base_url: str | None = None,
        org: str | None = None,
        username: str | None = None,
        password: str | None = None,
        interaction_id: str | None = None,
        auth_scheme: Literal["raw", "bearer"] = "raw",
        transport: Transport | None = None,
        routes: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout | None = None,
        deadline: float | None = None,
        headers: Mapping[str, str] | None = None,
        on_request: Sequence[RequestHook] = (),
        on_response: Sequence[ResponseHook] = (),
        token_refresh_margin: float = 300.0,
        token_lifetime: float = 24 * 3600.0,
        auth: AuthStrategy | None = None,
        clock: Callable[[], float] = time.time,
        program_id: str | None = None,
        reconcile_settle: float = DEFAULT_SETTLE,
    ) -> None:
        url = resolve_base_url(environment, base_url, ENVIRONMENTS)
        if not interaction_id or not interaction_id.strip():
            raise ConfigurationError(
                "interaction_id is required: Convercus binds every call to an interaction "
                "point (the till or web shop registered with Convercus)"
            )
        if program_id is not None and (not isinstance(program_id, str) or not program_id.strip()):
            raise ConfigurationError(f"program_id must be a non-empty string, got {program_id!r}")
        settle = positive_seconds(reconcile_settle, or_zero=True)
        if settle is None:
            raise ConfigurationError(
                "reconcile_settle must be a finite number of seconds >= 0, "
                f"got {reconcile_settle!r}"
            )
        #: The default program of program-scoped operations (``None``: each call says).
        self.program_id = program_id
        self.reconcile_settle = settle
        self._options: CallOptions = NO_OPTIONS
        self.operations: OperationTable = OPERATIONS.with_routes(routes)
        if auth is None:
            if not (org and username and password):
                given = {"org": org, "username": username, "password": password}
                missing = ", ".join(name for name, value in given.items() if not value)
                raise ConfigurationError(f"missing Convercus credentials: {missing}")
            auth = ConvercusAuth(
                org,
                username,
                password,
                auth_scheme=auth_scheme,
                refresh_margin=token_refresh_margin,
                token_lifetime=token_lifetime,
                login_path=self.operations["auth.login"].path,
                clock=clock,
            )
        self.session = Session(
            url,
            transport=transport,
            auth=auth,
            # The implementation manual sends Content-Type: application/json on every call,
            # bodiless writes (POST /accounts) included; left to aiohttp, those would go
            # out as application/octet-stream. A call with its own type (an upload) wins.
            headers={**_JSON, **(headers or {}), "interaction-id": interaction_id},
            retry=retry,
            timeout=timeout,
            deadline=deadline,
            on_request=on_request,
            on_response=on_response,
            clock=clock,
        )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> ConvercusClient:
        """Build a client from ``CONVERCUS_*`` variables; keyword arguments win over them.

        An ``environment`` or ``base_url`` argument replaces both location variables.

        Reads ``CONVERCUS_ENVIRONMENT`` or ``CONVERCUS_BASE_URL``, ``CONVERCUS_ORG``,
        ``CONVERCUS_USERNAME``, ``CONVERCUS_PASSWORD``, ``CONVERCUS_INTERACTION_ID`` and
        optionally ``CONVERCUS_AUTH_SCHEME`` (``raw`` or ``bearer``) and
        ``CONVERCUS_PROGRAM_ID`` (the default program of program-scoped operations).
        """
        settings = settings_from_env(environ, ENVIRONMENT_VARIABLES)
        one_location(settings, overrides)
        settings.update(overrides)
        if "auth" not in settings:
            require_settings(settings, ENVIRONMENT_VARIABLES, _CREDENTIALS)
        return cls(**settings)

    # ------------------------------------------------------------------ services

    def _service(self, cls: type[S]) -> S:
        service = cls(self.session, operations=self.operations, program_id=self.program_id)
        service._options = self._options
        service.reconcile_settle = self.reconcile_settle
        return service

    def with_options(
        self,
        *,
        retry: RetryPolicy | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
        program_id: str | None = None,
    ) -> Self:
        """A copy of this client whose calls use these settings; it shares the session.

        Cheap (no new connection pool, no new login): ``client.with_options(deadline=2)``
        for one part of an application, ``headers={"interaction-id": "till-7"}`` to speak
        for another interaction point. Closing either closes the shared session.
        """
        clone = copy.copy(self)
        # The services of the copy are made afresh, with its settings.
        for name in [n for n, v in vars(clone).items() if isinstance(v, ConvercusService)]:
            del clone.__dict__[name]
        clone._options = overlaid_options(
            self._options,
            self.session,
            retry=retry,
            timeout=timeout,
            deadline=deadline,
            headers=headers,
            query=query,
        )
        if program_id is not None:
            if not isinstance(program_id, str) or not program_id.strip():
                raise ConfigurationError(
                    f"program_id must be a non-empty string, got {program_id!r}"
                )
            clone.program_id = program_id
        return clone

    #: Wrap a bound method so it returns a :class:`~loyalty_async.RawResponse` (status,
    #: headers, request id, parsed result): ``client.with_raw_response(client.accounts.get)``.
    with_raw_response = staticmethod(with_raw_response)

    @cached_property
    def accounts(self) -> AccountsService:
        """Accounts, balances, levels, rating levels, fraud locks."""
        return self._service(AccountsService)

    @cached_property
    def identifiers(self) -> IdentifiersService:
        """Card, app and external codes, and identifier batches."""
        return self._service(IdentifiersService)

    @cached_property
    def users(self) -> UsersService:
        """Users (personal data), passwords, custom properties, events."""
        return self._service(UsersService)

    @cached_property
    def memberships(self) -> MembershipsService:
        """Memberships linking users to accounts, and their opt-ins."""
        return self._service(MembershipsService)

    @cached_property
    def auth(self) -> AuthService:
        """Explicit login and logout."""
        return self._service(AuthService)

    @cached_property
    def transactions(self) -> TransactionsService:
        """Earn and pay-with-points transactions; retail transactions."""
        return self._service(TransactionsService)

    @cached_property
    def bookings(self) -> BookingsService:
        """Points bookings and level bookings."""
        return self._service(BookingsService)

    @cached_property
    def account_coupons(self) -> AccountCouponsService:
        """Coupons a member holds, promo codes, redemptions."""
        return self._service(AccountCouponsService)

    @cached_property
    def coupons(self) -> CouponsService:
        """Coupon definitions, assignations, batches, promo codes, images."""
        return self._service(CouponsService)

    @cached_property
    def rating(self) -> RatingService:
        """A program's rating configuration and rating levels (program-scoped)."""
        return self._service(RatingService)

    @cached_property
    def reports(self) -> ReportsService:
        """Report lists and streamed exports."""
        return self._service(ReportsService)

    # ------------------------------------------------------------------ administration

    @cached_property
    def programs(self) -> ProgramsService:
        """The program's configuration: blacklists, custom properties, endpoints, tags."""
        return self._service(ProgramsService)

    @cached_property
    def partners(self) -> PartnersService:
        """The program's partners, their affiliates and blacklists."""
        return self._service(PartnersService)

    @cached_property
    def stores(self) -> StoresService:
        """The partners' stores."""
        return self._service(StoresService)

    @cached_property
    def interaction_points(self) -> InteractionPointsService:
        """Tills, web shops and apps of the program, its partners and stores."""
        return self._service(InteractionPointsService)

    @cached_property
    def product_catalog(self) -> ProductCatalogService:
        """Merchandise groups, subgroups and items of the program and its partners."""
        return self._service(ProductCatalogService)

    @cached_property
    def status_level_sets(self) -> StatusLevelSetsService:
        """The program's ladders of status levels."""
        return self._service(StatusLevelSetsService)

    @cached_property
    def newsfeed(self) -> NewsfeedService:
        """Members' feeds, posts and their target audiences, messages."""
        return self._service(NewsfeedService)

    @cached_property
    def webhooks(self) -> WebhooksService:
        """Webhook action configs, actions, history, events, the analytics integration."""
        return self._service(WebhooksService)

    @cached_property
    def mounting(self) -> MountingService:
        """Device mounting: devices, mountings, profiles, and the sites and images it keeps."""
        return self._service(MountingService)

    @cached_property
    def ai(self) -> AiService:
        """The AI service: generated newsfeed content and images, prompts, programs."""
        return self._service(AiService)

    @cached_property
    def push_notifications(self) -> PushNotificationsService:
        """Push notifications, their targets, device counts."""
        return self._service(PushNotificationsService)

    @cached_property
    def connectors(self) -> ConnectorsService:
        """Messages and sales for third-party connectors."""
        return self._service(ConnectorsService)

    @cached_property
    def search(self) -> SearchService:
        """Search the program's domain objects (a member who forgot the card)."""
        return self._service(SearchService)

    @cached_property
    def user_app(self) -> UserAppService:
        """The user app's Keycloak organizations of a user."""
        return self._service(UserAppService)

    @cached_property
    def tracking(self) -> TrackingService:
        """The tracking service's health."""
        return self._service(TrackingService)

    # ------------------------------------------------------------------ escape hatches

    async def call(
        self,
        name: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        id_type: IdType | str | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        **options: Unpack[RequestOptions],
    ) -> Any:
        """Call any operation of the table by name and return its decoded result.

        The result follows the operation's :class:`~loyalty_async.operations.Result`:
        decoded JSON (fractions as exact ``Decimal`` where the operation's model holds
        money), the id from ``Location``, text, or ``None``. A ``{programId}`` not
        given in ``path_params`` is the client's ``program_id``. For typed results use
        the service methods; for exports use ``client.reports``.
        """
        service, operation, response = await self._send(
            name, path_params, id_type, params, json, False, options
        )
        if operation.result is Result.LOCATION:
            return location_id(response, operation.created_id)
        if operation.result is Result.TEXT:
            return response.text
        if operation.result is Result.NONE:
            return None
        return service._json(response, operation.model)  # money exact, as on typed methods

    async def call_response(
        self,
        name: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        id_type: IdType | str | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        stream: bool = False,
        **options: Unpack[RequestOptions],
    ) -> tuple[Operation, Response]:
        """:meth:`call`, returning the operation and its response unread.

        With ``stream`` a file result is left to stream: close the response after reading.
        """
        _, operation, response = await self._send(
            name, path_params, id_type, params, json, stream, options
        )
        return operation, response

    async def _send(
        self,
        name: str,
        path_params: Mapping[str, Any] | None,
        id_type: IdType | str | None,
        params: Mapping[str, Any] | None,
        json: Any,
        stream: bool,
        options: RequestOptions,
    ) -> tuple[ConvercusService, Operation, Response]:
        """Check and send a call of ``name``: the service that sent it, its row, its answer."""
        operation = self.operations.get(name) if isinstance(name, str) else None
        if operation is None:
            raise ValidationError(f"no operation named {name!r}", field="name")
        if operation.result is Result.FILE and not stream:
            raise ValidationError(f"{name} streams a file: use client.reports or Session.stream")
        header = None
        if id_type is not None:
            if not operation.id_type:
                raise ValidationError(f"{name} does not take an id-type", field="id_type")
            header = check_enum(id_type, IdType, "id_type").value
        if path_params is not None and not isinstance(path_params, Mapping):
            raise ValidationError("path_params must be a mapping", field="path_params")
        if params is not None and not isinstance(params, Mapping):
            raise ValidationError("params must be a mapping", field="params")
        service = self._service(ConvercusService)
        path = dict(path_params or {})
        if "programId" in operation.parameters and path.get("programId") is None:
            path["programId"] = service._program(None)
        unknown = sorted(set(path) - set(operation.parameters))
        if unknown:
            raise ValidationError(
                f"{name} has no path parameter {', '.join(unknown)}; it takes "
                f"{', '.join(operation.parameters) or 'none'}",
                field="path_params",
            )
        # Through the services' own send, so the operation's declarations (resend-safe,
        # not idempotent) apply here exactly as they do to the typed methods.
        response = await service._send(
            name,
            path=path or None,
            headers=None if header is None else {"id-type": header},
            params=params,
            json=json,
            stream=stream,
            options=options,
        )
        return service, operation, response
