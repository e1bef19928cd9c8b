"""A real ``redis-server`` for the tests that need Redis: started once, on a free port.

The server runs from a temporary directory on a free loopback port, without persistence,
and is stopped when the session ends. Each test gets the server emptied first. Tests that
need it are marked ``redis``; they are skipped only when ``redis-server`` cannot be found
and ``LOYALTY_ASYNC_REQUIRE_REDIS`` is unset (``.ci/run`` sets it: in CI they must run).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

import attrs
import pytest

REQUIRE = "LOYALTY_ASYNC_REQUIRE_REDIS"


@attrs.frozen
class RedisServer:
    """A running ``redis-server``."""

    host: str
    port: int

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get(REQUIRE):
            pytest.fail(f"redis-server is not installed, and {REQUIRE} says these tests must run")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with tempfile.TemporaryDirectory(prefix="loyalty-async-redis-") as directory:
        for _attempt in range(5):  # a port taken between probe and bind: try another
            port = _free_port()
            process = subprocess.Popen(
                [
                    binary,
                    "--port", str(port),
                    "--bind", "127.0.0.1",
                    "--dir", directory,
                    "--save", "",
                    "--appendonly", "no",
                    "--logfile", os.path.join(directory, "redis.log"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
            deadline = time.monotonic() + 20
            while process.poll() is None and time.monotonic() < deadline and not _ping(port):
                time.sleep(0.02)
            if process.poll() is None and _ping(port):
                break
            process.kill()
            process.wait()
        else:
            pytest.fail("redis-server did not start")
        try:
            yield RedisServer("127.0.0.1", port)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The URL of the test Redis, emptied for this test."""
    with socket.create_connection((redis_server.host, redis_server.port), timeout=5) as conn:
        conn.sendall(b"FLUSHALL\r\n")
        assert conn.recv(16).startswith(b"+OK")
    return redis_server.url
