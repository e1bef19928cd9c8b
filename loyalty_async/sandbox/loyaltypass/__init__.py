"""An offline stand-in for a Loyalty Pass programme (in-process, command line, pytest).

* ``loyalty-async sandbox loyalty-pass --port 8082`` on the command line;
* ``async with LoyaltyPassSandbox() as sandbox:`` in-process;
* the ``loyaltypass_sandbox`` / ``loyaltypass_client`` pytest fixtures.
"""

from loyalty_async.sandbox.loyaltypass.server import LoyaltyPassSandbox
from loyalty_async.sandbox.loyaltypass.state import LoyaltyPassCredentials, LoyaltyPassState

__all__ = ["LoyaltyPassCredentials", "LoyaltyPassSandbox", "LoyaltyPassState"]
