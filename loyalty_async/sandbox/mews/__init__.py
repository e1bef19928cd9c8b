"""An offline stand-in for the Mews Connector API's loyalty operations.

It speaks the documented wire: ``POST`` JSON routes under ``/api/connector/v1/``, tokens
checked in the body, cursor pages newest first, the sliding-window limit per
``AccessToken`` with ``429`` + ``Retry-After``, ``Request-Id`` on every answer, and Mews's
``{"Message", "RequestId"}`` errors. Run it three ways:

* ``loyalty-async mews sandbox --port 8081`` on the command line;
* ``async with MewsSandbox() as sandbox:`` in-process;
* the ``mews_sandbox`` / ``mews_client`` pytest fixtures.
"""

from loyalty_async.sandbox.mews.app import (
    DEMO_ACCESS_TOKEN,
    DEMO_CHAIN_ID,
    DEMO_CLIENT_TOKEN,
    MewsCredentials,
    MewsTokens,
    build_app,
)
from loyalty_async.sandbox.mews.server import MEWS_RATE_LIMIT, MewsSandbox
from loyalty_async.sandbox.mews.state import MewsState, Record

__all__ = [
    "DEMO_ACCESS_TOKEN",
    "DEMO_CHAIN_ID",
    "DEMO_CLIENT_TOKEN",
    "MEWS_RATE_LIMIT",
    "MewsCredentials",
    "MewsSandbox",
    "MewsState",
    "MewsTokens",
    "Record",
    "build_app",
]
