"""Throughput, client CPU and cold-start latency of the SDK against raw aiohttp, on loopback.

A stand-in Convercus server (``POST /auth/login`` answering a plain-text JWT, and an
authenticated ``GET /accounts/{accountId}/balance`` that wants ``id-type: CARDCODE`` and
answers a small JSON balance) runs in its own process on 127.0.0.1. Two clients make the
same call:

* ``raw``: one ``aiohttp.ClientSession`` whose connector holds as many connections as there
  are concurrent callers, the token fetched once, the same headers as the SDK's (checked
  by the server during the warm-up), the body decoded with orjson (as the SDK does);
* ``sdk``: ``ConvercusClient`` (it logs in itself) on ``AiohttpTransport(pool_size=...)`` of
  the same size, calling the public typed method
  ``client.accounts.get_balance(CARD, id_type=IdType.CARDCODE)`` into a typed ``Balance``.

**Throughput** (per concurrency level): paired rounds, interleaved (raw, sdk, sdk, raw,
…), each round the same number of calls; reported as medians of the per-round ratios,
by requests per second and by client CPU per call.

**Cold start** (at ``--cold-concurrency``, 500 by default): each round builds both clients
anew (no connection, no token), starts all workers at once and times every call; p99 of
the SDK against raw's, interleaved rounds, medians.

Run ``python benchmarks/bench_session.py`` (``--quick`` for a smoke run, ``--help`` for the
options). See ``docs/benchmarks.md`` for the method and the latest results.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import gc
import json
import math
import multiprocessing
import os
import platform
import socket
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

import aiohttp
import attrs
import orjson
from aiohttp import web

import loyalty_async
from loyalty_async import AiohttpTransport, ConvercusClient
from loyalty_async.convercus import Balance, IdType

ORG = "BENCH-ORG"
USERNAME = "bench-user"
PASSWORD = "bench-secret"
INTERACTION_ID = "bench-till-1"
CARD = "9276000012345678"
BALANCE_BODY = {"points": 12840, "lockedPoints": 150, "statusPoints": 4200}

#: The server gives up by itself after this long, even if nobody tells it to stop.
SERVER_MAX_SECONDS = 3600.0
#: No single round may take longer than this.
ROUND_TIMEOUT = 300.0
#: Upper bound on the requests of one round, whatever the calibration says.
MAX_REQUESTS = 400_000


# ---------------------------------------------------------------------- the server


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_token() -> str:
    """A JWT-shaped token whose ``exp`` the SDK can read (valid for a day)."""
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"sub": USERNAME, "org": ORG, "exp": int(time.time()) + 24 * 3600}
    payload = _b64url(json.dumps(claims).encode())
    return f"{header}.{payload}.{_b64url(os.urandom(32))}"


def _serve(conn: Connection, cpu: int | None, login_delay: float) -> None:
    """Entry point of the server process."""
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    asyncio.run(_serve_until_told(conn, login_delay))


async def _serve_until_told(conn: Connection, login_delay: float) -> None:
    token = make_token()
    body = json.dumps(BALANCE_BODY, separators=(",", ":")).encode()
    logins = [0]
    # The header names of the last balance call, so that both clients can be shown to
    # send the same request.
    seen_headers: list[list[str]] = [[]]

    async def login(request: web.Request) -> web.Response:
        data = await request.json()
        if (data.get("org"), data.get("userName"), data.get("password")) != (
            ORG,
            USERNAME,
            PASSWORD,
        ):
            return web.json_response({"code": "UNAUTHORIZED"}, status=401)
        logins[0] += 1
        if login_delay:
            await asyncio.sleep(login_delay)  # a real login checks a password hash
        return web.Response(text=token, content_type="text/plain")

    async def balance(request: web.Request) -> web.Response:
        headers = request.headers
        seen_headers[0] = sorted(name.lower() for name in headers)
        if headers.get("Authorization") != token:
            return web.json_response({"code": "UNAUTHORIZED"}, status=401)
        if not headers.get("interaction-id"):
            return web.json_response({"code": "MISSING_INTERACTION_ID"}, status=400)
        if headers.get("id-type") != "CARDCODE" or request.match_info["accountId"] != CARD:
            return web.json_response({"code": "ACCOUNT_NOT_FOUND"}, status=404)
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_post("/auth/login", login)
    app.router.add_get("/accounts/{accountId}/balance", balance)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    # A deep backlog: 500 clients connecting at once must not see SYN retries.
    site = web.SockSite(runner, sock, backlog=4096)
    await site.start()

    # The pipe turns readable when the benchmark asks for the server's CPU time or its
    # login count, says "stop", or is gone (end of file): the server never outlives it.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_message() -> None:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            message = "stop"
        if message == "cpu":
            conn.send(time.process_time())
        elif message == "logins":
            conn.send(logins[0])
        elif message == "headers":
            conn.send(seen_headers[0])
        else:
            stop.set()

    loop.add_reader(conn.fileno(), on_message)
    conn.send(sock.getsockname()[1])
    try:
        await asyncio.wait_for(stop.wait(), timeout=SERVER_MAX_SECONDS)
    except TimeoutError:
        pass
    finally:
        loop.remove_reader(conn.fileno())
        await runner.cleanup()


class ServerProcess:
    """The stand-in server in a child process; stopped on exit from the ``with`` block."""

    def __init__(self, cpu: int | None, login_delay: float) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child_conn = ctx.Pipe()
        self._process = ctx.Process(
            target=_serve, args=(child_conn, cpu, login_delay), name="bench-server", daemon=True
        )
        self._process.start()
        child_conn.close()
        try:
            if not self._conn.poll(30):
                raise RuntimeError("the benchmark server did not start within 30 s")
            self.port: int = self._conn.recv()
        except EOFError:
            self.stop()
            raise RuntimeError("the benchmark server process died while starting") from None
        except BaseException:
            self.stop()
            raise
        self.base_url = f"http://127.0.0.1:{self.port}"

    def _ask(self, what: str) -> Any:
        self._conn.send(what)
        return self._conn.recv()

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far."""
        return float(self._ask("cpu"))

    def logins(self) -> int:
        """Logins the server has answered so far."""
        return int(self._ask("logins"))

    def last_header_names(self) -> list[str]:
        """The header names (lower case, sorted) of the last balance call answered."""
        return list(self._ask("headers"))

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.send("stop")
        self._process.join(10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)
        self._conn.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


