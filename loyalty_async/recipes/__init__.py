"""Ready-made jobs built on the SDK, usable without the command line.

- :mod:`loyalty_async.recipes.member_file`: a members CSV file, read row by row with line
  numbers, never losing a row.
- :mod:`loyalty_async.recipes.enrol`: restart-safe member enrolment, one Convercus member
  per row, never two for one card (what ``loyalty-async import members`` runs).
- :mod:`loyalty_async.recipes.exactly_once`: tell whether a Convercus write whose outcome
  is unknown happened (``client.bookings.reconcile(error)`` and the other reconciles).
"""
