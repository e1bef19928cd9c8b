"""Accengage REST API v1 (push notifications, in-app and inbox messages) on the shared core.

Start with :class:`AccengageClient`. Every route of the reference is declared once in
:data:`~loyalty_async.accengage.operations.OPERATIONS`.
"""

from loyalty_async.accengage.client import AccengageClient
from loyalty_async.accengage.devices import DeviceRows
from loyalty_async.accengage.errors import (
    AccengageAuthenticationError,
    AccengageBadRequestError,
    AccengageConflictError,
    AccengageError,
    AccengageNotFoundError,
    AccengagePermissionError,
    AccengageRateLimitError,
    AccengageServerError,
    AlreadyDeletedError,
    ErrorEntry,
    ErrorLabel,
)
from loyalty_async.accengage.models import (
    AccessToken,
    Alarm,
    AppStatus,
    Beacon,
    Button,
    Campaign,
    Click,
    Created,
    Device,
    Geofence,
    Geogroup,
    InApp,
    InboxMessage,
    InboxStatus,
    InstantMessage,
    ListDevice,
    Message,
    Schedule,
    ScheduleExclusion,
    Stat,
    StaticList,
    Target,
)
from loyalty_async.accengage.operations import OPERATIONS
from loyalty_async.accengage.validation import DEVICES_PAGE_ROWS, MAX_BULK_USERS, MAX_TARGETS

__all__ = [
    "DEVICES_PAGE_ROWS",
    "MAX_BULK_USERS",
    "MAX_TARGETS",
    "OPERATIONS",
    "AccengageAuthenticationError",
    "AccengageBadRequestError",
    "AccengageClient",
    "AccengageConflictError",
    "AccengageError",
    "AccengageNotFoundError",
    "AccengagePermissionError",
    "AccengageRateLimitError",
    "AccengageServerError",
    "AccessToken",
    "Alarm",
    "AlreadyDeletedError",
    "AppStatus",
    "Beacon",
    "Button",
    "Campaign",
    "Click",
    "Created",
    "Device",
    "DeviceRows",
    "ErrorEntry",
    "ErrorLabel",
    "Geofence",
    "Geogroup",
    "InApp",
    "InboxMessage",
    "InboxStatus",
    "InstantMessage",
    "ListDevice",
    "Message",
    "Schedule",
    "ScheduleExclusion",
    "Stat",
    "StaticList",
    "Target",
]