# ---------------------------------------------------------------------- the clients


class Variant:
    """One way of making the call, set up for one concurrency level."""

    name: str

    async def start(self, base_url: str, concurrency: int) -> None:
        raise NotImplementedError

    async def call(self) -> object:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError


class RawAiohttp(Variant):
    """Plain aiohttp, as a careful hand-written client would do it.

    The token is fetched on the first call, once for all concurrent callers (they wait on
    one shared future), as the SDK does, so that a cold start compares like with like.
    """

    name = "raw"

    async def start(self, base_url: str, concurrency: int) -> None:
        connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=0, keepalive_timeout=30)
        # The same per-attempt limits as the SDK's defaults: 5 s to connect, 30 s per read.
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=5.0, sock_read=30.0)
        self._client = aiohttp.ClientSession(connector=connector, timeout=timeout)
        self._base_url = base_url
        self._url = f"{base_url}/accounts/{CARD}/balance"
        self._headers: dict[str, str] | None = None
        self._login: asyncio.Future[dict[str, str]] | None = None

    async def _log_in(self) -> dict[str, str]:
        login = {"org": ORG, "userName": USERNAME, "password": PASSWORD}
        async with self._client.post(f"{self._base_url}/auth/login", json=login) as resp:
            resp.raise_for_status()
            token = (await resp.text()).strip()
        # What the SDK sends (the Convercus manual asks for the JSON content type on
        # every call); the benchmark checks that both send the same header names.
        return {
            "User-Agent": f"loyalty-async/{loyalty_async.__version__}",
            "Content-Type": "application/json",
            "interaction-id": INTERACTION_ID,
            "id-type": "CARDCODE",
            "Authorization": token,
        }

    async def call(self) -> object:
        headers = self._headers
        if headers is None:
            if self._login is None:
                self._login = asyncio.ensure_future(self._log_in())
            headers = self._headers = await self._login
        async with self._client.get(self._url, headers=headers) as resp:
            if resp.status >= 400:
                resp.raise_for_status()
            return orjson.loads(await resp.read())

    async def close(self) -> None:
        await self._client.close()


