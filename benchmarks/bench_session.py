"""Throughput and latency of the SDK's call path against raw aiohttp, on loopback.

A stand-in Convercus server (``POST /auth/login`` answering a plain-text JWT, and an
authenticated ``GET /v3/accountdetails/{accountId}`` answering a ~1 KB JSON body) runs in
its own process on 127.0.0.1. For each concurrency level the same number of requests goes
through two clients, in interleaved rounds:

* ``raw``: one ``aiohttp.ClientSession`` whose connector holds as many connections as there
  are concurrent callers, the token fetched once, ``await resp.json()``;
* ``sdk``: ``loyalty_async.Session`` with ``ConvercusAuth`` (it logs in itself) and
  ``AiohttpTransport(pool_size=...)`` of the same size, ``session.request(...)``, then the
  body structured into attrs models with ``loyalty_async.modeling.camel``.

Run ``python benchmarks/bench_session.py`` (``--quick`` for a smoke run, ``--help`` for the
options). See ``docs/benchmarks.md`` for the method and the latest results.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import datetime as dt
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
from aiohttp import web

import loyalty_async
from loyalty_async import AiohttpTransport, ConvercusAuth, Session
from loyalty_async.modeling import camel

ORG = "BENCH-ORG"
USERNAME = "bench-user"
PASSWORD = "bench-secret"
INTERACTION_ID = "bench-till-1"
ACCOUNT_ID = "5f0c6b8e-3a8d-4c55-9c1e-2b7f4e1d9a10"
PATH = "/v3/accountdetails/{accountId}"
PATH_PARAMS = {"accountId": ACCOUNT_ID}
OPERATION = "accounts.get_details"

#: The server gives up by itself after this long, even if nobody tells it to stop.
SERVER_MAX_SECONDS = 3600.0
#: No single round may take longer than this.
ROUND_TIMEOUT = 300.0
#: Upper bound on the requests of one round, whatever the calibration says.
MAX_REQUESTS = 200_000


# ---------------------------------------------------------------------- the models


@attrs.define
class AccountBalance:
    points: int
    locked_points: int = 0


@attrs.define
class Level:
    name: str
    current_state_points: int = 0
    needed_state_points: int = 0
    needed_state_points_next_level: int | None = None
    valid_to: dt.date | None = None


@attrs.define
class Identifier:
    identifier_id: str
    code: str
    display_code: str | None = None
    type: str | None = None
    status: str | None = None


@attrs.define
class Optin:
    flag: bool
    type: str


@attrs.define
class Membership:
    membership_id: str
    user_id: str
    member_role: str
    given_name: str | None = None
    family_name: str | None = None
    email_address: str | None = None
    optins: list[Optin] = attrs.Factory(list)


@attrs.define
class AccountDetails:
    account_id: str
    status: str
    account_balance: AccountBalance
    level: Level | None = None
    identifiers: list[Identifier] = attrs.Factory(list)
    memberships: list[Membership] = attrs.Factory(list)


# ---------------------------------------------------------------------- the server


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_token() -> str:
    """A JWT-shaped token whose ``exp`` the SDK can read (valid for a day)."""
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"sub": USERNAME, "org": ORG, "exp": int(time.time()) + 24 * 3600}
    payload = _b64url(json.dumps(claims).encode())
    return f"{header}.{payload}.{_b64url(os.urandom(32))}"


def account_details_body() -> dict[str, Any]:
    """A realistic Convercus account-details body (about 1 KB once encoded)."""
    user_id = "b3c1d2e4-7f60-4a8b-9c0d-1e2f3a4b5c6d"
    return {
        "accountId": ACCOUNT_ID,
        "status": "ACTIVE",
        "accountBalance": {"points": 12840, "lockedPoints": 150},
        "level": {
            "name": "GOLD",
            "currentStatePoints": 4200,
            "neededStatePoints": 4000,
            "neededStatePointsNextLevel": 8000,
            "validTo": "2026-12-31",
        },
        "identifiers": [
            {
                "identifierId": "0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a",
                "code": "9276000012345678",
                "displayCode": "9276 0000 1234 5678",
                "type": "CARD",
                "status": "ACTIVE",
            },
            {
                "identifierId": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "code": "APP-7Q4K-92LM",
                "displayCode": "7Q4K92LM",
                "type": "APPCODE",
                "status": "ACTIVE",
            },
        ],
        "memberships": [
            {
                "membershipId": "e7d6c5b4-a392-4817-8f6e-5d4c3b2a1908",
                "accountId": ACCOUNT_ID,
                "userId": user_id,
                "memberRole": "OWNER",
                "givenName": "Erika",
                "familyName": "Mustermann",
                "emailAddress": "erika.mustermann@example.com",
                "zipCode": "10115",
                "city": "Berlin",
                "countryCode": "DE",
                "birthDate": "1984-06-12",
                "optins": [
                    {"flag": True, "type": "EMAIL"},
                    {"flag": False, "type": "SMS"},
                    {"flag": True, "type": "PROFILING"},
                ],
            }
        ],
        "accountCoupons": [],
    }


def _serve(conn: Connection, cpu: int | None) -> None:
    """Entry point of the server process."""
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    asyncio.run(_serve_until_told(conn))


async def _serve_until_told(conn: Connection) -> None:
    token = make_token()
    body = json.dumps(account_details_body(), separators=(",", ":")).encode()

    async def login(request: web.Request) -> web.Response:
        data = await request.json()
        if (data.get("org"), data.get("userName"), data.get("password")) != (
            ORG,
            USERNAME,
            PASSWORD,
        ):
            return web.json_response({"code": "UNAUTHORIZED"}, status=401)
        return web.Response(text=token, content_type="text/plain")

    async def account_details(request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != token:
            return web.json_response({"code": "UNAUTHORIZED"}, status=401)
        if not request.headers.get("interaction-id"):
            return web.json_response({"code": "MISSING_INTERACTION_ID"}, status=400)
        if request.match_info["accountId"] != ACCOUNT_ID:
            return web.json_response({"code": "ACCOUNT_NOT_FOUND"}, status=404)
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_post("/auth/login", login)
    app.router.add_get("/v3/accountdetails/{accountId}", account_details)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    # A deep backlog: 500 clients connecting at once must not see SYN retries.
    site = web.SockSite(runner, sock, backlog=4096)
    await site.start()

    # The pipe turns readable when the benchmark asks for the server's CPU time, says
    # "stop", or is gone (end of file): the server never outlives the benchmark.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_message() -> None:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            message = "stop"
        if message == "cpu":
            conn.send(time.process_time())
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

    def __init__(self, cpu: int | None) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child_conn = ctx.Pipe()
        self._process = ctx.Process(
            target=_serve, args=(child_conn, cpu), name="bench-server", daemon=True
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

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far."""
        self._conn.send("cpu")
        seconds: float = self._conn.recv()
        return seconds

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
    """Plain aiohttp, as a careful hand-written client would do it."""

    name = "raw"

    async def start(self, base_url: str, concurrency: int) -> None:
        connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=0, keepalive_timeout=30)
        # The same per-attempt limits as the SDK's defaults: 5 s to connect, 30 s per read.
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=5.0, sock_read=30.0)
        self._client = aiohttp.ClientSession(connector=connector, timeout=timeout)
        login = {"org": ORG, "userName": USERNAME, "password": PASSWORD}
        async with self._client.post(f"{base_url}/auth/login", json=login) as resp:
            resp.raise_for_status()
            token = (await resp.text()).strip()
        self._url = f"{base_url}/v3/accountdetails/{ACCOUNT_ID}"
        self._headers = {
            "User-Agent": f"loyalty-async/{loyalty_async.__version__}",
            "interaction-id": INTERACTION_ID,
            "Authorization": token,
        }

    async def call(self) -> object:
        async with self._client.get(self._url, headers=self._headers) as resp:
            resp.raise_for_status()
            return await resp.json()

    async def close(self) -> None:
        await self._client.close()


