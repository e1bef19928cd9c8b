"""The Accengage services, one per domain of the API, bound to the operation table."""

from loyalty_async.accengage.services.audience import DevicesService, ListsService
from loyalty_async.accengage.services.base import AccengageService
from loyalty_async.accengage.services.content import AlarmsService, InAppsService, InboxesService
from loyalty_async.accengage.services.messaging import (
    CampaignsService,
    InstantService,
    MessagesService,
    SchedulesService,
    StatsService,
)
from loyalty_async.accengage.services.places import (
    BeaconsService,
    GeofencesService,
    GeogroupsService,
)

__all__ = [
    "AccengageService",
    "AlarmsService",
    "BeaconsService",
    "CampaignsService",
    "DevicesService",
    "GeofencesService",
    "GeogroupsService",
    "InAppsService",
    "InboxesService",
    "InstantService",
    "ListsService",
    "MessagesService",
    "SchedulesService",
    "StatsService",
]
