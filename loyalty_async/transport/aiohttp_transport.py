"""The default transport, on aiohttp. The only module of the SDK client that imports aiohttp."""

from __future__ import annotations

import asyncio
import math
import ssl
from collections.abc import AsyncGenerator, AsyncIterator, Collection

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
from loyalty_async.transport.base import Body, Request, Response, Timeout
from loyalty_async.transport.headers import Headers
from loyalty_async.transport.loop import is_running_here
from loyalty_async.transport.watchdog import Watch, Watchdog, absorb_late_cancel, expired

#: What the watchdog enforces for one Timeout: (first deadline, renewal period, total
#: limit), in seconds from the send.
_Limit = tuple[float, float, float]
#: aiohttp's settings for a response read in full and for a streamed one, and the _Limit.
_Timeouts = tuple["aiohttp.ClientTimeout", "aiohttp.ClientTimeout", _Limit | None]


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
        # Timeout → aiohttp's settings and what the watchdog enforces, built once each.
        self._timeouts: dict[Timeout, _Timeouts] = {}
        self._last: tuple[Timeout | None, _Timeouts] = (
            self.timeout,
            self._timeouts_for(self.timeout),
        )
        self._watchdog = Watchdog(self._renew)
        self._urls: dict[str, URL] = {}
        self._parked: AsyncGenerator[None, None] | None = None

    def _client(self) -> aiohttp.ClientSession:
        """The aiohttp session, made on first use; refused once closed or on another loop."""
        if self._closed:
            raise SessionClosedError("this transport is closed")
        loop = asyncio.get_running_loop()
        if self._session is None:
            self._check_loop(loop)  # its first loop may have ended: it does not move
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
            parked = self._closed_with_the_loop(session)
            _start(parked)
            self._parked = parked
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
        body = request.content
        if request.json is not None:  # a request built by hand, not through a session
            body = dumps(request.json)
            request.headers.setdefault("Content-Type", "application/json")
        target = request.full_url
        try:
            if request.stream:
                return await self._stream(request, target, body)
            response = await self.exchange(
                request.method, target, request.sent_headers(), body, request.timeout
            )
        except BaseException as exc:
            raise self.failed(exc, request)  # noqa: B904 - failed() sets what caused it
        response.request = request
        return response

    # A session may call ``exchange`` in place of ``send`` when ``send`` is this one (a
    # subclass that changes ``send`` is always called through it).
    send.__exchange__ = True  # type: ignore[attr-defined]

    async def exchange(
        self,
        method: str,
        url: str,
        headers: Headers,
        content: Body | None,
        timeout: Timeout | None,
    ) -> Response:
        """Send one request and read its answer in full: ``send`` without a :class:`Request`.

        ``url`` is percent-encoded, query included; ``headers`` go as they are (never
        changed). The response's ``request`` is left unset. A failure leaves as the HTTP
        library raised it: :meth:`failed` says what to raise instead.
        """
        client = self._session
        if client is None or self._closed:
            client = self._client()
        elif not is_running_here(self._loop):
            self._check_loop(asyncio.get_running_loop())
        limits = timeout or self.timeout
        if limits is self._last[0]:  # calls mostly share one Timeout
            timeouts = self._last[1]
        else:
            timeouts = self._timeouts.get(limits) or self._timeouts_for(limits)
            self._last = (limits, timeouts)
        target = self._urls.get(url)
        if target is None:
            target = self._url(url)
        response: aiohttp.ClientResponse | None = None
        watch: Watch | None = None
        limit = timeouts[2]
        if limit is not None:
            # One watchdog for all requests instead of aiohttp's timer per request: the
            # read and total limits of a response read in full.
            watch = self._watchdog.watch(*limit)
        try:
            # ``request()`` only wraps this coroutine in an async context manager that is
            # never used as one here: awaiting it directly saves that object, a keyword
            # dict and two calls per request (a few per cent of the client's CPU under
            # load). Looked up on the session each time, as mocks such as aioresponses
            # replace it on the class.
            response = await client._request(
                method,
                target,
                headers=headers,  # a CIMultiDict already, which aiohttp copies
                data=content,
                timeout=timeouts[0],
                allow_redirects=False,
            )
            if watch is not None:
                watch.probe = response.content  # progress on the body renews the read limit
            body = await response.read()
            if watch is not None:
                self._watchdog.release(watch)
                if watch.fired:  # the answer came as the limit passed: keep it
                    await absorb_late_cancel(watch)
            return Response._from_transport(
                response.status, response.headers, body, None, None, response.reason or ""
            )
        except BaseException:
            # Cancelled or failed half-way: drop the connection so the pool gets its slot
            # back instead of leaking it.
            if response is not None:
                response.close()
            if watch is not None:
                self._watchdog.release(watch)
                if expired(watch):
                    raise _LimitReached from None
            raise
        finally:
            if response is not None:
                response.release()

    def failed(self, error: BaseException, request: Request) -> BaseException:
        """What to raise when sending ``request`` failed with ``error``.

        The HTTP library's failures become the SDK's transport errors (did the request
        leave?), caused by ``error``; anything else stays as it is.
        """
        if isinstance(error, _LimitReached):
            late = ReadTimeout(f"no response in time for {request.describe()}", request=request)
            late.__suppress_context__ = True
            return late
        if isinstance(error, aiohttp.ClientError | asyncio.TimeoutError):
            translated = _translate(error, request)
            translated.__cause__ = error
            return translated
        if isinstance(error, asyncio.CancelledError) and self._closed and not _cancelled():
            # aclose() cancels the calls still waiting for a pooled connection; nobody
            # cancelled this task, and the request never left.
            closed = SessionClosedError(
                f"the transport was closed while {request.describe()} waited for a "
                "connection; it was not sent"
            )
            closed.__suppress_context__ = True
            return closed
        return error

    async def _stream(self, request: Request, target: str, body: Body | None) -> Response:
        """Send ``request`` and hand its body back unread, as a stream."""
        client = self._client()
        limits = request.timeout or self.timeout
        timeouts = self._timeouts.get(limits) or self._timeouts_for(limits)
        url = self._urls.get(target) or self._url(target)
        # A stream keeps aiohttp's own limit per chunk, read at the caller's pace.
        response = await client.request(
            request.method,
            url,
            headers=request.sent_headers(),
            data=body,
            timeout=timeouts[1],
            allow_redirects=False,
        )
        return Response._from_transport(
            response.status,
            response.headers,
            None,
            _AiohttpStream(response, self.chunk_size),
            request,
            response.reason or "",
        )

    def _url(self, target: str) -> URL:
        """``target`` as a yarl URL, remembered: most calls go to a few URLs again and again.

        yarl remembers parsed URLs too, but reaching its cache through the constructor's
        keyword argument costs several times this transport's own look-up.
        """
        if len(self._urls) >= _URLS:
            self._urls.clear()
        # The session percent-encodes every URL it builds; yarl must not encode it again.
        url = self._urls[target] = URL(target, encoded=True)
        return url

    def _timeouts_for(self, limits: Timeout) -> _Timeouts:
        """The aiohttp settings for ``limits``, and what the watchdog enforces (built once)."""
        if len(self._timeouts) > 64:  # many distinct limits (deadline-capped totals)
            self._timeouts.clear()
        watched = [s for s in (limits.read, limits.total) if s is not None]
        limit: _Limit | None = None
        if watched:
            total = math.inf if limits.total is None else limits.total
            read = math.inf if limits.read is None else limits.read
            limit = (min(watched), read, total)
        timeouts = (
            # Read in full: aiohttp bounds connecting only; the watchdog does the rest.
            aiohttp.ClientTimeout(total=None, sock_connect=limits.connect),
            # Streamed: each chunk read at the caller's pace, bounded by aiohttp itself.
            aiohttp.ClientTimeout(
                total=limits.total, sock_connect=limits.connect, sock_read=limits.read
            ),
            limit,
        )
        self._timeouts[limits] = timeouts
        return timeouts

    def _renew(self, watch: Watch, now: float) -> float | None:
        """A watched request's deadline is reached: give it more time, or ``None``."""
        if now >= watch.until:
            return None  # the total limit is never extended
        probe = watch.probe
        if probe is None:  # no response yet
            waiters = _pool_waiters(self._session)
            if _queued(watch.task, waiters):
                watch.queued = _QUEUED  # still waiting for a pooled connection: not sent
                return min(now + watch.period, watch.until)
            if watch.queued == _QUEUED or (watch.queued == _NEVER_QUEUED and waiters):
                # It got its connection since the last look, or may have just now in a
                # busy pool: the read limit starts about now, once.
                watch.queued = _GRACED
                return min(now + watch.period, watch.until)
            return None
        seen: int = getattr(probe, "total_bytes", 0)
        if seen != watch.seen:  # the body is still arriving
            watch.seen = seen
            return min(now + watch.period, watch.until)
        return None

    async def aclose(self) -> None:
        """Close every pooled connection. Safe to call twice, or before any request.

        Runs on the event loop that sent the requests (the connections belong to it), or
        anywhere once that loop has ended: ``asyncio.run`` closed the connections then, as
        it ended (see :meth:`_closed_with_the_loop`).
        """
        if self._session is not None and not (self._loop is None or self._loop.is_closed()):
            self._check_loop(asyncio.get_running_loop())
        self._closed = True
        self._watchdog.close()
        session, self._session = self._session, None
        parked, self._parked = self._parked, None
        if session is None or self._loop is None or self._loop.is_closed():
            return  # nothing opened, or nothing left that can be awaited
        if not session.closed:
            await session.close()
        if parked is not None:
            await parked.aclose()

    async def _closed_with_the_loop(
        self, session: aiohttp.ClientSession
    ) -> AsyncGenerator[None, None]:
        """Close ``session`` when its event loop shuts down, if nobody closed it before.

        Parked at its ``yield`` on the loop that created the session; ``asyncio.run`` (and
        any runner) closes the async generators still open before it closes the loop, which
        runs this ``finally`` while the loop still runs: a client used inside
        ``asyncio.run(...)`` and never closed there leaves no connection behind, and can
        still be closed later without an error.
        """
        try:
            yield
        finally:
            if self._session is session:
                self._session = None
            if not session.closed:
                await session.close()

    async def __aenter__(self) -> AiohttpTransport:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