class Sdk(Variant):
    """The SDK's public typed method, into a typed ``Balance``."""

    name = "sdk"

    async def start(self, base_url: str, concurrency: int) -> None:
        self._client = ConvercusClient(
            base_url=base_url,
            org=ORG,
            username=USERNAME,
            password=PASSWORD,
            interaction_id=INTERACTION_ID,
            transport=AiohttpTransport(pool_size=concurrency),
        )

    async def call(self) -> object:
        balance = await self._client.accounts.get_balance(CARD, id_type=IdType.CARDCODE)
        assert type(balance) is Balance
        return balance

    async def close(self) -> None:
        await self._client.aclose()


VARIANTS: dict[str, type[Variant]] = {"raw": RawAiohttp, "sdk": Sdk}


# ---------------------------------------------------------------------- measuring


@attrs.frozen
class RoundResult:
    variant: str
    concurrency: int
    requests: int
    seconds: float
    cpu_seconds: float
    server_cpu_seconds: float | None
    p50_ms: float
    p99_ms: float
    round: int = 0
    first_p99_ms: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_us_per_request(self) -> float:
        """Client CPU time per request."""
        return self.cpu_seconds / self.requests * 1e6

    @property
    def client_busy(self) -> float:
        """Share of the round's wall time the client spent on a CPU (below 1: it waited)."""
        return self.cpu_seconds / self.seconds

    @property
    def server_busy(self) -> float | None:
        """Share of the round's wall time the server process spent on a CPU."""
        if self.server_cpu_seconds is None:
            return None
        return self.server_cpu_seconds / self.seconds


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


async def run_round(
    variant: Variant,
    concurrency: int,
    requests: int,
    server_cpu: Callable[[], float] | None = None,
) -> RoundResult:
    """Send ``requests`` calls from ``concurrency`` workers; time each one on the client."""
    latencies = [0.0] * requests
    firsts: list[float] = []
    numbers = iter(range(requests))  # shared by the workers: each call takes the next number
    call = variant.call
    clock = time.perf_counter

    async def worker() -> None:
        first = True
        for i in numbers:
            started = clock()
            await call()
            latencies[i] = clock() - started
            if first:
                firsts.append(latencies[i])
                first = False

    gc.collect()
    server_started = server_cpu() if server_cpu else 0.0
    cpu_started = time.process_time()
    started = clock()
    tasks = [asyncio.ensure_future(worker()) for _ in range(concurrency)]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=ROUND_TIMEOUT)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    seconds = clock() - started
    cpu_seconds = time.process_time() - cpu_started
    server_seconds = server_cpu() - server_started if server_cpu else None
    latencies.sort()
    firsts.sort()
    return RoundResult(
        variant=variant.name,
        concurrency=concurrency,
        requests=requests,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        server_cpu_seconds=server_seconds,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        first_p99_ms=percentile(firsts, 0.99) * 1000 if firsts else 0.0,
    )


