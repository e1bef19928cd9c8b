"""An embedded, stateful, offline Convercus sandbox.

It speaks the Convercus wire format (plain-text login token, raw ``Authorization``,
``interaction-id`` and ``id-type`` headers, ``Location`` on create, bare JSON arrays,
``{code, message, detail}`` errors), keeps its state in SQLite, enforces the rules of
the implementation manual, and injects seeded faults. Run it three ways:

* ``loyalty-async sandbox --port 8080`` on the command line;
* ``async with Sandbox() as sandbox:`` in-process (see :class:`Sandbox`);
* the ``convercus_sandbox`` / ``convercus_client`` pytest fixtures.
"""

from loyalty_async.sandbox.app import build_app, implemented_operations
from loyalty_async.sandbox.core import ConvercusLogin, Credentials, SandboxCore
from loyalty_async.sandbox.faults import FaultKind, Faults
from loyalty_async.sandbox.receipts import EarnRule
from loyalty_async.sandbox.seed import SeededMember, Seeder
from loyalty_async.sandbox.server import Sandbox
from loyalty_async.sandbox.stats import SandboxStats

__all__ = [
    "ConvercusLogin",
    "Credentials",
    "EarnRule",
    "FaultKind",
    "Faults",
    "Sandbox",
    "SandboxCore",
    "SandboxStats",
    "SeededMember",
    "Seeder",
    "build_app",
    "implemented_operations",
]
