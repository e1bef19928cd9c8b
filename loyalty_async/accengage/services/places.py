"""Geofences, beacons, and the geogroups that gather them."""

# mypy: disable-error-code="empty-body"
# The bodies of bound methods are derived from their operation (operations.binder).

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import attrs
from typing_extensions import Unpack

from loyalty_async.accengage.models import Beacon, Created, Geofence, Geogroup, JSONObject
from loyalty_async.accengage.services.base import (
    AccengageService,
    RequestOptions,
    operation,
    sends,
)
from loyalty_async.accengage.validation import check_geogroup_ref, check_numeric_id
from loyalty_async.paging import Pager
from loyalty_async.session.call import Call


class GeofencesService(AccengageService):
    """Geofences (each needs its ``info`` object; its other fields pass through)."""

    @operation("geofences.list")
    def list(
        self, *, start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[Geofence]:  # fmt: skip
        """Every geofence of the app."""

    @operation("geofences.create")
    async def create(
        self, geofence: Geofence | Mapping[str, Any], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Created:  # fmt: skip
        """Create a geofence; the answer holds its ``id``."""

    @operation("geofences.get")
    async def get(
        self, geofence_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Geofence:  # fmt: skip
        """One geofence."""

    @operation("geofences.update")
    async def update(
        self, geofence_id: int | str, geofence: Geofence | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Replace a geofence (its ``info`` object included)."""


class BeaconsService(AccengageService):
    """Beacons (each needs its ``info`` object; its other fields pass through)."""

    @operation("beacons.list")
    def list(
        self, *, start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[Beacon]:  # fmt: skip
        """Every beacon of the app."""

    @operation("beacons.create")
    async def create(
        self, beacon: Beacon | Mapping[str, Any], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Created:  # fmt: skip
        """Create a beacon; the answer holds its ``id``."""

    @operation("beacons.get")
    async def get(
        self, beacon_id: int | str, *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Beacon:  # fmt: skip
        """One beacon."""

    @operation("beacons.update")
    async def update(
        self, beacon_id: int | str, beacon: Beacon | Mapping[str, Any], *,
        partner_id: str | None = None, **options: Unpack[RequestOptions],
    ) -> JSONObject | None:  # fmt: skip
        """Replace a beacon (its ``info`` object included)."""


class GeogroupsService(AccengageService):
    """Geogroups: a geogroup is addressed by its numeric id or as ``ext:<externalId>``.

    The add and remove methods take ``geogroup_id`` (a number, or ``"ext:…"`` as it is)
    or ``external_id=``, and the beacon's or geofence's numeric id, sent as ``{"id": …}``.
    """

    @operation("geogroups.list")
    def list(
        self, *, start_page: int | str = 1, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Pager[Geogroup]:  # fmt: skip
        """Every geogroup of the app."""

    @operation("geogroups.create")
    async def create(
        self, geogroup: Geogroup | Mapping[str, Any], *, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Created:  # fmt: skip
        """Create a geogroup (give it an ``externalId`` to address it as ``ext:…``)."""

    async def _member(
        self, name: str, geogroup_id: int | str | None, external_id: str | None,
        member_id: int | str, partner_id: str | None, options: Mapping[str, Any],
    ) -> None:  # fmt: skip
        ref = check_geogroup_ref(geogroup_id, external_id)
        member = int(check_numeric_id(member_id, "id"))
        # "ext:<id>" goes into the path as Accengage writes it: the colon stays, the
        # external id itself is percent-encoded.
        head, _, tail = ref.partition(":") if ref.startswith("ext:") else ("", "", ref)
        segment = f"ext:{quote(tail, safe='')}" if head else tail
        row = self._operation(name)
        operation = attrs.evolve(row, path=row.path.replace("{geogroup_id}", segment))
        path = {"partner_id": self._program(partner_id)}
        if operation.method == "DELETE":
            await self._delete(
                name, path=path, json={"id": member}, options=options, operation=operation
            )
            return
        call = Call(
            operation,
            path=path,
            json={"id": member},
            options=self._call_options(options) if options else self._options,
        )
        await self._send_call(call)

    @sends("geogroups.add_beacon")
    async def add_beacon(
        self, beacon_id: int | str, *, geogroup_id: int | str | None = None,
        external_id: str | None = None, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Add a beacon to a geogroup."""
        await self._member(
            "geogroups.add_beacon", geogroup_id, external_id, beacon_id, partner_id, options
        )

    @sends("geogroups.remove_beacon")
    async def remove_beacon(
        self, beacon_id: int | str, *, geogroup_id: int | str | None = None,
        external_id: str | None = None, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Remove a beacon from a geogroup (a ``DELETE`` with a body)."""
        await self._member(
            "geogroups.remove_beacon", geogroup_id, external_id, beacon_id, partner_id, options
        )

    @sends("geogroups.add_geofence")
    async def add_geofence(
        self, geofence_id: int | str, *, geogroup_id: int | str | None = None,
        external_id: str | None = None, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Add a geofence to a geogroup."""
        await self._member(
            "geogroups.add_geofence", geogroup_id, external_id, geofence_id, partner_id, options
        )

    @sends("geogroups.remove_geofence")
    async def remove_geofence(
        self, geofence_id: int | str, *, geogroup_id: int | str | None = None,
        external_id: str | None = None, partner_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:  # fmt: skip
        """Remove a geofence from a geogroup (a ``DELETE`` with a body)."""
        await self._member(
            "geogroups.remove_geofence", geogroup_id, external_id, geofence_id, partner_id,
            options,
        )  # fmt: skip