@attrs.frozen
class LevelResult:
    concurrency: int
    requests: int
    rounds: list[RoundResult]
    kind: str = "throughput"

    def of(self, variant: str) -> list[RoundResult]:
        return [r for r in self.rounds if r.variant == variant]

    def median(self, variant: str, metric: Callable[[RoundResult], float]) -> float:
        return statistics.median(metric(r) for r in self.of(variant))

    def paired(self, metric: Callable[[RoundResult, RoundResult], float]) -> float:
        """Median over the rounds of ``metric(sdk, raw)``, each pair run in one round."""
        raw = {r.round: r for r in self.of("raw")}
        return statistics.median(metric(sdk, raw[sdk.round]) for sdk in self.of("sdk"))

    @property
    def ratio(self) -> float:
        """SDK requests/s over raw requests/s: the median of the per-round ratios."""
        return self.paired(lambda sdk, raw: sdk.rps / raw.rps)

    @property
    def cpu_ratio(self) -> float:
        """Raw client CPU per request over the SDK's: the ratio a CPU-bound client would see."""
        return self.paired(lambda sdk, raw: raw.cpu_us_per_request / sdk.cpu_us_per_request)

    @property
    def p99_ratio(self) -> float:
        """SDK p99 latency over raw's: the median of the per-round ratios."""
        return self.paired(lambda sdk, raw: sdk.p99_ms / raw.p99_ms)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "concurrency": self.concurrency,
            "requests": self.requests,
        }
        for name in ("raw", "sdk"):
            out[name] = {
                "rps": self.median(name, lambda r: r.rps),
                "p50_ms": self.median(name, lambda r: r.p50_ms),
                "p99_ms": self.median(name, lambda r: r.p99_ms),
                "first_call_p99_ms": self.median(name, lambda r: r.first_p99_ms),
                "cpu_us_per_request": self.median(name, lambda r: r.cpu_us_per_request),
                "client_busy": self.median(name, lambda r: r.client_busy),
                "server_busy": self.median(name, lambda r: r.server_busy or 0.0),
            }
        out["ratio"] = self.ratio
        out["cpu_ratio"] = self.cpu_ratio
        out["p99_ratio"] = self.p99_ratio
        out["rounds"] = [
            attrs.asdict(r)
            | {"rps": r.rps, "client_busy": r.client_busy, "server_busy": r.server_busy}
            for r in self.rounds
        ]
        return out


def _log_round(log: Callable[[str], None], result: RoundResult) -> None:
    log(
        f"  round {result.round} {result.variant}: {result.rps:8.0f} req/s  "
        f"p50 {result.p50_ms:7.2f} ms  p99 {result.p99_ms:7.2f} ms  "
        f"client cpu {result.cpu_us_per_request:4.0f} us/req "
        f"(busy {result.client_busy:4.0%})  server busy {result.server_busy or 0.0:4.0%}"
    )