#: How many distinct URLs a transport remembers parsed (then it starts again).
_URLS = 1024

# What a watch has seen of the pool queue (Watch.queued).
_NEVER_QUEUED, _QUEUED, _GRACED = 0, 1, 2


def _pool_waiters(session: aiohttp.ClientSession | None) -> list[Collection[object]]:
    """The futures of the requests waiting for a pooled connection, per host (may be empty).

    Read from aiohttp's connector when a read limit is reached, never per request; an
    aiohttp without this detail gives none, and the read limit then counts from the send.
    """
    connector = None if session is None else session.connector
    waiters = getattr(connector, "_waiters", None)
    return [queue for queue in waiters.values() if queue] if waiters else []


def _queued(task: asyncio.Task[object], waiters: list[Collection[object]]) -> bool:
    """Whether ``task`` is waiting for a pooled connection (so its request has not left)."""
    waiting_on = getattr(task, "_fut_waiter", None)
    return waiting_on is not None and any(waiting_on in queue for queue in waiters)


def _start(parked: AsyncGenerator[None, None]) -> None:
    """Run ``parked`` to its first ``yield`` now, so that its loop knows it (and closes it)."""
    try:
        parked.asend(None).send(None)
    except StopIteration:
        return
    raise RuntimeError("the parked generator did not stop at its first yield")


def _cancelled() -> bool:
    """Whether someone asked to cancel the running task (not just a future it awaited)."""
    task = asyncio.current_task()
    return task is None or task.cancelling() > 0


class _LimitReached(Exception):
    """A watched exchange ran out of time (raised by ``exchange``, read by ``failed``)."""


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
