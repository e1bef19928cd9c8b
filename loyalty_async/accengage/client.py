"""The Accengage client: one signed session, one service object per API domain."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any, TypeVar

from loyalty_async.accengage.operations import OPERATIONS
from loyalty_async.accengage.services import (
    AccengageService,
    AlarmsService,
    BeaconsService,
    CampaignsService,
    DevicesService,
    GeofencesService,
    GeogroupsService,
    InAppsService,
    InboxesService,
    InstantService,
    ListsService,
    MessagesService,
    SchedulesService,
    StatsService,
)
from loyalty_async.accengage.services.base import MeService
from loyalty_async.accengage.validation import check_text
from loyalty_async.auth.accengage import AccengageAuth
from loyalty_async.errors import ConfigurationError, ValidationError
from loyalty_async.operations import OperationTable, Result
from loyalty_async.operations.client import PlatformClient, require_settings, settings_from_env
from loyalty_async.session.retry import RetryPolicy
from loyalty_async.session.session import Session
from loyalty_async.transport.base import RequestHook, ResponseHook, Timeout, Transport

#: Where the Accengage API lives.
DEFAULT_BASE_URL = "https://api.accengage.com"

S = TypeVar("S", bound=AccengageService)

#: Environment variable → keyword argument, read by :meth:`AccengageClient.from_env`.
ENVIRONMENT_VARIABLES = {
    "ACCENGAGE_BASE_URL": "base_url",
    "ACCENGAGE_EMAIL": "email",
    "ACCENGAGE_API_KEY": "api_key",
    "ACCENGAGE_PARTNER_ID": "partner_id",
}


class AccengageClient(PlatformClient):
    """An async client for the Accengage REST API v1 (push, in-app, inbox).

    ::

        async with AccengageClient(email="me@example.com", api_key="…",
                                   partner_id="12345678") as client:
            await client.instant.send({"parentMessageId": 42,
                                       "targets": [{"customerId": "C-1"}]})

    Every request is signed (``Accengage-Time`` and ``Accengage-Signature``, the SHA-1 of
    the exact body bytes sent, the API key and the time); the access token is fetched on
    the first call, shared by every concurrent caller, and renewed on ``401``/``400
    API_ERR_TOKEN``. App-scoped routes use ``partner_id``. ``routes`` replaces the path of
    any operation by name. Close it with ``async with`` or :meth:`aclose`.

    :param email: the dashboard user whose API key signs the requests.
    :param api_key: that user's API key (Administration, Generate a key).
    :param partner_id: the app's partner id.
    :param base_url: another base URL (the stand-in, a proxy).
    :param transport: how requests travel (an :class:`~loyalty_async.AiohttpTransport` by default).
    :param routes: path overrides, operation name → path template.
    :param retry: the default retry policy.
    :param timeout: per-attempt time limits.
    :param deadline: seconds a whole call may take, retries included.
    :param headers: extra headers for every call.
    :param on_request: hooks called with every request before it is sent.
    :param on_response: hooks called with every response.
    :param token_lifetime: how long a token is kept (Accengage's last 24 h).
    :param token_refresh_margin: fetch a new token this many seconds before that.
    :param clock: wall clock in epoch seconds (the signature time and token expiry).
    """

    def __init__(
        self,
        *,
        email: str,
        api_key: str,
        partner_id: str,
        base_url: str = DEFAULT_BASE_URL,
        transport: Transport | None = None,
        routes: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout | None = None,
        deadline: float | None = None,
        headers: Mapping[str, str] | None = None,
        on_request: Sequence[RequestHook] = (),
        on_response: Sequence[ResponseHook] = (),
        token_lifetime: float = 24 * 3600.0,
        token_refresh_margin: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        try:
            self.partner_id = check_text(partner_id, "partner_id")
        except ValidationError as exc:
            raise ConfigurationError(str(exc)) from None
        self.operations: OperationTable = OPERATIONS.with_routes(routes)
        auth = AccengageAuth(
            api_key,
            email,
            token_path=self.operations["auth.access_token"].path,
            token_lifetime=token_lifetime,
            refresh_margin=token_refresh_margin,
            clock=clock,
        )
        self.auth = auth
        self.session = Session(
            base_url,
            transport=transport,
            auth=auth,
            headers=headers,
            retry=retry,
            timeout=timeout,
            deadline=deadline,
            on_request=on_request,
            on_response=on_response,
            clock=clock,
        )

    def __repr__(self) -> str:
        return f"AccengageClient({self.session.base_url!r}, partner_id={self.partner_id!r})"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> AccengageClient:
        """Build a client from ``ACCENGAGE_*`` variables; keyword arguments win over them.

        Reads ``ACCENGAGE_EMAIL``, ``ACCENGAGE_API_KEY``, ``ACCENGAGE_PARTNER_ID`` and
        optionally ``ACCENGAGE_BASE_URL``.
        """
        settings = settings_from_env(environ, ENVIRONMENT_VARIABLES)
        settings.update(overrides)
        needed = [key for key in ENVIRONMENT_VARIABLES.values() if key != "base_url"]
        require_settings(settings, ENVIRONMENT_VARIABLES, needed)
        return cls(**settings)

    # ------------------------------------------------------------------ services

    def _service(self, cls: type[S]) -> S:
        return cls(self.session, operations=self.operations, partner_id=self.partner_id)

    @cached_property
    def me(self) -> MeService:
        """``GET /v1/me``: check that the key, signature and token are accepted."""
        return self._service(MeService)

    @cached_property
    def campaigns(self) -> CampaignsService:
        """Campaigns, their clicks and targets."""
        return self._service(CampaignsService)

    @cached_property
    def messages(self) -> MessagesService:
        """Push messages: create, send, test, actions, clicks and targets."""
        return self._service(MessagesService)

    @cached_property
    def schedules(self) -> SchedulesService:
        """Message schedules and their excluded days."""
        return self._service(SchedulesService)

    @cached_property
    def instant(self) -> InstantService:
        """Instant sends (one app, or several at once)."""
        return self._service(InstantService)

    @cached_property
    def devices(self) -> DevicesService:
        """The devices export (CSV, streamed), search and updates."""
        return self._service(DevicesService)

    @cached_property
    def lists(self) -> ListsService:
        """Static lists and their devices."""
        return self._service(ListsService)

    @cached_property
    def stats(self) -> StatsService:
        """Daily statistics."""
        return self._service(StatsService)

    @cached_property
    def geofences(self) -> GeofencesService:
        """Geofences."""
        return self._service(GeofencesService)

    @cached_property
    def beacons(self) -> BeaconsService:
        """Beacons."""
        return self._service(BeaconsService)

    @cached_property
    def geogroups(self) -> GeogroupsService:
        """Geogroups of geofences and beacons."""
        return self._service(GeogroupsService)

    @cached_property
    def inapps(self) -> InAppsService:
        """In-app messages."""
        return self._service(InAppsService)

    @cached_property
    def alarms(self) -> AlarmsService:
        """Scheduled alarms."""
        return self._service(AlarmsService)

    @cached_property
    def inboxes(self) -> InboxesService:
        """Inbox messages."""
        return self._service(InboxesService)

    # ------------------------------------------------------------------ escape hatches

    async def call(
        self,
        name: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """Call any operation of the table by name and return its decoded result.

        ``partner_id`` is the client's unless ``path_params`` gives one; JSON answers are
        decoded, text answers returned as text, answers with nothing to read give
        ``None``. Errors are :class:`~loyalty_async.accengage.errors.AccengageError`
        classes, and a ``DELETE`` follows the same rule as the typed methods. For the
        devices export use ``client.devices.export()``.
        """
        operation = self.operations[name]
        if operation.result is Result.FILE:
            raise ValidationError(f"{name} streams CSV: use client.devices.export()")
        service = self._service(AccengageService)
        values = dict(path_params or {})
        path = service._path(name, values.pop("partner_id", None), **values)
        if operation.method == "DELETE":
            await service._delete(name, path=path, json=json)
            return None
        response = await service._send(name, path=path, params=params, json=json)
        if operation.result is Result.TEXT:
            return response.text
        if operation.result is Result.NONE:
            return None
        return self.session.decode_json(response)
