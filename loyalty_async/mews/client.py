"""The Mews client: one session, the tokens in every body, paced below the rate limit."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import attrs

from loyalty_async._version import __version__
from loyalty_async.auth.mews import MewsAuth
from loyalty_async.errors import ConfigurationError, ValidationError
from loyalty_async.mews.errors import mews_errors
from loyalty_async.mews.operations import OPERATIONS
from loyalty_async.mews.ratelimit import SlidingWindowLimiter
from loyalty_async.operations import OperationTable
from loyalty_async.operations.client import (
    PlatformClient,
    one_location,
    resolve_base_url,
    settings_from_env,
)
from loyalty_async.session.call import NO_OPTIONS, Call, CallOptions
from loyalty_async.session.retry import RetryPolicy, parse_retry_after
from loyalty_async.session.session import Session
from loyalty_async.transport.base import (
    Request,
    RequestHook,
    Response,
    ResponseHook,
    Timeout,
    Transport,
)

if TYPE_CHECKING:
    from loyalty_async.mews.services import (
        LoyaltyMembershipsService,
        LoyaltyProgramsService,
        LoyaltyTiersService,
    )

#: The Connector API's platform addresses.
ENVIRONMENTS = {
    "demo": "https://api.mews-demo.com",
    "production": "https://api.mews.com",
}

Environment = Literal["demo", "production"]

#: Environment variable → keyword argument, read by :meth:`MewsClient.from_env`
#: (``MEWS_RATE_LIMIT`` is read there too, into a ``rate_limiter``).
ENVIRONMENT_VARIABLES = {
    "MEWS_ENVIRONMENT": "environment",
    "MEWS_BASE_URL": "base_url",
    "MEWS_CLIENT_TOKEN": "client_token",
    "MEWS_ACCESS_TOKEN": "access_token",
    "MEWS_CLIENT": "client",
    "MEWS_LANGUAGE_CODE": "language_code",
    "MEWS_CULTURE_CODE": "culture_code",
}

#: The ClientTokens Mews publishes for its shared demo enterprises: they work on demo only.
DEMO_CLIENT_TOKENS = frozenset(
    {
        "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D",
        "E916C341431C4D28A866AD200152DBD3-A046EB5583FFBE94DE1172237763712",
        "2CC71B0660F345019882AD200155B4FE-4A1FC9080A4DD2A404734003674F77E",
        "07AB1F14B55C49B8BDD6AD200158423B-273A4497AFF5E20566D7199DB3DC2BA",
    }
)

#: The default ``Client`` value: the name and version Mews sees.
DEFAULT_CLIENT = f"loyalty-async {__version__}"

# A token is printable ASCII without spaces; anything else is a paste gone wrong.
_TOKEN = re.compile(r"[\x21-\x7e]+")
_DEFAULT = object()


class MewsClient(PlatformClient):
    """An async client for the loyalty operations of the Mews Connector API.

    ::

        async with MewsClient(environment="demo", client_token=..., access_token=...,
                              client="Hotel Group Sync 1.4.0") as client:
            async for membership in client.loyalty_memberships.get_all(page_size=500):
                ...

    Give ``environment`` (``"demo"`` or ``"production"``) or ``base_url``. The tokens go
    into every JSON body and never into a log line, an error text or a repr. The client
    paces itself below Mews's limit of 200 requests per ``AccessToken`` in any 30 s
    (``rate_limiter``), resends any call Mews refused with 429 after ``Retry-After``,
    resends reads after a server or network failure, and never resends a write whose
    outcome is unknown (:class:`~loyalty_async.errors.OutcomeUnknownError`).

    :param environment: ``"demo"`` or ``"production"``.
    :param base_url: another platform address (a stand-in, a proxy); excludes ``environment``.
    :param client_token: the token Mews issued to the integration.
    :param access_token: the token of the property (or portfolio) connection.
    :param client: ``"name version"`` of your integration, sent as ``Client``.
    :param language_code: e.g. ``"en-US"``; give it with ``culture_code`` or not at all.
    :param culture_code: e.g. ``"en-GB"``.
    :param transport: how requests travel (an :class:`~loyalty_async.AiohttpTransport`).
    :param rate_limiter: the pacing; by default 180 requests per 30 s for this client.
        Pass one :class:`~loyalty_async.mews.SlidingWindowLimiter` to several clients of
        the same ``AccessToken`` to share it, or ``None`` to send unpaced.
    :param retry: the retry policy (429s of every operation are resent in any case).
    :param timeout: per-attempt time limits.
    :param deadline: seconds a whole call may take, retries and pacing included.
    :param headers: extra headers for every call.
    :param routes: path overrides, operation name → path.
    :param on_request: hooks called with every request before it is sent (after pacing).
    :param on_response: hooks called with every response.
    """

    def __init__(
        self,
        *,
        environment: Environment | None = None,
        base_url: str | None = None,
        client_token: str | None = None,
        access_token: str | None = None,
        client: str = DEFAULT_CLIENT,
        language_code: str | None = None,
        culture_code: str | None = None,
        transport: Transport | None = None,
        rate_limiter: SlidingWindowLimiter | Any | None = _DEFAULT,
        retry: RetryPolicy | None = None,
        timeout: Timeout | None = None,
        deadline: float | None = None,
        headers: Mapping[str, str] | None = None,
        routes: Mapping[str, str] | None = None,
        on_request: Sequence[RequestHook] = (),
        on_response: Sequence[ResponseHook] = (),
    ) -> None:
        url = resolve_base_url(environment, base_url, ENVIRONMENTS)
        client_token = _check_token(client_token, "client_token", "MEWS_CLIENT_TOKEN")
        access_token = _check_token(access_token, "access_token", "MEWS_ACCESS_TOKEN")
        if environment == "production" and client_token in DEMO_CLIENT_TOKENS:
            raise ConfigurationError(
                "client_token is one of the public Mews demo tokens, which production refuses: "
                "use environment='demo', or the ClientToken Mews issued after certification"
            )
        if not isinstance(client, str) or not client.strip() or not client.isprintable():
            raise ConfigurationError(
                'client must name your integration and its version, e.g. "Hotel Sync 1.0.0"'
            )
        if rate_limiter is _DEFAULT:
            rate_limiter = SlidingWindowLimiter()
        if rate_limiter is not None and not isinstance(rate_limiter, SlidingWindowLimiter):
            raise ConfigurationError(
                "rate_limiter must be a SlidingWindowLimiter, or None to send unpaced"
            )
        self.rate_limiter: SlidingWindowLimiter | None = rate_limiter
        self.operations: OperationTable = OPERATIONS.with_routes(routes)
        auth = MewsAuth(
            client_token,
            access_token,
            client=client,
            language_code=language_code,
            culture_code=culture_code,
        )
        pacing: list[RequestHook] = []
        answers: list[ResponseHook] = []
        if rate_limiter is not None:
            # A request waits for its slot in the first request hook (the wait counts
            # against its deadline, and nothing is sent meanwhile); the transport gives the
            # slot back when the exchange is over, answered or not.
            pacing.append(_pace(rate_limiter))
            answers.append(_hold_on_429(rate_limiter))
            if transport is None:
                from loyalty_async.transport.aiohttp_transport import AiohttpTransport

                transport = AiohttpTransport()
            transport = PacedTransport(transport, rate_limiter)
        policy = retry or RetryPolicy()
        self.session = Session(
            url,
            transport=transport,
            auth=auth,
            headers=headers,
            retry=attrs.evolve(policy, resend_writes_on_429=True),
            timeout=timeout,
            deadline=deadline,
            on_request=[*pacing, *on_request],
            on_response=[*answers, *on_response],
        )
        self._client = client

    def __repr__(self) -> str:
        return f"MewsClient(base_url={self.session.base_url!r}, client={self._client!r})"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> MewsClient:
        """Build a client from ``MEWS_*`` variables; keyword arguments win over them.

        Reads ``MEWS_ENVIRONMENT`` (``demo``/``production``) or ``MEWS_BASE_URL``,
        ``MEWS_CLIENT_TOKEN``, ``MEWS_ACCESS_TOKEN``, and optionally ``MEWS_CLIENT``,
        ``MEWS_LANGUAGE_CODE``, ``MEWS_CULTURE_CODE`` and ``MEWS_RATE_LIMIT`` (``off``, or
        ``REQUESTS/SECONDS`` such as ``180/30``). An ``environment`` or ``base_url``
        argument replaces both location variables.
        """
        settings = settings_from_env(environ, ENVIRONMENT_VARIABLES)
        rate_limit = (os.environ if environ is None else environ).get("MEWS_RATE_LIMIT")
        if rate_limit:
            settings["rate_limiter"] = parse_rate_limit(rate_limit)
        one_location(settings, overrides)
        settings.update(overrides)
        return cls(**settings)

    # ------------------------------------------------------------------ services

    @cached_property
    def loyalty_programs(self) -> LoyaltyProgramsService:
        """Loyalty programs: ``get_all``, ``add``, ``update``, ``delete``."""
        from loyalty_async.mews.services import LoyaltyProgramsService

        return LoyaltyProgramsService(self.session, operations=self.operations)

    @cached_property
    def loyalty_memberships(self) -> LoyaltyMembershipsService:
        """Loyalty memberships: ``get_all``, ``add``, ``update``, ``delete``."""
        from loyalty_async.mews.services import LoyaltyMembershipsService

        return LoyaltyMembershipsService(self.session, operations=self.operations)

    @cached_property
    def loyalty_tiers(self) -> LoyaltyTiersService:
        """Loyalty tiers: ``get_all``, ``add``, ``update``, ``delete``."""
        from loyalty_async.mews.services import LoyaltyTiersService

        return LoyaltyTiersService(self.session, operations=self.operations)

    # ------------------------------------------------------------------ sending

    async def _send(
        self,
        name: str,
        body: Mapping[str, Any],
        *,
        options: CallOptions = NO_OPTIONS,
        context: Mapping[str, Any] | None = None,
    ) -> Any:
        # The operation ``name`` with ``body`` (tokens are added); its decoded JSON. Errors
        # come as the Mews classes of loyalty_async.mews.errors.
        call = Call(self.operations[name], json=dict(body), options=options, context=context)
        with mews_errors():
            response = await self.session.send(call)
        return self.session.decode_json(response)

    async def call(self, name: str, body: Mapping[str, Any] | None = None) -> Any:
        """Call any operation of the table by name with a raw body; return the decoded JSON.

        For typed arguments and results use the services (``client.loyalty_programs``...).
        """
        if body is not None and not isinstance(body, Mapping):
            raise ValidationError("body must be a JSON object (a mapping)", field="body")
        if name not in self.operations:
            known = ", ".join(self.operations.names())
            raise ValidationError(f"no Mews operation named {name!r}; known: {known}")
        return await self._send(name, body or {})


def parse_rate_limit(text: str) -> SlidingWindowLimiter | None:
    """``"off"`` → ``None``; ``"180/30"`` → 180 requests per 30 seconds."""
    value = text.strip().lower()
    if value in ("off", "none", "0"):
        return None
    count, sep, seconds = value.partition("/")
    try:
        return SlidingWindowLimiter(int(count), float(seconds) if sep else 30.0)
    except (ValueError, ConfigurationError):
        raise ConfigurationError(
            f"MEWS_RATE_LIMIT must be 'off' or REQUESTS/SECONDS such as '180/30', not {text!r}"
        ) from None


#: Request extension: the limiter slot the request was let through with.
_SLOT = "loyalty_async.mews.slot"


def _pace(limiter: SlidingWindowLimiter) -> RequestHook:
    async def pace(request: Request) -> None:
        request.extensions[_SLOT] = await limiter.acquire()

    return pace


def _hold_on_429(limiter: SlidingWindowLimiter) -> ResponseHook:
    def answered(response: Response) -> None:
        if response.status == 429:
            # The window is full whatever our count says (another process may use the
            # token): hold every call of this client for as long as Mews asks.
            wait = parse_retry_after(response.headers.get("Retry-After"), time.time)
            if wait is not None:
                limiter.hold(wait)

    return answered


class PacedTransport:
    """A transport that gives each request's pacing slot back when its exchange is over.

    The slot was taken by the client's first request hook; from here on it counts until a
    window after the answer arrived (or the exchange failed), however long that takes.
    """

    def __init__(self, inner: Transport, limiter: SlidingWindowLimiter) -> None:
        self.inner = inner
        self.limiter = limiter

    def __repr__(self) -> str:
        return f"PacedTransport({self.inner!r}, {self.limiter!r})"

    async def send(self, request: Request) -> Response:
        """Send ``request`` through the inner transport; then release its slot."""
        slot = request.extensions.get(_SLOT)
        self.limiter.sending(slot)
        try:
            return await self.inner.send(request)
        finally:
            self.limiter.release(slot)

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self.inner.aclose()


def _check_token(value: Any, name: str, variable: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ConfigurationError(f"missing Mews {name}: pass {name}= or set {variable}")
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        # Never echo the value: it is a secret, even when it is malformed.
        raise ConfigurationError(
            f"{name} is not a Mews token: it must be printable text without spaces "
            "(check for a stray newline or quote)"
        )
    return value
