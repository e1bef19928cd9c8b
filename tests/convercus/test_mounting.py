"""The device mounting service on the wire: seven CRUD kinds, image uploads, health."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from loyalty_async import ConvercusClient, Request, Response, ValidationError
from loyalty_async.convercus import (
    CLEAR,
    OPERATIONS,
    Device,
    DeviceUpdate,
    ImageFile,
    Mounting,
    MountingImage,
    MountingImageUpdate,
    MountingPartner,
    MountingPartnerUpdate,
    MountingProfile,
    MountingProfileUpdate,
    MountingProgram,
    MountingProgramUpdate,
    MountingStore,
    MountingStoreUpdate,
    MountingUpdate,
    NewDevice,
    NewMounting,
    NewMountingImage,
    NewMountingPartner,
    NewMountingProfile,
    NewMountingProgram,
    NewMountingStore,
)
from tests.convercus.admin_wire import WireCase, case, created, has, is_id, is_none, run_case
from tests.convercus.conftest import Wire

M = "/mounting-service"
DEVICE = "d0e1f2a3-b4c5-4d6e-8f70-8192a3b4c5d6"
SECOND = "d1e2f3a4-b5c6-4d7e-8f80-92a3b4c5d6e7"
STORE = "0b9c6f7e-2f1d-4f55-8f4a-7d1e2c3b4a50"
PROFILE = "9f8e7d6c-5b4a-4321-8fed-cba987654321"
CRUD_PAGE_1 = [("page", "1"), ("limit", "50")]
NOON = dt.datetime(2025, 4, 1, 12, 0, tzinfo=dt.UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


@attrs.frozen
class Kind:
    """One CRUD kind of the mounting service, stated literally."""

    attr: str
    path: str
    record: dict[str, Any]
    new: Any
    new_json: dict[str, Any]
    changes: Any
    changes_json: dict[str, Any]
    model: type
    check: dict[str, Any]


KINDS = [
    Kind("devices", f"{M}/devices",
         {"id": DEVICE, "name": "Kiosk 1", "serialNumber": "SN-4711", "type": "KIOSK",
          "status": "ONLINE", "profileId": PROFILE, "firmware": "2.4.1"},
         NewDevice(name="Kiosk 1", serial_number="SN-4711", type="KIOSK", profile_id=PROFILE),
         {"name": "Kiosk 1", "serialNumber": "SN-4711", "type": "KIOSK", "profileId": PROFILE},
         DeviceUpdate(profile_id=CLEAR), {"profileId": None}, Device,
         {"serial_number": "SN-4711", "extra": {"firmware": "2.4.1"}}),
    Kind("mountings", f"{M}/mountings",
         {"id": DEVICE, "deviceId": DEVICE, "storeId": STORE, "mountedAt": "2025-04-01T12:00:00Z",
          "status": "MOUNTED"},
         NewMounting(device_id=DEVICE, store_id=STORE, mounted_at=NOON),
         {"deviceId": DEVICE, "storeId": STORE, "mountedAt": "2025-04-01T12:00:00+00:00"},
         MountingUpdate(unmounted_at=NOON), {"unmountedAt": "2025-04-01T12:00:00+00:00"},
         Mounting, {"store_id": STORE, "mounted_at": NOON}),
    Kind("profiles", f"{M}/profiles",
         {"id": PROFILE, "name": "Checkout screen", "settings": {"brightness": 80}},
         NewMountingProfile(name="Checkout screen", settings={"brightness": 80}),
         {"name": "Checkout screen", "settings": {"brightness": 80}},
         MountingProfileUpdate(settings={"brightness": 60}), {"settings": {"brightness": 60}},
         MountingProfile, {"settings": {"brightness": 80}}),
    Kind("partners", f"{M}/partners",
         {"id": DEVICE, "name": "Kaffeehaus Nord", "externalId": "KH-NORD"},
         NewMountingPartner(name="Kaffeehaus Nord", external_id="KH-NORD"),
         {"name": "Kaffeehaus Nord", "externalId": "KH-NORD"},
         MountingPartnerUpdate(name="Kaffeehaus Nord GmbH"), {"name": "Kaffeehaus Nord GmbH"},
         MountingPartner, {"external_id": "KH-NORD"}),
    Kind("programs", f"{M}/programs",
         {"id": DEVICE, "name": "Kaffee Treue", "externalId": "pgm-4711"},
         NewMountingProgram(name="Kaffee Treue", external_id="pgm-4711"),
         {"name": "Kaffee Treue", "externalId": "pgm-4711"},
         MountingProgramUpdate(external_id=CLEAR), {"externalId": None},
         MountingProgram, {"name": "Kaffee Treue"}),
    Kind("stores", f"{M}/stores",
         {"id": STORE, "name": "Altona", "partnerId": DEVICE, "city": "Hamburg"},
         NewMountingStore(name="Altona", partner_id=DEVICE, city="Hamburg"),
         {"name": "Altona", "partnerId": DEVICE, "city": "Hamburg"},
         MountingStoreUpdate(city="Altona, Hamburg"), {"city": "Altona, Hamburg"},
         MountingStore, {"city": "Hamburg"}),
    Kind("images", f"{M}/images",
         {"id": DEVICE, "name": "welcome.png", "url": "https://cdn.example.com/welcome.png",
          "contentType": "image/png", "size": 2048},
         NewMountingImage(name="welcome.png", url="https://cdn.example.com/welcome.png"),
         {"name": "welcome.png", "url": "https://cdn.example.com/welcome.png"},
         MountingImageUpdate(name="hello.png"), {"name": "hello.png"},
         MountingImage, {"size": 2048}),
]  # fmt: skip


def _service(kind: Kind) -> Callable[[ConvercusClient], Any]:
    return lambda client: getattr(client.mounting, kind.attr)


def _crud_cases(kind: Kind) -> list[Any]:
    one = f"{kind.path}/{DEVICE}"
    svc = _service(kind)
    name = f"mounting.{kind.attr}"
    page = {"data": [kind.record], "count": 1, "total": 1, "page": 1, "pageCount": 1}
    second = {**kind.record, "id": SECOND}
    return [
        case(lambda c: svc(c).list().collect(), "GET", kind.path, Response(200, json=page),
             has(**kind.check), params=CRUD_PAGE_1, id=f"{name}.list"),
        case(lambda c: svc(c).get(DEVICE), "GET", one, Response(200, json=kind.record),
             lambda r: _is(r, kind.model, kind.check), id=f"{name}.get"),
        # The CRUD framework answers a create with the record: its id is read from the body.
        case(lambda c: svc(c).create(kind.new), "POST", kind.path,
             Response(201, json={**kind.record, "id": SECOND}), is_id(SECOND),
             json=kind.new_json, id=f"{name}.create"),
        case(lambda c: svc(c).create_many([kind.new, kind.new]), "POST", f"{kind.path}/bulk",
             Response(201, json=[kind.record, second]),
             lambda r: _equal([x.id for x in r], [kind.record["id"], SECOND]),
             json={"bulk": [kind.new_json, kind.new_json]}, id=f"{name}.create_many"),
        case(lambda c: svc(c).replace(DEVICE, kind.new), "PUT", one,
             Response(200, json=kind.record), lambda r: _is(r, kind.model, kind.check),
             json=kind.new_json, id=f"{name}.replace"),
        case(lambda c: svc(c).update(DEVICE, kind.changes), "PATCH", one, Response(204),
             is_none, json=kind.changes_json, id=f"{name}.update"),
        case(lambda c: svc(c).delete(DEVICE), "DELETE", one, Response(200), is_none,
             id=f"{name}.delete"),
    ]  # fmt: skip


def _is(result: Any, model: type, expected: dict[str, Any]) -> None:
    assert isinstance(result, model)
    has(**expected)(result)


def _equal(actual: Any, expected: Any) -> None:
    assert actual == expected


CASES = [
    *(c for kind in KINDS for c in _crud_cases(kind)),
    case(lambda c: c.mounting.health(), "GET", f"{M}/health",
         Response(200, json={"status": "ok", "info": {"database": {"status": "up"}}}),
         lambda r: _equal((r.up, r.extra), (True, {"info": {"database": {"status": "up"}}})),
         id="mounting.health"),
]  # fmt: skip


@pytest.mark.parametrize("wire_case", CASES)
async def test_the_wire(client: ConvercusClient, wire: Wire, wire_case: WireCase) -> None:
    await run_case(client, wire, wire_case)


def test_every_mounting_operation_has_a_wire_case() -> None:
    names = {op.name for op in OPERATIONS if op.name.startswith("mounting.")}
    uploads = {"mounting.images.upload", "mounting.images.upload_bulk"}
    assert {param.id for param in CASES} | uploads == names
    assert len(names) == 52


def _form(request: Request) -> tuple[str, bytes]:
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    return content_type.split("boundary=", 1)[1], bytes(request.content or b"")


async def test_an_image_upload_is_one_file_part(client: ConvercusClient, wire: Wire) -> None:
    wire.on("POST", f"{M}/images/upload", created(f"{M}/images", DEVICE))

    image = await client.mounting.images.upload(PNG, filename="welcome.png")

    assert image == MountingImage(id=DEVICE)
    boundary, body = _form(wire.last)
    assert body.count(f"--{boundary}\r\n".encode()) == 1
    assert b'Content-Disposition: form-data; name="file"; filename="welcome.png"' in body
    assert b"Content-Type: image/png\r\n\r\n" + PNG + b"\r\n" in body
    assert wire.last.headers["interaction-id"] == "webshop-1"


async def test_an_image_upload_reads_the_described_image(
    client: ConvercusClient, wire: Wire
) -> None:
    described = {"id": DEVICE, "name": "logo.jpg", "contentType": "image/jpeg", "size": 32}
    wire.on("POST", f"{M}/images/upload", Response(201, json=described))

    image = await client.mounting.images.upload(PNG, filename="logo.jpg", content_type="image/jpeg")

    assert (image.id, image.size, image.content_type) == (DEVICE, 32, "image/jpeg")


async def test_a_bulk_upload_sends_one_part_per_file(client: ConvercusClient, wire: Wire) -> None:
    answer = [{"id": DEVICE, "name": "a.png"}, {"id": SECOND, "name": "b.gif"}]
    wire.on("POST", f"{M}/images/upload/bulk", Response(201, json=answer))

    images = await client.mounting.images.upload_bulk(
        [ImageFile("a.png", PNG), ImageFile("b.gif", b"GIF89a", "image/gif")]
    )

    assert [i.id for i in images] == [DEVICE, SECOND]
    boundary, body = _form(wire.last)
    assert body.count(f"--{boundary}\r\n".encode()) == 2
    assert b'name="files"; filename="a.png"' in body
    assert b'name="files"; filename="b.gif"\r\nContent-Type: image/gif\r\n\r\nGIF89a' in body


BAD_INPUT = [
    pytest.param(lambda c: c.mounting.devices.get("kiosk-1"), "device_id", id="device-not-uuid"),
    pytest.param(lambda c: c.mounting.programs.delete(""), "program_id", id="program-empty"),
    pytest.param(lambda c: c.mounting.devices.create(NewDevice(name="")), "name",
                 id="device-empty-name"),
    pytest.param(lambda c: c.mounting.devices.create(NewDevice(name="x", profile_id="p1")),
                 "profile_id", id="device-profile-not-uuid"),
    pytest.param(lambda c: c.mounting.devices.update(DEVICE, DeviceUpdate()), "update",
                 id="device-empty-update"),
    pytest.param(lambda c: c.mounting.devices.update(DEVICE, DeviceUpdate(name=CLEAR)), "name",
                 id="device-name-cleared"),
    pytest.param(lambda c: c.mounting.devices.create_many([]), "bulk", id="bulk-empty"),
    pytest.param(lambda c: c.mounting.devices.create_many(
                     [NewDevice(name="x"), NewMountingStore(name="y")]),  # type: ignore[list-item]
                 "bulk", id="bulk-mixed-kinds"),
    pytest.param(lambda c: c.mounting.mountings.create(
                     NewMounting(device_id=DEVICE, mounted_at=NOON,
                                 unmounted_at=NOON - dt.timedelta(days=1))),
                 "unmounted_at", id="mounting-ends-before-it-starts"),
    pytest.param(lambda c: c.mounting.mountings.create(
                     NewMounting(device_id=DEVICE, mounted_at=dt.datetime(2025, 4, 1))),
                 "mounted_at", id="mounting-naive-time"),
    pytest.param(lambda c: c.mounting.profiles.create(
                     NewMountingProfile(name="x", settings=["brightness"])),  # type: ignore[arg-type]
                 "settings", id="profile-settings-not-a-mapping"),
    pytest.param(lambda c: c.mounting.stores.list(page_size=-5).collect(), "page_size",
                 id="stores-negative-page-size"),
    pytest.param(lambda c: c.mounting.stores.list(start_page=-1).collect(), "start_page",
                 id="stores-negative-start-page"),
    pytest.param(lambda c: c.mounting.images.upload(b"", filename="x.png"), "image",
                 id="upload-empty"),
    pytest.param(lambda c: c.mounting.images.upload(PNG, filename="x.bmp",
                                                   content_type="image/bmp"),
                 "content_type", id="upload-wrong-type"),
    pytest.param(lambda c: c.mounting.images.upload(PNG, filename=" "), "filename",
                 id="upload-blank-filename"),
    pytest.param(lambda c: c.mounting.images.upload_bulk([]), "files", id="bulk-upload-empty"),
    pytest.param(lambda c: c.mounting.images.upload_bulk([PNG]), "files",  # type: ignore[list-item]
                 id="bulk-upload-bytes"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "field"), BAD_INPUT)
async def test_bad_input_is_refused_before_any_request(
    client: ConvercusClient, wire: Wire, call: Any, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await call(client)

    assert caught.value.field == field
    assert not wire.calls
