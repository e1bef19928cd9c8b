"""How a platform's operations are declared: one row per operation, in one table.

Platform-neutral: Convercus, Mews, Accengage and Loyalty Pass each declare a table of
:class:`Operation` rows; typed service methods are bound to the rows
(:mod:`loyalty_async.operations.binder`), and the command line derives from them.
"""

from loyalty_async.operations.operation import (
    Fill,
    Operation,
    OperationTable,
    Paging,
    Param,
    Result,
    path_parameters,
)

__all__ = ["Fill", "Operation", "OperationTable", "Paging", "Param", "Result", "path_parameters"]
