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


class MewsClient:
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
        url = _resolve_base_url(environment, base_url)
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
            pacing.append(_pace(rate_limiter))
            answers.append(_count_answer(rate_limiter))
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
        env = os.environ if environ is None else environ
        settings: dict[str, Any] = {}
        for key, variable in (
            ("environment", "MEWS_ENVIRONMENT"),
            ("base_url", "MEWS_BASE_URL"),
            ("client_token", "MEWS_CLIENT_TOKEN"),
            ("access_token", "MEWS_ACCESS_TOKEN"),
            ("client", "MEWS_CLIENT"),
            ("language_code", "MEWS_LANGUAGE_CODE"),
            ("culture_code", "MEWS_CULTURE_CODE"),
        ):
            value = env.get(variable)
            if value:
                settings[key] = value
        if env.get("MEWS_RATE_LIMIT"):
            settings["rate_limiter"] = parse_rate_limit(env["MEWS_RATE_LIMIT"])
        if "environment" in overrides or "base_url" in overrides:
            settings.pop("environment", None)
            settings.pop("base_url", None)
        elif "base_url" in settings:
            settings.pop("environment", None)
        settings.update(overrides)
        return cls(**settings)

    # ------------------------------------------------------------------ lifecycle

    async def aclose(self) -> None:
        """Close the client and its connections. Safe to call twice."""
        await self.session.aclose()

    async def __aenter__(self) -> MewsClient:
        await self.session.__aenter__()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

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

    async def request(self, method: str, path: str, **kwargs: Any) -> Response:
        """Send any request through the client's session (tokens, pacing and retries apply).

        Takes the keyword arguments of :meth:`loyalty_async.Session.request`.
        """
        return await self.session.request(method, path, **kwargs)


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


def _count_answer(limiter: SlidingWindowLimiter) -> ResponseHook:
    def answered(response: Response) -> None:
        if response.request is not None:
            limiter.release(response.request.extensions.get(_SLOT))
        if response.status == 429:
            # The window is full whatever our count says (another process may use the
            # token): hold every call of this client for as long as Mews asks.
            wait = parse_retry_after(response.headers.get("Retry-After"), time.time)
            if wait is not None:
                limiter.hold(wait)

    return answered


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


def _resolve_base_url(environment: str | None, base_url: str | None) -> str:
    if environment is not None and base_url is not None:
        raise ConfigurationError("give environment or base_url, not both")
    if base_url is not None:
        return base_url
    if environment is None:
        raise ConfigurationError("give environment ('demo' or 'production') or base_url")
    try:
        return ENVIRONMENTS[environment]
    except KeyError:
        raise ConfigurationError(
            f"environment must be 'demo' or 'production', not {environment!r}"
        ) from None