class Sdk(Variant):
    """The SDK's call path: session, auth, transport, decoding and structuring."""

    name = "sdk"

    async def start(self, base_url: str, concurrency: int) -> None:
        self._session = Session(
            base_url,
            transport=AiohttpTransport(pool_size=concurrency),
            auth=ConvercusAuth(ORG, USERNAME, PASSWORD),
            headers={"interaction-id": INTERACTION_ID},
        )

    async def call(self) -> object:
        session = self._session
        response = await session.request("GET", PATH, path_params=PATH_PARAMS, operation=OPERATION)
        return camel.structure(session.decode_json(response), AccountDetails)

    async def close(self) -> None:
        await self._session.aclose()


class SdkJson(Sdk):
    """The SDK's call path without the typed models: the session's own cost alone."""

    name = "sdk-json"

    async def call(self) -> object:
        session = self._session
        response = await session.request("GET", PATH, path_params=PATH_PARAMS, operation=OPERATION)
        return session.decode_json(response)


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
    numbers = iter(range(requests))  # shared by the workers: each call takes the next number
    call = variant.call
    clock = time.perf_counter

    async def worker() -> None:
        for i in numbers:
            started = clock()
            await call()
            latencies[i] = clock() - started

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
    return RoundResult(
        variant=variant.name,
        concurrency=concurrency,
        requests=requests,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        server_cpu_seconds=server_seconds,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
    )


