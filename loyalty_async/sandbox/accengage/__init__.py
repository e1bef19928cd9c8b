"""An offline stand-in of the Accengage REST API v1 (in-process, command line, pytest).

* ``loyalty-async sandbox accengage --port 8081`` on the command line;
* ``async with AccengageSandbox() as sandbox:`` in-process;
* the ``accengage_sandbox`` / ``accengage_client`` pytest fixtures.
"""

from loyalty_async.sandbox.accengage.server import AccengageSandbox
from loyalty_async.sandbox.accengage.state import AccengageCredentials, AccengageState

__all__ = ["AccengageCredentials", "AccengageSandbox", "AccengageState"]
