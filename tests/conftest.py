"""Fixtures shared by the whole suite."""

import signal

from tests.redis_server import redis_server, redis_url

__all__ = ["redis_server", "redis_url"]

# A suite started in the background by a script (`pytest ... &`) inherits Ctrl-C ignored,
# and so would every process it starts: the tests that press Ctrl-C in a child (a batch
# run, a job) would see it ignored. Handle it here as an interactive Python does; children
# then start with the default action, as they would from a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