@attrs.frozen
class LevelResult:
    concurrency: int
    requests: int
    rounds: list[RoundResult]

    def of(self, variant: str) -> list[RoundResult]:
        return [r for r in self.rounds if r.variant == variant]

    def median(self, variant: str, metric: Callable[[RoundResult], float]) -> float:
        return statistics.median(metric(r) for r in self.of(variant))

    def paired(
        self, metric: Callable[[RoundResult, RoundResult], float], variant: str = "sdk"
    ) -> float:
        """Median over the rounds of ``metric(variant, raw)``, each pair run in one round."""
        raw = {r.round: r for r in self.of("raw")}
        return statistics.median(metric(sdk, raw[sdk.round]) for sdk in self.of(variant))

    @property
    def ratio(self) -> float:
        """SDK requests/s over raw requests/s: the median of the per-round ratios."""
        return self.paired(lambda sdk, raw: sdk.rps / raw.rps)

    @property
    def json_ratio(self) -> float:
        """The session alone (no typed models) over raw, in requests/s."""
        return self.paired(lambda sdk, raw: sdk.rps / raw.rps, "sdk-json")

    @property
    def cpu_ratio(self) -> float:
        """Raw client CPU per request over the SDK's: the ratio a CPU-bound client would see."""
        return self.paired(lambda sdk, raw: raw.cpu_us_per_request / sdk.cpu_us_per_request)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"concurrency": self.concurrency, "requests": self.requests}
        for name in ("raw", "sdk", "sdk-json"):
            out[name] = {
                "rps": self.median(name, lambda r: r.rps),
                "p50_ms": self.median(name, lambda r: r.p50_ms),
                "p99_ms": self.median(name, lambda r: r.p99_ms),
                "cpu_us_per_request": self.median(name, lambda r: r.cpu_us_per_request),
                "client_busy": self.median(name, lambda r: r.client_busy),
                "server_busy": self.median(name, lambda r: r.server_busy or 0.0),
            }
        out["ratio"] = self.ratio
        out["cpu_ratio"] = self.cpu_ratio
        out["json_ratio"] = self.json_ratio
        out["rounds"] = [
            attrs.asdict(r)
            | {"rps": r.rps, "client_busy": r.client_busy, "server_busy": r.server_busy}
            for r in self.rounds
        ]
        return out


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
    """Warm up the variants, pick one request count for all, then run interleaved rounds."""
    variants: list[Variant] = [RawAiohttp(), Sdk(), SdkJson()]
    for variant in variants:
        await variant.start(server.base_url, concurrency)
    try:
        # Warm-up: opens every pooled connection, logs the SDK in, warms caches (cattrs
        # builds its structuring functions on first use), and measures a rough rate.
        warmup = max(200, 4 * concurrency)
        rates = []
        for variant in variants:
            await run_round(variant, concurrency, warmup // 2)
            rates.append((await run_round(variant, concurrency, warmup)).rps)
        if fixed_requests is not None:
            requests = fixed_requests
        else:
            # Enough for the faster variant to run ``seconds``, so the slower runs longer.
            requests = max(min_requests, math.ceil(max(rates) * seconds))
        requests = min(MAX_REQUESTS, math.ceil(requests / concurrency) * concurrency)
        log(f"concurrency {concurrency}: {requests} requests per round, {rounds} rounds each")

        results: list[RoundResult] = []
        for index in range(rounds):
            # Forward then backward, so no variant always runs right after another.
            order = variants if index % 2 == 0 else variants[::-1]
            for variant in order:
                result = await run_round(variant, concurrency, requests, server.cpu_seconds)
                result = attrs.evolve(result, round=index + 1)
                results.append(result)
                log(
                    f"  round {index + 1} {variant.name}: {result.rps:8.0f} req/s  "
                    f"p50 {result.p50_ms:7.2f} ms  p99 {result.p99_ms:7.2f} ms  "
                    f"client cpu {result.cpu_us_per_request:4.0f} us/req "
                    f"(busy {result.client_busy:4.0%})  "
                    f"server busy {result.server_busy or 0.0:4.0%}"
                )
        return LevelResult(concurrency=concurrency, requests=requests, rounds=results)
    finally:
        for variant in variants:
            await variant.close()


def render_table(levels: Sequence[LevelResult]) -> str:
    """The results as a Markdown table (medians over the rounds)."""
    lines = [
        "| concurrency | requests/round | raw req/s | sdk req/s | sdk/raw | raw p50 ms | "
        "sdk p50 ms | raw p99 ms | sdk p99 ms | raw CPU µs/req | sdk CPU µs/req | "
        "sdk/raw by CPU | session alone/raw |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for level in levels:
        s = level.summary()
        raw, sdk = s["raw"], s["sdk"]
        lines.append(
            f"| {level.concurrency} | {level.requests} | {raw['rps']:.0f} | {sdk['rps']:.0f} | "
            f"{s['ratio']:.3f} | {raw['p50_ms']:.2f} | {sdk['p50_ms']:.2f} | "
            f"{raw['p99_ms']:.2f} | {sdk['p99_ms']:.2f} | "
            f"{raw['cpu_us_per_request']:.0f} | {sdk['cpu_us_per_request']:.0f} | "
            f"{s['cpu_ratio']:.3f} | {s['json_ratio']:.3f} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "aiohttp": aiohttp.__version__,
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
    """Start the server, measure every concurrency level, stop the server."""

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    log(f"machine: {info}")
    levels: list[LevelResult] = []
    with ServerProcess(info["server_cpu"]) as server:
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
    return levels


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--concurrency",
        type=lambda text: [int(part) for part in text.split(",") if part.strip()],
        default=[1, 10, 100, 500],
        help="comma-separated concurrency levels (default: 1,10,100,500)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds per variant (default: 5)")
    parser.add_argument(
        "--seconds",
        type=float,
        default=2.5,
        help="target duration of one round of the faster variant (default: 2.5)",
    )
    parser.add_argument(
        "--min-requests", type=int, default=1000, help="fewest requests per round (default: 1000)"
    )
    parser.add_argument(
        "--requests", type=int, default=None, help="fixed requests per round (skips calibration)"
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
        args.seconds = 0.2
        args.min_requests = 200
    if args.rounds < 1 or any(c < 1 for c in args.concurrency) or not args.concurrency:
        parser.error("rounds and concurrency levels must be at least 1")
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
            },
            "levels": [level.summary() for level in levels],
        }
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(report, out, indent=2)
            out.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
