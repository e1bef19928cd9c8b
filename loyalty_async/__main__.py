"""``python -m loyalty_async``: the same as the ``loyalty-async`` command."""

from loyalty_async.cli import main

raise SystemExit(main())
