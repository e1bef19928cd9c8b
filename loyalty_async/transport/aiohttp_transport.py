"""The default transport, on aiohttp. The only module of the SDK client that imports aiohttp."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator

import aiohttp
from yarl import URL

from loyalty_async.codec import dumps
from loyalty_async.errors import (
    ConfigurationError,
    ConnectError,
    ConnectionDropped,
    ConnectTimeout,
    ReadTimeout,
    SessionClosedError,
    TransportError,
    WrongEventLoopError,
)
from loyalty_async.transport.base import Request, Response, Timeout


class _AiohttpStream:
    """A streamed aiohttp response body that releases its connection when closed."""

    def __init__(self, response: aiohttp.ClientResponse, chunk_size: int) -> None:
        self._response = response
        self._chunk_size = chunk_size

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_chunked(self._chunk_size):
                yield chunk
        except TimeoutError as exc:
            # Checked first: aiohttp's socket timeout is also a ClientConnectionError.
            raise ReadTimeout("the response stream stalled past the read timeout") from exc
        except (aiohttp.ClientPayloadError, aiohttp.ClientConnectionError) as exc:
            raise ConnectionDropped(
                f"the connection broke while streaming: {type(exc).__name__}"
            ) from exc

    async def aclose(self) -> None:
        # release() keeps a fully read connection alive; close() drops a half-read one.
        if self._response.content.at_eof():
            self._response.release()
        else:
            self._response.close()


class AiohttpTransport:
    """Sends requests with an ``aiohttp.ClientSession`` created lazily on first use.

    The session and its connector are made inside the running event loop on the first
    ``send``, never in ``__init__``, so constructing a transport (or a client) at import
    time is safe. Close it with ``await transport.aclose()`` (a session or client that
    owns it does this for you).

    :param pool_size: most connections open at once across all hosts (aiohttp's default of
        100 silently caps throughput; raise it for batch jobs).
    :param per_host: most connections to one host (0: no per-host limit).
    :param timeout: default time limits when a request brings none.
    :param keepalive: seconds an idle connection stays open for reuse.
    :param ssl_context: TLS settings, or ``False`` to skip verification (tests only).
    :param chunk_size: bytes per chunk when streaming a response.
    :param trust_env: whether to honour ``HTTP(S)_PROXY`` and ``.netrc``.
    """

    def __init__(
        self,
        *,
        pool_size: int = 100,
        per_host: int = 0,
        timeout: Timeout | None = None,
        keepalive: float = 30.0,
        ssl_context: ssl.SSLContext | bool | None = None,
        chunk_size: int = 64 * 1024,
        trust_env: bool = False,
    ) -> None:
        if pool_size < 1:
            raise ConfigurationError("pool_size must be at least 1")
        if per_host < 0:
            raise ConfigurationError("per_host must be 0 (no limit) or more")
        self.pool_size = pool_size
        self.per_host = per_host
        self.timeout = timeout or Timeout()
        self.keepalive = keepalive
        self.chunk_size = chunk_size
        self._ssl: ssl.SSLContext | bool = True if ssl_context is None else ssl_context
        self._trust_env = trust_env
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._limits: Timeout | None = None
        self._client_timeout = aiohttp.ClientTimeout()

    def _client(self) -> aiohttp.ClientSession:
        if self._closed:
            raise SessionClosedError("this transport is closed")
        loop = asyncio.get_running_loop()
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=self.pool_size,
                limit_per_host=self.per_host,
                keepalive_timeout=self.keepalive,
                ssl=self._ssl,
            )
            session = aiohttp.ClientSession(
                connector=connector,
                trust_env=self._trust_env,
                auto_decompress=True,
            )
            # aiohttp silently resends an idempotent request once when a pooled connection
            # breaks; the session's retry policy must be the only one deciding resends.
            session._retry_connection = False
            self._session = session
            self._loop = loop
        else:
            self._check_loop(loop)
        return self._session

    def _check_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._loop is not None and self._loop is not loop:
            raise WrongEventLoopError(
                "this transport's connections belong to another event loop; "
                "create one transport per event loop"
            )

    async def send(self, request: Request) -> Response:
        """Send ``request``; read the body unless ``request.stream`` asks to stream it."""
        client = self._client()
        limits = request.timeout or self.timeout
        if limits is self._limits:
            timeout = self._client_timeout
        else:
            # Calls mostly share one Timeout: build its aiohttp twin once, not per request.
            timeout = aiohttp.ClientTimeout(
                total=limits.total, sock_connect=limits.connect, sock_read=limits.read
            )
            self._limits, self._client_timeout = limits, timeout
        body = request.content
        if request.json is not None:  # a request built by hand, not through a session
            body = dumps(request.json)
            request.headers.setdefault("Content-Type", "application/json")
        # The session percent-encodes every URL it builds; yarl must not encode it again.
        url = URL(request.full_url, encoded=True)
        response: aiohttp.ClientResponse | None = None
        try:
            response = await client.request(
                request.method,
                url,
                headers=request.headers.pairs(),  # pairs convert faster than a mapping
                data=body,
                timeout=timeout,
                allow_redirects=False,
            )
            if request.stream:
                return Response._from_transport(
                    response.status,
                    response.headers,
                    stream=_AiohttpStream(response, self.chunk_size),
                    request=request,
                    reason=response.reason or "",
                )
            content = await response.read()
            return Response._from_transport(
                response.status,
                response.headers,
                content=content,
                request=request,
                reason=response.reason or "",
            )
        except BaseException as exc:
            # Cancelled or failed half-way: drop the connection so the pool gets its slot
            # back instead of leaking it.
            if response is not None:
                response.close()
            if isinstance(exc, aiohttp.ClientError | asyncio.TimeoutError):
                raise _translate(exc, request) from exc
            if isinstance(exc, asyncio.CancelledError) and self._closed and not _cancelled():
                # aclose() cancels the calls still waiting for a pooled connection; nobody
                # cancelled this task, and the request never left.
                raise SessionClosedError(
                    f"the transport was closed while {request.describe()} waited for a "
                    "connection; it was not sent"
                ) from None
            raise
        finally:
            if response is not None and not request.stream:
                response.release()

    async def aclose(self) -> None:
        """Close every pooled connection. Safe to call twice, or before any request.

        Must run on the event loop that sent the requests (the connections belong to it).
        """
        if self._session is not None:
            self._check_loop(asyncio.get_running_loop())
        self._closed = True
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def __aenter__(self) -> AiohttpTransport:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def _cancelled() -> bool:
    """Whether someone asked to cancel the running task (not just a future it awaited)."""
    task = asyncio.current_task()
    return task is None or task.cancelling() > 0


def _translate(exc: BaseException, request: Request) -> TransportError:
    """Map an aiohttp failure onto the SDK's transport errors (did the request leave?)."""
    where = request.describe()
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return ConnectTimeout(f"connecting for {where} timed out", request=request)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return ConnectError(f"could not connect for {where}: {exc.os_error}", request=request)
    if isinstance(exc, aiohttp.InvalidURL):
        # Refused before any connection was opened.
        return ConnectError(f"cannot send {where}: the URL is not valid", request=request)
    if isinstance(exc, aiohttp.SocketTimeoutError | asyncio.TimeoutError):
        return ReadTimeout(f"no response in time for {where}", request=request)
    return ConnectionDropped(
        f"the connection broke during {where}: {type(exc).__name__}", request=request
    )