async def bench_level(
    server: ServerProcess,
    concurrency: int,
    *,
    rounds: int,
    seconds: float,
    min_requests: int,
    fixed_requests: int | None,
    log: Callable[[str], None],
) -> LevelResult:
    """Warm up both clients, pick one request count for both, then run interleaved rounds."""
    variants: list[Variant] = [cls() for cls in VARIANTS.values()]
    for variant in variants:
        await variant.start(server.base_url, concurrency)
    try:
        # Warm-up: opens every pooled connection, logs in, warms caches (cattrs builds its
        # structuring functions on first use), and measures a rough rate.
        warmup = max(200, 4 * concurrency)
        rates = []
        sent: dict[str, list[str]] = {}
        for variant in variants:
            await run_round(variant, concurrency, warmup // 2)
            rates.append((await run_round(variant, concurrency, warmup)).rps)
            sent[variant.name] = server.last_header_names()
        if len({tuple(names) for names in sent.values()}) != 1:
            raise AssertionError(f"the clients send different headers: {sent}")
        if fixed_requests is not None:
            requests = fixed_requests
        else:
            # Enough for the faster variant to run ``seconds``, so the slower runs longer.
            requests = max(min_requests, math.ceil(max(rates) * seconds))
        requests = min(MAX_REQUESTS, math.ceil(requests / concurrency) * concurrency)
        log(f"concurrency {concurrency}: {requests} requests per round, {rounds} rounds each")

        results: list[RoundResult] = []
        for index in range(rounds):
            # Forward then backward, so no variant always runs right after the other.
            order = variants if index % 2 == 0 else variants[::-1]
            for variant in order:
                result = await run_round(variant, concurrency, requests, server.cpu_seconds)
                result = attrs.evolve(result, round=index + 1)
                results.append(result)
                _log_round(log, result)
        return LevelResult(concurrency=concurrency, requests=requests, rounds=results)
    finally:
        for variant in variants:
            await variant.close()


async def bench_cold_start(
    server: ServerProcess,
    concurrency: int,
    *,
    rounds: int,
    calls_per_worker: int,
    log: Callable[[str], None],
) -> LevelResult:
    """Fresh clients each round: no connection and no token when all workers start at once."""
    requests = concurrency * calls_per_worker
    log(f"cold start at concurrency {concurrency}: {requests} calls per round, {rounds} rounds")
    results: list[RoundResult] = []
    names = list(VARIANTS)
    for index in range(rounds):
        order = names if index % 2 == 0 else names[::-1]
        for name in order:
            variant = VARIANTS[name]()
            await variant.start(server.base_url, concurrency)
            logins = server.logins()
            try:
                result = await run_round(variant, concurrency, requests, server.cpu_seconds)
            finally:
                await variant.close()
            if server.logins() - logins != 1:
                raise AssertionError(f"{name} logged in {server.logins() - logins} times")
            result = attrs.evolve(result, round=index + 1)
            results.append(result)
            _log_round(log, result)
    return LevelResult(
        concurrency=concurrency, requests=requests, rounds=results, kind="cold start"
    )


def render_table(levels: Sequence[LevelResult]) -> str:
    """The throughput results as a Markdown table (medians over the rounds)."""
    lines = [
        "| concurrency | requests/round | raw req/s | sdk req/s | sdk/raw | raw CPU µs/req | "
        "sdk CPU µs/req | sdk/raw by CPU | raw p50 ms | sdk p50 ms | raw p99 ms | sdk p99 ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for level in levels:
        if level.kind != "throughput":
            continue
        s = level.summary()
        raw, sdk = s["raw"], s["sdk"]
        lines.append(
            f"| {level.concurrency} | {level.requests} | {raw['rps']:.0f} | {sdk['rps']:.0f} | "
            f"{s['ratio']:.3f} | {raw['cpu_us_per_request']:.1f} | "
            f"{sdk['cpu_us_per_request']:.1f} | {s['cpu_ratio']:.3f} | "
            f"{raw['p50_ms']:.2f} | {sdk['p50_ms']:.2f} | {raw['p99_ms']:.2f} | "
            f"{sdk['p99_ms']:.2f} |"
        )
    cold = [level for level in levels if level.kind == "cold start"]
    if cold:
        lines += [
            "",
            "| cold start, concurrency | calls/round | raw p99 ms | sdk p99 ms | sdk/raw p99 | "
            "raw first-call p99 ms | sdk first-call p99 ms |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for level in cold:
            s = level.summary()
            raw, sdk = s["raw"], s["sdk"]
            lines.append(
                f"| {level.concurrency} | {level.requests} | {raw['p99_ms']:.1f} | "
                f"{sdk['p99_ms']:.1f} | {s['p99_ratio']:.3f} | "
                f"{raw['first_call_p99_ms']:.1f} | {sdk['first_call_p99_ms']:.1f} |"
            )
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "aiohttp": aiohttp.__version__,
        "orjson": orjson.__version__,
        "loyalty_async": loyalty_async.__version__,
        "platform": platform.platform(),
        "event_loop": "asyncio (default)",
        # Other work on the machine skews the numbers: record how busy it was.
        "loadavg_at_start": os.getloadavg(),
    }


def pick_cpus(pin: bool) -> tuple[int | None, set[int] | None]:
    """Give the server one CPU and the client the rest (when pinning and there are two)."""
    if not pin or not hasattr(os, "sched_getaffinity"):
        return None, None
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None, None
    return cpus[-1], set(cpus[:-1])


async def run(args: argparse.Namespace, info: dict[str, Any]) -> list[LevelResult]:
    """Start the server, measure every level and the cold start, stop the server."""

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    log(f"machine: {info}")
    levels: list[LevelResult] = []
    with ServerProcess(info["server_cpu"], args.login_delay) as server:
        log(f"server: {server.base_url} (own process)")
        for concurrency in args.concurrency:
            levels.append(
                await bench_level(
                    server,
                    concurrency,
                    rounds=args.rounds,
                    seconds=args.seconds,
                    min_requests=args.min_requests,
                    fixed_requests=args.requests,
                    log=log,
                )
            )
        for concurrency in args.cold_concurrency:
            levels.append(
                await bench_cold_start(
                    server,
                    concurrency,
                    rounds=args.cold_rounds,
                    calls_per_worker=args.cold_calls,
                    log=log,
                )
            )
    return levels


def _levels(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--concurrency",
        type=_levels,
        default=[100, 500],
        help="comma-separated concurrency levels of the throughput rounds (default: 100,500)",
    )
    parser.add_argument("--rounds", type=int, default=7, help="rounds per client (default: 7)")
    parser.add_argument(
        "--seconds",
        type=float,
        default=2.0,
        help="target duration of one round of the faster client (default: 2.0)",
    )
    parser.add_argument(
        "--min-requests", type=int, default=1000, help="fewest requests per round (default: 1000)"
    )
    parser.add_argument(
        "--requests", type=int, default=None, help="fixed requests per round (skips calibration)"
    )
    parser.add_argument(
        "--cold-concurrency",
        type=_levels,
        default=[500],
        help="concurrency of the cold-start rounds ('' for none; default: 500)",
    )
    parser.add_argument(
        "--cold-rounds", type=int, default=7, help="cold-start rounds per client (default: 7)"
    )
    parser.add_argument(
        "--cold-calls", type=int, default=4, help="calls per worker in a cold round (default: 4)"
    )
    parser.add_argument(
        "--login-delay",
        type=float,
        default=0.02,
        help="seconds the server takes to answer a login (default: 0.02)",
    )
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="do not pin the server and the client to separate CPUs",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds = min(args.rounds, 1)
        args.cold_rounds = min(args.cold_rounds, 1)
        args.seconds = 0.2
        args.min_requests = 200
    if args.rounds < 1 or args.cold_rounds < 1 or not args.concurrency:
        parser.error("rounds and concurrency levels must be at least 1")
    if any(c < 1 for c in [*args.concurrency, *args.cold_concurrency]):
        parser.error("concurrency levels must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    server_cpu, client_cpus = pick_cpus(args.pin)
    if client_cpus is not None:
        os.sched_setaffinity(0, client_cpus)
    info = machine()
    info["server_cpu"], info["client_cpus"] = server_cpu, sorted(client_cpus or [])
    levels = asyncio.run(run(args, info))
    info["loadavg_at_end"] = os.getloadavg()
    print(render_table(levels))
    if args.json:
        report = {
            "machine": info,
            "options": {
                "rounds": args.rounds,
                "seconds": args.seconds,
                "min_requests": args.min_requests,
                "requests": args.requests,
                "concurrency": args.concurrency,
                "cold_concurrency": args.cold_concurrency,
                "cold_rounds": args.cold_rounds,
                "cold_calls": args.cold_calls,
                "login_delay": args.login_delay,
            },
            "levels": [level.summary() for level in levels],
        }
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(report, out, indent=2)
            out.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
