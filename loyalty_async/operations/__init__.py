"""How a platform's operations are declared: one row per operation, in one table.

Platform-neutral: Convercus, Mews, Accengage and Loyalty Pass each declare a table of
:class:`Operation` rows; services, the sandbox and the command line derive from it.
"""

from loyalty_async.operations.operation import Operation, OperationTable, Result, path_parameters

__all__ = ["Operation", "OperationTable", "Result", "path_parameters"]
