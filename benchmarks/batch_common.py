"""What the batch benchmarks share: a sandbox in its own process, the machine, the results.

Run as a script it serves a sandbox (``python benchmarks/batch_common.py serve --db FILE
--faults SPEC``): it prints ``listening on URL``, serves until SIGTERM, then prints the
sandbox's stats as one JSON line. That is ``loyalty-async sandbox`` plus the counters
(logins, faults by kind) the benchmarks check. ``replay --file EXPORT`` serves a recorded
export from memory instead, to measure clients when the server is not the limit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.metadata
import json
import os
import platform
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from loyalty_async.sandbox import Credentials

RESULTS = Path(__file__).resolve().parent / "results"
STARTUP_SECONDS = 60


def machine() -> dict[str, Any]:
    """The machine and software a result was measured on."""
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for package in ("loyalty-async", "aiohttp", "yarl", "multidict", "orjson", "attrs", "cattrs"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[package] = importlib.metadata.version(package)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        # The machine may be shared: the load when the result was written.
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }


def write_result(name: str, result: dict[str, Any], path: str | None = None) -> Path:
    """Write ``result`` (with the machine) as JSON; return where."""
    target = Path(path) if path else RESULTS / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    document = {"benchmark": name, "machine": machine(), **result}
    target.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return target


def rss_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process now (Linux)."""
    return _status_kib(pid, "VmRSS") * 1024


def peak_rss_bytes(pid: int | str = "self") -> int:
    """The most resident memory the process has had (Linux ``VmHWM``)."""
    return _status_kib(pid, "VmHWM") * 1024


def _status_kib(pid: int | str, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


def cpu_seconds(pid: int | str = "self") -> float:
    """User plus system CPU time a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class SandboxProcess:
    """A sandbox served by a child process on loopback; ``stats`` is filled when it stops."""

    def __init__(self, db: Path, faults: str = "") -> None:
        self.db = db
        self.faults = faults
        self.url = ""
        self.stats: dict[str, Any] = {}
        self._process: subprocess.Popen[str] | None = None

    def _command(self) -> list[str]:
        return [sys.executable, __file__, "serve", "--db", str(self.db), "--faults", self.faults]

    def __enter__(self) -> SandboxProcess:
        process = subprocess.Popen(self._command(), stdout=subprocess.PIPE, text=True)
        self._process = process
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("listening on "):
            process.kill()
            raise RuntimeError(f"the sandbox did not start: {line!r}")
        self.url = line.split()[-1]
        return self

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def __exit__(self, *exc_info: object) -> None:
        process = self._process
        if process is None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            out, _ = process.communicate(timeout=STARTUP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
        for line in out.splitlines():
            if line.startswith("{"):
                self.stats = json.loads(line)


def client_kwargs(url: str) -> dict[str, str]:
    """``ConvercusClient`` arguments for a sandbox with the default login."""
    return {"base_url": url, **Credentials().client_kwargs()}


async def _serve_until_stopped(url: str) -> None:
    """Say where, then wait for SIGINT or SIGTERM."""
    print(f"listening on {url}", flush=True)
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopped.set)
    await stopped.wait()


async def _serve(db: str, faults: str) -> None:
    from loyalty_async.sandbox import Sandbox

    sandbox = Sandbox(db=db, faults=faults)
    await sandbox.start()
    try:
        await _serve_until_stopped(sandbox.url)
    finally:
        await sandbox.stop()
    print(json.dumps(sandbox.stats.snapshot()), flush=True)


async def _replay(path: str, chunk_size: int) -> None:
    """Serve a recorded export from memory, as fast as the socket takes it."""
    from aiohttp import web

    body = Path(path).read_bytes()  # noqa: ASYNC240 - once, before serving

    async def login(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(text="replay.token.signature", content_type="text/plain")

    async def export(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/csv; charset=utf-8"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        view = memoryview(body)
        for start in range(0, len(body), chunk_size):
            await response.write(view[start : start + chunk_size])
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_post("/auth/login", login)
    app.router.add_get("/reports/v3/transaction/export", export)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        await _serve_until_stopped(f"http://{host}:{port}")
    finally:
        await runner.cleanup()


class ReplayProcess(SandboxProcess):
    """A server process that answers the export URL with a recorded export, from memory."""

    def __init__(self, recording: Path, chunk_size: int = 64 * 1024) -> None:
        super().__init__(recording)
        self.chunk_size = chunk_size

    def _command(self) -> list[str]:
        return [
            sys.executable,
            __file__,
            "replay",
            "--file",
            str(self.db),
            "--chunk",
            str(self.chunk_size),
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve")
    serve.add_argument("--db", required=True)
    serve.add_argument("--faults", default="")
    replay = commands.add_parser("replay")
    replay.add_argument("--file", required=True)
    replay.add_argument("--chunk", type=int, default=64 * 1024)
    args = parser.parse_args()
    if args.command == "serve":
        asyncio.run(_serve(args.db, args.faults))
    else:
        asyncio.run(_replay(args.file, args.chunk))


if __name__ == "__main__":
    main()
