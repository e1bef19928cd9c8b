"""Where the SDK's client CPU goes, layer by layer, against raw aiohttp on loopback.

The server and the two clients of ``bench_session.py`` are reused, plus clients that stop
at a lower layer of the SDK or do only part of its work, each timed by its client CPU per
call (``time.process_time``) in rounds interleaved with the others:

* ``raw``: ``bench_session``'s raw aiohttp client (a per-request read timer, plain-dict
  headers), the reference of the ratios;
* ``floor``: the same without aiohttp's read timer and with the headers prebuilt as a
  ``CIMultiDict``: what aiohttp itself costs, the least any client on it can spend;
* ``bare``: the least the SDK's first attempt must do, in one coroutine with no object of
  the SDK's own: the account check, the URL from the operation's plan, the session's
  headers with the token, the transport's parsed URL and watchdog entry, aiohttp, and the
  answer structured into ``Balance``;
* ``objects``: ``bare`` plus the three values a call is made of on its way through the
  SDK (a ``Call``, a ``Request`` with its extensions, a ``Response``), with no code
  around them: what those objects cost, alive across the exchange as they are;
* ``lane``: the leanest form of a compiled first attempt that keeps the SDK's layers: the
  work of ``bare`` in a coroutine standing for the typed method, which awaits the
  transport's own ``AiohttpTransport.exchange``; no ``Call``, no ``Request``, no session
  coroutine, and none of the session's checks;
* ``transport``: ``AiohttpTransport.send`` of a request built by hand (a copy of one
  built by the session: the cost of ``Request``, the watchdog entry and ``Response``);
* ``session``: ``Session.send`` of a prebuilt ``Call`` (the plan, headers, credentials);
* ``sdk``: the typed method, as in ``bench_session.py`` (its checks, the first attempt
  by the express path, decoding and structuring into ``Balance``).

The differences between neighbours are what each layer adds (``bare``, ``objects``,
``lane`` and ``transport`` are each compared with ``floor``). Run
``python benchmarks/bench_layers.py`` (``--concurrency 500``, ``--rounds``, ``--requests``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
from collections.abc import Sequence
from typing import cast

import aiohttp
import bench_session as bench
import orjson
from multidict import CIMultiDict

from loyalty_async import AiohttpTransport
from loyalty_async.convercus import IdType
from loyalty_async.convercus.models import Balance
from loyalty_async.session.call import NO_OPTIONS, Call
from loyalty_async.transport.base import Request, Response
from loyalty_async.transport.headers import CheckedHeaders, Headers


class Floor(bench.RawAiohttp):
    """Raw aiohttp without a per-request timer, the headers already a ``CIMultiDict``."""

    name = "floor"

    async def start(self, base_url: str, concurrency: int) -> None:
        await super().start(base_url, concurrency)
        await self._client.close()
        connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=0, keepalive_timeout=30)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=5.0)
        self._client = aiohttp.ClientSession(connector=connector, timeout=timeout)
        self._prebuilt: CIMultiDict[str] | None = None

    async def call(self) -> object:
        headers = self._prebuilt
        if headers is None:
            headers = self._prebuilt = CIMultiDict(await self._log_in())
        async with self._client.get(self._url, headers=headers) as resp:
            if resp.status >= 400:
                resp.raise_for_status()
            return orjson.loads(await resp.read())


class _Layer(bench.Sdk):
    """The SDK client, called below its typed method."""

    async def start(self, base_url: str, concurrency: int) -> None:
        await super().start(base_url, concurrency)
        await self._client.accounts.get_balance(bench.CARD, id_type=IdType.CARDCODE)
        session = self._client.session
        accounts = self._client.accounts
        operation = accounts._ops["accounts.get_balance"]
        headers = CheckedHeaders({"id-type": "CARDCODE"})
        self._call = Call(operation, {"accountId": bench.CARD}, headers=headers)
        self._session = session
        request = session._plan(operation).request(self._call, session.headers, None, headers, None)
        assert session.auth is not None and session.auth.try_prepare(request)
        self._request = request


class Bare(_Layer):
    name = "bare"

    async def start(self, base_url: str, concurrency: int) -> None:
        await super().start(base_url, concurrency)
        self._operation = self._call.operation
        self._plan = self._session._plan(self._operation)
        self._transport = cast(AiohttpTransport, self._session.transport)
        self._hook = self._client.accounts._converter.get_structure_hook(Balance)
        self._token = self._request.headers["Authorization"]

    def _prepare(self) -> tuple[str, str, Headers]:
        """The account check, the URL and the headers with the token (the path value too)."""
        value, id_type = self._client.accounts._account_ref(bench.CARD, IdType.CARDCODE)
        pieces = self._plan.pieces
        headers = self._session.headers.copy()
        headers.update(id_type or {})
        headers["Authorization"] = self._token
        return value, pieces[0] + value + pieces[1], headers

    async def call(self) -> object:
        value, url, headers = self._prepare()
        kept = self._keep(value, url, headers)
        transport = self._transport
        client = transport._session
        assert client is not None
        target = transport._urls.get(url) or transport._url(url)
        timeouts = transport._last[1]
        assert timeouts[2] is not None
        watch = transport._watchdog.watch(*timeouts[2])
        try:
            response = await client.request(
                "GET", target, headers=headers, timeout=timeouts[0], allow_redirects=False
            )
            watch.probe = response.content
            content = await response.read()
        finally:
            transport._watchdog.release(watch)
        self._answer(kept, response.status, response.headers, content)
        response.release()
        return self._hook(orjson.loads(content), Balance)

    def _keep(self, value: str, url: str, headers: Headers) -> object:
        return None

    def _answer(self, kept: object, status: int, headers: object, content: bytes) -> None:
        return None


class Objects(Bare):
    name = "objects"

    def _keep(self, value: str, url: str, headers: Headers) -> object:
        path = {"accountId": value}
        call = Call(self._operation, path, None, None, None, headers, NO_OPTIONS, None)
        extensions = {**self._plan.extensions, "path_params": path}
        return call, Request._assemble("GET", url, [], headers, None, None, False, extensions)

    def _answer(self, kept: object, status: int, headers: object, content: bytes) -> None:
        _, request = cast(tuple[Call, Request], kept)
        answer = Response._from_transport(
            status, cast(Headers, headers), content, None, request, ""
        )
        assert answer.content is content


class Lane(Bare):
    name = "lane"

    async def call(self) -> object:
        return await self._typed()

    async def _typed(self) -> object:
        _, url, headers = self._prepare()
        answer = await self._transport.exchange("GET", url, headers, None, None)
        if answer.status >= 400:
            raise RuntimeError(f"HTTP {answer.status}")
        return self._hook(orjson.loads(answer.content), Balance)


class TransportLayer(_Layer):
    name = "transport"

    async def call(self) -> Response:
        r = self._request
        request = Request._assemble(
            r.method, r.url, [], r.headers.copy(), None, None, False, dict(r.extensions)
        )
        return await self._session.transport.send(request)


class SessionLayer(_Layer):
    name = "session"

    async def call(self) -> Response:
        return await self._session.send(self._call)


VARIANTS: dict[str, type[bench.Variant]] = {
    "raw": bench.RawAiohttp,
    "floor": Floor,
    "bare": Bare,
    "objects": Objects,
    "lane": Lane,
    "transport": TransportLayer,
    "session": SessionLayer,
    "sdk": bench.Sdk,
}


async def run(args: argparse.Namespace) -> None:
    server_cpu, client_cpus = bench.pick_cpus(True)
    if client_cpus is not None:
        os.sched_setaffinity(0, client_cpus)
    with bench.ServerProcess(server_cpu, 0.0) as server:
        variants = {name: cls() for name, cls in VARIANTS.items()}
        for variant in variants.values():
            await variant.start(server.base_url, args.concurrency)
            await bench.run_round(variant, args.concurrency, 4 * args.concurrency)
            await bench.run_round(variant, args.concurrency, args.requests)
        cpu: dict[str, list[float]] = {name: [] for name in variants}
        names = list(variants)
        for index in range(args.rounds):
            for name in names if index % 2 == 0 else names[::-1]:
                result = await bench.run_round(variants[name], args.concurrency, args.requests)
                cpu[name].append(result.cpu_us_per_request)
        for variant in variants.values():
            await variant.close()
    print(
        f"concurrency {args.concurrency}, {args.requests} calls x {args.rounds} rounds, "
        f"load average at the end {os.getloadavg()[0]:.2f}"
    )
    print("| client | CPU µs/call (median) | raw/client | added by the layer |")
    print("|---|---:|---:|---:|")
    for name in names:
        median = statistics.median(cpu[name])
        ratio = statistics.median(r / x for r, x in zip(cpu["raw"], cpu[name], strict=True))
        base = _COMPARED_WITH.get(name)
        added = "" if base is None else f"{median - statistics.median(cpu[base]):+.1f}"
        print(f"| {name} | {median:.1f} | {ratio:.3f} | {added} |")


#: What each client's "added" column is measured from.
_COMPARED_WITH = {
    "bare": "floor",
    "objects": "floor",
    "lane": "floor",
    "transport": "floor",
    "session": "transport",
    "sdk": "session",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--concurrency", type=int, default=100, help="callers (default: 100)")
    parser.add_argument("--rounds", type=int, default=6, help="rounds per client (default: 6)")
    parser.add_argument(
        "--requests", type=int, default=10_000, help="calls per round (default: 10000)"
    )
    asyncio.run(run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
